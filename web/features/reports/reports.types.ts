import type {
  ReportDetail,
  ReportItem,
  ReportList,
  ReportStatus,
  ReportType,
} from "../../../contracts/reports";

export type { ReportDetail, ReportItem, ReportList, ReportStatus, ReportType };

export interface ReportFilters {
  q: string;
  type: ReportType | "";
  page: number;
}

/** One label per report type: a type added to the contract fails the type check here until it has one. */
export const reportTypeLabels: Record<ReportType, string> = {
  executive_monthly: "Executive Monthly",
  sla_performance: "SLA Performance",
  compliance_status: "Compliance Status",
  detection_coverage: "Detection Coverage",
  assessment: "Assessment",
};

export const reportTypes = Object.keys(reportTypeLabels) as ReportType[];

export function isReportType(value: string): value is ReportType {
  return value in reportTypeLabels;
}

/** The PDF of a completed report; the server answers it as an attachment (409 while it is still generating). */
export function reportPdfUrl(id: string): string {
  return `/api/v1/reports/${encodeURIComponent(id)}/pdf`;
}

export function reportDetailPath(id: string): string {
  return `/customer-portal/reports/${encodeURIComponent(id)}`;
}
