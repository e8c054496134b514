import type { MeResponse, Permission, Role } from "../../../contracts/auth";

export type { Permission, Role };

/** `GET /api/v1/me`: the server's contract, as the web sees it. */
export type Me = MeResponse;

export const roleLabels: Record<Role, string> = {
  customer_viewer: "Customer viewer",
  customer_approver: "Customer approver",
  analyst: "Analyst",
  admin: "Administrator",
};

/** The server enforces permissions on every route; the UI only hides what a role may not use. */
export function hasPermission(me: Me, permission: Permission): boolean {
  return me.permissions[permission] === true;
}
