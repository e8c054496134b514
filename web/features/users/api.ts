import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "../../../contracts/auth";
import type { InviteOutcome, InviteUserBody, UserList, UserSummary } from "../../../contracts/users";
import { api } from "../../lib/api";

const usersKey = ["users"] as const;

/** One organisation's users (`tenant` its id) or the provider's staff (`staff`), matching `q`. */
/** Users per page of the console's list. */
export const USERS_PAGE_SIZE = 50;

export function useUsers(tenant: string, q: string, page: number) {
  return useQuery({
    queryKey: [...usersKey, tenant, q, page],
    queryFn: ({ signal }) => {
      const search = new URLSearchParams({ tenant, page: String(page), pageSize: String(USERS_PAGE_SIZE) });
      if (q) search.set("q", q);
      return api.get<UserList>(`/api/v1/admin/users?${search}`, signal);
    },
    enabled: tenant !== "",
    // A new search keeps the rows on screen while it loads; another organisation does not.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === tenant ? keepPreviousData(previous) : undefined,
  });
}

const userPath = (user: UserSummary, action: string) =>
  `/api/v1/admin/users/${encodeURIComponent(user.id)}/${action}`;

export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ user, role }: { user: UserSummary; role: Role }) =>
      api.post<UserSummary>(userPath(user, "role"), { role }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

/** Disables an enabled user, enables a disabled one. */
export function useToggleDisabled() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: UserSummary) =>
      api.post<UserSummary>(userPath(user, user.disabledAt ? "enable" : "disable")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useInviteUser() {
  return useMutation({
    mutationFn: (body: InviteUserBody) => api.post<InviteOutcome>("/api/v1/admin/users/invite", body),
  });
}
