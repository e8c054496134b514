import { Briefcase, CalendarDays, FileText, Folder } from "lucide-react";
import { Link, useParams } from "react-router";
import type { EngagementClientView } from "../../../contracts/engagements";
import { TenantGate } from "../../app/RequireTenant";
import { BackLink } from "../../components/BackLink";
import { Badge } from "../../components/Badge";
import { Button, buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { DocumentTitle } from "../../components/DocumentTitle";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";
import { LoadedPage } from "../../components/LoadedPage";
import { ProgressBar } from "../../components/ProgressBar";
import { isApiError } from "../../lib/api";
import { formatDateTime, formatPercent, formatPeriod } from "../../lib/format";
import { tenantSearch } from "../../lib/tenantPath";
import { hasPermission } from "../auth/me.types";
import { useCurrentUser } from "../auth/useMe";
import { EngagementApprovals } from "../proposals/EngagementApprovals";
import { useFromState } from "../reports/backLink";
import { ReportStatusBadge } from "../reports/ReportStatusBadge";
import { reportDetailPath } from "../reports/reports.types";
import { useEngagementClientView } from "./api";
import { LiveIndicator } from "./LiveIndicator";
import { EngagementStatusBadge, formatDateRange, milestoneCountText } from "./labels";
import { progressOf } from "./liveEvents";
import { PhaseTimeline } from "./PhaseTimeline";
import { ClientViewNotice } from "./TenantView";
import { type Announcement, useEngagementEvents } from "./useEngagementEvents";

/** `/customer-portal/engagements/:id`: one engagement, kept current by its live events. */
export function EngagementPage() {
  const id = useParams().id ?? "";
  return (
    <TenantGate title="Engagement">
      {(tenant) => <EngagementContent key={`${id}:${tenant ?? ""}`} id={id} tenant={tenant} />}
    </TenantGate>
  );
}

function EngagementContent({ id, tenant }: { id: string; tenant: string | undefined }) {
  const me = useCurrentUser();
  const view = useEngagementClientView(id, tenant);
  // No stream for an engagement that is not there (or not the reader's); a server error may pass.
  const isRefused = isApiError(view.error) && view.error.status < 500;
  const events = useEngagementEvents(id, tenant, !isRefused);

  const listPath = `/customer-portal/engagements${tenantSearch(tenant)}`;

  return (
    <>
      <BackLink to={listPath}>All engagements</BackLink>
      {tenant && (
        <ClientViewNotice
          consolePath={`/console/engagements?${new URLSearchParams({ engagement: id })}`}
          consoleLabel="Edit in the console"
        >
          You are seeing this engagement as the client does: internal notes and updates are left out.
        </ClientViewNotice>
      )}
      <LoadedPage
        query={view}
        title="Engagement"
        loadingLabel="Loading engagement…"
        what="this engagement"
        notFoundTitle="Engagement not found"
        notFound={
          <EmptyState icon={Briefcase} title="This engagement does not exist or is not shared with you">
            <p>Check the link, or find the engagement in your list.</p>
            <Link to={listPath} className={buttonClasses("secondary", "mt-4")}>
              Go to your engagements
            </Link>
          </EmptyState>
        }
      >
        {(data) => {
          const [current] = data.pages;
          const updates = data.pages.flatMap((page) => page.updates.items);
          return (
            current && (
              <>
                <EngagementHeader engagement={current} live={events} />
                <div className="mt-6 grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
                  <Card title="Plan" className="min-w-0 lg:col-span-2">
                    <PhaseTimeline phases={current.phases} highlighted={events.highlighted} />
                  </Card>
                  <div className="min-w-0 space-y-6">
                    {hasPermission(me, "can_view_proposals") && (
                      <EngagementApprovals engagementId={current.id} tenant={tenant} />
                    )}
                    <Card title="Updates">
                      <UpdateTimeline
                        updates={updates}
                        highlighted={events.highlighted}
                        hasOlder={view.hasNextPage}
                        isLoadingOlder={view.isFetchingNextPage}
                        olderError={view.isFetchNextPageError ? view.error : null}
                        onShowOlder={() => void view.fetchNextPage()}
                      />
                    </Card>
                    <Card title="Deliverables">
                      <Deliverables deliverables={current.deliverables} tenant={tenant} />
                    </Card>
                  </div>
                </div>
              </>
            )
          );
        }}
      </LoadedPage>
      <LiveRegion announcements={events.announcements} />
    </>
  );
}

function EngagementHeader({
  engagement,
  live,
}: {
  engagement: EngagementClientView;
  live: ReturnType<typeof useEngagementEvents>;
}) {
  const { done, total } = progressOf(engagement.phases);
  return (
    <header className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <DocumentTitle title={engagement.name} />
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-3">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight break-words text-slate-900">
            {engagement.name}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-700">
            <EngagementStatusBadge status={engagement.status} />
            <span className="inline-flex min-w-0 items-center gap-1.5">
              <Folder className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
              <span className="sr-only">Workspace: </span>
              <span className="break-words">{engagement.workspaceName}</span>
            </span>
            <span className="inline-flex items-center gap-1.5">
              <CalendarDays className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
              <span className="sr-only">Dates: </span>
              {formatDateRange(engagement.startsOn, engagement.endsOn)}
            </span>
          </div>
        </div>
        <LiveIndicator state={live.state} onReconnect={live.reconnect} />
      </div>
      {engagement.summary && (
        <p className="mt-4 max-w-3xl text-sm whitespace-pre-line text-slate-700">{engagement.summary}</p>
      )}
      <div className="mt-5">
        <div className="flex flex-wrap items-baseline justify-between gap-x-4 text-sm">
          <span className="font-semibold text-slate-900">
            {formatPercent(engagement.percentComplete)} complete
          </span>
          <span className="text-slate-700">{milestoneCountText(done, total)}</span>
        </div>
        <ProgressBar
          value={engagement.percentComplete}
          label="Engagement progress"
          tone="success"
          className="mt-2 h-2.5"
        />
      </div>
    </header>
  );
}

function UpdateTimeline({
  updates,
  highlighted,
  hasOlder,
  isLoadingOlder,
  olderError,
  onShowOlder,
}: {
  updates: EngagementClientView["updates"]["items"];
  highlighted: ReadonlySet<string>;
  hasOlder: boolean;
  isLoadingOlder: boolean;
  olderError: Error | null;
  onShowOlder: () => void;
}) {
  if (updates.length === 0) {
    return (
      <p className="text-sm text-slate-600">No updates yet. Your provider's updates will appear here.</p>
    );
  }
  return (
    <>
      <ol aria-label="Updates, newest first" className="space-y-5">
        {updates.map((update) => {
          const isNew = highlighted.has(update.id);
          return (
            <li
              key={update.id}
              className={`relative border-l-2 pl-4 transition-colors duration-700 ${
                isNew ? "border-orange-600" : "border-slate-200"
              }`}
            >
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-600">
                <span className="font-semibold text-slate-800">{update.author ?? "Your provider"}</span>
                <time dateTime={update.createdAt}>{formatDateTime(update.createdAt)}</time>
                {isNew && <Badge tone="warning">New</Badge>}
              </p>
              <p className="mt-1 text-sm break-words whitespace-pre-line text-slate-800">{update.body}</p>
            </li>
          );
        })}
      </ol>
      {olderError && (
        <p role="alert" className="mt-4 text-sm text-red-800">
          Could not load older updates:{" "}
          {isApiError(olderError) ? olderError.message : "the server could not be reached."}
        </p>
      )}
      {hasOlder && (
        <div className="mt-5 border-t border-slate-200 pt-4 text-center">
          <Button variant="secondary" onClick={onShowOlder} disabled={isLoadingOlder}>
            {isLoadingOlder ? "Loading…" : "Show older updates"}
          </Button>
        </div>
      )}
    </>
  );
}

function Deliverables({
  deliverables,
  tenant,
}: {
  deliverables: EngagementClientView["deliverables"];
  tenant: string | undefined;
}) {
  const from = useFromState();
  if (deliverables.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        The engagement's reports are listed here once they are published.
      </p>
    );
  }
  return (
    <ul className="-my-2 divide-y divide-slate-200">
      {deliverables.map((deliverable) => (
        <li key={deliverable.id} className="flex items-start gap-3 py-3">
          <FileText className="mt-0.5 size-5 shrink-0 text-slate-500" aria-hidden="true" />
          <div className="min-w-0 flex-1">
            <Link
              to={`${reportDetailPath(deliverable.id)}${tenantSearch(tenant)}`}
              state={from}
              className={`rounded text-sm font-medium break-words text-orange-800 hover:underline ${focusRing}`}
            >
              {deliverable.title}
            </Link>
            <p className="mt-0.5 text-xs text-slate-600">
              {formatPeriod(deliverable.periodStart, deliverable.periodEnd)}
            </p>
            <div className="mt-1.5">
              <ReportStatusBadge status={deliverable.status} />
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Read out by screen readers as lines are added; never shown. Rendered from the start so additions are heard. */
function LiveRegion({ announcements }: { announcements: Announcement[] }) {
  return (
    <div aria-live="polite" aria-atomic="false" className="sr-only">
      {announcements.map((announcement) => (
        <p key={announcement.id}>{announcement.text}</p>
      ))}
    </div>
  );
}
