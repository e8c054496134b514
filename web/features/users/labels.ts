import type { Role } from "../../../contracts/auth";

export const roleLabels: Record<Role, string> = {
  customer_viewer: "Viewer",
  customer_approver: "Approver (can sign)",
  analyst: "Analyst",
  admin: "Admin",
};

/** The roles a user may be given: those of their own kind (a customer never becomes staff, nor staff a customer). */
export function rolesOfKind(role: Role): Role[] {
  return role === "analyst" || role === "admin"
    ? ["analyst", "admin"]
    : ["customer_viewer", "customer_approver"];
}
