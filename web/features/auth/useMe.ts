import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import type { Me } from "./me.types";

export const meQueryKey = ["me"] as const;

/** The signed-in user. The server serves the app only with a session, so a 401 here means it has just ended. */
export const meQuery = queryOptions({
  queryKey: meQueryKey,
  queryFn: ({ signal }) => api.get<Me>("/api/v1/me", signal),
  staleTime: 60_000,
});

export function useMe() {
  return useQuery(meQuery);
}

/** The signed-in user, for components rendered inside the authenticated layout. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error("useCurrentUser() used outside the signed-in layout");
  return data;
}
