import { Download, ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
import { useId, useState } from "react";
import type { AuditEventItem, AuditOutcome } from "../../../contracts/audit";
import { Badge } from "../../components/Badge";
import { Button, buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { focusRing } from "../../components/focus";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/Skeleton";
import { formatCount, formatDateTime } from "../../lib/format";
import { type AuditFilters, auditSearch, useAuditLog, useAuditVerification, useTenantNames } from "./api";
import { auditActionLabels, auditOutcomeLabels } from "./labels";

const fieldClasses = `block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm ${focusRing}`;
const noFilters: AuditFilters = { from: "", to: "", tenant: "", action: "", outcome: "", status: "" };

/** `/console/audit`: the whole trail across tenants, its verification, filters and exports. */
export function AuditLogPage() {
  const [filters, setFilters] = useState(noFilters);
  const search = auditSearch(filters);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every API and sign-in request, allowed or refused, in an append-only trail sealed every second."
        actions={
          <div className="flex gap-2">
            <a
              href={`/api/v1/admin/audit/export?format=csv&${search}`}
              download
              className={buttonClasses("secondary")}
            >
              <Download className="size-4" aria-hidden="true" />
              CSV
            </a>
            <a
              href={`/api/v1/admin/audit/export?format=jsonl&${search}`}
              download
              className={buttonClasses("secondary")}
            >
              <Download className="size-4" aria-hidden="true" />
              JSON Lines
            </a>
          </div>
        }
      />
      <div className="space-y-6">
        <Verification />
        <Filters filters={filters} onChange={setFilters} />
        <Events filters={filters} />
      </div>
    </>
  );
}

function Verification() {
  const verification = useAuditVerification();
  if (verification.isPending) return <Skeleton className="h-24 rounded-xl" />;
  if (verification.isError) {
    return (
      <Card>
        <ErrorState
          what="the verification"
          error={verification.error}
          onRetry={() => void verification.refetch()}
        />
      </Card>
    );
  }
  const result = verification.data;
  const Icon = result.intact ? ShieldCheck : ShieldAlert;
  return (
    <Card>
      <div className="flex items-start gap-4">
        <Icon
          className={`size-8 shrink-0 ${result.intact ? "text-green-700" : "text-red-700"}`}
          aria-hidden="true"
        />
        <div className="min-w-0 space-y-1">
          <p className="font-semibold text-slate-900">
            {result.intact ? "Chain intact" : "Audit trail broken"}
          </p>
          <p className="text-sm text-slate-700">
            {result.problem
              ? result.problem.message
              : `${formatCount(result.events)} events in ${formatCount(result.seals)} seals (${formatCount(result.unsealed)} not yet sealed${result.archived > 0 ? `; ${formatCount(result.archived)} older events archived` : ""}).`}
          </p>
          {result.headHash && (
            <p className="truncate font-mono text-xs text-slate-600" title={result.headHash}>
              Newest seal: {result.headHash}
            </p>
          )}
        </div>
        <Button variant="ghost" className="ml-auto" onClick={() => void verification.refetch()}>
          Verify again
        </Button>
      </div>
    </Card>
  );
}

function Filters({
  filters,
  onChange,
}: {
  filters: AuditFilters;
  onChange: (filters: AuditFilters) => void;
}) {
  const tenants = useTenantNames();
  const ids = {
    from: useId(),
    to: useId(),
    tenant: useId(),
    action: useId(),
    outcome: useId(),
    status: useId(),
  };
  const set = (key: keyof AuditFilters) => (event: { target: { value: string } }) =>
    onChange({ ...filters, [key]: event.target.value });
  return (
    <Card>
      <search className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <div>
          <label htmlFor={ids.from} className="block text-sm font-medium text-slate-700">
            From
          </label>
          <input
            id={ids.from}
            type="date"
            value={filters.from}
            onChange={set("from")}
            className={`${fieldClasses} mt-1`}
          />
        </div>
        <div>
          <label htmlFor={ids.to} className="block text-sm font-medium text-slate-700">
            To
          </label>
          <input
            id={ids.to}
            type="date"
            value={filters.to}
            onChange={set("to")}
            className={`${fieldClasses} mt-1`}
          />
        </div>
        <div>
          <label htmlFor={ids.tenant} className="block text-sm font-medium text-slate-700">
            Tenant
          </label>
          <select
            id={ids.tenant}
            value={filters.tenant}
            onChange={set("tenant")}
            className={`${fieldClasses} mt-1`}
          >
            <option value="">All tenants</option>
            {tenants.data?.items.map((tenant) => (
              <option key={tenant.id} value={tenant.id}>
                {tenant.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.action} className="block text-sm font-medium text-slate-700">
            Action
          </label>
          <select
            id={ids.action}
            value={filters.action}
            onChange={set("action")}
            className={`${fieldClasses} mt-1`}
          >
            <option value="">All actions</option>
            {Object.entries(auditActionLabels).map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.outcome} className="block text-sm font-medium text-slate-700">
            Outcome
          </label>
          <select
            id={ids.outcome}
            value={filters.outcome}
            onChange={set("outcome")}
            className={`${fieldClasses} mt-1`}
          >
            <option value="">All outcomes</option>
            {Object.entries(auditOutcomeLabels).map(([outcome, { label }]) => (
              <option key={outcome} value={outcome}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.status} className="block text-sm font-medium text-slate-700">
            HTTP status
          </label>
          <input
            id={ids.status}
            type="number"
            inputMode="numeric"
            min={100}
            max={599}
            placeholder="e.g. 403"
            value={filters.status}
            onChange={set("status")}
            className={`${fieldClasses} mt-1`}
          />
        </div>
      </search>
    </Card>
  );
}

function Events({ filters }: { filters: AuditFilters }) {
  const log = useAuditLog(filters);
  const events = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card flush title="Events, newest first">
      {log.isPending ? (
        <div className="space-y-3 p-5">
          <p role="status" className="sr-only">
            Loading events…
          </p>
          {[0, 1, 2, 3].map((row) => (
            <Skeleton key={row} className="h-10 rounded-md" />
          ))}
        </div>
      ) : log.isError ? (
        <ErrorState what="the audit log" error={log.error} onRetry={() => void log.refetch()} />
      ) : events.length === 0 ? (
        <EmptyState icon={ScrollText} title="No events">
          <p role="status">Nothing matches these filters.</p>
        </EmptyState>
      ) : (
        <div aria-busy={log.isPlaceholderData || log.isFetchingNextPage}>
          <ul className="divide-y divide-slate-200">
            {events.map((event) => (
              <EventRow key={event.seq} event={event} />
            ))}
          </ul>
          {log.hasNextPage && (
            <div className="border-t border-slate-200 px-5 py-3 text-center">
              <Button
                variant="secondary"
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? "Loading…" : "Show older events"}
              </Button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}

function EventRow({ event }: { event: AuditEventItem }) {
  const outcome = auditOutcomeLabels[event.outcome as AuditOutcome];
  const action = auditActionLabels[event.action as keyof typeof auditActionLabels] ?? event.action;
  const who =
    event.actor_type === "anonymous"
      ? "Not signed in"
      : (event.actor_name ?? `${event.actor_type} ${event.actor_id}`);
  return (
    <li className="grid gap-1 px-5 py-3 text-sm md:grid-cols-[12rem_minmax(0,1fr)_auto] md:gap-4">
      <p className="text-slate-600">
        <span className="font-mono text-xs">#{event.seq}</span>{" "}
        <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
      </p>
      <div className="min-w-0">
        <p className="text-slate-900">
          <span className="font-medium">{who}</span>
          {event.actor_role && <span className="text-slate-600"> · {event.actor_role}</span>} — {action}
          {event.resource_id && (
            <span className="text-slate-600">
              {" "}
              ({event.resource_type} <span className="font-mono text-xs break-all">{event.resource_id}</span>)
            </span>
          )}
        </p>
        <p className="truncate text-xs text-slate-600">
          {[event.ip, event.user_agent, event.tenant_id && `tenant ${event.tenant_id}`]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </div>
      <p>
        <Badge tone={outcome.tone}>
          {outcome.label} · {event.http_status}
        </Badge>
      </p>
    </li>
  );
}
