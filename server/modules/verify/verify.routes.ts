import { createHash } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RunScoped } from "../../db/scope";
import { AppError } from "../../http/errors";
import { ReportTypeSchema } from "../reports/reports.schemas";

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
  (runScoped: RunScoped): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.addContentTypeParser(
      "application/pdf",
      { parseAs: "buffer", bodyLimit: MAX_PDF_BYTES },
      (_request, body, done) => done(null, body),
    );

    app.post(
      "/api/v1/verify",
      {
        bodyLimit: MAX_PDF_BYTES,
        config: { allowCrossOrigin: true },
        schema: {
          body: Type.Unsafe<Buffer | { sha256: string }>({}),
          response: { 200: VerifyResponse },
        },
      },
      async (request) => {
        const body = request.body as unknown;
        let sha256: string;
        if (Buffer.isBuffer(body)) {
          if (body.subarray(0, 5).toString("latin1") !== "%PDF-")
            throw new AppError("bad_request", "That file is not a PDF");
          sha256 = createHash("sha256").update(body).digest("hex");
        } else {
          const digest = (body as { sha256?: unknown } | null)?.sha256;
          if (typeof digest !== "string" || !/^[0-9a-fA-F]{64}$/.test(digest)) {
            throw new AppError(
              "bad_request",
              'Send a PDF (Content-Type: application/pdf) or { "sha256": "<64 hex characters>" }',
            );
          }
          sha256 = digest.toLowerCase();
        }
        // Every tenant's documents are searched, so this runs in the system scope and returns no tenant column.
        const report = await runScoped({ kind: "system" }, (trx) =>
          trx
            .selectFrom("reports")
            .select(["report_type", "period_start", "period_end", "generated_at"])
            .where("sha256", "=", sha256)
            .where("status", "=", "completed")
            .executeTakeFirst(),
        );
        if (!report?.generated_at) return { issued: false as const, sha256 };
        return {
          issued: true as const,
          sha256,
          document: {
            kind: "report" as const,
            report_type: report.report_type,
            period_start: report.period_start.toISOString(),
            period_end: report.period_end.toISOString(),
            issued_at: report.generated_at.toISOString(),
          },
        };
      },
    );
  };
