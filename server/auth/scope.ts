import type { Scope, TenantScope } from "../db/scope";
import { AppError } from "../errors";
import { type Actor, isStaffRole } from "./permissions";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The row-level-security scope of a portal request. A customer's scope comes only from the session (a tenant or
 * workspace named in the request is ignored). Staff have no tenant: they name the tenant whose portal they view.
 */
export function portalScope(actor: Actor, viewedTenantId?: string): TenantScope {
  if (actor.tenant) return { kind: "tenant", tenantId: actor.tenant.id, workspaceIds: actor.workspaceIds };
  if (!isStaffRole(actor.role)) throw new AppError("forbidden", "This session has no tenant");
  if (!viewedTenantId || !UUID.test(viewedTenantId)) {
    throw new AppError("bad_request", "Choose the tenant to view with ?tenant=<tenant id>");
  }
  return { kind: "tenant", tenantId: viewedTenantId, workspaceIds: "all" };
}

/** The scope of the caller's own session: their tenant (and workspaces), or all tenants for provider staff. */
export function sessionScope(actor: Actor): Scope {
  return actor.tenant
    ? { kind: "tenant", tenantId: actor.tenant.id, workspaceIds: actor.workspaceIds }
    : { kind: "provider" };
}
