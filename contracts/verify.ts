import { type Static, Type } from "typebox";
import { IsoDateTime } from "./common";
import { ReportTypeSchema } from "./reports";

/** POST /api/v1/verify with JSON: the SHA-256 of the document (or send the PDF itself as application/pdf). */
export const VerifyDigest = Type.Object({ sha256: Type.String({ pattern: "^[0-9a-fA-F]{64}$" }) });
export type VerifyDigest = Static<typeof VerifyDigest>;

/** Whether this portal issued the document: what it is, never whose it is. */
export const VerifyResponse = Type.Union(
  [
    Type.Object({
      issued: Type.Literal(true),
      sha256: Type.String(),
      document: Type.Union([
        Type.Object({
          kind: Type.Literal("report"),
          report_type: ReportTypeSchema,
          period_start: IsoDateTime,
          period_end: IsoDateTime,
          issued_at: IsoDateTime,
        }),
        Type.Object({
          /** `proposal`: the document sent for signature; `signed_proposal`: its signed, sealed copy. */
          kind: Type.Union([Type.Literal("proposal"), Type.Literal("signed_proposal")]),
          proposal_kind: Type.Union([Type.Literal("proposal"), Type.Literal("approval")]),
          version: Type.Integer({ minimum: 1 }),
          issued_at: IsoDateTime,
        }),
      ]),
    }),
    Type.Object({ issued: Type.Literal(false), sha256: Type.String() }),
  ],
  {
    description: "Whether the portal issued the document.",
    examples: [
      {
        issued: true,
        sha256: "9c56cc51b374c3ba189210d5b6d4bf57790d351c96c47c02190ecf1e430635ab",
        document: {
          kind: "report",
          report_type: "executive_monthly",
          period_start: "2026-10-01T00:00:00.000Z",
          period_end: "2026-11-01T00:00:00.000Z",
          issued_at: "2026-11-01T02:14:09.512Z",
        },
      },
    ],
  },
);
export type VerifyResponse = Static<typeof VerifyResponse>;
