import { ChevronLeft, ChevronRight, FileSearch, Search } from "lucide-react";
import { useId } from "react";
import { Link } from "react-router";
import { useViewedTenant } from "../../app/viewedTenant";
import { Button } from "../../components/Button";
import { Card } from "../../components/Card";
import { ErrorState } from "../../components/ErrorState";
import { focusRing } from "../../components/focus";
import { Skeleton } from "../../components/Skeleton";
import { formatCount, formatDate, formatPeriod } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { useMediaQuery } from "../../lib/useMediaQuery";
import { useNearViewport } from "../../lib/useNearViewport";
import { useReports } from "./api";
import { useFromState } from "./backLink";
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
  const reports = useReports(filters, useViewedTenant().tenant);
  // One layout at a time rather than both with one hidden: half the elements to build and lay out.
  const isWide = useMediaQuery(WIDE_SCREEN);
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
          {isWide ? <ArchiveTable items={reports.data.items} /> : <ArchiveCards items={reports.data.items} />}
          <Pagination
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

function ReportTitleLink({ report, stretched = false }: { report: ReportItem; stretched?: boolean }) {
  const fromState = useFromState();
  const { tenant } = useViewedTenant();
  return (
    <Link
      to={withTenant(reportDetailPath(report.id), tenant)}
      state={fromState}
      className={`rounded font-medium text-slate-900 hover:text-orange-800 hover:underline ${focusRing} ${
        stretched ? "after:absolute after:inset-0" : ""
      }`}
    >
      {report.title}
    </Link>
  );
}

/** Wide screens: the archive table. */
function ArchiveTable({ items }: { items: ReportItem[] }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Reports, newest first</caption>
      <thead className="bg-slate-50 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-600 uppercase">
        <tr>
          <th scope="col" className="px-5 py-3">
            Report
          </th>
          <th scope="col" className="px-3 py-3">
            Period
          </th>
          <th scope="col" className="px-3 py-3">
            Generated
          </th>
          <th scope="col" className="px-3 py-3">
            Status
          </th>
          <th scope="col" className="px-5 py-3 text-right">
            Actions
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {items.map((report) => (
          <tr key={report.id} className="hover:bg-slate-50">
            <th scope="row" className="px-5 py-3 font-normal">
              <div className="flex items-center gap-3">
                <ReportTypeIcon type={report.report_type} />
                <div className="min-w-0">
                  <ReportTitleLink report={report} />
                  <p className="text-xs text-slate-600">{reportTypeLabels[report.report_type]}</p>
                </div>
              </div>
            </th>
            <td className="px-3 py-3 whitespace-nowrap text-slate-700">
              {formatPeriod(report.period_start, report.period_end)}
            </td>
            <td className="px-3 py-3 whitespace-nowrap text-slate-700">{formatDate(report.generated_at)}</td>
            <td className="px-3 py-3">
              <ReportStatusBadge status={report.status} />
            </td>
            <td className="px-5 py-3 text-right">
              <DownloadReportButton report={report} isStatusShown />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Phones: one card per report, the same facts stacked (a five-column table does not fit 390 px). */
function ArchiveCards({ items }: { items: ReportItem[] }) {
  return (
    <ul className="divide-y divide-slate-200">
      {items.map((report) => (
        <li key={report.id} className="relative flex gap-3 px-4 py-4 hover:bg-slate-50">
          <ReportTypeIcon type={report.report_type} />
          <div className="min-w-0 flex-1">
            <ReportTitleLink report={report} stretched />
            <p className="text-xs text-slate-600">{reportTypeLabels[report.report_type]}</p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
              <dt className="text-slate-600">Period</dt>
              <dd className="text-slate-800">{formatPeriod(report.period_start, report.period_end)}</dd>
              <dt className="text-slate-600">Generated</dt>
              <dd className="text-slate-800">{formatDate(report.generated_at)}</dd>
            </dl>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <ReportStatusBadge status={report.status} />
              {report.status === "completed" && <DownloadReportButton report={report} />}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

function Pagination({ page, pageSize, total, onPage }: PaginationProps) {
  const first = Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav
      aria-label="Report archive pages"
      className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3"
    >
      <p role="status" className="text-sm text-slate-600">
        {first > last ? (
          `No reports on page ${page} of ${pageCount}`
        ) : (
          <>
            Showing <span className="font-medium text-slate-900">{formatCount(first)}</span>–
            <span className="font-medium text-slate-900">{formatCount(last)}</span> of{" "}
            <span className="font-medium text-slate-900">{formatCount(total)}</span>
          </>
        )}
      </p>
      <div className="flex gap-2">
        <Button
          variant="secondary"
          className="px-3 py-1.5"
          disabled={page <= 1}
          onClick={() => onPage(Math.min(page - 1, pageCount))}
        >
          <ChevronLeft className="size-4" aria-hidden="true" />
          Previous
        </Button>
        <Button
          variant="secondary"
          className="px-3 py-1.5"
          disabled={page >= pageCount}
          onClick={() => onPage(page + 1)}
        >
          Next
          <ChevronRight className="size-4" aria-hidden="true" />
        </Button>
      </div>
    </nav>
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
