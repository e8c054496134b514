import { queryOptions, useQuery } from "@tanstack/react-query";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { useViewedTenant, withTenant } from "../../app/viewedTenant";
import { api } from "../../lib/api";

/** The dashboard of the caller's own organisation, or (staff) of the customer `tenant`. */
export function dashboardQuery(tenant?: string) {
  return queryOptions({
    queryKey: ["dashboard", tenant ?? "own"],
    queryFn: ({ signal }) =>
      api.get<DashboardResponse>(withTenant("/api/v1/reports/dashboard", tenant), signal),
  });
}

export function useDashboard() {
  return useQuery(dashboardQuery(useViewedTenant().tenant));
}
