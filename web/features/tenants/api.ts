import { useQuery } from "@tanstack/react-query";
import type { TenantList } from "../../../contracts/tenants";
import { api } from "../../lib/api";

/** The customers by name (the first 100): to filter by, or to choose from. */
export function useTenantNames() {
  return useQuery({
    queryKey: ["tenants", "names"],
    queryFn: ({ signal }) => api.get<TenantList>("/api/v1/admin/tenants?pageSize=100", signal),
  });
}
