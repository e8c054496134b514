import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ReportTypeSchema } from "../reports/reports.schemas";
import type { VerifyInput, VerifyService } from "./verify.service";

const MAX_PDF_BYTES = 25 * 1024 * 1024;

const VerifyResponse = Type.Union([
  Type.Object({
    issued: Type.Literal(true),
    sha256: Type.String(),
    // Tenant-free on purpose: what the document is, never whose it is.
    document: Type.Object({
      kind: Type.Literal("report"),
      report_type: ReportTypeSchema,
      period_start: Type.String({ format: "date-time" }),
      period_end: Type.String({ format: "date-time" }),
      issued_at: Type.String({ format: "date-time" }),
    }),
  }),
  Type.Object({ issued: Type.Literal(false), sha256: Type.String() }),
]);

/**
 * POST /api/v1/verify — public: did this portal issue this document? Send the PDF itself (application/pdf) or
 * its digest ({ "sha256": "<hex>" }). The answer names the document's type, period and issue time only.
 */
export const verifyRoutes =
  (verify: VerifyService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addContentTypeParser(
      "application/pdf",
      { parseAs: "buffer", bodyLimit: MAX_PDF_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      "/api/v1/verify",
      {
        // No route-wide body limit: the PDF parser's own limit is the large one, JSON keeps the server's small one.
        config: { allowCrossOrigin: true, rateLimit: "public" },
        schema: {
          body: Type.Unsafe<Buffer | { sha256: string }>({}),
          response: { 200: VerifyResponse },
        },
      },
      async (request) => verify.verifyDocument(request.body as VerifyInput),
    );
  };
