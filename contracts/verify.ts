import { type Static, Type } from "typebox";
import { IsoDateTime } from "./common";
import { ReportTypeSchema } from "./reports";

/** POST /api/v1/verify with JSON: the SHA-256 of the document (or send the PDF itself as application/pdf). */
export const VerifyDigest = Type.Object({ sha256: Type.String({ pattern: "^[0-9a-fA-F]{64}$" }) });
export type VerifyDigest = Static<typeof VerifyDigest>;

/** Whether this portal issued the document: what it is, never whose it is. */
export const VerifyResponse = Type.Union([
  Type.Object({
    issued: Type.Literal(true),
    sha256: Type.String(),
    document: Type.Object({
      kind: Type.Literal("report"),
      report_type: ReportTypeSchema,
      period_start: IsoDateTime,
      period_end: IsoDateTime,
      issued_at: IsoDateTime,
    }),
  }),
  Type.Object({ issued: Type.Literal(false), sha256: Type.String() }),
]);
export type VerifyResponse = Static<typeof VerifyResponse>;
