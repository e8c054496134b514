/** The permission names of SPEC §3; the server's matrix is the source of truth, the UI only hides. */
export type Permission =
  | "can_view_reports"
  | "can_download_reports"
  | "can_view_compliance"
  | "can_access_customer_portal"
  | "can_view_dashboard"
  | "can_view_engagements"
  | "can_view_proposals"
  | "can_sign_documents"
  | "can_generate_reports"
  | "can_share_reports"
  | "can_view_incidents"
  | "can_manage_incidents"
  | "can_manage_engagements"
  | "can_issue_client_tokens"
  | "can_manage_users"
  | "can_manage_settings"
  | "can_view_audit_log";

export type Role = "customer_viewer" | "customer_approver" | "analyst" | "admin";

/** `GET /api/v1/me` */
export interface Me {
  user: { id: string; name: string; email: string };
  role: Role;
  permissions: Record<string, boolean>;
  tenant: { id: string; name: string; slug: string } | null;
  auth_method: "sso" | "email";
  mfa: boolean;
}

export const roleLabels: Record<Role, string> = {
  customer_viewer: "Customer viewer",
  customer_approver: "Customer approver",
  analyst: "Analyst",
  admin: "Administrator",
};

export function hasPermission(me: Me, permission: Permission): boolean {
  return me.permissions[permission] === true;
}
