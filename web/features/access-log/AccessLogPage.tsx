import { Download, History } from "lucide-react";
import { useState } from "react";
import type { AccessLogEntry } from "../../../contracts/audit";
import { RequireTenant } from "../../app/RequireTenant";
import { Badge } from "../../components/Badge";
import { buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { FilterField } from "../../components/FilterField";
import { PageHeader } from "../../components/PageHeader";
import { type Column, Table } from "../../components/Table";
import { formatDateTime } from "../../lib/format";
import { auditActionLabels, auditOutcomeLabels } from "../audit/labels";
import { OlderPages } from "../audit/OlderPages";
import { type AccessLogFilters, accessLogSearch, useAccessLog } from "./api";

const WIDE_SCREEN = "(min-width: 48rem)";

/** What a customer looks for in their log; the other actions are the provider's own. */
const customerActions = [
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "dashboard.view",
  "report.list",
  "report.view",
  "report.download",
  "compliance.view",
  "compliance.framework_view",
  "access_log.view",
  "access_log.export",
  "client_token.issued",
  "client_token.redeemed",
  "client_token.revoked",
] as const;

/** `/customer-portal/access-log`: who accessed the organisation's data, its own people and the provider's staff. */
export function AccessLogPage() {
  return (
    <RequireTenant title="Access log">
      <AccessLog />
    </RequireTenant>
  );
}

function AccessLog() {
  const [filters, setFilters] = useState<AccessLogFilters>({ actor: "", action: "" });
  const log = useAccessLog(filters);
  const people = log.data?.pages[0]?.people ?? [];
  const exportHref = `/api/v1/access-log/export?${accessLogSearch(filters)}`;

  return (
    <>
      <PageHeader
        title="Access log"
        description="Every access to your organisation's data in this portal: by your colleagues and by your provider's staff. Each entry is kept in a tamper-evident trail."
        actions={
          <a href={exportHref} download className={buttonClasses("secondary")}>
            <Download className="size-4" aria-hidden="true" />
            Export CSV
          </a>
        }
      />
      <Card flush>
        <search className="flex flex-col gap-3 border-b border-slate-200 px-5 py-4 sm:flex-row sm:items-end">
          <FilterField label="Person" className="sm:w-64">
            {(control) => (
              <select
                {...control}
                value={filters.actor}
                onChange={(event) => setFilters({ ...filters, actor: event.target.value })}
              >
                <option value="">Everyone</option>
                {people.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
          <FilterField label="Action" className="sm:w-64">
            {(control) => (
              <select
                {...control}
                value={filters.action}
                onChange={(event) => setFilters({ ...filters, action: event.target.value })}
              >
                <option value="">All actions</option>
                {customerActions.map((action) => (
                  <option key={action} value={action}>
                    {auditActionLabels[action]}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
        </search>

        <OlderPages
          log={log}
          what="the access log"
          loadingText="Loading the access log…"
          olderLabel="Show older entries"
          empty={
            <EmptyState icon={History} title="No accesses recorded">
              <p role="status">
                {filters.actor || filters.action
                  ? "Nothing matches these filters."
                  : "Nobody has opened your data yet."}
              </p>
            </EmptyState>
          }
        >
          {(entries) => <EntryTable entries={entries} />}
        </OlderPages>
      </Card>
    </>
  );
}

function Who({ entry }: { entry: AccessLogEntry }) {
  return (
    <span className="flex flex-wrap items-center gap-2">
      <span className="font-medium text-slate-900">{entry.actor.name}</span>
      {entry.actor.is_provider_staff && <Badge tone="info">Provider staff</Badge>}
    </span>
  );
}

function Outcome({ entry }: { entry: AccessLogEntry }) {
  const { label, tone } = auditOutcomeLabels[entry.outcome];
  return <Badge tone={tone}>{label}</Badge>;
}

/** Where the request came from: shown for the organisation's own people only. */
function origin(entry: AccessLogEntry): string {
  if (entry.actor.is_provider_staff) return "Withheld (provider network)";
  return [entry.ip, entry.user_agent].filter(Boolean).join(" · ") || "—";
}

const entryColumns: Column<AccessLogEntry>[] = [
  {
    id: "when",
    header: "When",
    className: "w-44 whitespace-nowrap",
    cell: (entry) => <time dateTime={entry.occurred_at}>{formatDateTime(entry.occurred_at)}</time>,
  },
  { id: "who", header: "Who", isRowHeader: true, className: "w-56", cell: (entry) => <Who entry={entry} /> },
  { id: "what", header: "What", className: "break-words", cell: (entry) => entry.description },
  { id: "outcome", header: "Outcome", className: "w-32", cell: (entry) => <Outcome entry={entry} /> },
  {
    id: "from",
    header: "From",
    className: "w-56 text-xs text-slate-600",
    cell: (entry) => (
      <span className="block truncate" title={origin(entry)}>
        {origin(entry)}
      </span>
    ),
  },
];

/** Newest first, in the server's order (older pages are appended below): no column re-sorts it. */
function EntryTable({ entries }: { entries: AccessLogEntry[] }) {
  return (
    <Table
      caption="Accesses, newest first"
      columns={entryColumns}
      rows={entries}
      rowKey={(entry) => String(entry.seq)}
      empty={null}
      wideQuery={WIDE_SCREEN}
      isFixedLayout
    />
  );
}
