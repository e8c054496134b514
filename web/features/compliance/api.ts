import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { withTenant } from "../../lib/tenantPath";
import type { ComplianceSummary, FrameworkDetail } from "./compliance.types";

export const complianceKeys = {
  summary: (tenant?: string) => ["compliance", "summary", tenant ?? "own"] as const,
  framework: (key: string, tenant?: string) => ["compliance", "framework", tenant ?? "own", key] as const,
};

export function useComplianceSummary(tenant: string | undefined) {
  return useQuery({
    queryKey: complianceKeys.summary(tenant),
    queryFn: ({ signal }) => api.get<ComplianceSummary>(withTenant("/api/v1/compliance", tenant), signal),
  });
}

export function useFramework(key: string, tenant: string | undefined) {
  return useQuery({
    queryKey: complianceKeys.framework(key, tenant),
    queryFn: ({ signal }) =>
      api.get<FrameworkDetail>(withTenant(`/api/v1/compliance/${encodeURIComponent(key)}`, tenant), signal),
  });
}
