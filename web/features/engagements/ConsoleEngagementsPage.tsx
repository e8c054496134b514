import { Briefcase } from "lucide-react";
import { type ReactNode, useId, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { StaffEngagementList } from "../../../contracts/engagements";
import { BackLink } from "../../components/BackLink";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { FilterField } from "../../components/FilterField";
import { focusRing } from "../../components/focus";
import { NewItemButton } from "../../components/NewItemButton";
import { PageHeader } from "../../components/PageHeader";
import { SkeletonRows } from "../../components/Skeleton";
import { formatPercent } from "../../lib/format";
import { useWorkspaceOptions, type WorkspaceOption } from "../client-tokens/api";
import { useStaffEngagements } from "./api";
import { EngagementEditor } from "./console/EngagementEditor";
import { NewEngagementForm } from "./console/NewEngagementForm";
import { EngagementStatusBadge } from "./labels";

type StaffEngagementSummary = StaffEngagementList["items"][number];

/**
 * `/console/engagements`: every engagement across tenants (filter by tenant), a form for a new one, and the editor
 * of the one chosen (`?engagement=<id>`). Wide screens show the list beside the editor; phones show one at a time.
 */
export function ConsoleEngagementsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const tenant = searchParams.get("tenant") ?? "";
  const selectedId = searchParams.get("engagement") ?? "";
  const [isCreating, setCreating] = useState(false);
  const newButtonRef = useRef<HTMLButtonElement>(null);
  /** The editor takes focus when the reader chose an engagement (not when the page opens on one). */
  const [focusEditor, setFocusEditor] = useState(false);
  const workspaces = useWorkspaceOptions();
  const engagements = useStaffEngagements(tenant);

  const searchFor = (changes: Record<string, string>) => {
    const next = new URLSearchParams(searchParams);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const search = next.toString();
    return search ? `?${search}` : "";
  };

  return (
    <>
      <PageHeader
        title="Engagements"
        description="Plan advisory engagements and keep clients up to date: they follow phases, milestones and updates live in their portal."
        actions={
          <NewItemButton
            buttonRef={newButtonRef}
            isOpen={isCreating}
            onToggle={() => setCreating((open) => !open)}
          >
            New engagement
          </NewItemButton>
        }
      />
      {isCreating && (
        <div className="mb-6">
          <NewEngagementForm
            workspaces={workspaces}
            defaultTenant={tenant}
            onCancel={() => {
              setCreating(false);
              newButtonRef.current?.focus();
            }}
            onCreated={(engagement) => {
              setCreating(false);
              setFocusEditor(true);
              // The new engagement's tenant may be filtered out: show all tenants then.
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  next.set("engagement", engagement.id);
                  if (next.get("tenant") && next.get("tenant") !== engagement.tenantId) next.delete("tenant");
                  return next;
                },
                { replace: false },
              );
            }}
          />
        </div>
      )}
      <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-[18rem_minmax(0,1fr)] xl:grid-cols-[20rem_minmax(0,1fr)]">
        <EngagementListPanel
          className={selectedId ? "hidden lg:block" : ""}
          engagements={engagements}
          tenants={tenantsOf(workspaces.data?.items ?? [], engagements.data?.items ?? [])}
          tenant={tenant}
          selectedId={selectedId}
          onTenantChange={(value) =>
            setSearchParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (value) next.set("tenant", value);
                else next.delete("tenant");
                return next;
              },
              { replace: true },
            )
          }
          linkTo={(id) => ({ search: searchFor({ engagement: id }) })}
          onChoose={() => setFocusEditor(true)}
        />
        {selectedId ? (
          <div className="min-w-0">
            <BackLink to={{ search: searchFor({ engagement: "" }) }} className="lg:hidden">
              All engagements
            </BackLink>
            <EngagementEditor key={selectedId} id={selectedId} focusOnLoad={focusEditor} />
          </div>
        ) : (
          <Card className="hidden lg:block">
            <EmptyState icon={Briefcase} title="Choose an engagement">
              Pick an engagement from the list to edit its plan and post updates, or create a new one.
            </EmptyState>
          </Card>
        )}
      </div>
    </>
  );
}

/** The tenants to filter by: every tenant with a workspace, and any other an engagement names. */
function tenantsOf(
  workspaces: readonly WorkspaceOption[],
  engagements: readonly StaffEngagementSummary[],
): { id: string; name: string }[] {
  const names = new Map<string, string>();
  for (const item of [...workspaces, ...engagements]) names.set(item.tenantId, item.tenantName);
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

function EngagementListPanel({
  className,
  engagements,
  tenants,
  tenant,
  selectedId,
  onTenantChange,
  linkTo,
  onChoose,
}: {
  className: string;
  engagements: ReturnType<typeof useStaffEngagements>;
  tenants: { id: string; name: string }[];
  tenant: string;
  selectedId: string;
  onTenantChange: (tenant: string) => void;
  linkTo: (id: string) => { search: string };
  onChoose: () => void;
}) {
  const headingId = useId();
  let body: ReactNode;
  if (engagements.isPending) {
    body = <SkeletonRows label="Loading engagements…" className="p-4" rowClassName="h-16 rounded-md" />;
  } else if (engagements.isError) {
    body = (
      <ErrorState
        what="the engagements"
        error={engagements.error}
        onRetry={() => void engagements.refetch()}
      />
    );
  } else if (engagements.data.items.length === 0) {
    body = (
      <EmptyState icon={Briefcase} title={tenant ? "No engagements for this tenant" : "No engagements yet"}>
        Create one with “New engagement”.
      </EmptyState>
    );
  } else {
    body = (
      <ul className="divide-y divide-slate-200">
        {engagements.data.items.map((engagement) => (
          <li key={engagement.id}>
            <Link
              to={linkTo(engagement.id)}
              onClick={onChoose}
              aria-current={engagement.id === selectedId ? "true" : undefined}
              className={`block border-l-4 px-4 py-3 hover:bg-slate-50 ${focusRing} ${
                engagement.id === selectedId ? "border-l-orange-700 bg-orange-50/60" : "border-l-transparent"
              }`}
            >
              <span className="flex items-start justify-between gap-2">
                <span className="min-w-0 text-sm font-medium break-words text-slate-900">
                  {engagement.name}
                </span>
                <EngagementStatusBadge status={engagement.status} />
              </span>
              <span className="mt-0.5 block text-xs break-words text-slate-600">
                {engagement.tenantName} · {engagement.workspaceName}
              </span>
              <span className="mt-2 flex items-center gap-2">
                <span aria-hidden="true" className="h-1.5 flex-1 overflow-hidden rounded-full bg-slate-200">
                  <span
                    className="block h-full rounded-full bg-green-600"
                    style={{ width: `${engagement.percentComplete}%` }}
                  />
                </span>
                <span className="text-xs font-medium text-slate-700">
                  {formatPercent(engagement.percentComplete)}
                  <span className="sr-only"> complete</span>
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <section
      aria-labelledby={headingId}
      className={`min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm lg:sticky lg:top-6 lg:max-h-[calc(100dvh-3rem)] lg:overflow-y-auto ${className}`}
    >
      <header className="space-y-3 border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          All engagements
        </h2>
        <search>
          <FilterField label="Tenant">
            {(control) => (
              <select {...control} value={tenant} onChange={(event) => onTenantChange(event.target.value)}>
                <option value="">All tenants</option>
                {tenants.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
        </search>
      </header>
      <div aria-busy={engagements.isFetching && !engagements.isPending}>{body}</div>
    </section>
  );
}
