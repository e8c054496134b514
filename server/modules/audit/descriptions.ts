import type { AuditAction } from "../../../contracts/audit";

/** Each action in plain language, for the customer's access log; `{title}` is the resource's title when known. */
const phrases: Record<AuditAction, { plain: string; titled?: string }> = {
  "auth.login_start": { plain: "Started signing in" },
  "auth.login": { plain: "Signed in" },
  "auth.login_failed": { plain: "Failed to sign in" },
  "auth.logout": { plain: "Signed out" },
  "session.view": { plain: "Opened the portal" },
  "dashboard.view": { plain: "Viewed the dashboard" },
  "report.list": { plain: "Browsed the report archive" },
  "report.view": { plain: "Viewed a report", titled: "Viewed the report “{title}”" },
  "report.download": { plain: "Downloaded a report", titled: "Downloaded the report “{title}”" },
  "compliance.view": { plain: "Viewed the compliance posture" },
  "compliance.framework_view": {
    plain: "Viewed a compliance framework",
    titled: "Viewed the compliance framework “{title}”",
  },
  "document.verify": { plain: "Verified a document" },
  "api.docs": { plain: "Read the API reference" },
  "api.unmatched": { plain: "Asked for something that does not exist" },
  "admin.tenant_list": { plain: "Listed the provider's customers" },
  "admin.audit_view": { plain: "Viewed the audit log" },
  "admin.audit_verify": { plain: "Verified the audit trail" },
  "admin.audit_export": { plain: "Exported the audit log" },
  "access_log.view": { plain: "Viewed the access log" },
  "access_log.export": { plain: "Exported the access log" },
  "client_token.issued": { plain: "Sent an access link" },
  "client_token.list": { plain: "Listed a workspace's access links" },
  "client_token.revoked": { plain: "Revoked an access link" },
  "client_token.previewed": { plain: "Opened an access link" },
  "client_token.redeemed": { plain: "Signed in with an access link" },
  "client_token.redeem_failed": { plain: "Tried an access link that is not valid" },
  "client_token.rate_limited": { plain: "Was stopped after too many invalid access links" },
  "client_token.requested": { plain: "Asked for an access link by email" },
  "admin.workspace_list": { plain: "Listed the provider's workspaces" },
  "engagement.list": { plain: "Listed the engagements" },
  "engagement.view": { plain: "Viewed an engagement", titled: "Viewed the engagement “{title}”" },
  "engagement.stream": {
    plain: "Followed an engagement live",
    titled: "Followed the engagement “{title}” live",
  },
  "admin.engagement_list": { plain: "Listed engagements in the console" },
  "admin.engagement_view": {
    plain: "Opened an engagement in the console",
    titled: "Opened the engagement “{title}” in the console",
  },
  "admin.engagement_create": { plain: "Created an engagement" },
  "admin.engagement_update": { plain: "Changed an engagement", titled: "Changed the engagement “{title}”" },
  "admin.engagement_phase": {
    plain: "Changed an engagement's phases",
    titled: "Changed the phases of “{title}”",
  },
  "admin.engagement_milestone": { plain: "Changed a milestone", titled: "Changed a milestone of “{title}”" },
  "admin.engagement_post_update": {
    plain: "Posted an engagement update",
    titled: "Posted an update to “{title}”",
  },
  "proposal.list": { plain: "Listed the proposals" },
  "proposal.view": { plain: "Viewed a proposal", titled: "Viewed the proposal “{title}”" },
  "proposal.download": { plain: "Downloaded a proposal", titled: "Downloaded the proposal “{title}”" },
  "proposal.sign": { plain: "Signed a proposal", titled: "Signed “{title}”" },
  "proposal.decline": { plain: "Declined a proposal", titled: "Declined “{title}”" },
  "admin.proposal_list": { plain: "Listed proposals in the console" },
  "admin.proposal_view": {
    plain: "Opened a proposal in the console",
    titled: "Opened the proposal “{title}” in the console",
  },
  "admin.proposal_create": { plain: "Drafted a proposal" },
  "admin.proposal_update": { plain: "Edited a proposal draft", titled: "Edited the draft “{title}”" },
  "admin.proposal_send": { plain: "Sent a proposal", titled: "Sent “{title}”" },
  "admin.proposal_revise": {
    plain: "Started a new version of a proposal",
    titled: "Started a new version of “{title}”",
  },
  "admin.proposal_download": {
    plain: "Downloaded a proposal in the console",
    titled: "Downloaded “{title}” in the console",
  },
  "admin.proposal_approvers": { plain: "Listed the approvers who can sign" },
  "ingest.incidents": { plain: "Sent incidents by API" },
  "ingest.alerts": { plain: "Sent alert counts by API" },
  "ingest.compliance": { plain: "Sent compliance results by API" },
  "admin.api_key_list": { plain: "Listed the ingestion keys" },
  "admin.api_key_create": { plain: "Created an ingestion key" },
  "admin.api_key_revoke": { plain: "Revoked an ingestion key" },
  "admin.tenant_view": { plain: "Opened a customer in the console" },
  "admin.tenant_create": { plain: "Added a customer organisation" },
  "admin.tenant_update": { plain: "Changed a customer organisation's settings" },
  "admin.workspace_create": { plain: "Added a workspace" },
  "admin.workspace_update": { plain: "Changed a workspace" },
  "admin.user_list": { plain: "Listed users in the console" },
  "admin.user_invite": { plain: "Invited a user" },
  "user.role_changed": { plain: "Changed a user's role" },
  "user.disabled": { plain: "Disabled a user" },
  "user.enabled": { plain: "Enabled a user again" },
  "admin.report_list": { plain: "Listed reports in the console" },
  "admin.report_generate": { plain: "Generated a report" },
  "admin.report_regenerate": {
    plain: "Generated a report again",
    titled: "Generated the report “{title}” again",
  },
  "admin.report_publish": { plain: "Published a report", titled: "Published the report “{title}”" },
  "admin.report_unpublish": { plain: "Withdrew a report", titled: "Withdrew the report “{title}”" },
};

export function describeAction(action: string, title: string | null): string {
  const phrase = phrases[action as AuditAction];
  if (!phrase) return action;
  return title && phrase.titled ? phrase.titled.replace("{title}", title) : phrase.plain;
}

/** The neutralised form of a CSV cell: a spreadsheet must never read an exported value as a formula. */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: (string | number | null)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
