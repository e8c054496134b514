import { Download } from "lucide-react";
import { focusRing } from "../../components/focus";
import { withTenant } from "../../lib/tenantPath";
import { ReportStatusBadge } from "./ReportStatusBadge";
import { type ReportItem, reportPdfUrl } from "./reports.types";

interface DownloadReportButtonProps {
  report: Pick<ReportItem, "id" | "title" | "status">;
  /** `compact`: an icon-and-"PDF" button for table rows; `full`: a primary "Download PDF" button. */
  size?: "compact" | "full";
  /** Where the status is already shown (a Status column), a short note replaces the badge. */
  isStatusShown?: boolean;
  /** The customer staff are viewing (`?tenant=`); none for a customer's own report. */
  tenant: string | undefined;
}

/**
 * A plain link to the PDF (the server answers it as an attachment, so the browser downloads it and the session
 * cookie goes along). A report that is not completed has no PDF yet: its status badge stands in for the button.
 */
export function DownloadReportButton({
  report,
  size = "compact",
  isStatusShown = false,
  tenant,
}: DownloadReportButtonProps) {
  const href = withTenant(reportPdfUrl(report.id), tenant);
  if (report.status !== "completed") {
    if (!isStatusShown) return <ReportStatusBadge status={report.status} />;
    return (
      <span className="text-xs whitespace-nowrap text-slate-600">
        {report.status === "generating" ? "Not ready yet" : "No PDF"}
      </span>
    );
  }
  if (size === "full") {
    return (
      <a
        href={href}
        download
        className={`inline-flex items-center justify-center gap-2 rounded-lg bg-orange-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-orange-800 active:bg-orange-900 ${focusRing}`}
      >
        <Download className="size-4" aria-hidden="true" />
        Download PDF
      </a>
    );
  }
  return (
    <a
      href={href}
      download
      className={`relative z-10 inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-xs font-semibold text-slate-700 shadow-sm hover:border-orange-300 hover:bg-orange-50 hover:text-orange-800 ${focusRing}`}
    >
      <Download className="size-3.5" aria-hidden="true" />
      <span className="sr-only">Download </span>
      PDF
      <span className="sr-only"> of {report.title}</span>
    </a>
  );
}
