import { ChevronRight, FileText } from "lucide-react";
import { Link } from "react-router";
import { useViewedTenant } from "../../app/viewedTenant";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";
import { formatDate, formatPeriod } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { useFromState } from "../reports/backLink";
import { DownloadReportButton } from "../reports/DownloadReportButton";
import { ReportTypeIcon } from "../reports/ReportTypeIcon";
import { type ReportItem, reportDetailPath, reportTypeLabels } from "../reports/reports.types";

/** The newest reports; each row opens the report, and its own button downloads the PDF. */
export function RecentReports({ reports, className = "" }: { reports: ReportItem[]; className?: string }) {
  const fromState = useFromState();
  const { tenant } = useViewedTenant();
  return (
    <Card
      title="Recent Reports"
      className={className}
      flush
      actions={
        <Link
          to={withTenant("/customer-portal/reports", tenant)}
          className={`inline-flex items-center gap-0.5 rounded text-sm font-medium text-orange-800 hover:underline ${focusRing}`}
        >
          View all
          <span className="sr-only"> reports</span>
          <ChevronRight className="size-4" aria-hidden="true" />
        </Link>
      }
    >
      {reports.length === 0 ? (
        <EmptyState icon={FileText} title="No reports yet">
          Your first reports appear here as soon as your provider publishes them.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200">
          {reports.map((report) => (
            <li
              key={report.id}
              className="relative flex items-center gap-3 px-5 py-3.5 hover:bg-slate-50 has-[a:focus-visible]:bg-slate-50"
            >
              <ReportTypeIcon type={report.report_type} />
              <div className="min-w-0 flex-1">
                <Link
                  to={withTenant(reportDetailPath(report.id), tenant)}
                  state={fromState}
                  className={`line-clamp-2 rounded text-sm font-medium text-slate-900 after:absolute after:inset-0 hover:text-orange-800 ${focusRing}`}
                >
                  {report.title}
                </Link>
                <p className="mt-0.5 text-xs text-slate-600">
                  <span className="sr-only">{reportTypeLabels[report.report_type]}, </span>
                  {formatPeriod(report.period_start, report.period_end)}
                  <span aria-hidden="true"> · </span>
                  <span className="sr-only">, </span>
                  {report.generated_at
                    ? `Generated ${formatDate(report.generated_at)}`
                    : report.status === "failed"
                      ? "Not generated"
                      : "Not generated yet"}
                </p>
              </div>
              <div className="shrink-0">
                <DownloadReportButton report={report} tenant={tenant} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
