/** `?tenant=…` for links between portal pages when staff view a customer; "" otherwise. */
export function tenantSearch(tenant: string | undefined): string {
  return tenant ? `?${new URLSearchParams({ tenant })}` : "";
}

/** `path` with the viewed customer added to its query (an API path or a page's), unchanged for customers. */
export function withTenant(path: string, tenant: string | undefined): string {
  if (!tenant) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${new URLSearchParams({ tenant })}`;
}
