import type { ErrorBody as ServerErrorBody } from "../../contracts/errors";

/**
 * The error body of a failed call: the server's `{ error, message, requestId }`, or one made up here when the
 * answer was not the server's (a proxy's HTML page, a dropped connection).
 */
type ErrorBody = Omit<ServerErrorBody, "error" | "requestId"> & { error: string; requestId?: string };

/** A non-2xx answer from the API, carrying the server's error code and request id for support. */
export class ApiError extends Error {
  readonly status: number;
  readonly error: string;
  readonly requestId: string | undefined;
  /** For a 429 (or 503): how many seconds to wait before asking again, from `Retry-After`, when the server said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: ErrorBody, retryAfterSeconds?: number) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.error = body.error;
    this.requestId = body.requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** `Retry-After` as seconds from now: either a number of seconds or an HTTP date. */
function retryAfterOf(response: Response): number | undefined {
  const value = response.headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export function isApiError(value: unknown, status?: number): value is ApiError {
  return value instanceof ApiError && (status === undefined || value.status === status);
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the API on the same origin (the session cookie goes along) and returns the parsed JSON.
 * Resolves to `undefined` for 204; throws `ApiError` for any non-2xx answer.
 */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }

  const response = await fetch(path, {
    method,
    headers,
    body,
    credentials: "same-origin",
    signal: options.signal,
  });

  if (!response.ok) {
    throw new ApiError(response.status, await readErrorBody(response), retryAfterOf(response));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function readErrorBody(response: Response): Promise<ErrorBody> {
  const fallback: ErrorBody = {
    error: `http_${response.status}`,
    message: response.statusText || `Request failed with status ${response.status}`,
    requestId: response.headers.get("x-request-id") ?? undefined,
  };
  try {
    const parsed: unknown = await response.json();
    if (isErrorBody(parsed)) return { ...parsed, requestId: parsed.requestId ?? fallback.requestId };
  } catch {
    // Not JSON (a proxy's HTML error page, an empty body): keep the fallback.
  }
  return fallback;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.error === "string" && typeof candidate.message === "string";
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>("GET", path, { signal }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
};
