import { type Static, Type } from "typebox";
import { IsoDateTime, Uuid } from "./common";

/**
 * What an audit event records that someone did. Every `/api/*` and `/auth/*` route declares one; a request that
 * matched no route is `api.unmatched`.
 */
export const auditActions = [
  "auth.login_start",
  "auth.login",
  "auth.login_failed",
  "auth.logout",
  "session.view",
  "dashboard.view",
  "report.list",
  "report.view",
  "report.download",
  "compliance.view",
  "compliance.framework_view",
  "document.verify",
  "api.docs",
  "api.unmatched",
  "admin.tenant_list",
  "admin.audit_view",
  "admin.audit_verify",
  "admin.audit_export",
  "access_log.view",
  "access_log.export",
  "client_token.issued",
  "client_token.list",
  "client_token.revoked",
  "client_token.previewed",
  "client_token.redeemed",
  "client_token.redeem_failed",
  "client_token.rate_limited",
  "client_token.requested",
  "admin.workspace_list",
  "engagement.list",
  "engagement.view",
  "engagement.stream",
  "admin.engagement_list",
  "admin.engagement_view",
  "admin.engagement_create",
  "admin.engagement_update",
  "admin.engagement_phase",
  "admin.engagement_milestone",
  "admin.engagement_post_update",
  "proposal.list",
  "proposal.view",
  "proposal.download",
  "proposal.sign",
  "proposal.decline",
  "admin.proposal_list",
  "admin.proposal_view",
  "admin.proposal_create",
  "admin.proposal_update",
  "admin.proposal_send",
  "admin.proposal_revise",
  "admin.proposal_download",
  "admin.proposal_approvers",
  "ingest.incidents",
  "ingest.alerts",
  "ingest.compliance",
  "admin.api_key_list",
  "admin.api_key_create",
  "admin.api_key_revoke",
  "admin.tenant_view",
  "admin.tenant_create",
  "admin.tenant_update",
  "admin.workspace_create",
  "admin.workspace_update",
  "admin.user_list",
  "admin.user_invite",
  "user.role_changed",
  "user.disabled",
  "user.enabled",
  "admin.report_list",
  "admin.report_generate",
  "admin.report_regenerate",
  "admin.report_publish",
  "admin.report_unpublish",
] as const;
export type AuditAction = (typeof auditActions)[number];
export const AuditActionSchema = Type.Enum(auditActions);

/** What kind of thing an event is about. */
export const auditResources = [
  "session",
  "report",
  "compliance_framework",
  "document",
  "tenant",
  "audit_log",
  "client_token",
  "workspace",
  "engagement",
  "proposal",
  "api_key",
  "user",
] as const;
export type AuditResource = (typeof auditResources)[number];

/** How a request ended, from its HTTP status. */
export const auditOutcomes = [
  "allowed",
  "unauthenticated",
  "denied",
  "not_found",
  "rejected",
  "rate_limited",
  "error",
] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
export const AuditOutcomeSchema = Type.Enum(auditOutcomes);

export const auditActorTypes = ["user", "client_token", "api_key", "system", "anonymous"] as const;
export type AuditActorType = (typeof auditActorTypes)[number];

/** `portcullis audit verify` and the admin's audit page: whether the chain of seals and rows is intact. */
export const AuditVerification = Type.Object({
  intact: Type.Boolean(),
  events: Type.Integer({ description: "Events covered by seals." }),
  seals: Type.Integer(),
  unsealed: Type.Integer({
    description: "Events written since the last seal (sealed within about a second).",
  }),
  archived: Type.Integer({
    description:
      "Events removed by retention (whole sealed ranges, before the checkpoint verification starts from).",
  }),
  headHash: Type.Union([Type.String(), Type.Null()], {
    description: "The newest seal's hash: record it elsewhere to prove later that nothing before it changed.",
  }),
  problem: Type.Union([
    Type.Null(),
    Type.Object({
      seq: Type.Union([Type.Integer(), Type.Null()]),
      seal: Type.Union([Type.Integer(), Type.Null()]),
      kind: Type.Enum([
        "row_edited",
        "row_deleted",
        "rows_swapped",
        "row_inserted",
        "seal_edited",
        "seal_missing",
        "seal_digest",
      ]),
      message: Type.String(),
    }),
  ]),
});
export type AuditVerification = Static<typeof AuditVerification>;

