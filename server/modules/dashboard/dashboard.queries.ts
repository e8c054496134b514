import { sql } from "kysely";
import { type ScopedTransaction, type TenantScope, workspaceFilter } from "../../db/scope";
import type { ReportStatus, ReportType } from "../../db/types";

export interface DashboardFigures {
  tenant_name: string;
  total_reports: number;
  reports_this_month: number;
  open_incidents: number;
  alerts_this_month: number;
  mttr_hours: number | null;
  recent: {
    id: string;
    report_type: ReportType;
    title: string;
    period_start: string;
    period_end: string;
    generated_at: string | null;
    status: ReportStatus;
    size_bytes: number | null;
    sha256: string | null;
  }[];
  by_type: Record<string, number>;
  frameworks: { name: string; score: number }[];
}

/**
 * Every figure of the dashboard in ONE statement (one round trip inside the request's scoped transaction): the
 * dashboard is the portal's hottest read. This is a read model over the reports, incidents, alerts and compliance
 * tables; each subquery filters by tenant and workspace itself, on top of row-level security.
 */
export async function loadDashboardFigures(
  trx: ScopedTransaction,
  scope: TenantScope,
  options: { publishedOnly: boolean; monthStart: Date; mttrSince: Date },
): Promise<DashboardFigures | undefined> {
  const tenant = scope.tenantId;
  const reportsIn = sql`r.tenant_id = ${tenant} and ${workspaceFilter("r.workspace_id", scope)}
    and (r.is_published or not ${options.publishedOnly})`;
  const incidentsIn = sql`i.tenant_id = ${tenant} and ${workspaceFilter("i.workspace_id", scope)}`;
  const { rows } = await sql<DashboardFigures>`
    select
      t.name as tenant_name,
      (select count(*)::int from reports r where ${reportsIn}) as total_reports,
      (select count(*)::int from reports r where ${reportsIn}
         and coalesce(r.generated_at, r.created_at) >= ${options.monthStart}) as reports_this_month,
      (select count(*)::int from incidents i where ${incidentsIn} and i.status <> 'resolved') as open_incidents,
      (select coalesce(sum(a.count), 0)::int from alert_daily_counts a
         where a.tenant_id = ${tenant} and ${workspaceFilter("a.workspace_id", scope)}
         and a.day >= ${options.monthStart.toISOString().slice(0, 10)}::date) as alerts_this_month,
      (select avg(extract(epoch from i.resolved_at - i.opened_at) / 3600)::float8 from incidents i
         where ${incidentsIn} and i.resolved_at >= ${options.mttrSince}) as mttr_hours,
      (select coalesce(json_agg(x order by x.period_end desc, x.created_at desc, x.id), '[]')
         from (select r.id, r.report_type, r.title, r.period_start, r.period_end, r.generated_at, r.status,
                      r.size_bytes, r.sha256, r.created_at
               from reports r where ${reportsIn}
               order by r.period_end desc, r.created_at desc, r.id limit 5) x) as recent,
      (select coalesce(json_object_agg(x.report_type, x.n), '{}')
         from (select r.report_type, count(*)::int as n from reports r where ${reportsIn} group by r.report_type) x) as by_type,
      (select coalesce(json_agg(json_build_object('name', f.name, 'score', f.score) order by f.name), '[]')
         from compliance_frameworks f
         where f.tenant_id = ${tenant} and ${workspaceFilter("f.workspace_id", scope)}) as frameworks
    from tenants t
    where t.id = ${tenant}`.execute(trx);
  return rows[0];
}
