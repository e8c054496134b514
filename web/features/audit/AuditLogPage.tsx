import { Download, ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
import { useState } from "react";
import type { AuditEventItem, AuditOutcome } from "../../../contracts/audit";
import { Badge } from "../../components/Badge";
import { Button, buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { FilterField } from "../../components/FilterField";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/Skeleton";
import { type Column, Table } from "../../components/Table";
import { formatCount, formatDateTime } from "../../lib/format";
import { useTenantNames } from "../tenants/api";
import { type AuditFilters, auditSearch, useAuditLog, useAuditVerification } from "./api";
import { auditActionLabels, auditOutcomeLabels } from "./labels";
import { OlderPages } from "./OlderPages";

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
  const bind = (key: keyof AuditFilters) => ({
    value: filters[key],
    onChange: (event: { target: { value: string } }) => onChange({ ...filters, [key]: event.target.value }),
  });
  return (
    <Card>
      <search className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <FilterField label="From">
          {(control) => <input {...control} type="date" {...bind("from")} />}
        </FilterField>
        <FilterField label="To">
          {(control) => <input {...control} type="date" {...bind("to")} />}
        </FilterField>
        <FilterField label="Tenant">
          {(control) => (
            <select {...control} {...bind("tenant")}>
              <option value="">All tenants</option>
              {tenants.data?.items.map((tenant) => (
                <option key={tenant.id} value={tenant.id}>
                  {tenant.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Action">
          {(control) => (
            <select {...control} {...bind("action")}>
              <option value="">All actions</option>
              {Object.entries(auditActionLabels).map(([action, label]) => (
                <option key={action} value={action}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Outcome">
          {(control) => (
            <select {...control} {...bind("outcome")}>
              <option value="">All outcomes</option>
              {Object.entries(auditOutcomeLabels).map(([outcome, { label }]) => (
                <option key={outcome} value={outcome}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="HTTP status">
          {(control) => (
            <input
              {...control}
              type="number"
              inputMode="numeric"
              min={100}
              max={599}
              placeholder="e.g. 403"
              {...bind("status")}
            />
          )}
        </FilterField>
      </search>
    </Card>
  );
}

function Events({ filters }: { filters: AuditFilters }) {
  const log = useAuditLog(filters);
  return (
    <Card flush title="Events, newest first">
      <OlderPages
        log={log}
        what="the audit log"
        loadingText="Loading events…"
        olderLabel="Show older events"
        empty={
          <EmptyState icon={ScrollText} title="No events">
            <p role="status">Nothing matches these filters.</p>
          </EmptyState>
        }
      >
        {(events) => (
          <Table
            caption="Audit events, newest first"
            columns={eventColumns}
            rows={events}
            rowKey={(event) => String(event.seq)}
            empty={null}
            wideQuery="(min-width: 64rem)"
            isFixedLayout
          />
        )}
      </OlderPages>
    </Card>
  );
}

function whoOf(event: AuditEventItem): string {
  if (event.actor_type === "anonymous") return "Not signed in";
  return event.actor_name ?? `${event.actor_type} ${event.actor_id}`;
}

function fromOf(event: AuditEventItem): string {
  return [event.ip, event.user_agent, event.tenant_id && `tenant ${event.tenant_id}`]
    .filter(Boolean)
    .join(" · ");
}

/** In the server's order (seq, newest first; older pages appended below): no column re-sorts it. */
const eventColumns: Column<AuditEventItem>[] = [
  {
    id: "when",
    header: "When",
    className: "w-48 text-slate-600",
    cell: (event) => (
      <>
        <span className="block font-mono text-xs">#{event.seq}</span>
        <time dateTime={event.occurred_at}>{formatDateTime(event.occurred_at)}</time>
      </>
    ),
  },
  {
    id: "who",
    header: "Who",
    isRowHeader: true,
    className: "w-48 break-words",
    cell: (event) => (
      <>
        {whoOf(event)}
        {event.actor_role && (
          <span className="block text-xs font-normal text-slate-600">{event.actor_role}</span>
        )}
      </>
    ),
  },
  {
    id: "action",
    header: "Action",
    className: "break-words",
    cell: (event) => (
      <>
        {auditActionLabels[event.action as keyof typeof auditActionLabels] ?? event.action}
        {event.resource_id && (
          <span className="block text-xs text-slate-600">
            {event.resource_type} <span className="font-mono break-all">{event.resource_id}</span>
          </span>
        )}
      </>
    ),
  },
  {
    id: "outcome",
    header: "Outcome",
    className: "w-36",
    cell: (event) => {
      const outcome = auditOutcomeLabels[event.outcome as AuditOutcome];
      return (
        <Badge tone={outcome.tone}>
          {outcome.label} · {event.http_status}
        </Badge>
      );
    },
  },
  {
    id: "from",
    header: "From",
    className: "w-56 text-xs text-slate-600",
    cell: (event) => (
      <span className="block truncate" title={fromOf(event)}>
        {fromOf(event) || "—"}
      </span>
    ),
  },
];
