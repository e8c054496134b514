import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { AuditAction } from "../../../contracts/audit";
import {
  AdminReportItem,
  AdminReportList,
  AdminReportListQuery,
  AdminReportParams,
  GenerateReportBody,
} from "../../../contracts/report-console";
import { afterCommit, callerOf } from "../../http/auth";
import { errorAnswer, fileDownload, noBody } from "../../http/openapi";
import type { ReportAction, ReportConsoleService } from "./console.service";

const generating = (action: AuditAction, withResource = true) => ({
  permission: "can_generate_reports" as const,
  audit: withResource ? { action, resource: "report" as const } : { action },
});

/** The action's event joins the customer's trail; its generation job is queued once the row is committed. */
function settle(request: FastifyRequest, action: ReportAction, isCustomerEvent = true): AdminReportItem {
  if (isCustomerEvent) request.auditTenant = action.auditTenant;
  if (action.queueGeneration) afterCommit(request, action.queueGeneration);
  return action.report;
}

/** The console's reports: list, generate, generate again, publish and withdraw, and any report's PDF. */
export const reportConsoleRoutes =
  (reports: ReportConsoleService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/admin/reports",
      {
        config: generating("admin.report_list", false),
        schema: {
          description:
            "Every tenant's reports, newest first (published or not), with their tenant, workspace, status, failure reason, attempts and who asked for them.",
          querystring: AdminReportListQuery,
          response: { 200: AdminReportList },
        },
      },
      async (request) => reports.list(callerOf(request), request.query),
    );

    app.post(
      "/api/v1/admin/reports",
      {
        config: generating("admin.report_generate", false),
        schema: {
          description:
            "Generates a report now: the row is created as `generating` and rendered in the background from the workspace's data for the period [periodStart, periodEnd). Unpublished unless `publish` is true.",
          body: GenerateReportBody,
          response: {
            201: AdminReportItem,
            400: errorAnswer(
              "The period ends before it starts, spans more than a year or has not begun; an assessment without its engagement.",
            ),
            404: errorAnswer("No such workspace, or no such engagement in it."),
          },
        },
      },
      async (request, reply) => {
        // An unpublished report is the provider's own until it is published: so is its generation.
        const action = await reports.generate(callerOf(request), request.body);
        return reply.status(201).send(settle(request, action, action.report.published));
      },
    );

    app.get(
      "/api/v1/admin/reports/:id/pdf",
      {
        config: generating("report.download"),
        schema: {
          description:
            "Any report's PDF, unpublished ones included (to check it before publishing): exactly the stored bytes, whose SHA-256 is the ETag.",
          params: AdminReportParams,
          response: {
            200: fileDownload("The PDF, as an attachment.", "application/pdf"),
            304: noBody("Not modified: the If-None-Match ETag is the PDF's SHA-256."),
            409: errorAnswer("The report is still being generated, or its generation failed."),
          },
        },
      },
      async (request, reply) => {
        const { file, auditTenant, isPublished } = await reports.pdf(callerOf(request), request.params.id);
        // The customer's access log shows who downloaded their published reports; an unpublished one is not
        // theirs yet, and its title must not reach them through the log.
        if (isPublished) request.auditTenant = auditTenant;
        const etag = `"${file.sha256}"`;
        reply
          .header("content-disposition", `attachment; filename="${file.filename}"`)
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .header("etag", etag);
        if (request.headers["if-none-match"] === etag) return reply.status(304).send();
        return reply.type("application/pdf").send(file.pdf);
      },
    );

    app.post(
      "/api/v1/admin/reports/:id/regenerate",
      {
        config: generating("admin.report_regenerate"),
        schema: {
          description:
            "Renders a completed or failed report again from fresh data (a retry, for a failed one). Its old PDF is dropped at once, so the old SHA-256 no longer verifies; a published report stays listed for its customer, with nothing to download until the new PDF is ready.",
          params: AdminReportParams,
          response: {
            200: AdminReportItem,
            409: errorAnswer("The report is already being generated."),
          },
        },
      },
      async (request) => {
        const action = await reports.regenerate(callerOf(request), request.params.id);
        // An unpublished report is the provider's own: its customer's trail does not name it.
        return settle(request, action, action.report.published);
      },
    );

    for (const [path, isPublished] of [
      ["publish", true],
      ["unpublish", false],
    ] as const) {
      app.post(
        `/api/v1/admin/reports/:id/${path}`,
        {
          config: generating(isPublished ? "admin.report_publish" : "admin.report_unpublish"),
          schema: {
            description: isPublished
              ? "Publishes a completed report: its customer sees it in their portal."
              : "Withdraws a report from its customer's portal (list, details and PDF).",
            params: AdminReportParams,
            response: {
              200: AdminReportItem,
              ...(isPublished ? { 409: errorAnswer("The report is not completed.") } : {}),
            },
          },
        },
        async (request) =>
          settle(request, await reports.setPublished(callerOf(request), request.params.id, isPublished)),
      );
    }
  };
