import { Briefcase, CalendarDays, Folder } from "lucide-react";
import { Link } from "react-router";
import type { EngagementSummary } from "../../../contracts/engagements";
import { TenantGate } from "../../app/RequireTenant";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { PageHeader } from "../../components/PageHeader";
import { ProgressBar } from "../../components/ProgressBar";
import { Skeleton } from "../../components/Skeleton";
import { formatPercent } from "../../lib/format";
import { tenantSearch } from "../../lib/tenantPath";
import { useEngagements } from "./api";
import { EngagementStatusBadge, formatDateRange, milestoneCountText } from "./labels";

/** `/customer-portal/engagements`: the customer's advisory engagements, each with its progress. */
export function EngagementsPage() {
  return (
    <TenantGate title="Engagements">
      {(tenant) => (
        <>
          <PageHeader
            title="Engagements"
            description="Follow your advisory engagements as they progress: phases, milestones, updates and deliverables."
          />
          <EngagementList tenant={tenant} />
        </>
      )}
    </TenantGate>
  );
}

function EngagementList({ tenant }: { tenant: string | undefined }) {
  const engagements = useEngagements(tenant);

  if (engagements.isPending) {
    return (
      <div className="grid gap-4 lg:grid-cols-2">
        <p role="status" className="sr-only">
          Loading engagements…
        </p>
        {[0, 1].map((card) => (
          <Skeleton key={card} className="h-48 rounded-xl" />
        ))}
      </div>
    );
  }
  if (engagements.isError) {
    return (
      <Card>
        <ErrorState
          what="your engagements"
          error={engagements.error}
          onRetry={() => void engagements.refetch()}
        />
      </Card>
    );
  }
  if (engagements.data.items.length === 0) {
    return (
      <Card>
        <EmptyState icon={Briefcase} title="No engagements yet">
          When your provider starts an advisory engagement with you, its plan and progress appear here.
        </EmptyState>
      </Card>
    );
  }
  return (
    <ul className="grid gap-4 lg:grid-cols-2">
      {engagements.data.items.map((engagement) => (
        <EngagementCard key={engagement.id} engagement={engagement} tenant={tenant} />
      ))}
    </ul>
  );
}

function EngagementCard({
  engagement,
  tenant,
}: {
  engagement: EngagementSummary;
  tenant: string | undefined;
}) {
  const { done, total } = engagement.milestones;
  return (
    // The name's link covers the whole card; the card shows the link's focus ring.
    <li className="relative flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:border-slate-300 hover:shadow has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-orange-700">
      <div className="flex flex-col items-start gap-2">
        <h2 className="max-w-full text-base font-semibold break-words text-slate-900">
          <Link
            to={`/customer-portal/engagements/${encodeURIComponent(engagement.id)}${tenantSearch(tenant)}`}
            className="after:absolute after:inset-0 after:rounded-xl hover:underline focus-visible:outline-none"
          >
            {engagement.name}
          </Link>
        </h2>
        <EngagementStatusBadge status={engagement.status} />
      </div>
      <dl className="mt-3 space-y-1.5 text-sm text-slate-700">
        <div className="flex items-start gap-2">
          <dt>
            <Folder className="mt-0.5 size-4 text-slate-500" aria-hidden="true" />
            <span className="sr-only">Workspace</span>
          </dt>
          <dd className="min-w-0 break-words">{engagement.workspaceName}</dd>
        </div>
        <div className="flex items-start gap-2">
          <dt>
            <CalendarDays className="mt-0.5 size-4 text-slate-500" aria-hidden="true" />
            <span className="sr-only">Dates</span>
          </dt>
          <dd>{formatDateRange(engagement.startsOn, engagement.endsOn)}</dd>
        </div>
      </dl>
      <div className="mt-auto pt-4">
        <div className="flex items-baseline justify-between gap-3 text-sm">
          <span className="text-slate-700">{milestoneCountText(done, total)}</span>
          <span className="font-semibold text-slate-900">{formatPercent(engagement.percentComplete)}</span>
        </div>
        <ProgressBar
          value={engagement.percentComplete}
          label={`${engagement.name}: progress`}
          tone="success"
          className="mt-2"
        />
      </div>
    </li>
  );
}
