import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AccessLink,
  AccessLinkList,
  AccessLinkStatus,
  IssueAccessLinkBody,
  IssuedAccessLink,
  WorkspaceOptions,
} from "../../../contracts/access-links";
import { api } from "../../lib/api";

export type WorkspaceOption = WorkspaceOptions["items"][number];

/** While any link's email is still queued, the list is read again this often, so "queued" turns into "sent". */
const QUEUED_MAIL_REFRESH_MS = 5_000;

/** Every workspace links can be issued for, with its tenant and the tenant's allowed email domains. */
export function useWorkspaceOptions() {
  return useQuery({
    queryKey: ["access-links", "workspaces"],
    queryFn: ({ signal }) => api.get<WorkspaceOptions>("/api/v1/admin/workspaces", signal),
  });
}

const linksKey = (workspaceId: string) => ["access-links", "list", workspaceId] as const;

/** One workspace's links, newest first; `status` narrows them ("" for all). */
export function useAccessLinks(workspaceId: string, status: AccessLinkStatus | "") {
  return useQuery({
    queryKey: [...linksKey(workspaceId), status],
    queryFn: ({ signal }) => {
      const search = status ? `?status=${status}` : "";
      return api.get<AccessLinkList>(
        `/api/workspaces/${encodeURIComponent(workspaceId)}/client-tokens${search}`,
        signal,
      );
    },
    enabled: workspaceId !== "",
    // Another status of the same workspace keeps its rows on screen while the new ones load; another workspace
    // does not (its rows would look like the new workspace's).
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === workspaceId ? previous : undefined,
    refetchInterval: (query) =>
      query.state.data?.items.some((link) => link.mail.status === "queued") ? QUEUED_MAIL_REFRESH_MS : false,
  });
}

export function useIssueAccessLink(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: IssueAccessLinkBody) =>
      api.post<IssuedAccessLink>(
        `/api/workspaces/${encodeURIComponent(workspaceId)}/issue-client-token`,
        body,
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linksKey(workspaceId) }),
  });
}

export function useRevokeAccessLink(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (link: AccessLink) =>
      api.post<AccessLink>(`/api/client-tokens/${encodeURIComponent(link.id)}/revoke`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: linksKey(workspaceId) }),
  });
}
