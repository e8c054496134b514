import { type Static, Type } from "typebox";

/** Every error code the API answers with, and its HTTP status. Codes are stable: clients switch on them. */
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
const codes = Object.keys(errorCodes) as ErrorCode[];

/** The body of every error answer. The message is safe to show to a customer; quote the request id to support. */
export const ErrorBody = Type.Object(
  {
    error: Type.Enum(codes),
    message: Type.String(),
    requestId: Type.String(),
  },
  {
    $id: "ErrorBody",
    description: "An error answer.",
    examples: [
      {
        error: "not_found",
        message: "Report not found",
        requestId: "0b9f6c1e-3f2a-4c1d-9a7e-5d2b8c4e1f60",
      },
    ],
  },
);
export type ErrorBody = Static<typeof ErrorBody>;
