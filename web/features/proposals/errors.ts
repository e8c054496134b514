import { isApiError } from "../../lib/api";

/**
 * The server's message for a refused or failed write: a 400 says what to fix, a 409 why the document can no
 * longer be changed or signed (expired, replaced, already decided, changed since it was shown). A server error
 * carries its request id, for support.
 */
export function messageOf(error: unknown): string {
  if (!isApiError(error)) return "The server could not be reached. Try again.";
  if (error.status === 404)
    return "This document no longer exists, or is not shared with you. Reload the page.";
  if (error.status >= 500 && error.requestId) return `${error.message} (request id ${error.requestId})`;
  return error.message;
}
