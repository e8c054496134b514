/** Mirrors server/modules/dashboard/dashboard.schemas.ts: the seed's Dashboard Data (SPEC §5.1). */
import type { ComplianceStatus } from "../compliance/compliance.types";
import type { ReportItem, ReportType } from "../reports/reports.types";

export interface QuickStats {
  total_reports: number;
  reports_this_month: number;
  open_incidents: number;
  alerts_this_month: number;
  /** Mean of the framework scores; null when no framework is assessed. */
  compliance_score: number | null;
  /** Mean hours from open to resolved over the last 30 days; null when nothing was resolved. */
  mttr_hours: number | null;
}

/** `GET /api/v1/reports/dashboard` */
export interface DashboardData {
  tenant_id: string;
  tenant_name: string;
  user_role: string;
  auth_method: "sso" | "email";
  mfa: boolean;
  quick_stats: QuickStats;
  /** The newest five. */
  recent_reports: ReportItem[];
  report_counts_by_type: Record<ReportType, number>;
  /** Framework name → score and status. */
  compliance_summary: Record<string, { score: number; status: ComplianceStatus }>;
}
