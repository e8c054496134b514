import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { withTenant } from "../../lib/tenantPath";
import type { ReportDetail, ReportFilters, ReportList } from "./reports.types";

export const ARCHIVE_PAGE_SIZE = 20;

export const reportKeys = {
  all: ["reports"] as const,
  list: (filters: ReportFilters, tenant?: string) => ["reports", "list", tenant ?? "own", filters] as const,
  detail: (id: string, tenant?: string) => ["reports", "detail", tenant ?? "own", id] as const,
};

function listPath({ q, type, page }: ReportFilters): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (type) params.set("type", type);
  params.set("page", String(page));
  params.set("pageSize", String(ARCHIVE_PAGE_SIZE));
  return `/api/v1/reports?${params}`;
}

/** A page of the caller's own archive, or (staff) of the customer `tenant`'s. */
export function reportListQuery(filters: ReportFilters, tenant?: string) {
  return queryOptions({
    queryKey: reportKeys.list(filters, tenant),
    queryFn: ({ signal }) => api.get<ReportList>(withTenant(listPath(filters), tenant), signal),
  });
}

/** One page of the archive. The previous page stays on screen while the next one loads (no flashing table). */
export function useReports(filters: ReportFilters, tenant: string | undefined) {
  return useQuery({
    ...reportListQuery(filters, tenant),
    placeholderData: keepPreviousData,
  });
}

export function useReport(id: string, tenant: string | undefined) {
  return useQuery({
    queryKey: reportKeys.detail(id, tenant),
    queryFn: ({ signal }) =>
      api.get<ReportDetail>(withTenant(`/api/v1/reports/${encodeURIComponent(id)}`, tenant), signal),
  });
}
