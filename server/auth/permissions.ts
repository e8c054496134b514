import { type Permission, type PermissionMap, permissionNames, type Role } from "../../contracts/auth";
import type { RunScoped } from "../db/scope";
import { AppError } from "../errors";

export type { Permission };

export const staffRoles: readonly Role[] = ["analyst", "admin"];

/** What every role may do in the customer portal. */
const portal: Permission[] = [
  "can_view_reports",
  "can_download_reports",
  "can_view_compliance",
  "can_access_customer_portal",
  "can_view_dashboard",
  "can_view_engagements",
  "can_view_proposals",
];
const analyst: Permission[] = [
  ...portal,
  "can_generate_reports",
  "can_share_reports",
  "can_view_incidents",
  "can_manage_incidents",
  "can_manage_engagements",
  "can_issue_client_tokens",
];

/**
 * The matrix. A customer may read who accessed their organisation's data (the access log); analysts work in the
 * console's audit views instead, admins see both.
 */
const grants: Record<Role, ReadonlySet<Permission>> = {
  customer_viewer: new Set([...portal, "can_view_access_log"]),
  customer_approver: new Set([...portal, "can_view_access_log", "can_sign_documents"]),
  analyst: new Set(analyst),
  admin: new Set([
    ...analyst,
    "can_manage_users",
    "can_manage_settings",
    "can_view_audit_log",
    "can_view_access_log",
  ]),
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return grants[role].has(permission);
}

/** Each role's full map, built once: `GET /api/v1/me` sends it with every answer. */
const maps = Object.fromEntries(
  Object.entries(grants).map(([role, granted]) => [
    role,
    Object.freeze(Object.fromEntries(permissionNames.map((name) => [name, granted.has(name)]))),
  ]),
) as Record<Role, Readonly<PermissionMap>>;

export function permissionMap(role: Role): Readonly<PermissionMap> {
  return maps[role];
}

export function isStaffRole(role: Role): boolean {
  return staffRoles.includes(role);
}

/** Who is asking: built once per request by the auth plugin and passed first to every service function. */
export interface Actor {
  userId: string | null;
  clientTokenId: string | null;
  sessionId: string;
  name: string;
  email: string;
  role: Role;
  /** The customer's organisation; null for provider staff. */
  tenant: { id: string; name: string; slug: string } | null;
  /** The workspaces the session may see: all of the tenant's, or a list (one for an emailed access link). */
  workspaceIds: readonly string[] | "all";
  authMethod: "sso" | "email";
  mfa: boolean;
}

/**
 * Who is asking and the unit of work their request runs in: passed first to every service function. `scoped`
 * runs queries in the request's own transaction (a narrower scope may be asked for, never a wider one).
 */
export interface Caller {
  actor: Actor;
  scoped: RunScoped;
}

/** Authorise on the first line of a service function. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!hasPermission(actor.role, permission)) {
    throw new AppError("forbidden", `Your role does not allow this (${permission})`);
  }
}
