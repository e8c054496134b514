import { sql } from "kysely";
import type { ScopedTransaction, TenantScope } from "../../db/scope";
import type { ReportStatus, ReportType } from "../../db/types";
import { preparedQuery } from "../../db/unit-of-work";

export interface DashboardFigures {
  tenant_name: string;
  total_reports: number;
  reports_this_month: number;
  open_incidents: number;
  alerts_this_month: number;
  mttr_hours: number | null;
  /** The earliest resolution inside the MTTR window: when it leaves the window, the figure changes. */
  oldest_resolution: Date | null;
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
 * Every figure of the dashboard in ONE prepared statement: the dashboard is the portal's hottest read. A read model
 * over the reports, incidents, alerts and compliance tables; each subquery filters by tenant and workspace itself,
 * on top of row-level security. The workspace filter is a parameter (all, or a list), so the statement's shape
 * never changes and PostgreSQL plans it once per connection.
 */
const selectFigures = preparedQuery(
  "dashboard_figures",
  7,
  (
    _db,
    tenant: string,
    allWorkspaces: boolean,
    workspaces: string[],
    publishedOnly: boolean,
    monthStart: Date,
    monthStartDay: string,
    mttrSince: Date,
  ) => {
    const inScope = (alias: string) =>
      sql`${sql.ref(`${alias}.tenant_id`)} = ${tenant}::uuid
        and (${allWorkspaces}::boolean or ${sql.ref(`${alias}.workspace_id`)} = any(${workspaces}::uuid[]))`;
    const reportsIn = sql`${inScope("r")} and (r.is_published or not ${publishedOnly}::boolean)`;
    const resolvedIn = sql`${inScope("i")} and i.resolved_at >= ${mttrSince}::timestamptz`;
    return sql<DashboardFigures>`
    select
      t.name as tenant_name,
      (select count(*)::int from reports r where ${reportsIn}) as total_reports,
      (select count(*)::int from reports r where ${reportsIn}
         and coalesce(r.generated_at, r.created_at) >= ${monthStart}::timestamptz) as reports_this_month,
      (select count(*)::int from incidents i where ${inScope("i")} and i.status <> 'resolved') as open_incidents,
      (select coalesce(sum(a.count), 0)::int from alert_daily_counts a
         where ${inScope("a")} and a.day >= ${monthStartDay}::date) as alerts_this_month,
      (select avg(extract(epoch from i.resolved_at - i.opened_at) / 3600)::float8 from incidents i
         where ${resolvedIn}) as mttr_hours,
      (select min(i.resolved_at) from incidents i where ${resolvedIn}) as oldest_resolution,
      (select coalesce(json_agg(x order by x.period_end desc, x.created_at desc, x.id), '[]')
         from (select r.id, r.report_type, r.title, r.period_start, r.period_end, r.generated_at, r.status,
                      r.size_bytes, r.sha256, r.created_at
               from reports r where ${reportsIn}
               order by r.period_end desc, r.created_at desc, r.id limit 5) x) as recent,
      (select coalesce(json_object_agg(x.report_type, x.n), '{}')
         from (select r.report_type, count(*)::int as n from reports r where ${reportsIn} group by r.report_type) x) as by_type,
      (select coalesce(json_agg(json_build_object('name', f.name, 'score', f.score) order by f.name), '[]')
         from compliance_frameworks f where ${inScope("f")}) as frameworks
    from tenants t
    where t.id = ${tenant}::uuid`;
  },
);

export async function loadDashboardFigures(
  trx: ScopedTransaction,
  scope: TenantScope,
  options: { publishedOnly: boolean; monthStart: Date; mttrSince: Date },
): Promise<DashboardFigures | undefined> {
  const all = scope.workspaceIds === "all";
  const [row] = await selectFigures(
    trx,
    scope.tenantId,
    all,
    all ? [] : [...(scope.workspaceIds as readonly string[])],
    options.publishedOnly,
    options.monthStart,
    options.monthStart.toISOString().slice(0, 10),
    options.mttrSince,
  );
  return row;
}
