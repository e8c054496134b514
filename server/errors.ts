import { type ErrorCode, errorCodes } from "../contracts/errors";

export type { ErrorCode };

/**
 * The one error type of the server: services, the auth layer and the HTTP layer all throw it, so it lives below
 * all of them (it imports only the contract's list of codes). Codes are stable (clients switch on them);
 * messages are shown to customers, so they must be safe to show and never carry a secret.
 */
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
