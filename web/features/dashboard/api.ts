import { queryOptions, useQuery } from "@tanstack/react-query";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { api } from "../../lib/api";

export const dashboardKey = ["dashboard"] as const;

export const dashboardQuery = queryOptions({
  queryKey: dashboardKey,
  queryFn: ({ signal }) => api.get<DashboardResponse>("/api/v1/reports/dashboard", signal),
});

export function useDashboard() {
  return useQuery(dashboardQuery);
}
