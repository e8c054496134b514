/** Mirrors server/modules/reports/reports.schemas.ts (the seed's Report Item, plus size and digest). */

export const reportTypes = [
  "executive_monthly",
  "sla_performance",
  "compliance_status",
  "detection_coverage",
  "assessment",
] as const;

export type ReportType = (typeof reportTypes)[number];
export type ReportStatus = "completed" | "generating" | "failed";

export interface ReportItem {
  id: string;
  report_type: ReportType;
  title: string;
  /** ISO 8601 UTC, inclusive. */
  period_start: string;
  /** ISO 8601 UTC, exclusive. */
  period_end: string;
  generated_at: string | null;
  status: ReportStatus;
  size_bytes: number | null;
  sha256: string | null;
}

/** `GET /api/v1/reports/:id` */
export interface ReportDetail extends ReportItem {
  workspace_id: string;
  workspace_name: string;
  snapshot_sha256: string | null;
}

/** `GET /api/v1/reports` */
export interface ReportList {
  items: ReportItem[];
  total: number;
  page: number;
  page_size: number;
}

export interface ReportFilters {
  q: string;
  type: ReportType | "";
  page: number;
}

export const reportTypeLabels: Record<ReportType, string> = {
  executive_monthly: "Executive Monthly",
  sla_performance: "SLA Performance",
  compliance_status: "Compliance Status",
  detection_coverage: "Detection Coverage",
  assessment: "Assessment",
};

export function isReportType(value: string): value is ReportType {
  return (reportTypes as readonly string[]).includes(value);
}

/** The PDF of a completed report; the server answers it as an attachment (409 while it is still generating). */
export function reportPdfUrl(id: string): string {
  return `/api/v1/reports/${encodeURIComponent(id)}/pdf`;
}

export function reportDetailPath(id: string): string {
  return `/customer-portal/reports/${encodeURIComponent(id)}`;
}
