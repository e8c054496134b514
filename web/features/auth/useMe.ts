import { useQuery } from "@tanstack/react-query";
import { api, isApiError } from "../../lib/api";
import type { Me } from "./me.types";

export const meQueryKey = ["me"] as const;

/** Resolves to `null` when nobody is signed in (401, or 404 before the route exists). */
async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  try {
    return await api.get<Me>("/api/v1/me", signal);
  } catch (error) {
    if (isApiError(error, 401) || isApiError(error, 404)) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
  });
}

/** The signed-in user, for components rendered inside the authenticated layout. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error("useCurrentUser() used outside the signed-in layout");
  return data;
}
