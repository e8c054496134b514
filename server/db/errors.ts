/**
 * Errors that mean "the database cannot serve this now" rather than "this request is wrong": the server is down,
 * restarting, starting up or out of connection slots, the connection broke, or no connection could be had in time.
 * Such a request may succeed if repeated a little later, so it is answered 503 with Retry-After, never 500.
 */

/** SQLSTATEs outside class 08 that end or refuse a connection, or give up on a statement, for a passing reason. */
const UNAVAILABLE_SQLSTATES = new Set([
  "57P01", // admin_shutdown: a fast shutdown or restart terminated the session
  "57P02", // crash_shutdown: another server process crashed; every session is reset
  "57P03", // cannot_connect_now: starting up, shutting down, or in recovery
  "57P05", // idle_session_timeout: the server closed the session
  "53300", // too_many_connections
  "57014", // query_canceled: the statement timeout (or an operator) stopped the statement; the server is busy
]);

/**
 * Socket-level failures (Node's error codes). ENOTFOUND and EAI_AGAIN are the database host's name failing to
 * resolve: the name did resolve when the process started, so a failure now is the network's, not the config's.
 */
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * What `pg` and `pg-pool` say when a connection ends, cannot be had in time, or is used after it broke. They carry
 * no code, so the message is all there is; the tests provoke each one through the real driver, so a driver upgrade
 * that rewords them fails there first.
 */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // waiting for a pooled connection
  /^timeout expired$/, // a new connection's own connect timeout
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
  /^Cannot use a pool after calling end on the pool$/, // shutting down
];

function isSqlState(code: string): boolean {
  return /^[0-9A-Z]{5}$/.test(code);
}

function matchesOne(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") {
    if (UNAVAILABLE_SOCKET_CODES.has(code)) return true;
    if (isSqlState(code)) {
      // Class 08 is "connection exception", except 08P01: a protocol violation is a bug, and retrying repeats it.
      if (code.startsWith("08")) return code !== "08P01";
      return UNAVAILABLE_SQLSTATES.has(code);
    }
  }
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * Whether `error` (or what caused it: `cause` chains and the attempts of an AggregateError, as Node reports a
 * connection that failed on every address of a host) means the database is unavailable for now.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || !(error instanceof Error)) return false;
  if (matchesOne(error)) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  )
    return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/** A unique constraint refused the write: two requests raced past the same check, or the check was left to it. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === "23505";
}
