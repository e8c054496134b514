import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { TenantView } from "../../../contracts/common";
import { ReportDetail, ReportList, ReportListQuery, ReportParams } from "../../../contracts/reports";
import { callerOf } from "../../http/auth";
import { errorAnswer, fileDownload, noBody } from "../../http/openapi";
import type { ReportService } from "./reports.service";

export const reportRoutes =
  (reports: ReportService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/reports",
      {
        config: { permission: "can_view_reports", audit: { action: "report.list" } },
        schema: { querystring: ReportListQuery, response: { 200: ReportList } },
      },
      async (request) => reports.listReports(callerOf(request), request.query),
    );

    app.get(
      "/api/v1/reports/:id",
      {
        config: { permission: "can_view_reports", audit: { action: "report.view", resource: "report" } },
        schema: { params: ReportParams, querystring: TenantView, response: { 200: ReportDetail } },
      },
      async (request) => reports.getReport(callerOf(request), request.params.id, request.query.tenant),
    );

    app.get(
      "/api/v1/reports/:id/pdf",
      {
        config: {
          permission: "can_download_reports",
          audit: { action: "report.download", resource: "report" },
        },
        schema: {
          description: "The report's PDF, exactly the stored bytes (its SHA-256 is the ETag).",
          params: ReportParams,
          querystring: TenantView,
          response: {
            200: fileDownload("The PDF, as an attachment.", "application/pdf"),
            304: noBody("Not modified: the If-None-Match ETag is the PDF's SHA-256."),
            409: errorAnswer("The report is still being generated, or its generation failed."),
          },
        },
      },
      async (request, reply) => {
        const { pdf, sha256, filename } = await reports.getReportPdf(
          callerOf(request),
          request.params.id,
          request.query.tenant,
        );
        const etag = `"${sha256}"`;
        reply
          .header("content-disposition", `attachment; filename="${filename}"`)
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .header("etag", etag);
        if (request.headers["if-none-match"] === etag) return reply.status(304).send();
        return reply.type("application/pdf").send(pdf);
      },
    );
  };
