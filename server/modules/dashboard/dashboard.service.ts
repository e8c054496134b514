import { type Actor, requirePermission } from "../../auth/permissions";
import { portalScope } from "../../auth/scope";
import type { RunScoped } from "../../db/scope";
import { notFound } from "../../http/errors";
import type { ComplianceService } from "../compliance/compliance.service";
import type { ReportService } from "../reports/reports.service";
import * as queries from "./dashboard.queries";

const round1 = (value: number) => Math.round(value * 10) / 10;

export function startOfMonthUtc(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function createDashboardService(deps: {
  runScoped: RunScoped;
  reports: ReportService;
  compliance: ComplianceService;
}) {
  const { runScoped, reports, compliance } = deps;

  return {
    /** GET /api/v1/reports/dashboard — the seed's Dashboard Data, for the caller's tenant and workspace scope. */
    async getDashboard(actor: Actor, tenant?: string, now = new Date()) {
      requirePermission(actor, "can_view_dashboard");
      const scope = portalScope(actor, tenant);
      const monthStart = startOfMonthUtc(now);
      const thirtyDaysAgo = new Date(now.getTime() - 30 * 86_400_000);

      const figures = await runScoped(scope, async (trx) => {
        const tenantName = await queries.getTenantName(trx, scope);
        if (tenantName === undefined) return null;
        const [reportFigures, complianceFigures, openIncidents, alerts, mttr] = await Promise.all([
          reports.reportFigures(trx, actor, scope, monthStart),
          compliance.summaryFigures(trx, scope),
          queries.countOpenIncidents(trx, scope),
          queries.sumAlertsSince(trx, scope, monthStart.toISOString().slice(0, 10)),
          queries.meanHoursToResolve(trx, scope, thirtyDaysAgo),
        ]);
        return { tenantName, reportFigures, complianceFigures, openIncidents, alerts, mttr };
      });
      // A staff member naming a tenant that does not exist: the same 404 as any missing resource.
      if (!figures) throw notFound("Tenant");

      return {
        tenant_id: scope.tenantId,
        tenant_name: figures.tenantName,
        user_role: actor.role,
        auth_method: actor.authMethod,
        mfa: actor.mfa,
        quick_stats: {
          total_reports: figures.reportFigures.total,
          reports_this_month: figures.reportFigures.thisMonth,
          open_incidents: figures.openIncidents,
          alerts_this_month: figures.alerts,
          compliance_score: figures.complianceFigures.mean,
          mttr_hours: figures.mttr === null ? null : round1(figures.mttr),
        },
        recent_reports: figures.reportFigures.recent,
        report_counts_by_type: figures.reportFigures.countsByType,
        compliance_summary: figures.complianceFigures.summary,
      };
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
