import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { AuditList, AuditVerification } from "../../../contracts/audit";
import { api } from "../../lib/api";

export interface AuditFilters {
  from: string;
  to: string;
  tenant: string;
  action: string;
  outcome: string;
  status: string;
}

/** The filters as a query string (also the exports'); dates are whole UTC days, `to` inclusive. */
export function auditSearch(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.from) params.set("from", `${filters.from}T00:00:00Z`);
  if (filters.to) {
    const next = new Date(`${filters.to}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    params.set("to", next.toISOString());
  }
  for (const key of ["tenant", "action", "outcome", "status"] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  return params;
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ["audit", filters],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = auditSearch(filters);
      params.set("limit", "50");
      if (pageParam) params.set("before", String(pageParam));
      return api.get<AuditList>(`/api/v1/admin/audit?${params}`, signal);
    },
    getNextPageParam: (page) => page.next_before,
    placeholderData: keepPreviousData,
  });
}

export function useAuditVerification() {
  return useQuery({
    queryKey: ["audit", "verify"],
    queryFn: ({ signal }) => api.get<AuditVerification>("/api/v1/admin/audit/verify", signal),
  });
}
