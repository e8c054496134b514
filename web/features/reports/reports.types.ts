import { isReportType, reportTypeLabels, reportTypes } from "../../../contracts/report-types";
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

/** The report types and their labels, declared once beside the contract (plain data, no schema library). */
export { isReportType, reportTypeLabels, reportTypes };

/** The PDF of a completed report; the server answers it as an attachment (409 while it is still generating). */
export function reportPdfUrl(id: string): string {
  return `/api/v1/reports/${encodeURIComponent(id)}/pdf`;
}

export function reportDetailPath(id: string): string {
  return `/customer-portal/reports/${encodeURIComponent(id)}`;
}
