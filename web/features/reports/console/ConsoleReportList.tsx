import { Download, FileText } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import type { AdminReportItem } from "../../../../contracts/report-console";
import { Badge } from "../../../components/Badge";
import { Button, waitingClasses } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { Dialog, DialogActions } from "../../../components/Dialog";
import { EmptyState } from "../../../components/EmptyState";
import { FilterField } from "../../../components/FilterField";
import { FormError } from "../../../components/FormMessages";
import { focusRing } from "../../../components/focus";
import { LoadedList } from "../../../components/LoadedList";
import { Pagination } from "../../../components/Pagination";
import { type Column, Table } from "../../../components/Table";
import { isApiError } from "../../../lib/api";
import { formatBytes, formatDateTime, formatPeriod } from "../../../lib/format";
import type { useWorkspaceOptions } from "../../client-tokens/api";
import { ReportStatusBadge } from "../ReportStatusBadge";
import { type ReportStatus, reportTypeLabels } from "../reports.types";
import {
  type ConsoleReportFilters,
  consoleReportPdfUrl,
  type ReportAction,
  useConsoleReports,
  useReportAction,
} from "./api";
import { reportStatusOf } from "./filters";

/** Wide enough for the table next to the sidebar; narrower screens get one card per report. */
const WIDE_SCREEN = "(min-width: 80rem)";

const statusLabels: Record<ReportStatus, string> = {
  generating: "Generating",
  completed: "Completed",
  failed: "Failed",
};

const actionLabels: Record<ReportAction, { busy: string; done: (title: string) => string }> = {
  publish: { busy: "Publishing…", done: (title) => `“${title}” is published: its customer sees it.` },
  unpublish: { busy: "Withdrawing…", done: (title) => `“${title}” is withdrawn from its customer's portal.` },
  regenerate: { busy: "Starting…", done: (title) => `“${title}” is being generated again.` },
};

/** The server's message for a refused action, or what a 404 means here. */
function actionMessage(error: unknown): string {
  if (!isApiError(error)) return "The server could not be reached. Try again.";
  if (error.status === 404) return "This report no longer exists. Reload the page.";
  return error.message;
}

/**
 * What changed between two readings of the list, for screen readers: a report that was generating and now is
 * completed or failed. Reports not on both pages are left out.
 */
export function finishedSince(
  previous: Map<string, ReportStatus>,
  items: readonly AdminReportItem[],
): string[] {
  return items
    .filter((report) => previous.get(report.id) === "generating" && report.status !== "generating")
    .map((report) =>
      report.status === "completed"
        ? `“${report.title}” is ready.`
        : `“${report.title}” failed to generate${report.error ? `: ${report.error}` : ""}.`,
    );
}

interface ConsoleReportListProps {
  filters: ConsoleReportFilters;
  workspaces: ReturnType<typeof useWorkspaceOptions>;
  onFiltersChange: (changes: Partial<ConsoleReportFilters>) => void;
  /** Said once by the list's live region (a report just asked for). */
  notice: string;
}

