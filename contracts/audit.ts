import { type Static, Type } from "typebox";

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
