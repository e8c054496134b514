import type { FastifyError, FastifyInstance } from "fastify";
import { AppError, type ErrorCode, errorCodes } from "../errors";

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  requestId: string;
}

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

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, "request failed");
    const body: ErrorBody = { error: appError.code, message: appError.message, requestId: request.id };
    return reply.status(appError.status).send(body);
  });
}
