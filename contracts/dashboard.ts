import { type Static, Type } from "typebox";
import { AuthMethodSchema, RoleSchema } from "./auth";
import { ComplianceStatusSchema } from "./compliance";
import { ReportItem, type ReportType, reportTypes } from "./reports";

const Count = Type.Integer({ minimum: 0 });

/** GET /api/v1/reports/dashboard: the customer dashboard's figures for the caller's tenant and workspaces. */
export const DashboardResponse = Type.Object({
  tenant_id: Type.String(),
  tenant_name: Type.String(),
  user_role: RoleSchema,
  auth_method: AuthMethodSchema,
  mfa: Type.Boolean(),
  quick_stats: Type.Object({
    total_reports: Count,
    reports_this_month: Count,
    open_incidents: Count,
    alerts_this_month: Count,
    /** Mean of the framework scores; null when no framework is assessed. */
    compliance_score: Type.Union([Type.Number(), Type.Null()]),
    /** Mean hours from open to resolved over the last 30 days; null when nothing was resolved. */
    mttr_hours: Type.Union([Type.Number(), Type.Null()]),
  }),
  /** The newest five. */
  recent_reports: Type.Array(ReportItem, { maxItems: 5 }),
  report_counts_by_type: Type.Object(
    Object.fromEntries(reportTypes.map((type) => [type, Count])) as Record<ReportType, typeof Count>,
  ),
  /** Framework name → score and status. */
  compliance_summary: Type.Record(
    Type.String(),
    Type.Object({ score: Type.Number(), status: ComplianceStatusSchema }),
  ),
});
export type DashboardResponse = Static<typeof DashboardResponse>;
