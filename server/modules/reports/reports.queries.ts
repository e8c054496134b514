import { sql } from "kysely";
import { containsPattern } from "../../db/like";
import { type ScopedTransaction, type TenantScope, workspaceFilter } from "../../db/scope";
import type { ReportStatus, ReportType } from "../../db/types";

export interface ReportFilter {
  q?: string;
  type?: ReportType;
  status?: ReportStatus;
  /** Period overlaps [from, to] (dates, UTC). */
  from?: string;
  to?: string;
  /** Customers see published reports only; staff viewing a tenant see all. */
  publishedOnly: boolean;
}

const itemColumns = [
  "reports.id",
  "reports.report_type",
  "reports.title",
  "reports.period_start",
  "reports.period_end",
  "reports.generated_at",
  "reports.status",
  "reports.size_bytes",
  "reports.sha256",
] as const;

/** Every query filters by the scope itself as well as relying on row-level security (defence in depth). */
function scoped(trx: ScopedTransaction, scope: TenantScope) {
  return trx
    .selectFrom("reports")
    .where("reports.tenant_id", "=", scope.tenantId)
    .where(workspaceFilter("reports.workspace_id", scope));
}

function filtered(trx: ScopedTransaction, scope: TenantScope, filter: ReportFilter) {
  let query = scoped(trx, scope);
  if (filter.publishedOnly) query = query.where("reports.is_published", "=", true);
  if (filter.type) query = query.where("reports.report_type", "=", filter.type);
  if (filter.status) query = query.where("reports.status", "=", filter.status);
  if (filter.from) query = query.where("reports.period_end", ">", new Date(`${filter.from}T00:00:00Z`));
  if (filter.to)
    query = query.where(
      "reports.period_start",
      "<",
      new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000),
    );
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([
        eb("reports.title", "ilike", pattern),
        eb(sql`replace(reports.report_type, '_', ' ')`, "ilike", pattern),
        eb(sql`to_char(reports.period_start at time zone 'UTC', 'FMMonth YYYY YYYY-MM')`, "ilike", pattern),
      ]),
    );
  }
  return query;
}

/** Newest first: by the period they cover, then by when they were made. */
export async function findReports(
  trx: ScopedTransaction,
  scope: TenantScope,
  filter: ReportFilter,
  page: { limit: number; offset: number },
) {
  const [items, total] = await Promise.all([
    filtered(trx, scope, filter)
      .select(itemColumns)
      .orderBy("reports.period_end", "desc")
      .orderBy("reports.created_at", "desc")
      .orderBy("reports.id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    filtered(trx, scope, filter)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export async function getReport(
  trx: ScopedTransaction,
  scope: TenantScope,
  id: string,
  publishedOnly: boolean,
) {
  return filtered(trx, scope, { publishedOnly })
    .innerJoin("workspaces", "workspaces.id", "reports.workspace_id")
    .select([
      ...itemColumns,
      "reports.workspace_id",
      "workspaces.name as workspace_name",
      "reports.snapshot_sha256",
    ])
    .where("reports.id", "=", id)
    .executeTakeFirst();
}

export async function getReportPdf(
  trx: ScopedTransaction,
  scope: TenantScope,
  id: string,
  publishedOnly: boolean,
) {
  return filtered(trx, scope, { publishedOnly })
    .select([
      "reports.id",
      "reports.title",
      "reports.status",
      "reports.pdf",
      "reports.sha256",
      "reports.period_start",
    ])
    .where("reports.id", "=", id)
    .executeTakeFirst();
}
