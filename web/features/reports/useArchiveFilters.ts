import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { useDebouncedValue } from "../../lib/useDebouncedValue";
import { isReportType, type ReportFilters } from "./reports.types";

const SEARCH_DELAY_MS = 300;

/** The archive's search, type and page as the URL's query states them. */
export function archiveFiltersOf(params: URLSearchParams): ReportFilters {
  const type = params.get("type") ?? "";
  return {
    q: params.get("q") ?? "",
    type: isReportType(type) ? type : "",
    page: Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1),
  };
}

/**
 * The archive's search, type and page, kept in the URL (`?q=&type=&page=`) so a filtered list survives a reload
 * and the way back from a report. The search box updates the URL once typing pauses.
 */
export function useArchiveFilters() {
  const [params, setParams] = useSearchParams();
  const filters = archiveFiltersOf(params);
  const { q, type } = filters;

  const [searchText, setSearchText] = useState(q);
  const debouncedSearch = useDebouncedValue(searchText.trim(), SEARCH_DELAY_MS);
  const lastPushedSearch = useRef(q);

  const update = useCallback(
    (changes: { q?: string; type?: string; page?: number }) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === "" || value === undefined || (key === "page" && value === 1)) next.delete(key);
            else next.set(key, String(value));
          }
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [setParams],
  );

  // Typing paused: search, from the first page.
  useEffect(() => {
    if (debouncedSearch === lastPushedSearch.current) return;
    lastPushedSearch.current = debouncedSearch;
    update({ q: debouncedSearch, page: 1 });
  }, [debouncedSearch, update]);

  // The URL changed by other means (back/forward, a link): show its search in the box.
  useEffect(() => {
    if (q === lastPushedSearch.current) return;
    lastPushedSearch.current = q;
    setSearchText(q);
  }, [q]);

  return {
    filters,
    searchText,
    setSearchText,
    setType: (value: string) => update({ type: isReportType(value) ? value : "", page: 1 }),
    setPage: (value: number) => update({ page: value }),
    clear: () => {
      lastPushedSearch.current = "";
      setSearchText("");
      update({ q: "", type: "", page: 1 });
    },
    isFiltered: q !== "" || type !== "",
  };
}
