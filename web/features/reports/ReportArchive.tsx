import { FileSearch, Search } from "lucide-react";
import { useId } from "react";
import { Link } from "react-router";
import { useViewedTenant } from "../../app/viewedTenant";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ErrorState } from "../../components/ErrorState";
import { focusRing } from "../../components/focus";
import { Pagination } from "../../components/Pagination";
import { Skeleton } from "../../components/Skeleton";
import { type Column, Table } from "../../components/Table";
import { formatDate, formatPeriod } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { useNearViewport } from "../../lib/useNearViewport";
import { useReports } from "./api";
import { type FromState, useFromState } from "./backLink";
import { DownloadReportButton } from "./DownloadReportButton";
import { ReportStatusBadge } from "./ReportStatusBadge";
import { ReportTypeIcon } from "./ReportTypeIcon";
import { type ReportItem, reportDetailPath, reportTypeLabels, reportTypes } from "./reports.types";
import { useArchiveFilters } from "./useArchiveFilters";

/** Tailwind's `md` breakpoint: the table fits from here on. */
const WIDE_SCREEN = "(min-width: 48rem)";

const fieldClasses = `block h-10 w-full rounded-lg border border-slate-300 bg-white text-sm text-slate-900 shadow-sm placeholder:text-slate-500 ${focusRing}`;

interface ReportArchiveProps {
  title?: string;
  /**
   * Below the fold (the dashboard): the list is built once the card comes near the viewport, so a phone's first
   * render is only what it shows. The reports are fetched from the start all the same.
   */
  isBelowFold?: boolean;
}

/** The Report Archive: search, type filter, the table (cards on phones), pagination. */
export function ReportArchive({ title = "Report Archive", isBelowFold = false }: ReportArchiveProps) {
  const archive = useArchiveFilters();
  const [listRef, isNear] = useNearViewport<HTMLDivElement>();
  const { filters } = archive;
  const { tenant } = useViewedTenant();
  const reports = useReports(filters, tenant);
  const searchId = useId();
  const typeId = useId();

  return (
    <Card title={title} flush>
      <search className="flex flex-col gap-3 border-b border-slate-200 px-5 py-4 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor={searchId} className="block text-sm font-medium text-slate-700">
            Search reports
          </label>
          <div className="relative mt-1">
            <Search
              className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500"
              aria-hidden="true"
            />
            <input
              id={searchId}
              type="search"
              value={archive.searchText}
              onChange={(event) => archive.setSearchText(event.target.value)}
              placeholder="Title, type or month"
              maxLength={200}
              autoComplete="off"
              className={`${fieldClasses} pr-3 pl-9`}
            />
          </div>
        </div>
        <div className="sm:w-56">
          <label htmlFor={typeId} className="block text-sm font-medium text-slate-700">
            Type
          </label>
          <select
            id={typeId}
            value={filters.type}
            onChange={(event) => archive.setType(event.target.value)}
            className={`${fieldClasses} mt-1 px-3`}
          >
            <option value="">All types</option>
            {reportTypes.map((type) => (
              <option key={type} value={type}>
                {reportTypeLabels[type]}
              </option>
            ))}
          </select>
        </div>
      </search>

      {isBelowFold && !isNear ? (
        // Still, unlike a loading skeleton: nothing is on its way until the reader comes near.
        <div ref={listRef} className="min-h-80" />
      ) : reports.isPending ? (
        <ArchiveSkeleton />
      ) : reports.isError ? (
        <ErrorState what="the report archive" error={reports.error} onRetry={() => void reports.refetch()} />
      ) : reports.data.total === 0 ? (
        <div className="flex flex-col items-center px-4 py-12 text-center">
          <div className="flex size-12 items-center justify-center rounded-full bg-slate-100">
            <FileSearch className="size-6 text-slate-500" aria-hidden="true" />
          </div>
          <p role="status" className="mt-4 text-base font-semibold text-slate-900">
            No reports found.
          </p>
          {archive.isFiltered && (
            <Button variant="secondary" className="mt-4" onClick={archive.clear}>
              Clear search and filter
            </Button>
          )}
        </div>
      ) : (
        <div
          aria-busy={reports.isPlaceholderData}
          className={reports.isPlaceholderData ? "opacity-60 transition-opacity" : ""}
        >
          <ArchiveTable items={reports.data.items} tenant={tenant} />
          <Pagination
            label="Report archive pages"
            noun="reports"
            page={reports.data.page}
            pageSize={reports.data.page_size}
            total={reports.data.total}
            onPage={archive.setPage}
          />
        </div>
      )}
    </Card>
  );
}

/** What every row's links need, read once per list rather than once per row. */
interface RowContext {
  tenant: string | undefined;
  fromState: FromState;
}

function ReportTitleLink({ report, context }: { report: ReportItem; context: RowContext }) {
  return (
    <Link
      to={withTenant(reportDetailPath(report.id), context.tenant)}
      state={context.fromState}
      className={`rounded font-medium text-slate-900 hover:text-orange-800 hover:underline ${focusRing}`}
    >
      {report.title}
    </Link>
  );
}

const archiveColumns = (context: RowContext): Column<ReportItem>[] => [
  {
    id: "report",
    header: "Report",
    isRowHeader: true,
    className: "font-normal",
    cell: (report) => (
      <div className="flex items-center gap-3">
        <ReportTypeIcon type={report.report_type} />
        <div className="min-w-0">
          <ReportTitleLink report={report} context={context} />
          <p className="text-xs text-slate-600">{reportTypeLabels[report.report_type]}</p>
        </div>
      </div>
    ),
  },
  {
    id: "period",
    header: "Period",
    className: "whitespace-nowrap",
    cell: (report) => formatPeriod(report.period_start, report.period_end),
  },
  {
    id: "generated",
    header: "Generated",
    className: "whitespace-nowrap",
    cell: (report) => formatDate(report.generated_at),
  },
  { id: "status", header: "Status", cell: (report) => <ReportStatusBadge status={report.status} /> },
  {
    id: "actions",
    header: "Actions",
    isActions: true,
    cell: (report) => <DownloadReportButton report={report} isStatusShown tenant={context.tenant} />,
  },
];

/**
 * The archive's page of reports: a table on wide screens, a card per report on phones (a five-column table does
 * not fit 390 px). The server orders and pages it, so no column re-sorts it.
 */
function ArchiveTable({ items, tenant }: { items: ReportItem[]; tenant: string | undefined }) {
  const columns = archiveColumns({ tenant, fromState: useFromState() });
  return (
    <Table
      caption="Reports, newest first"
      columns={columns}
      rows={items}
      rowKey={(report) => report.id}
      empty={null}
      wideQuery={WIDE_SCREEN}
      rowClassName={() => "hover:bg-slate-50"}
    />
  );
}

function ArchiveSkeleton() {
  return (
    <div className="px-5 py-4">
      <p role="status" className="sr-only">
        Loading reports…
      </p>
      <ul className="space-y-4">
        {Array.from({ length: 5 }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
          <li key={index} className="flex items-center gap-3">
            <Skeleton className="size-9 shrink-0" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-4 w-2/3" />
              <Skeleton className="h-3 w-1/3" />
            </div>
            <Skeleton className="hidden h-6 w-20 sm:block" />
          </li>
        ))}
      </ul>
    </div>
  );
}
