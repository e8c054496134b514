import { useSearchParams } from "react-router";
import { useCurrentUser } from "../features/auth/useMe";

/**
 * Whose data a portal page shows. A customer's come from the session (no `tenant` sent); provider staff name the
 * customer with `?tenant=<id>` in the page's address, which the page passes on to the API (read-only, and
 * recorded in that customer's access log).
 */
export function useViewedTenant(): { tenant: string | undefined; mustChoose: boolean } {
  const me = useCurrentUser();
  const [searchParams] = useSearchParams();
  if (me.tenant) return { tenant: undefined, mustChoose: false };
  const tenant = searchParams.get("tenant") ?? "";
  return { tenant: tenant || undefined, mustChoose: tenant === "" };
}

/** `?tenant=…` for links between portal pages when staff view a customer; "" otherwise. */
export function tenantSearch(tenant: string | undefined): string {
  return tenant ? `?${new URLSearchParams({ tenant })}` : "";
}

/** `path` with the viewed customer added to its query (an API path or a page's), unchanged for customers. */
export function withTenant(path: string, tenant: string | undefined): string {
  if (!tenant) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${new URLSearchParams({ tenant })}`;
}
