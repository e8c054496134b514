import { useQuery } from "@tanstack/react-query";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { api } from "../../lib/api";

export const dashboardKey = ["dashboard"] as const;

export function useDashboard() {
  return useQuery({
    queryKey: dashboardKey,
    queryFn: ({ signal }) => api.get<DashboardResponse>("/api/v1/reports/dashboard", signal),
  });
}
