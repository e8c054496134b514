import { ShieldQuestionMark } from "lucide-react";
import { useId, useState } from "react";
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
import { ProgressBar } from "../../components/ProgressBar";
import { type Column, Table } from "../../components/Table";
import { isApiError } from "../../lib/api";
import { formatCount, formatDate, formatPercent, NO_VALUE } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { useFramework } from "./api";
import { ComplianceStatusBadge, ControlStatusBadge } from "./ComplianceStatusBadge";
import { ControlCounts } from "./ControlCounts";
import { type Control, type ControlStatus, controlStatusLabels, statusTone } from "./compliance.types";
import { ScoreTrendChart } from "./ScoreTrend";

// Problems first: what needs attention is at the top of the table.
const statusOrder: Record<ControlStatus, number> = { failing: 0, partial: 1, passing: 2, not_applicable: 3 };

export function FrameworkPage() {
  return (
    <RequireTenant title="Compliance">
      <FrameworkContent frameworkKey={useParams().framework ?? ""} />
    </RequireTenant>
  );
}

function FrameworkContent({ frameworkKey }: { frameworkKey: string }) {
  const { tenant } = useViewedTenant();
  const framework = useFramework(frameworkKey, tenant);
  const allFrameworks = withTenant("/customer-portal/compliance", tenant);
  const backLink = <BackLink to={allFrameworks}>All frameworks</BackLink>;

  if (framework.isPending) {
    return (
      <>
        {backLink}
        <DocumentTitle title="Compliance" />
        <LoadingState label="Loading framework…" />
      </>
    );
  }
  if (isApiError(framework.error, 404)) {
    return (
      <>
        {backLink}
        <PageHeader title="Framework not found" />
        <Card>
          <EmptyState icon={ShieldQuestionMark} title="This framework is not assessed for your organisation">
            <p>Check the link, or pick a framework from the compliance overview.</p>
            <Link to={allFrameworks} className={buttonClasses("secondary", "mt-4")}>
              Go to compliance
            </Link>
          </EmptyState>
        </Card>
      </>
    );
  }
  if (framework.isError) {
    return (
      <>
        {backLink}
        <PageHeader title="Compliance" />
        <Card>
          <ErrorState
            what="this framework"
            error={framework.error}
            onRetry={() => void framework.refetch()}
          />
        </Card>
      </>
    );
  }

  const data = framework.data;
  const tone = statusTone[data.status];
  return (
    <>
      {backLink}
      <PageHeader
        title={data.name}
        description={`${data.workspace_name} · updated ${formatDate(data.updated_at)}`}
        actions={<ComplianceStatusBadge status={data.status} />}
      />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card title="Score">
          <p className="text-4xl font-semibold text-slate-900 tabular-nums">{formatPercent(data.score)}</p>
          <p className="mt-1 text-sm text-slate-600">Passing controls out of the applicable ones</p>
          <ProgressBar value={data.score} label={`${data.name} score`} tone={tone} className="mt-3" />
          <ControlCounts controls={data.controls} className="mt-5" />
        </Card>
        <Card title="Trend" className="lg:col-span-2">
          <ScoreTrendChart name={data.name} points={data.trend} tone={tone} />
        </Card>
      </div>
      <ControlsTable controls={data.controls_list} />
    </>
  );
}

function ControlsTable({ controls }: { controls: Control[] }) {
  const [status, setStatus] = useState<ControlStatus | "">("");
  const filterId = useId();
  const shown = controls
    .filter((control) => status === "" || control.status === status)
    .sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.ref.localeCompare(b.ref, "en"));

  return (
    <Card
      title="Controls"
      className="mt-6"
      flush
      actions={
        <div className="flex items-center gap-2">
          <label htmlFor={filterId} className="text-sm text-slate-700">
            Status
          </label>
          <select
            id={filterId}
            value={status}
            onChange={(event) => setStatus(event.target.value as ControlStatus | "")}
            className={`rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm ${focusRing}`}
          >
            <option value="">All ({formatCount(controls.length)})</option>
            {(Object.keys(statusOrder) as ControlStatus[]).map((value) => (
              <option key={value} value={value}>
                {controlStatusLabels[value]} (
                {formatCount(controls.filter((control) => control.status === value).length)})
              </option>
            ))}
          </select>
        </div>
      }
    >
      <Table
        caption="Controls, problems first"
        columns={controlColumns}
        rows={shown}
        rowKey={(control) => control.ref}
        wideQuery="(min-width: 48rem)"
        empty={
          <p role="status" className="px-5 py-10 text-center text-sm text-slate-600">
            No controls with this status.
          </p>
        }
        className="rounded-b-xl"
      />
    </Card>
  );
}

const controlColumns: Column<Control>[] = [
  {
    id: "ref",
    header: "Ref",
    className: "font-mono text-xs whitespace-nowrap",
    sortValue: (control) => control.ref,
    cell: (control) => control.ref,
  },
  {
    id: "title",
    header: "Control",
    isRowHeader: true,
    sortValue: (control) => control.title,
    cell: (control) => control.title,
  },
  {
    id: "family",
    header: "Family",
    sortValue: (control) => control.family,
    cell: (control) => control.family,
  },
  {
    id: "status",
    header: "Status",
    sortValue: (control) => statusOrder[control.status],
    cell: (control) => <ControlStatusBadge status={control.status} />,
  },
  {
    id: "owner",
    header: "Owner",
    sortValue: (control) => control.owner,
    cell: (control) => control.owner ?? NO_VALUE,
  },
  {
    id: "assessed",
    header: "Last assessed",
    className: "whitespace-nowrap",
    sortValue: (control) => control.last_assessed_at,
    cell: (control) => formatDate(control.last_assessed_at),
  },
];
