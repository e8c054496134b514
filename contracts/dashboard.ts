import { type Static, Type } from "typebox";
import { AuthMethodSchema, RoleSchema } from "./auth";
import { ComplianceStatusSchema } from "./compliance";
import { ReportItem, type ReportType, reportTypes } from "./reports";

const Count = Type.Integer({ minimum: 0 });

/** GET /api/v1/reports/dashboard: the customer dashboard's figures for the caller's tenant and workspaces. */
export const DashboardResponse = Type.Object(
  {
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
  },
  {
    description: "The dashboard's figures.",
    examples: [
      {
        tenant_id: "3d0af42e-092e-4fbd-9d84-8def3e4009e7",
        tenant_name: "Northwind Health Systems",
        user_role: "customer_viewer",
        auth_method: "sso",
        mfa: true,
        quick_stats: {
          total_reports: 26,
          reports_this_month: 3,
          open_incidents: 5,
          alerts_this_month: 1864,
          compliance_score: 84.2,
          mttr_hours: 6.4,
        },
        recent_reports: [],
        report_counts_by_type: {
          executive_monthly: 12,
          sla_performance: 6,
          compliance_status: 4,
          detection_coverage: 3,
          assessment: 1,
        },
        compliance_summary: { "NIST 800-53": { score: 91.3, status: "compliant" } },
      },
    ],
  },
);
export type DashboardResponse = Static<typeof DashboardResponse>;
