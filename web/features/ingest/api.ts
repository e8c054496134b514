import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApiKeyList, ApiKeySummary, CreateApiKeyBody, CreatedApiKey } from "../../../contracts/ingest";
import { api } from "../../lib/api";

const keysKey = ["api-keys"] as const;

/** Every ingestion key, newest first, revoked ones included. */
export function useApiKeys() {
  return useQuery({
    queryKey: keysKey,
    queryFn: ({ signal }) => api.get<ApiKeyList>("/api/v1/admin/api-keys", signal),
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => api.post<CreatedApiKey>("/api/v1/admin/api-keys", body),
    // The answer holds the key itself: the page keeps it while it is shown, the mutation cache not a moment longer.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: ApiKeySummary) =>
      api.post<ApiKeySummary>(`/api/v1/admin/api-keys/${encodeURIComponent(key.id)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
}
