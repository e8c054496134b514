import type { ReportItem, ReportListQuery } from "../../../contracts/reports";
import { type Actor, type Caller, isStaffRole, requirePermission } from "../../auth/permissions";
import { portalScope, UUID } from "../../auth/scope";
import type { ReportStatus, ReportType } from "../../db/types";
import { AppError, notFound } from "../../errors";
import * as queries from "./reports.queries";

interface ReportRow {
  id: string;
  report_type: ReportType;
  title: string;
  period_start: Date;
  period_end: Date;
  generated_at: Date | null;
  status: ReportStatus;
  size_bytes: number | null;
  sha256: string | null;
}

export function toReportItem(row: ReportRow): ReportItem {
  return {
    id: row.id,
    report_type: row.report_type,
    title: row.title,
    period_start: row.period_start.toISOString(),
    period_end: row.period_end.toISOString(),
    generated_at: row.generated_at?.toISOString() ?? null,
    status: row.status,
    size_bytes: row.size_bytes,
    sha256: row.sha256,
  };
}

/** A filename that is safe in a Content-Disposition header on every platform. */
export function safeFilename(title: string, periodStart: Date): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\w\s.-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 80);
  return `${base || "report"}-${periodStart.toISOString().slice(0, 7)}.pdf`;
}

/** A completed report's stored PDF with its download name; 409 saying why a report has none (yet). */
export function reportFile(row: {
  status: string;
  pdf: Buffer | null;
  sha256: string | null;
  title: string;
  period_start: Date;
}): { pdf: Buffer; sha256: string; filename: string } {
  if (row.status !== "completed" || !row.pdf || !row.sha256) {
    throw new AppError(
      "conflict",
      row.status === "failed" ? "This report failed to generate" : "This report is still being generated",
    );
  }
  return { pdf: row.pdf, sha256: row.sha256, filename: safeFilename(row.title, row.period_start) };
}

export function createReportService() {
  // Customers see what was published to them; staff viewing a tenant also see unpublished reports.
  const publishedOnly = (actor: Actor) => !isStaffRole(actor.role);

  return {
    async listReports({ actor, scoped }: Caller, query: ReportListQuery) {
      requirePermission(actor, "can_view_reports");
      const scope = portalScope(actor, query.tenant);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const { items, total } = await scoped(scope, (trx) =>
        queries.findReports(
          trx,
          scope,
          { ...query, publishedOnly: publishedOnly(actor) },
          { limit: pageSize, offset: (page - 1) * pageSize },
        ),
      );
      return { items: items.map(toReportItem), total, page, page_size: pageSize };
    },

    async getReport({ actor, scoped }: Caller, id: string, tenant?: string) {
      requirePermission(actor, "can_view_reports");
      const scope = portalScope(actor, tenant);
      // Malformed ids and other tenants' ids are the same 404 as a missing report.
      const row = UUID.test(id)
        ? await scoped(scope, (trx) => queries.getReport(trx, scope, id, publishedOnly(actor)))
        : undefined;
      if (!row) throw notFound("Report");
      return {
        ...toReportItem(row),
        workspace_id: row.workspace_id,
        workspace_name: row.workspace_name,
        snapshot_sha256: row.snapshot_sha256,
      };
    },

    async getReportPdf({ actor, scoped }: Caller, id: string, tenant?: string) {
      requirePermission(actor, "can_download_reports");
      const scope = portalScope(actor, tenant);
      const row = UUID.test(id)
        ? await scoped(scope, (trx) => queries.getReportPdf(trx, scope, id, publishedOnly(actor)))
        : undefined;
      if (!row) throw notFound("Report");
      return reportFile(row);
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
