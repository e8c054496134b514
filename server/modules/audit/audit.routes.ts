import { Readable } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import {
  AccessLog,
  AccessLogQuery,
  AuditExportQuery,
  AuditList,
  AuditListQuery,
  AuditVerification,
} from "../../../contracts/audit";
import { callerOf } from "../../http/auth";
import { fileDownload } from "../../http/openapi";
import type { AuditService } from "./audit.service";

const exportTypes = { csv: "text/csv; charset=utf-8", jsonl: "application/x-ndjson; charset=utf-8" } as const;

/**
 * Reading one customer's events is an access to that customer's data: the request joins their trail (and their
 * access log), as a visit to their portal does.
 */
function fileInTenantTrail(request: FastifyRequest, tenant: string | undefined): void {
  if (tenant) request.auditTenant = { tenantId: tenant };
}

export const auditRoutes =
  (audit: AuditService): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/api/v1/admin/audit",
      {
        config: { permission: "can_view_audit_log", audit: { action: "admin.audit_view" } },
        schema: {
          description:
            "Every recorded request across tenants, newest first, filtered; `next_before` is the next page's cursor.",
          querystring: AuditListQuery,
          response: { 200: AuditList },
        },
      },
      async (request) => {
        fileInTenantTrail(request, request.query.tenant);
        return audit.listEvents(callerOf(request), request.query);
      },
    );

    app.get(
      "/api/v1/admin/audit/verify",
      {
        config: { permission: "can_view_audit_log", audit: { action: "admin.audit_verify" } },
        schema: {
          description:
            "Walks every seal and row of the audit trail: intact, or the first broken seq or seal and why.",
          response: { 200: AuditVerification },
        },
      },
      async (request) => audit.verify(callerOf(request)),
    );

    app.get(
      "/api/v1/admin/audit/export",
      {
        config: { permission: "can_view_audit_log", audit: { action: "admin.audit_export" } },
        schema: {
          description:
            "Every matching event, oldest first, as CSV or JSON Lines, streamed from the database (any length, constant memory). CSV cells that a spreadsheet would read as a formula are prefixed with '.",
          querystring: AuditExportQuery,
          response: { 200: fileDownload("The events.", exportTypes.csv) },
        },
      },
      async (request, reply) => {
        fileInTenantTrail(request, request.query.tenant);
        const lines = audit.exportEvents(callerOf(request), request.query);
        const format = request.query.format ?? "csv";
        return reply
          .type(exportTypes[format])
          .header("content-disposition", `attachment; filename="audit-log.${format}"`)
          .send(Readable.from(lines));
      },
    );

    app.get(
      "/api/v1/access-log",
      {
        config: { permission: "can_view_access_log", audit: { action: "access_log.view" } },
        schema: {
          description:
            "Who accessed the organisation's data — its own people and the provider's staff — newest first. Addresses and browsers are shown for the organisation's own people only.",
          querystring: AccessLogQuery,
          response: { 200: AccessLog },
        },
      },
      async (request) => audit.accessLog(callerOf(request), request.query),
    );

    app.get(
      "/api/v1/access-log/export",
      {
        config: { permission: "can_view_access_log", audit: { action: "access_log.export" } },
        schema: {
          description: "The access log as CSV, oldest first, streamed.",
          querystring: Type.Pick(AccessLogQuery, ["tenant", "actor", "action"]),
          response: { 200: fileDownload("The access log.", exportTypes.csv) },
        },
      },
      async (request, reply) => {
        const lines = await audit.accessLogExport(callerOf(request), request.query);
        return reply
          .type(exportTypes.csv)
          .header("content-disposition", 'attachment; filename="access-log.csv"')
          .send(Readable.from(lines));
      },
    );
  };
