import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateTenantBody,
  CreateWorkspaceBody,
  TenantDetail,
  TenantList,
  UpdateTenantBody,
  UpdateWorkspaceBody,
  WorkspaceItem,
} from "../../../contracts/tenants";
import { api } from "../../lib/api";

const tenantsKey = ["tenants"] as const;
const tenantKey = (id: string) => [...tenantsKey, "detail", id] as const;

/** The customers by name (the first 100): to filter by, or to choose from. */
export function useTenantNames() {
  return useQuery({
    queryKey: [...tenantsKey, "names"],
    queryFn: ({ signal }) => api.get<TenantList>("/api/v1/admin/tenants?pageSize=100", signal),
  });
}

/** One page of the tenants list, matching `q` (name or slug); the last page stays on screen while the next loads. */
export function useTenantList(q: string, page: number) {
  return useQuery({
    queryKey: [...tenantsKey, "list", q, page],
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ page: String(page), pageSize: "50" });
      if (q) search.set("q", q);
      return api.get<TenantList>(`/api/v1/admin/tenants?${search}`, signal);
    },
    placeholderData: keepPreviousData,
  });
}

export function useTenant(id: string) {
  return useQuery({
    queryKey: tenantKey(id),
    queryFn: ({ signal }) => api.get<TenantDetail>(`/api/v1/admin/tenants/${encodeURIComponent(id)}`, signal),
  });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTenantBody) => api.post<TenantDetail>("/api/v1/admin/tenants", body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantsKey }),
  });
}

export function useUpdateTenant(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateTenantBody) =>
      api.patch<TenantDetail>(`/api/v1/admin/tenants/${encodeURIComponent(id)}`, body),
    onSuccess: (tenant) => {
      queryClient.setQueryData(tenantKey(id), tenant);
      return queryClient.invalidateQueries({ queryKey: tenantsKey });
    },
  });
}

/** A workspace changed: its tenant's page, the tenants list and every workspace picker read it again. */
function useWorkspaceChanged(tenantId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: tenantsKey }),
      queryClient.invalidateQueries({ queryKey: tenantKey(tenantId) }),
      queryClient.invalidateQueries({ queryKey: ["access-links", "workspaces"] }),
    ]);
}

export function useCreateWorkspace(tenantId: string) {
  const changed = useWorkspaceChanged(tenantId);
  return useMutation({
    mutationFn: (body: CreateWorkspaceBody) =>
      api.post<WorkspaceItem>(`/api/v1/admin/tenants/${encodeURIComponent(tenantId)}/workspaces`, body),
    onSuccess: changed,
  });
}

export function useUpdateWorkspace(tenantId: string) {
  const changed = useWorkspaceChanged(tenantId);
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateWorkspaceBody & { id: string }) =>
      api.patch<WorkspaceItem>(`/api/v1/admin/workspaces/${encodeURIComponent(id)}`, body),
    onSuccess: changed,
  });
}

/** The staff view of one customer's portal. */
export const portalViewPath = (tenantId: string) =>
  `/customer-portal?${new URLSearchParams({ tenant: tenantId })}`;
export const tenantPath = (tenantId: string) => `/console/tenants/${encodeURIComponent(tenantId)}`;
