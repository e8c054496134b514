import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { ComplianceSummary, FrameworkDetail } from "./compliance.types";

export const complianceKeys = {
  summary: ["compliance", "summary"] as const,
  framework: (key: string) => ["compliance", "framework", key] as const,
};

export function useComplianceSummary() {
  return useQuery({
    queryKey: complianceKeys.summary,
    queryFn: ({ signal }) => api.get<ComplianceSummary>("/api/v1/compliance", signal),
  });
}

export function useFramework(key: string) {
  return useQuery({
    queryKey: complianceKeys.framework(key),
    queryFn: ({ signal }) =>
      api.get<FrameworkDetail>(`/api/v1/compliance/${encodeURIComponent(key)}`, signal),
  });
}