/** Every tenant's reports with their filters; statuses change live while any of them is generating. */
export function ConsoleReportList({ filters, workspaces, onFiltersChange, notice }: ConsoleReportListProps) {
  const reports = useConsoleReports(filters);
  const action = useReportAction();
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<AdminReportItem | null>(null);
  const statuses = useRef(new Map<string, ReportStatus>());

  useEffect(() => {
    if (notice) setAnnouncement(notice);
  }, [notice]);

  // Each new reading of the list: announce the reports that finished since the last one.
  useEffect(() => {
    const items = reports.data?.items;
    if (!items) return;
    const finished = finishedSince(statuses.current, items);
    if (finished.length > 0) setAnnouncement(finished.join(" "));
    statuses.current = new Map(items.map((report) => [report.id, report.status]));
  }, [reports.data]);

  const act = (report: AdminReportItem, kind: ReportAction) => {
    if (action.isPending) return;
    setFailure(null);
    action.mutate(
      { report, action: kind },
      {
        onSuccess: (changed) => {
          setAnnouncement(actionLabels[kind].done(changed.title));
          setConfirming(null);
        },
        onError: (error) => {
          setConfirming(null);
          setFailure(`${report.title}: ${actionMessage(error)}`);
        },
      },
    );
  };

  const tenants = tenantOptions(workspaces);
  const isFiltered = Boolean(filters.tenant || filters.status || filters.published);

  const body = (
    <LoadedList
      query={reports}
      loadingLabel="Loading reports…"
      what="the reports"
      rowClassName="h-14 rounded-md"
    >
      {({ items, total, page, pageSize }) => (
        <>
          <Table
            caption="Reports of every tenant, newest first"
            columns={reportColumns({
              pending: action.isPending ? action.variables : undefined,
              onAct: (report, kind) =>
                kind === "regenerate" && report.status === "completed"
                  ? setConfirming(report)
                  : act(report, kind),
            })}
            rows={items}
            rowKey={(report) => report.id}
            empty={
              <EmptyState
                icon={FileText}
                title={isFiltered ? "Nothing matches these filters" : "No reports yet"}
              >
                {isFiltered ? "Choose other filters to see more." : "Generate one with “Generate report”."}
              </EmptyState>
            }
            wideQuery={WIDE_SCREEN}
            isFixedLayout
            className="rounded-b-xl"
          />
          {total > pageSize && (
            <Pagination
              label="Pages of reports"
              noun="reports"
              page={page}
              pageSize={pageSize}
              total={total}
              onPage={(next) => onFiltersChange({ page: next })}
            />
          )}
        </>
      )}
    </LoadedList>
  );

  return (
    <Card flush>
      <search className="flex flex-wrap gap-4 border-b border-slate-200 px-5 py-4">
        <FilterField label="Tenant" className="w-full sm:w-56">
          {(control) => (
            <select
              {...control}
              value={filters.tenant}
              onChange={(event) => onFiltersChange({ tenant: event.target.value, page: 1 })}
            >
              <option value="">All tenants</option>
              {tenants.map((tenant) => (
                <option key={tenant.id} value={tenant.id}>
                  {tenant.name}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Status" className="w-full sm:w-44">
          {(control) => (
            <select
              {...control}
              value={filters.status}
              onChange={(event) =>
                onFiltersChange({
                  status: reportStatusOf(event.target.value),
                  page: 1,
                })
              }
            >
              <option value="">All statuses</option>
              {(Object.keys(statusLabels) as ReportStatus[]).map((status) => (
                <option key={status} value={status}>
                  {statusLabels[status]}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Published" className="w-full sm:w-44">
          {(control) => (
            <select
              {...control}
              value={filters.published}
              onChange={(event) => {
                const value = event.target.value;
                onFiltersChange({ published: value === "true" || value === "false" ? value : "", page: 1 });
              }}
            >
              <option value="">Published or not</option>
              <option value="true">Published</option>
              <option value="false">Not published</option>
            </select>
          )}
        </FilterField>
      </search>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {failure && <FormError className="mx-5 mt-4">{failure}</FormError>}
      <div aria-busy={reports.isPlaceholderData || undefined}>{body}</div>
      <Dialog
        open={confirming !== null}
        title={confirming ? `Generate “${confirming.title}” again?` : ""}
        onClose={() => setConfirming(null)}
        isBusy={action.isPending}
      >
        <div className="space-y-4 text-sm text-slate-700">
          <p>
            It is rendered again from the workspace's current data. The PDF it has now is dropped at once: its
            SHA-256 fingerprint will no longer verify, and nobody can download the report until the new PDF is
            ready.
          </p>
          {confirming?.published && <p>Its customer keeps seeing it listed, as “generating”, until then.</p>}
          <DialogActions
            isBusy={action.isPending}
            isCancelFocused
            onCancel={() => setConfirming(null)}
            onConfirm={() => confirming && act(confirming, "regenerate")}
          >
            {action.isPending ? "Starting…" : "Generate again"}
          </DialogActions>
        </div>
      </Dialog>
    </Card>
  );
}

/** The tenants that have workspaces, by name, for the filter. */
function tenantOptions(workspaces: ReturnType<typeof useWorkspaceOptions>) {
  const names = new Map<string, string>();
  for (const workspace of workspaces.data?.items ?? []) names.set(workspace.tenantId, workspace.tenantName);
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

function StatusCell({ report }: { report: AdminReportItem }) {
  return (
    <span className="flex flex-col items-start gap-1">
      <ReportStatusBadge status={report.status} />
      {report.status === "failed" && report.error && (
        <span className="text-xs break-words text-red-800">{report.error}</span>
      )}
      {report.status === "generating" && report.attempts > 0 && (
        <span className="text-xs text-slate-600">
          Attempt {report.attempts + 1}
          {report.error && ` (last: ${report.error})`}
        </span>
      )}
    </span>
  );
}

function Generated({ report }: { report: AdminReportItem }) {
  return (
    <span className="block text-xs text-slate-600">
      {report.generatedAt ? (
        <time dateTime={report.generatedAt} className="block whitespace-nowrap text-slate-700">
          {formatDateTime(report.generatedAt)}
        </time>
      ) : (
        <span className="block text-slate-700">Not yet</span>
      )}
      {report.sizeBytes !== null && <span className="block">{formatBytes(report.sizeBytes)}</span>}
      <span className="block">{report.requestedBy ? `By ${report.requestedBy.name}` : "Scheduled"}</span>
    </span>
  );
}

interface ActionsProps {
  report: AdminReportItem;
  pending: { report: AdminReportItem; action: ReportAction } | undefined;
  onAct: (report: AdminReportItem, action: ReportAction) => void;
}

function Actions({ report, pending, onAct }: ActionsProps) {
  const busy = pending?.report.id === report.id ? pending.action : null;
  const button = (kind: ReportAction, label: string) => (
    <Button
      variant="secondary"
      className={`px-2.5 py-1.5 text-xs ${waitingClasses}`}
      aria-disabled={busy !== null || undefined}
      onClick={() => onAct(report, kind)}
    >
      {busy === kind ? actionLabels[kind].busy : label}
      <span className="sr-only"> {report.title}</span>
    </Button>
  );
  return (
    // A column of equal buttons in the table; a row of them at the foot of a card.
    <span className="flex flex-wrap gap-2 xl:flex-col xl:items-stretch">
      {report.status === "completed" && (
        <a
          href={consoleReportPdfUrl(report)}
          download
          className={`inline-flex items-center justify-center gap-1.5 rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-xs font-semibold text-slate-700 shadow-sm hover:bg-slate-50 ${focusRing}`}
        >
          <Download className="size-3.5" aria-hidden="true" />
          PDF<span className="sr-only"> of {report.title}</span>
        </a>
      )}
      {report.published
        ? button("unpublish", "Unpublish")
        : report.status === "completed" && button("publish", "Publish")}
      {report.status === "completed" && button("regenerate", "Regenerate")}
      {report.status === "failed" && button("regenerate", "Retry")}
    </span>
  );
}

function reportColumns(props: Omit<ActionsProps, "report">): Column<AdminReportItem>[] {
  return [
    {
      id: "title",
      header: "Report",
      isRowHeader: true,
      cell: (report) => (
        <>
          <span className="block">{report.title}</span>
          <span className="block text-xs font-normal text-slate-600">
            {reportTypeLabels[report.reportType]}
          </span>
        </>
      ),
    },
    {
      id: "tenant",
      header: "Tenant / workspace",
      className: "w-36",
      cell: (report) => (
        <>
          <span className="block">{report.tenant.name}</span>
          <span className="block text-xs text-slate-600">{report.workspace.name}</span>
        </>
      ),
    },
    {
      id: "period",
      header: "Period",
      className: "w-28",
      cell: (report) => formatPeriod(report.periodStart, report.periodEnd),
    },
    {
      id: "status",
      header: "Status",
      className: "w-32",
      cell: (report) => <StatusCell report={report} />,
    },
    {
      id: "published",
      header: "Published",
      className: "w-32",
      cell: (report) =>
        report.published ? (
          <Badge tone="success">Published</Badge>
        ) : (
          <Badge tone="neutral">Not published</Badge>
        ),
    },
    {
      id: "generated",
      header: "Generated",
      className: "w-36",
      cell: (report) => <Generated report={report} />,
    },
    {
      id: "actions",
      header: "Actions",
      isActions: true,
      className: "w-32",
      cell: (report) => <Actions report={report} {...props} />,
    },
  ];
}
