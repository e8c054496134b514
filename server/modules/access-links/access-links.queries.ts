import { type Expression, type SqlBool, sql } from "kysely";
import type { AccessLinkRole, AccessLinkStatus } from "../../../contracts/access-links";
import type { ScopedTransaction } from "../../db/scope";

/** A link's status, from its timestamps (revoked wins over used, used over expired). */
export const statusOf = (
  row: { revoked_at: Date | null; used_at: Date | null; expires_at: Date },
  now: Date,
) => (row.revoked_at ? "revoked" : row.used_at ? "used" : row.expires_at <= now ? "expired" : "unused");

function statusCondition(status: AccessLinkStatus): Expression<SqlBool> {
  switch (status) {
    case "revoked":
      return sql<SqlBool>`client_tokens.revoked_at IS NOT NULL`;
    case "used":
      return sql<SqlBool>`client_tokens.revoked_at IS NULL AND client_tokens.used_at IS NOT NULL`;
    case "expired":
      return sql<SqlBool>`client_tokens.revoked_at IS NULL AND client_tokens.used_at IS NULL AND client_tokens.expires_at <= now()`;
    case "unused":
      return sql<SqlBool>`client_tokens.revoked_at IS NULL AND client_tokens.used_at IS NULL AND client_tokens.expires_at > now()`;
  }
}

export function findWorkspace(trx: ScopedTransaction, workspaceId: string) {
  return trx
    .selectFrom("workspaces")
    .innerJoin("tenants", "tenants.id", "workspaces.tenant_id")
    .select([
      "workspaces.id",
      "workspaces.name",
      "workspaces.tenant_id",
      "tenants.name as tenant_name",
      "tenants.allowed_email_domains",
      "workspaces.archived_at",
    ])
    .where("workspaces.id", "=", workspaceId)
    .executeTakeFirst();
}

// An archived workspace is history: no new link leads there, so pickers leave it out.
export function listWorkspaces(trx: ScopedTransaction) {
  return trx
    .selectFrom("workspaces")
    .innerJoin("tenants", "tenants.id", "workspaces.tenant_id")
    .select([
      "workspaces.id",
      "workspaces.name",
      "workspaces.kind",
      "workspaces.tenant_id",
      "tenants.name as tenant_name",
      "tenants.allowed_email_domains",
    ])
    .where("workspaces.archived_at", "is", null)
    .orderBy("tenants.name")
    .orderBy("workspaces.name")
    .execute();
}

const linkColumns = [
  "client_tokens.id",
  "client_tokens.email",
  "client_tokens.role",
  "client_tokens.origin",
  "client_tokens.created_at",
  "client_tokens.expires_at",
  "client_tokens.used_at",
  "client_tokens.revoked_at",
  "client_tokens.mail_status",
  "client_tokens.mail_attempts",
  "client_tokens.mail_sent_at",
  "client_tokens.mail_error",
  "users.name as issued_by_name",
] as const;

export function listLinks(trx: ScopedTransaction, workspaceId: string, status?: AccessLinkStatus) {
  let query = trx
    .selectFrom("client_tokens")
    .leftJoin("users", "users.id", "client_tokens.issued_by")
    .select(linkColumns)
    .where("client_tokens.workspace_id", "=", workspaceId);
  if (status) query = query.where(statusCondition(status));
  return query.orderBy("client_tokens.created_at", "desc").limit(500).execute();
}

export function findLink(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("client_tokens")
    .leftJoin("users", "users.id", "client_tokens.issued_by")
    .select(linkColumns)
    .where("client_tokens.id", "=", id)
    .executeTakeFirst();
}

export type LinkRow = NonNullable<Awaited<ReturnType<typeof findLink>>>;

export interface NewLink {
  id: string;
  tenantId: string;
  workspaceId: string;
  email: string;
  role: AccessLinkRole;
  hash: Buffer;
  issuedBy: string | null;
  origin: "staff" | "self_service" | "cli";
  hours: number;
  /** The sealed secret for the mail job; null when no mail will be sent (the CLI prints the link). */
  mailPayload: Buffer | null;
  /** A proposal signer's link: the mail is the proposal's and the link lands on it. */
  proposalId?: string;
}

export function insertLink(trx: ScopedTransaction, link: NewLink) {
  return trx
    .insertInto("client_tokens")
    .values({
      id: link.id,
      tenant_id: link.tenantId,
      workspace_id: link.workspaceId,
      email: link.email,
      role: link.role,
      token_hash: link.hash,
      issued_by: link.issuedBy,
      origin: link.origin,
      expires_at: sql<Date>`now() + make_interval(hours => ${link.hours})`,
      mail_status: link.mailPayload ? "queued" : "not_sent",
      mail_payload: link.mailPayload,
      proposal_id: link.proposalId ?? null,
    })
    .returning(["id", "expires_at"])
    .executeTakeFirstOrThrow();
}

