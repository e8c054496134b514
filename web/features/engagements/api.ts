import {
  type InfiniteData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type {
  CreateEngagementBody,
  EngagementClientView,
  EngagementList,
  MilestoneBody,
  PhaseBody,
  PostUpdateBody,
  StaffEngagement,
  StaffEngagementList,
  UpdateEngagementBody,
  UpdateMilestoneBody,
  UpdatePhaseBody,
} from "../../../contracts/engagements";
import { api } from "../../lib/api";

/** How many updates of the timeline one page holds. */
export const UPDATES_PAGE_SIZE = 20;

/* The client's side: /api/engagements… (can_view_engagements). Staff viewing a customer name its tenant. */

export const engagementKeys = {
  all: ["engagements"] as const,
  lists: ["engagements", "list"] as const,
  list: (tenant: string | undefined) => ["engagements", "list", tenant ?? null] as const,
  views: ["engagements", "view"] as const,
  view: (id: string, tenant: string | undefined) => ["engagements", "view", id, tenant ?? null] as const,
};

/** `path?query`, with `tenant` added for staff. */
function pathWith(path: string, tenant: string | undefined, params = new URLSearchParams()): string {
  if (tenant) params.set("tenant", tenant);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export function engagementListQuery(tenant: string | undefined) {
  return queryOptions({
    queryKey: engagementKeys.list(tenant),
    queryFn: ({ signal }) => api.get<EngagementList>(pathWith("/api/engagements", tenant), signal),
  });
}

export function useEngagements(tenant: string | undefined) {
  return useQuery(engagementListQuery(tenant));
}

/** Where the events of one engagement stream from (Server-Sent Events). */
export function engagementEventsUrl(id: string, tenant: string | undefined): string {
  return pathWith(`/api/engagements/${encodeURIComponent(id)}/events`, tenant);
}

/** The client view's cache entry: the first page is the engagement now; later pages add older updates only. */
export type ClientViewData = InfiniteData<EngagementClientView, string | null>;

/**
 * One engagement as the client sees it. Each page is a whole client view; pages after the first are read for
 * their older updates only (`updatesBefore`), so phases, progress and status always come from the first page,
 * which the live events keep current.
 */
export function useEngagementClientView(id: string, tenant: string | undefined) {
  return useInfiniteQuery({
    queryKey: engagementKeys.view(id, tenant),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ updatesLimit: String(UPDATES_PAGE_SIZE) });
      if (pageParam) params.set("updatesBefore", pageParam);
      return api.get<EngagementClientView>(
        pathWith(`/api/engagements/${encodeURIComponent(id)}/client-view`, tenant, params),
        signal,
      );
    },
    getNextPageParam: (page) => page.updates.nextBefore,
  });
}

/* The provider's side: /api/v1/admin/engagements… (can_manage_engagements). */

export const staffEngagementKeys = {
  all: ["admin-engagements"] as const,
  lists: ["admin-engagements", "list"] as const,
  list: (tenant: string) => ["admin-engagements", "list", tenant] as const,
  detail: (id: string) => ["admin-engagements", "detail", id] as const,
};

const ADMIN_BASE = "/api/v1/admin/engagements";
const adminPath = (id: string, rest = "") => `${ADMIN_BASE}/${encodeURIComponent(id)}${rest}`;

/** Every engagement across tenants, or one tenant's ("" for all). */
export function useStaffEngagements(tenant: string) {
  return useQuery({
    queryKey: staffEngagementKeys.list(tenant),
    queryFn: ({ signal }) =>
      api.get<StaffEngagementList>(
        tenant ? `${ADMIN_BASE}?${new URLSearchParams({ tenant })}` : ADMIN_BASE,
        signal,
      ),
  });
}

export function useStaffEngagement(id: string) {
  return useQuery({
    queryKey: staffEngagementKeys.detail(id),
    queryFn: ({ signal }) => api.get<StaffEngagement>(adminPath(id), signal),
    enabled: id !== "",
  });
}

/**
 * Every write answers the whole engagement: it replaces the editor's copy, and the lists (status, progress) and
 * any open client view of it are read again.
 */
function useEngagementWrite<Variables>(write: (variables: Variables) => Promise<StaffEngagement>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (engagement) => {
      queryClient.setQueryData(staffEngagementKeys.detail(engagement.id), engagement);
      void queryClient.invalidateQueries({ queryKey: staffEngagementKeys.lists });
      void queryClient.invalidateQueries({ queryKey: engagementKeys.all });
    },
  });
}

export function useCreateEngagement() {
  return useEngagementWrite((body: CreateEngagementBody) => api.post<StaffEngagement>(ADMIN_BASE, body));
}

export function useUpdateEngagement(id: string) {
  return useEngagementWrite((body: UpdateEngagementBody) => api.patch<StaffEngagement>(adminPath(id), body));
}

export function useAddPhase(id: string) {
  return useEngagementWrite((body: PhaseBody) => api.post<StaffEngagement>(adminPath(id, "/phases"), body));
}

export function useUpdatePhase(id: string) {
  return useEngagementWrite(({ phaseId, ...body }: UpdatePhaseBody & { phaseId: string }) =>
    api.patch<StaffEngagement>(adminPath(id, `/phases/${encodeURIComponent(phaseId)}`), body),
  );
}

export function useAddMilestone(id: string) {
  return useEngagementWrite((body: MilestoneBody) =>
    api.post<StaffEngagement>(adminPath(id, "/milestones"), body),
  );
}

export function useUpdateMilestone(id: string) {
  return useEngagementWrite(({ milestoneId, ...body }: UpdateMilestoneBody & { milestoneId: string }) =>
    api.patch<StaffEngagement>(adminPath(id, `/milestones/${encodeURIComponent(milestoneId)}`), body),
  );
}

export function usePostUpdate(id: string) {
  return useEngagementWrite((body: PostUpdateBody) =>
    api.post<StaffEngagement>(adminPath(id, "/updates"), body),
  );
}
