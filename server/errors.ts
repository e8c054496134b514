/**
 * The one error type of the server: services, the auth layer and the HTTP layer all throw it, so it lives below
 * all of them and imports nothing. Codes are stable (clients switch on them); messages are shown to customers, so
 * they must be safe to show and never carry a secret.
 */
export const errorCodes = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** The one error type services throw. The message is shown to the client, so it must not carry secrets. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
    this.status = errorCodes[code];
  }
}

/** Another tenant's resource and a missing one must answer the same bytes. */
export function notFound(what = "Resource"): AppError {
  return new AppError("not_found", `${what} not found`);
}
