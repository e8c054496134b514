import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StaffEngagementList } from "../../../contracts/engagements";
import type {
  ApproverOptions,
  ClientProposalList,
  ClientProposalView,
  CreateProposalBody,
  DeclineProposalBody,
  ProposalKind,
  ProposalStatus,
  SignProposalBody,
  StaffProposal,
  StaffProposalList,
  UpdateProposalBody,
} from "../../../contracts/proposals";
import { api } from "../../lib/api";

/** While a signed proposal's signed copy is being made (a job, a few seconds), its page asks again this often. */
const SIGNED_COPY_REFRESH_MS = 2_000;

/* The client's side: /api/proposals… (can_view_proposals; signing needs can_sign_documents). */

export interface ClientListFilters {
  engagementId?: string;
  /** Only what waits for the reader's signature. */
  awaitingMe?: boolean;
}

export const proposalKeys = {
  all: ["proposals"] as const,
  lists: ["proposals", "list"] as const,
  list: (tenant: string | undefined, filters: ClientListFilters) =>
    ["proposals", "list", tenant ?? null, filters.engagementId ?? null, filters.awaitingMe ?? false] as const,
  view: (id: string, tenant: string | undefined) => ["proposals", "view", id, tenant ?? null] as const,
};

/** `path?query`, with `tenant` added for staff viewing a customer's portal. */
function pathWith(path: string, tenant: string | undefined, params = new URLSearchParams()): string {
  if (tenant) params.set("tenant", tenant);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function proposalListQuery(tenant: string | undefined, filters: ClientListFilters = {}) {
  return queryOptions({
    queryKey: proposalKeys.list(tenant, filters),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (filters.engagementId) params.set("engagementId", filters.engagementId);
      if (filters.awaitingMe) params.set("awaitingMe", "true");
      return api.get<ClientProposalList>(pathWith("/api/proposals", tenant, params), signal);
    },
  });
}

export function useProposals(tenant: string | undefined, filters: ClientListFilters = {}) {
  return useQuery(proposalListQuery(tenant, filters));
}

/**
 * One proposal as its client reads it. Once every signer has signed, the signed copy is made by a job: until
 * its link appears, the view is read again every few seconds.
 */
export function useClientProposal(id: string, tenant: string | undefined) {
  return useQuery({
    queryKey: proposalKeys.view(id, tenant),
    queryFn: ({ signal }) =>
      api.get<ClientProposalView>(
        pathWith(`/api/proposals/${encodeURIComponent(id)}/client-view`, tenant),
        signal,
      ),
    refetchInterval: (query) => (isSignedCopyPending(query.state.data) ? SIGNED_COPY_REFRESH_MS : false),
  });
}

/** Signed by everyone, but the signed copy (document + signature certificate) is not there yet. */
export function isSignedCopyPending(proposal: Pick<ClientProposalView, "status" | "links"> | undefined) {
  return proposal?.status === "signed" && proposal.links.signedPdf === null;
}

/**
 * A decision answers the proposal as it is now: it replaces the page's copy, and every list (the dashboard's
 * "waiting for your signature", an engagement's approvals) is read again. A refused decision (409: expired,
 * replaced, already decided, document changed) re-reads the page too, so it shows what is true now.
 */
function useDecision<Body>(id: string, tenant: string | undefined, path: "sign" | "decline") {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Body) =>
      api.post<ClientProposalView>(`/api/proposals/${encodeURIComponent(id)}/${path}`, body),
    onSuccess: (view) => {
      queryClient.setQueryData(proposalKeys.view(id, tenant), view);
      void queryClient.invalidateQueries({ queryKey: proposalKeys.lists });
    },
    onError: () => {
      void queryClient.invalidateQueries({ queryKey: proposalKeys.view(id, tenant) });
      void queryClient.invalidateQueries({ queryKey: proposalKeys.lists });
    },
  });
}

export function useSignProposal(id: string, tenant: string | undefined) {
  return useDecision<SignProposalBody>(id, tenant, "sign");
}

export function useDeclineProposal(id: string, tenant: string | undefined) {
  return useDecision<DeclineProposalBody>(id, tenant, "decline");
}

/* The provider's side: /api/v1/admin/proposals… (can_manage_engagements). */