const Cursor = Type.Integer({
  minimum: 1,
  description: "Return events older than this seq (the previous page's `next_before`).",
});
const Limit = Type.Integer({ minimum: 1, maximum: 200, default: 50 });
const ActorId = Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9-]+$" });

/** The console's audit filters: a time range, tenant, actor, action, outcome and status. */
const auditFilters = {
  from: Type.Optional(IsoDateTime),
  to: Type.Optional(IsoDateTime),
  tenant: Type.Optional(Uuid),
  actor: Type.Optional(ActorId),
  action: Type.Optional(AuditActionSchema),
  outcome: Type.Optional(AuditOutcomeSchema),
  status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
};

/** GET /api/v1/admin/audit: newest first, keyset pagination (no offset over millions of rows). */
export const AuditListQuery = Type.Object({
  ...auditFilters,
  before: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type AuditListQuery = Static<typeof AuditListQuery>;

/** GET /api/v1/admin/audit/export: every matching event, streamed, oldest first. */
export const AuditExportQuery = Type.Object({
  ...auditFilters,
  format: Type.Optional(Type.Enum(["csv", "jsonl"], { default: "csv" })),
});
export type AuditExportQuery = Static<typeof AuditExportQuery>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** One audit event as the provider's console shows it: everything the row holds but its hash chain fields. */
export const AuditEventItem = Type.Object({
  seq: Type.Integer(),
  occurred_at: IsoDateTime,
  request_id: Type.String(),
  actor_type: Type.Enum(auditActorTypes),
  actor_id: NullableString,
  actor_name: NullableString,
  actor_role: NullableString,
  tenant_id: NullableString,
  workspace_id: NullableString,
  action: Type.String(),
  resource_type: NullableString,
  resource_id: NullableString,
  outcome: AuditOutcomeSchema,
  http_status: Type.Integer(),
  ip: NullableString,
  user_agent: NullableString,
  reason: NullableString,
});
export type AuditEventItem = Static<typeof AuditEventItem>;

export const AuditList = Type.Object({
  items: Type.Array(AuditEventItem),
  next_before: Type.Union([Type.Integer(), Type.Null()], {
    description: "The cursor of the next page; null at the end.",
  }),
});
export type AuditList = Static<typeof AuditList>;

/** GET /api/v1/access-log: a customer's view of who accessed their organisation's data. */
export const AccessLogQuery = Type.Object({
  tenant: Type.Optional(Uuid),
  actor: Type.Optional(ActorId),
  action: Type.Optional(AuditActionSchema),
  before: Type.Optional(Cursor),
  limit: Type.Optional(Limit),
});
export type AccessLogQuery = Static<typeof AccessLogQuery>;

export const AccessLogEntry = Type.Object({
  seq: Type.Integer(),
  occurred_at: IsoDateTime,
  actor: Type.Object({
    id: NullableString,
    /** "<name> (<provider name>)" for the provider's staff. */
    name: Type.String(),
    is_provider_staff: Type.Boolean(),
  }),
  action: Type.String(),
  /** The action in plain language, with the resource's title when it has one. */
  description: Type.String(),
  outcome: AuditOutcomeSchema,
  /** Only for the organisation's own people; never for the provider's staff. */
  ip: NullableString,
  user_agent: NullableString,
});
export type AccessLogEntry = Static<typeof AccessLogEntry>;

export const AccessLog = Type.Object({
  items: Type.Array(AccessLogEntry),
  next_before: Type.Union([Type.Integer(), Type.Null()]),
  /** The people who appear in the log, for the filter. */
  people: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
});
export type AccessLog = Static<typeof AccessLog>;
