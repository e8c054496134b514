import { type ComplianceStatus, complianceBand, roundScore } from "../../../contracts/compliance";
import { reportTypes } from "../../../contracts/reports";
import { type Caller, isStaffRole, requirePermission } from "../../auth/permissions";
import { portalScope } from "../../auth/scope";
import type { ReportType } from "../../db/types";
import { notFound } from "../../errors";
import { toReportItem } from "../reports/reports.service";
import type { DashboardCache } from "./dashboard.cache";
import * as queries from "./dashboard.queries";

/** Hours with one decimal (compliance scores round with `roundScore`). */
const round1 = (value: number) => Math.round(value * 10) / 10;

export function startOfMonthUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Mean time to resolve covers incidents resolved in this many days. */
const MTTR_WINDOW_MS = 30 * 86_400_000;

export function createDashboardService(deps: { cache: DashboardCache }) {
  const { cache } = deps;
  return {
    /** GET /api/v1/reports/dashboard — the dashboard's figures, for the caller's tenant and workspace scope. */
    async getDashboard({ actor, scoped }: Caller, tenant?: string, now = new Date()) {
      requirePermission(actor, "can_view_dashboard");
      const scope = portalScope(actor, tenant);
      // Customers see what was published to them; staff viewing a tenant also see unpublished reports.
      const publishedOnly = !isStaffRole(actor.role);
      const monthStart = startOfMonthUtc(now);
      const figures = await cache.figures(scope, publishedOnly, now, async () => {
        const loaded = await scoped(scope, (trx) =>
          queries.loadDashboardFigures(trx, scope, {
            publishedOnly,
            monthStart,
            mttrSince: new Date(now.getTime() - MTTR_WINDOW_MS),
          }),
        );
        if (!loaded) return undefined;
        // Until the next month starts, or the oldest resolution counted leaves the MTTR window.
        const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
        const windowMoves = loaded.oldest_resolution
          ? loaded.oldest_resolution.getTime() + MTTR_WINDOW_MS
          : Number.POSITIVE_INFINITY;
        return { figures: loaded, validUntil: Math.min(nextMonth, windowMoves) };
      });
      // A staff member naming a tenant that does not exist: the same 404 as any missing resource.
      if (!figures) throw notFound("Tenant");

      const countsByType = Object.fromEntries(
        reportTypes.map((type) => [type, figures.by_type[type] ?? 0]),
      ) as Record<ReportType, number>;
      const summary: Record<string, { score: number; status: ComplianceStatus }> = {};
      for (const framework of figures.frameworks) {
        summary[framework.name] = { score: framework.score, status: complianceBand(framework.score) };
      }
      const scores = figures.frameworks.map((framework) => framework.score);
      return {
        tenant_id: scope.tenantId,
        tenant_name: figures.tenant_name,
        user_role: actor.role,
        auth_method: actor.authMethod,
        mfa: actor.mfa,
        quick_stats: {
          total_reports: figures.total_reports,
          reports_this_month: figures.reports_this_month,
          open_incidents: figures.open_incidents,
          alerts_this_month: figures.alerts_this_month,
          compliance_score:
            scores.length > 0 ? roundScore(scores.reduce((a, b) => a + b, 0) / scores.length) : null,
          mttr_hours: figures.mttr_hours === null ? null : round1(figures.mttr_hours),
        },
        recent_reports: figures.recent.map((row) =>
          toReportItem({
            ...row,
            period_start: new Date(row.period_start),
            period_end: new Date(row.period_end),
            generated_at: row.generated_at ? new Date(row.generated_at) : null,
          }),
        ),
        report_counts_by_type: countsByType,
        compliance_summary: summary,
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
