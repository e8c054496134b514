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
import { formatDateTime } from "../../lib/format";
import { useMediaQuery } from "../../lib/useMediaQuery";
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
  const isWide = useMediaQuery(WIDE_SCREEN);
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
          {(entries) => (isWide ? <EntryTable entries={entries} /> : <EntryCards entries={entries} />)}
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

function EntryTable({ entries }: { entries: AccessLogEntry[] }) {
  return (
    <table className="w-full table-fixed text-left text-sm">
      <caption className="sr-only">Accesses, newest first</caption>
      <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
        <tr>
          <th scope="col" className="w-44 px-5 py-3">
            When
          </th>
          <th scope="col" className="w-56 px-3 py-3">
            Who
          </th>
          <th scope="col" className="px-3 py-3">
            What
          </th>
          <th scope="col" className="w-32 px-3 py-3">
            Outcome
          </th>
          <th scope="col" className="w-56 px-5 py-3">
            From
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {entries.map((entry) => (
          <tr key={entry.seq}>
            <td className="px-5 py-3 whitespace-nowrap text-slate-700">
              <time dateTime={entry.occurred_at}>{formatDateTime(entry.occurred_at)}</time>
            </td>
            <td className="px-3 py-3">
              <Who entry={entry} />
            </td>
            <td className="px-3 py-3 break-words text-slate-700">{entry.description}</td>
            <td className="px-3 py-3">
              <Outcome entry={entry} />
            </td>
            <td className="truncate px-5 py-3 text-xs text-slate-600" title={origin(entry)}>
              {origin(entry)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EntryCards({ entries }: { entries: AccessLogEntry[] }) {
  return (
    <ul className="divide-y divide-slate-200">
      {entries.map((entry) => (
        <li key={entry.seq} className="space-y-1 px-4 py-3 text-sm">
          <div className="flex items-start justify-between gap-3">
            <Who entry={entry} />
            <Outcome entry={entry} />
          </div>
          <p className="text-slate-700">{entry.description}</p>
          <p className="text-xs text-slate-600">
            <time dateTime={entry.occurred_at}>{formatDateTime(entry.occurred_at)}</time>
          </p>
          <p className="truncate text-xs text-slate-600">{origin(entry)}</p>
        </li>
      ))}
    </ul>
  );
}
