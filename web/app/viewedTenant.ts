import { useSearchParams } from "react-router";
import { useCurrentUser } from "../features/auth/useMe";

/**
 * Whose data a portal page shows. A customer's come from the session (no `tenant` sent); provider staff name the
 * customer with `?tenant=<id>` in the page's address, which the page passes on to the API (read-only, and
 * recorded in that customer's access log). Pages call it and hand the tenant to their queries: the API modules
 * stay free of router and session imports, which keeps the app's first script in one piece.
 */
export function useViewedTenant(): { tenant: string | undefined; mustChoose: boolean } {
  const me = useCurrentUser();
  const [searchParams] = useSearchParams();
  if (me.tenant) return { tenant: undefined, mustChoose: false };
  const tenant = searchParams.get("tenant") ?? "";
  return { tenant: tenant || undefined, mustChoose: tenant === "" };
}