export interface StaffListFilters {
  status: ProposalStatus | "";
  kind: ProposalKind | "";
}

export const staffProposalKeys = {
  all: ["admin-proposals"] as const,
  lists: ["admin-proposals", "list"] as const,
  list: (filters: StaffListFilters) => ["admin-proposals", "list", filters.status, filters.kind] as const,
  detail: (id: string) => ["admin-proposals", "detail", id] as const,
  approvers: (workspaceId: string) => ["admin-proposals", "approvers", workspaceId] as const,
};

const ADMIN_BASE = "/api/v1/admin/proposals";
const adminPath = (id: string, rest = "") => `${ADMIN_BASE}/${encodeURIComponent(id)}${rest}`;

export function useStaffProposals(filters: StaffListFilters) {
  return useQuery({
    queryKey: staffProposalKeys.list(filters),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (filters.status) params.set("status", filters.status);
      if (filters.kind) params.set("kind", filters.kind);
      const search = params.toString();
      return api.get<StaffProposalList>(search ? `${ADMIN_BASE}?${search}` : ADMIN_BASE, signal);
    },
    // Another filter keeps the current rows on screen while its own load.
    placeholderData: (previous) => previous,
  });
}

export function useStaffProposal(id: string) {
  return useQuery({
    queryKey: staffProposalKeys.detail(id),
    queryFn: ({ signal }) => api.get<StaffProposal>(adminPath(id), signal),
    enabled: id !== "",
    refetchInterval: (query) => (isSignedCopyPending(query.state.data) ? SIGNED_COPY_REFRESH_MS : false),
  });
}

/** The tenant's customer approvers who can see the workspace: the users who may be named as signers. */
export function useApprovers(workspaceId: string) {
  return useQuery({
    queryKey: staffProposalKeys.approvers(workspaceId),
    queryFn: ({ signal }) =>
      api.get<ApproverOptions>(`${ADMIN_BASE}/approvers?${new URLSearchParams({ workspaceId })}`, signal),
    enabled: workspaceId !== "",
  });
}

/** A workspace's engagements, for an approval request's engagement picker. */
export function useWorkspaceEngagements(workspaceId: string, enabled: boolean) {
  return useQuery({
    // Under the engagement console's list key, so its writes refresh this too.
    queryKey: ["admin-engagements", "list", "workspace", workspaceId],
    queryFn: ({ signal }) =>
      api.get<StaffEngagementList>(
        `/api/v1/admin/engagements?${new URLSearchParams({ workspace: workspaceId })}`,
        signal,
      ),
    enabled: enabled && workspaceId !== "",
  });
}

/** Every write answers the whole proposal: it becomes the detail page's copy, and the lists are read again. */
function useProposalWrite<Variables>(write: (variables: Variables) => Promise<StaffProposal>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (proposal) => {
      queryClient.setQueryData(staffProposalKeys.detail(proposal.id), proposal);
      void queryClient.invalidateQueries({ queryKey: staffProposalKeys.lists });
      void queryClient.invalidateQueries({ queryKey: proposalKeys.all });
    },
  });
}

export function useCreateProposal() {
  return useProposalWrite((body: CreateProposalBody) => api.post<StaffProposal>(ADMIN_BASE, body));
}

export function useUpdateProposal(id: string) {
  return useProposalWrite((body: UpdateProposalBody) => api.patch<StaffProposal>(adminPath(id), body));
}

export function useSendProposal(id: string) {
  const queryClient = useQueryClient();
  return useProposalWrite(async () => {
    const sent = await api.post<StaffProposal>(adminPath(id, "/send"));
    // Sending a new version supersedes the one it revises.
    if (sent.supersedesId) {
      void queryClient.invalidateQueries({ queryKey: staffProposalKeys.detail(sent.supersedesId) });
    }
    return sent;
  });
}

/** A new draft version of a sent (viewed, declined, expired) proposal; the old one learns its successor. */
export function useReviseProposal(id: string) {
  const queryClient = useQueryClient();
  return useProposalWrite(async () => {
    const draft = await api.post<StaffProposal>(adminPath(id, "/revise"));
    void queryClient.invalidateQueries({ queryKey: staffProposalKeys.detail(id) });
    return draft;
  });
}
