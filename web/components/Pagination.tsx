import { ChevronLeft, ChevronRight } from "lucide-react";
import { formatCount } from "../lib/format";
import { Button } from "./Button";

interface PaginationProps {
  /** The navigation's name, e.g. "Report archive pages". */
  label: string;
  /** What is counted, plural: "No reports on page 3 of 2". */
  noun: string;
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

/** Under a paged list: which rows are shown ("Showing 21–40 of 57", announced when it changes), Previous and Next. */
export function Pagination({ label, noun, page, pageSize, total, onPage }: PaginationProps) {
  const first = Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav
      aria-label={label}
      className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3"
    >
      <p role="status" className="text-sm text-slate-600">
        {first > last ? (
          `No ${noun} on page ${page} of ${pageCount}`
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
