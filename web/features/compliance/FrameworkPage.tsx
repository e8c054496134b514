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
      {shown.length === 0 ? (
        <p role="status" className="px-5 py-10 text-center text-sm text-slate-600">
          No controls with this status.
        </p>
      ) : (
        <>
          <table className="hidden w-full text-left text-sm md:table">
            <caption className="sr-only">Controls, problems first</caption>
            <thead className="bg-slate-50 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase">
              <tr>
                <th scope="col" className="px-5 py-3">
                  Ref
                </th>
                <th scope="col" className="px-3 py-3">
                  Control
                </th>
                <th scope="col" className="px-3 py-3">
                  Family
                </th>
                <th scope="col" className="px-3 py-3">
                  Status
                </th>
                <th scope="col" className="px-3 py-3">
                  Owner
                </th>
                <th scope="col" className="px-5 py-3">
                  Last assessed
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {shown.map((control) => (
                <tr key={control.ref}>
                  <td className="px-5 py-3 font-mono text-xs whitespace-nowrap text-slate-700">
                    {control.ref}
                  </td>
                  <th scope="row" className="px-3 py-3 font-medium text-slate-900">
                    {control.title}
                  </th>
                  <td className="px-3 py-3 text-slate-700">{control.family}</td>
                  <td className="px-3 py-3">
                    <ControlStatusBadge status={control.status} />
                  </td>
                  <td className="px-3 py-3 text-slate-700">{control.owner ?? NO_VALUE}</td>
                  <td className="px-5 py-3 whitespace-nowrap text-slate-700">
                    {formatDate(control.last_assessed_at)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* Phones: one card per control (six columns do not fit 390 px). */}
          <ul className="divide-y divide-slate-200 md:hidden">
            {shown.map((control) => (
              <li key={control.ref} className="px-4 py-3">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <p className="font-mono text-xs text-slate-700">{control.ref}</p>
                    <p className="text-sm font-medium text-slate-900">{control.title}</p>
                  </div>
                  <ControlStatusBadge status={control.status} />
                </div>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                  <dt className="text-slate-600">Family</dt>
                  <dd className="text-slate-800">{control.family}</dd>
                  <dt className="text-slate-600">Owner</dt>
                  <dd className="text-slate-800">{control.owner ?? NO_VALUE}</dd>
                  <dt className="text-slate-600">Assessed</dt>
                  <dd className="text-slate-800">{formatDate(control.last_assessed_at)}</dd>
                </dl>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
