import { ChevronRight, ShieldCheck } from "lucide-react";
import { Link } from "react-router";
import { RequireTenant } from "../../app/RequireTenant";
import { useViewedTenant } from "../../app/viewedTenant";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { focusRing } from "../../components/focus";
import { PageHeader } from "../../components/PageHeader";
import { ProgressBar } from "../../components/ProgressBar";
import { Skeleton } from "../../components/Skeleton";
import { formatCalendarDate, formatDate, formatDecimal, formatPercent } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { useComplianceSummary } from "./api";
import { ComplianceStatusBadge } from "./ComplianceStatusBadge";
import { ControlCounts } from "./ControlCounts";
import { type Framework, frameworkPath, statusTone } from "./compliance.types";
import { ScoreSparkline } from "./ScoreTrend";

export function CompliancePage() {
  return (
    <RequireTenant title="Compliance">
      <ComplianceContent />
    </RequireTenant>
  );
}

function ComplianceContent() {
  const summary = useComplianceSummary(useViewedTenant().tenant);
  const overall =
    summary.data?.overall_score !== null && summary.data?.overall_status ? (
      <div className="flex items-center gap-3 rounded-xl border border-slate-200 bg-white px-4 py-2 shadow-sm">
        <span className="text-sm text-slate-600">Overall score</span>
        <span className="text-xl font-semibold text-slate-900 tabular-nums">
          {formatPercent(summary.data.overall_score)}
        </span>
        <ComplianceStatusBadge status={summary.data.overall_status} />
      </div>
    ) : undefined;

  return (
    <>
      <PageHeader
        title="Compliance"
        description="Your posture against each compliance framework, from the latest control assessments."
        actions={overall}
      />
      {summary.isPending ? (
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
          <p role="status" className="sr-only">
            Loading compliance frameworks…
          </p>
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} className="h-64 rounded-xl" />
          ))}
        </div>
      ) : summary.isError ? (
        <Card>
          <ErrorState what="compliance" error={summary.error} onRetry={() => void summary.refetch()} />
        </Card>
      ) : summary.data.frameworks.length === 0 ? (
        <Card>
          <EmptyState icon={ShieldCheck} title="No frameworks yet">
            Your provider has not assessed any compliance framework for your organisation yet.
          </EmptyState>
        </Card>
      ) : (
        <ul className="grid grid-cols-1 gap-6 md:grid-cols-2 xl:grid-cols-3">
          {summary.data.frameworks.map((framework) => (
            <li key={framework.id}>
              <FrameworkCard framework={framework} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function FrameworkCard({ framework }: { framework: Framework }) {
  const tone = statusTone[framework.status];
  const { tenant } = useViewedTenant();
  const first = framework.trend[0];
  const change = first ? framework.score - first.score : null;
  return (
    <article className="relative flex h-full flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-orange-300">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 className="text-base font-semibold text-slate-900">
            <Link
              to={withTenant(frameworkPath(framework.key), tenant)}
              className={`rounded after:absolute after:inset-0 after:rounded-xl hover:text-orange-800 ${focusRing}`}
            >
              {framework.name}
            </Link>
          </h2>
          <p className="text-xs text-slate-600">{framework.workspace_name}</p>
        </div>
        <ComplianceStatusBadge status={framework.status} />
      </div>

      <p className="mt-4 flex items-baseline gap-2">
        <span className="text-3xl font-semibold text-slate-900 tabular-nums">
          {formatPercent(framework.score)}
        </span>
        {change !== null && Math.abs(change) >= 0.05 && (
          <span className={`text-sm font-medium ${change > 0 ? "text-green-800" : "text-red-700"}`}>
            {change > 0 ? "+" : "−"}
            {formatDecimal(Math.abs(change))} pts
            <span className="sr-only"> since {first ? formatCalendarDate(first.date) : ""}</span>
          </span>
        )}
      </p>
      <ProgressBar value={framework.score} label={`${framework.name} score`} tone={tone} className="mt-2" />

      <div className="mt-4">
        <ScoreSparkline name={framework.name} points={framework.trend} tone={tone} />
        {first && <p className="mt-1 text-xs text-slate-600">Trend since {formatCalendarDate(first.date)}</p>}
      </div>

      <ControlCounts controls={framework.controls} className="mt-4" />

      <p className="mt-auto flex items-center justify-between pt-4 text-sm">
        <span className="text-xs text-slate-600">Updated {formatDate(framework.updated_at)}</span>
        <span className="inline-flex items-center gap-1 font-medium text-orange-800" aria-hidden="true">
          View controls
          <ChevronRight className="size-4" />
        </span>
      </p>
    </article>
  );
}
