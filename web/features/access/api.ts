import { useMutation, useQuery } from "@tanstack/react-query";
import type {
  AccessLinkPreview,
  AccessLinkRedeemed,
  AccessLinkRequested,
} from "../../../contracts/access-links";
import type { RequestMeta } from "../../app/queryClient";
import { api } from "../../lib/api";

/** There is no session here: a 401 is about the link, not a reason to go to sign-in. */
const meta: RequestMeta = { withoutSession: true };

/** Where the link leads. Reading it does not use the link; it is read once per page (never again on focus). */
export function useLinkPreview(token: string | null) {
  return useQuery({
    // Memory only, like the rest of the page's state; a second link opened in the same page is a new query.
    queryKey: ["access-link", "preview", token],
    queryFn: () => api.post<AccessLinkPreview>("/auth/client-token/preview", { token }),
    enabled: token !== null,
    meta,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** A path on this site only: the answer's `redirectTo` is followed as is otherwise. */
function samePath(redirectTo: string): string {
  return /^\/(?![/\\])/.test(redirectTo) ? redirectTo : "/customer-portal";
}

/** Uses the link (the server sets the session cookie), then opens the portal. */
export function useRedeemLink(token: string | null) {
  return useMutation({
    mutationFn: () => api.post<AccessLinkRedeemed>("/auth/client-token/redeem", { token }),
    meta,
    onSuccess: (redeemed) => window.location.assign(samePath(redeemed.redirectTo)),
  });
}

/** "Email me a link": the answer is the same whether or not the address has access. */
export function useRequestLink() {
  return useMutation({
    mutationFn: (email: string) => api.post<AccessLinkRequested>("/auth/client-token/request", { email }),
    meta,
  });
}
