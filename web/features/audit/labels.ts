import type { AuditAction, AuditOutcome } from "../../../contracts/audit";
import type { BadgeTone } from "../../components/Badge";

/** One short label per recorded action, for filters: an action added to the contract fails the type check here. */
export const auditActionLabels: Record<AuditAction, string> = {
  "auth.login_start": "Sign-in started",
  "auth.login": "Signed in",
  "auth.login_failed": "Sign-in failed",
  "auth.logout": "Signed out",
  "session.view": "Opened the portal",
  "dashboard.view": "Dashboard viewed",
  "report.list": "Report archive browsed",
  "report.view": "Report viewed",
  "report.download": "Report downloaded",
  "compliance.view": "Compliance viewed",
  "compliance.framework_view": "Framework viewed",
  "document.verify": "Document verified",
  "api.docs": "API reference read",
  "api.unmatched": "Unknown address",
  "admin.tenant_list": "Customers listed",
  "admin.audit_view": "Audit log viewed",
  "admin.audit_verify": "Audit trail verified",
  "admin.audit_export": "Audit log exported",
  "access_log.view": "Access log viewed",
  "access_log.export": "Access log exported",
  "client_token.issued": "Access link sent",
  "client_token.list": "Access links listed",
  "client_token.revoked": "Access link revoked",
  "client_token.previewed": "Access link opened",
  "client_token.redeemed": "Access link used",
  "client_token.redeem_failed": "Invalid access link",
  "client_token.rate_limited": "Access links rate limited",
  "client_token.requested": "Access link requested",
  "admin.workspace_list": "Workspaces listed",
};

export const auditOutcomeLabels: Record<AuditOutcome, { label: string; tone: BadgeTone }> = {
  allowed: { label: "Allowed", tone: "success" },
  unauthenticated: { label: "Not signed in", tone: "warning" },
  denied: { label: "Denied", tone: "danger" },
  not_found: { label: "Not found", tone: "neutral" },
  rejected: { label: "Rejected", tone: "warning" },
  rate_limited: { label: "Rate limited", tone: "warning" },
  error: { label: "Error", tone: "danger" },
};
