import { isApiError } from "../../lib/api";

/**
 * The server's message for a refused or failed write, with what a 404 means here (a tenant or key that is gone).
 * A server error carries its request id, for support.
 */
export function messageOf(error: unknown, notFound: string): string {
  if (!isApiError(error)) return "The server could not be reached. Try again.";
  if (error.status === 404) return notFound;
  if (error.status >= 500 && error.requestId) return `${error.message} (request id ${error.requestId})`;
  return error.message;
}
