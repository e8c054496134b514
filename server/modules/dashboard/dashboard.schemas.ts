import { Type } from "typebox";
import { ComplianceStatusSchema } from "../compliance/compliance.schemas";
import { ReportItem } from "../reports/reports.schemas";

const Count = Type.Integer({ minimum: 0 });

/** The seed's Dashboard Data, exactly (SPEC §5.1). */
export const DashboardResponse = Type.Object({
  tenant_id: Type.String(),
  tenant_name: Type.String(),
  user_role: Type.String(),
  auth_method: Type.Union([Type.Literal("sso"), Type.Literal("email")]),
  mfa: Type.Boolean(),
  quick_stats: Type.Object({
    total_reports: Count,
    reports_this_month: Count,
    open_incidents: Count,
    alerts_this_month: Count,
    compliance_score: Type.Union([Type.Number(), Type.Null()]),
    mttr_hours: Type.Union([Type.Number(), Type.Null()]),
  }),
  recent_reports: Type.Array(ReportItem, { maxItems: 5 }),
  report_counts_by_type: Type.Object({
    executive_monthly: Count,
    sla_performance: Count,
    compliance_status: Count,
    detection_coverage: Count,
    assessment: Count,
  }),
  compliance_summary: Type.Record(
    Type.String(),
    Type.Object({ score: Type.Number(), status: ComplianceStatusSchema }),
  ),
});
