import { FileX } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { RequireTenant } from "../../app/RequireTenant";
import { useViewedTenant } from "../../app/viewedTenant";
import { BackLink } from "../../components/BackLink";
import { buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { DocumentTitle } from "../../components/DocumentTitle";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { focusRing } from "../../components/focus";
import { LoadingState } from "../../components/LoadingState";
import { PageHeader } from "../../components/PageHeader";
import { isApiError } from "../../lib/api";
import { formatBytes, formatDateTime, formatPeriod, NO_VALUE } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { useReport } from "./api";
import { useBackLink } from "./backLink";
import { DownloadReportButton } from "./DownloadReportButton";
import { ReportStatusBadge } from "./ReportStatusBadge";
import { ReportTypeIcon } from "./ReportTypeIcon";
import { type ReportDetail, reportTypeLabels } from "./reports.types";

export function ReportDetailPage() {
  return (
    <RequireTenant title="Report">
      <ReportDetailContent id={useParams().id ?? ""} />
    </RequireTenant>
  );
}

function ReportDetailContent({ id }: { id: string }) {
  const { tenant } = useViewedTenant();
  const report = useReport(id, tenant);
  const back = useBackLink();
  const backLink = (
    <BackLink to={withTenant(back.to, back.isDefault ? tenant : undefined)}>{back.label}</BackLink>
  );

  if (report.isPending) {
    return (
      <>
        {backLink}
        <DocumentTitle title="Report" />
        <LoadingState label="Loading report…" />
      </>
    );
  }
  if (isApiError(report.error, 404)) {
    return (
      <>
        {backLink}
        <PageHeader title="Report not found" />
        <Card>
          <EmptyState icon={FileX} title="This report does not exist or is not shared with you">
            <p>Check the link, or find the report in the archive.</p>
            <Link
              to={withTenant("/customer-portal/reports", tenant)}
              className={buttonClasses("secondary", "mt-4")}
            >
              Go to the report archive
            </Link>
          </EmptyState>
        </Card>
      </>
    );
  }
  if (report.isError) {
    return (
      <>
        {backLink}
        <PageHeader title="Report" />
        <Card>
          <ErrorState what="this report" error={report.error} onRetry={() => void report.refetch()} />
        </Card>
      </>
    );
  }

  const data = report.data;
  return (
    <>
      {backLink}
      <PageHeader
        title={data.title}
        actions={<DownloadReportButton report={data} size="full" tenant={tenant} />}
      />
      <Card title="Details">
        <ReportFacts report={data} />
        <StatusNote report={data} />
      </Card>
    </>
  );
}

function ReportFacts({ report }: { report: ReportDetail }) {
  const facts: [string, ReactNode][] = [
    ["Status", <ReportStatusBadge key="status" status={report.status} />],
    [
      "Type",
      <span key="type" className="inline-flex items-center gap-2">
        <ReportTypeIcon type={report.report_type} size="sm" />
        {reportTypeLabels[report.report_type]}
      </span>,
    ],
    ["Period", formatPeriod(report.period_start, report.period_end)],
    ["Generated", formatDateTime(report.generated_at)],
    ["Size", formatBytes(report.size_bytes)],
    ["Workspace", report.workspace_name],
    [
      "SHA-256",
      report.sha256 ? (
        <span key="sha" className="font-mono text-xs break-all text-slate-800">
          {report.sha256}
        </span>
      ) : (
        NO_VALUE
      ),
    ],
  ];
  return (
    <dl className="-mt-3 divide-y divide-slate-200 border-b border-slate-200">
      {facts.map(([term, value]) => (
        <div
          key={term}
          className="grid grid-cols-1 gap-1 py-3 sm:grid-cols-[10rem_minmax(0,1fr)] sm:items-center sm:gap-4"
        >
          <dt className="text-sm font-medium text-slate-600">{term}</dt>
          <dd className="min-w-0 text-sm text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function StatusNote({ report }: { report: ReportDetail }) {
  if (report.status === "completed") {
    return (
      <p className="mt-4 text-sm text-slate-600">
        Anyone holding a copy of this PDF can check that it is genuine and unaltered on the{" "}
        <Link to="/verify" className={`rounded font-medium text-orange-800 hover:underline ${focusRing}`}>
          document verification page
        </Link>
        .
      </p>
    );
  }
  return (
    <p className="mt-4 rounded-lg bg-slate-50 px-4 py-3 text-sm text-slate-700">
      {report.status === "generating"
        ? "This report is still being generated. The PDF can be downloaded here as soon as it is ready."
        : "This report could not be generated, so there is no PDF to download. Contact your provider if you need it."}
    </p>
  );
}
