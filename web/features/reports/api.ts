import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { ReportDetail, ReportFilters, ReportList } from "./reports.types";

export const ARCHIVE_PAGE_SIZE = 20;

export const reportKeys = {
  all: ["reports"] as const,
  list: (filters: ReportFilters) => ["reports", "list", filters] as const,
  detail: (id: string) => ["reports", "detail", id] as const,
};

function listPath({ q, type, page }: ReportFilters): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (type) params.set("type", type);
  params.set("page", String(page));
  params.set("pageSize", String(ARCHIVE_PAGE_SIZE));
  return `/api/v1/reports?${params}`;
}

export function reportListQuery(filters: ReportFilters) {
  return queryOptions({
    queryKey: reportKeys.list(filters),
    queryFn: ({ signal }) => api.get<ReportList>(listPath(filters), signal),
  });
}

/** One page of the archive. The previous page stays on screen while the next one loads (no flashing table). */
export function useReports(filters: ReportFilters) {
  return useQuery({ ...reportListQuery(filters), placeholderData: keepPreviousData });
}

export function useReport(id: string) {
  return useQuery({
    queryKey: reportKeys.detail(id),
    queryFn: ({ signal }) => api.get<ReportDetail>(`/api/v1/reports/${encodeURIComponent(id)}`, signal),
  });
}
