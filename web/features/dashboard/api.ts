import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { DashboardData } from "./dashboard.types";

export const dashboardKey = ["dashboard"] as const;

export const dashboardQuery = queryOptions({
  queryKey: dashboardKey,
  queryFn: ({ signal }) => api.get<DashboardData>("/api/v1/reports/dashboard", signal),
});

export function useDashboard() {
  return useQuery(dashboardQuery);
}
