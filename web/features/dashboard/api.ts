import { useQuery } from "@tanstack/react-query";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { api } from "../../lib/api";
import { withTenant } from "../../lib/tenantPath";

/** The dashboard of the caller's own organisation, or (staff) of the customer `tenant`. */
export function dashboardQuery(tenant?: string) {
  return {
    queryKey: ["dashboard", tenant ?? "own"],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api.get<DashboardResponse>(withTenant("/api/v1/reports/dashboard", tenant), signal),
  };
}

export function useDashboard(tenant: string | undefined) {
  return useQuery(dashboardQuery(tenant));
}
