import type { ScopedTransaction } from "../../db/scope";
import type { ReportStatus, ReportType } from "../../db/types";

/* The console's report queries: staff across every tenant (the provider scope). */

export interface AdminReportFilter {
  tenantId?: string;
  workspaceId?: string;
  status?: ReportStatus;
  published?: boolean;
}

function filtered(trx: ScopedTransaction, filter: AdminReportFilter) {
  let query = trx
    .selectFrom("reports")
    .innerJoin("workspaces", "workspaces.id", "reports.workspace_id")
    .innerJoin("tenants", "tenants.id", "reports.tenant_id");
  if (filter.tenantId) query = query.where("reports.tenant_id", "=", filter.tenantId);
  if (filter.workspaceId) query = query.where("reports.workspace_id", "=", filter.workspaceId);
  if (filter.status) query = query.where("reports.status", "=", filter.status);
  if (filter.published !== undefined) query = query.where("reports.is_published", "=", filter.published);
  return query;
}

/** Everything the console shows of a report; never the PDF bytes or the data snapshot. */
function withItemColumns(query: ReturnType<typeof filtered>) {
  return query
    .leftJoin("users as requester", "requester.id", "reports.requested_by")
    .select([
      "reports.id",
      "reports.title",
      "reports.report_type",
      "reports.tenant_id",
      "tenants.name as tenant_name",
      "reports.workspace_id",
      "workspaces.name as workspace_name",
      "reports.engagement_id",
      "reports.period_start",
      "reports.period_end",
      "reports.status",
      "reports.is_published",
      "reports.error",
      "reports.attempts",
      "reports.created_at",
      "reports.generated_at",
      "reports.size_bytes",
      "reports.sha256",
      "reports.requested_by",
      "requester.name as requested_by_name",
    ]);
}

export type AdminReportRow = Awaited<ReturnType<typeof findReport>> & object;

/** Newest first: by when they were asked for (a report just generated tops the list). */
export async function findReports(
  trx: ScopedTransaction,
  filter: AdminReportFilter,
  page: { limit: number; offset: number },
) {
  const [items, total] = await Promise.all([
    withItemColumns(filtered(trx, filter))
      .orderBy("reports.created_at", "desc")
      .orderBy("reports.id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(trx, filter)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function findReport(trx: ScopedTransaction, id: string) {
  return withItemColumns(filtered(trx, {})).where("reports.id", "=", id).executeTakeFirst();
}

/** A workspace with its tenant, in any tenant (provider scope). */
export async function findWorkspace(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("workspaces")
    .select(["id", "tenant_id", "archived_at"])
    .where("id", "=", id)
    .forShare()
    .executeTakeFirst();
}

/** Whether the engagement exists in this workspace (an assessment report covers one of its own). */
export async function hasEngagement(trx: ScopedTransaction, workspaceId: string, engagementId: string) {
  const row = await trx
    .selectFrom("engagements")
    .select("id")
    .where("id", "=", engagementId)
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReport(
  trx: ScopedTransaction,
  values: {
    tenantId: string;
    workspaceId: string;
    reportType: ReportType;
    title: string;
    periodStart: Date;
    periodEnd: Date;
    engagementId: string | null;
    isPublished: boolean;
    requestedBy: string | null;
  },
) {
  return trx
    .insertInto("reports")
    .values({
      tenant_id: values.tenantId,
      workspace_id: values.workspaceId,
      report_type: values.reportType,
      title: values.title,
      period_start: values.periodStart,
      period_end: values.periodEnd,
      engagement_id: values.engagementId,
      status: "generating",
      is_published: values.isPublished,
      requested_by: values.requestedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Locks the report's row for the rest of the transaction: two staff acting at once take turns. */
export async function lockReport(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("reports")
    .select(["id", "tenant_id", "workspace_id", "status", "is_published"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Back to `generating` from fresh data: the old PDF, its SHA-256 and its snapshot are dropped at once, so the
 * old document stops verifying and nobody downloads it while the new one is made.
 */
export async function restartGeneration(trx: ScopedTransaction, id: string) {
  await trx
    .updateTable("reports")
    .set({
      status: "generating",
      error: null,
      attempts: 0,
      pdf: null,
      size_bytes: null,
      sha256: null,
      data_snapshot: null,
      snapshot_sha256: null,
      generated_at: null,
    })
    .where("id", "=", id)
    .where("status", "<>", "generating")
    .execute();
}

export async function setPublished(trx: ScopedTransaction, id: string, isPublished: boolean) {
  await trx.updateTable("reports").set({ is_published: isPublished }).where("id", "=", id).execute();
}

/** A report's PDF and what its download needs (title, period for the filename; tenant for the audit trail). */
export async function findReportPdf(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("reports")
    .select([
      "id",
      "tenant_id",
      "workspace_id",
      "title",
      "status",
      "is_published",
      "pdf",
      "sha256",
      "period_start",
    ])
    .where("id", "=", id)
    .executeTakeFirst();
}