/** Revokes a link (once); a mail not sent yet is not sent any more. */
export function revokeLink(trx: ScopedTransaction, id: string) {
  return trx
    .updateTable("client_tokens")
    .set({
      revoked_at: sql<Date>`now()`,
      mail_payload: null,
      mail_status: sql<
        "queued" | "sent" | "failed" | "not_sent"
      >`CASE WHEN mail_status = 'queued' THEN 'not_sent' ELSE mail_status END`,
    })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}

/** The link a secret belongs to, with what the access page shows (system scope: the secret names the tenant). */
export function findLinkByHash(trx: ScopedTransaction, hash: Buffer) {
  return trx
    .selectFrom("client_tokens")
    .innerJoin("workspaces", "workspaces.id", "client_tokens.workspace_id")
    .innerJoin("tenants", "tenants.id", "client_tokens.tenant_id")
    .select([
      "client_tokens.id",
      "client_tokens.tenant_id",
      "client_tokens.workspace_id",
      "client_tokens.email",
      "client_tokens.expires_at",
      "client_tokens.used_at",
      "client_tokens.revoked_at",
      sql<boolean>`client_tokens.expires_at <= now()`.as("expired"),
      "workspaces.name as workspace_name",
      "tenants.name as tenant_name",
      "tenants.session_max_hours",
    ])
    .where("client_tokens.token_hash", "=", hash)
    .executeTakeFirst();
}

/**
 * The workspaces an address was invited to that still let it in: for each, its newest link is not revoked (staff
 * revoking the last link withdraws the invitation). The domain policy is checked by the caller.
 */
export function invitationsOf(trx: ScopedTransaction, email: string, workspaceId?: string) {
  let query = trx
    .selectFrom("client_tokens")
    .innerJoin("tenants", "tenants.id", "client_tokens.tenant_id")
    // An archived workspace takes no new links, asked for or not.
    .innerJoin("workspaces", (join) =>
      join.onRef("workspaces.id", "=", "client_tokens.workspace_id").on("workspaces.archived_at", "is", null),
    )
    .distinctOn("client_tokens.workspace_id")
    .select([
      "client_tokens.tenant_id",
      "client_tokens.workspace_id",
      "client_tokens.role",
      "client_tokens.revoked_at",
      "tenants.allowed_email_domains",
    ])
    .where("client_tokens.email", "=", email);
  if (workspaceId) query = query.where("client_tokens.workspace_id", "=", workspaceId);
  return query
    .orderBy("client_tokens.workspace_id")
    .orderBy("client_tokens.created_at", "desc")
    .limit(50)
    .execute();
}

/** What the mail job needs of a link. */
export function findLinkForMail(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("client_tokens")
    .innerJoin("workspaces", "workspaces.id", "client_tokens.workspace_id")
    .innerJoin("tenants", "tenants.id", "client_tokens.tenant_id")
    .leftJoin("proposals", "proposals.id", "client_tokens.proposal_id")
    .select([
      "client_tokens.id",
      "client_tokens.email",
      "client_tokens.role",
      "client_tokens.proposal_id",
      "proposals.title as proposal_title",
      "proposals.version as proposal_version",
      "proposals.kind as proposal_kind",
      "proposals.expires_at as proposal_expires_at",
      "client_tokens.expires_at",
      "client_tokens.used_at",
      "client_tokens.revoked_at",
      "client_tokens.mail_status",
      "client_tokens.mail_payload",
      "workspaces.name as workspace_name",
      "tenants.name as tenant_name",
    ])
    .where("client_tokens.id", "=", id)
    .executeTakeFirst();
}

/** Records a delivery attempt; `final` ends the link's mail state (sent or failed) and erases the sealed secret. */
export function recordMailAttempt(
  trx: ScopedTransaction,
  id: string,
  outcome: { status: "sent" | "failed" | "not_sent" | "queued"; error: string | null },
) {
  const final = outcome.status !== "queued";
  return trx
    .updateTable("client_tokens")
    .set({
      mail_status: outcome.status,
      mail_error: outcome.error?.slice(0, 500) ?? null,
      mail_attempts: sql<number>`mail_attempts + ${outcome.status === "not_sent" ? 0 : 1}`,
      ...(outcome.status === "sent" ? { mail_sent_at: sql<Date>`now()` } : {}),
      ...(final ? { mail_payload: null } : {}),
    })
    .where("id", "=", id)
    .where("mail_status", "=", "queued")
    .execute();
}

/** Links whose mail is still queued (after a restart, their jobs are queued again). */
export function queuedMailLinks(trx: ScopedTransaction) {
  return trx
    .selectFrom("client_tokens")
    .select("id")
    .where("mail_status", "=", "queued")
    .orderBy("created_at")
    .limit(10_000)
    .execute();
}
