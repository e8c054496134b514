import type { FastifyError, FastifyInstance } from "fastify";
import type { ErrorBody } from "../../contracts/errors";
import { errorCodes } from "../../contracts/errors";
import { isDatabaseUnavailable } from "../db/errors";
import { AppError, type ErrorCode } from "../errors";

function codeForStatus(status: number): ErrorCode {
  const match = Object.entries(errorCodes).find(([, value]) => value === status);
  if (match) return match[0] as ErrorCode;
  return status >= 500 ? "internal" : "bad_request";
}

/** Turns Fastify's own errors (validation, body parsing, size limits) into the house shape; never a stack trace. */
function toAppError(error: FastifyError): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    return new AppError("bad_request", `Invalid request: ${error.message}`);
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new AppError(codeForStatus(status), error.message);
  return new AppError("internal", "Internal server error");
}

/**
 * Seconds a client should wait before retrying while the database is unavailable: about what a PostgreSQL restart
 * or a fail-over takes, so a retry neither comes back too soon nor waits much longer than needed.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 2;

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (!(error instanceof AppError) && isDatabaseUnavailable(error)) {
      // Expected while the database restarts: one line per request, no stack trace.
      request.log.warn(
        { reason: error.message, code: (error as { code?: unknown }).code },
        "database unavailable",
      );
      const body: ErrorBody = {
        error: "unavailable",
        message: "The service is temporarily unavailable; try again shortly.",
        requestId: request.id,
      };
      return reply.status(503).header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS)).send(body);
    }
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    const body: ErrorBody = { error: appError.code, message: appError.message, requestId: request.id };
    return reply.status(appError.status).send(body);
  });
}
