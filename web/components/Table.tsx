import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { type ReactNode, useMemo, useState } from "react";
import { useMediaQuery } from "../lib/useMediaQuery";
import { focusRing } from "./focus";
import { ScrollRegion } from "./ScrollRegion";

export type SortDirection = "ascending" | "descending";

export interface Column<Row> {
  id: string;
  /** The heading: short text. */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Makes the heading a sort button; rows are ordered by this value (text compared as a reader would). */
  sortValue?: (row: Row) => string | number | null;
  /** The column that names the row: a row heading in the table, the card's title on a narrow screen. */
  isRowHeader?: boolean;
  /** Actions: the heading is read to screen readers only, and cards show the cell at their foot, unlabelled. */
  isActions?: boolean;
  /** Extra classes of the column's cells (widths, wrapping). */
  className?: string;
}

export interface TableProps<Row> {
  /** What the table lists: its caption (read by screen readers) and the name of its scrolling region. */
  caption: string;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  /** The order before a heading is pressed; none: the rows' own order. */
  initialSort?: { column: string; direction: SortDirection };
  /** Classes of one row or card (greying a revoked or archived one). */
  rowClassName?: (row: Row) => string;
  /** Screens at least this wide get the table; narrower ones one card per row. */
  wideQuery?: string;
  /** Rounds the table's foot, for a table that ends its card. */
  className?: string;
  /** Column widths from the columns' classes, not the content (long text truncates or wraps). */
  isFixedLayout?: boolean;
  /**
   * Whether the headings sort. Sorting orders the rows on screen only: a list the server pages passes false
   * while it has more than one page, rather than offer an order it cannot keep.
   */
  isSortable?: boolean;
}

// Made on the first sort: an `Intl` object costs tens of milliseconds of a phone's start-up.
let collator: Intl.Collator | undefined;

function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  // Missing values sort last whichever way the column is ordered.
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  collator ??= new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  return collator.compare(String(a), String(b));
}

/**
 * The console's and portal's lists: a table on a wide screen (sortable headings that are buttons, with `aria-sort`
 * on the sorted one), one card per row on a narrow one (the row's name, then each column as a labelled value), and
 * an empty state instead of an empty table. Sorting is client-side and stable; a list whose order comes from the
 * server leaves `sortValue` out.
 */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  initialSort,
  rowClassName,
  wideQuery = "(min-width: 64rem)",
  className = "",
  isFixedLayout = false,
  isSortable = true,
}: TableProps<Row>) {
  const isWide = useMediaQuery(wideQuery);
  const [sort, setSort] = useState(initialSort ?? null);

  const sorted = useMemo(() => {
    const column = sort && columns.find((candidate) => candidate.id === sort.column);
    const value = column?.sortValue;
    if (!sort || !value || !isSortable) return rows;
    const sign = sort.direction === "ascending" ? 1 : -1;
    return rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => {
        const va = value(a.row);
        const vb = value(b.row);
        if (va === null || vb === null) return compare(va, vb) || a.index - b.index;
        return sign * compare(va, vb) || a.index - b.index;
      })
      .map(({ row }) => row);
  }, [rows, columns, sort, isSortable]);

  if (rows.length === 0) return <>{empty}</>;

  const sortedBy = sort ? columns.find((column) => column.id === sort.column) : undefined;
  const orderNote =
    sortedBy && sort && isSortable ? `, sorted by ${sortedBy.header.toLowerCase()} ${sort.direction}` : "";

  if (!isWide) {
    const title = columns.find((column) => column.isRowHeader);
    const labelled = columns.filter((column) => !column.isRowHeader && !column.isActions);
    const actions = columns.filter((column) => column.isActions);
    return (
      <ul aria-label={caption} className={`divide-y divide-slate-200 overflow-hidden ${className}`}>
        {sorted.map((row) => (
          <li
            key={rowKey(row)}
            className={`space-y-3 px-4 py-4 text-sm text-slate-700 ${rowClassName?.(row) ?? ""}`}
          >
            {title && <div className="font-medium break-words text-slate-900">{title.cell(row)}</div>}
            <dl className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-x-3 gap-y-2">
              {labelled.map((column) => (
                <div key={column.id} className="contents">
                  <dt className="text-slate-600">{column.header}</dt>
                  <dd className="min-w-0 break-words">{column.cell(row)}</dd>
                </div>
              ))}
            </dl>
            {actions.map((column) => (
              <div key={column.id} className="flex flex-wrap gap-2">
                {column.cell(row)}
              </div>
            ))}
          </li>
        ))}
      </ul>
    );
  }

  return (
    <ScrollRegion label={caption} className={className}>
      <table className={`w-full text-left text-sm ${isFixedLayout ? "table-fixed" : ""}`}>
        <caption className="sr-only">
          {caption}
          {orderNote}
        </caption>
        <thead className="bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            {columns.map((column, index) => (
              <HeaderCell
                key={column.id}
                column={isSortable ? column : { ...column, sortValue: undefined }}
                edge={index === 0 || index === columns.length - 1}
                direction={sort?.column === column.id ? sort.direction : null}
                onSort={() =>
                  setSort((current) => ({
                    column: column.id,
                    direction:
                      current?.column === column.id && current.direction === "ascending"
                        ? "descending"
                        : "ascending",
                  }))
                }
              />
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {sorted.map((row) => (
            <tr key={rowKey(row)} className={`align-top text-slate-700 ${rowClassName?.(row) ?? ""}`}>
              {columns.map((column, index) => {
                const padding = index === 0 || index === columns.length - 1 ? "px-5" : "px-3";
                const classes = `${padding} py-3 ${column.isActions ? "text-right" : ""} ${column.className ?? ""}`;
                return column.isRowHeader ? (
                  <th
                    key={column.id}
                    scope="row"
                    className={`font-medium break-words text-slate-900 ${classes}`}
                  >
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.id} className={classes}>
                    {column.cell(row)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

interface HeaderCellProps<Row> {
  column: Column<Row>;
  edge: boolean;
  direction: SortDirection | null;
  onSort: () => void;
}

function HeaderCell<Row>({ column, edge, direction, onSort }: HeaderCellProps<Row>) {
  // A column's width (w-*) is set on its heading too: a fixed layout takes widths from the first row.
  const width =
    column.className
      ?.split(" ")
      .filter((name) => /^(w|min-w|max-w)-/.test(name))
      .join(" ") ?? "";
  const padding = `${edge ? "px-5" : "px-3"} py-3 ${width}`;
  if (column.isActions) {
    return (
      <th scope="col" className={padding}>
        <span className="sr-only">{column.header}</span>
      </th>
    );
  }
  if (!column.sortValue) {
    return (
      <th scope="col" className={padding}>
        {column.header}
      </th>
    );
  }
  const Icon = direction === "ascending" ? ArrowUp : direction === "descending" ? ArrowDown : ArrowUpDown;
  return (
    <th scope="col" aria-sort={direction ?? undefined} className={`${padding} whitespace-nowrap`}>
      <button
        type="button"
        onClick={onSort}
        className={`-mx-1 inline-flex items-center gap-1 rounded px-1 font-semibold tracking-wide uppercase hover:text-slate-900 ${focusRing}`}
      >
        {column.header}
        <Icon className={`size-3.5 ${direction ? "text-slate-900" : "text-slate-400"}`} aria-hidden="true" />
      </button>
    </th>
  );
}
