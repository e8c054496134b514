import { randomUUID } from "node:crypto";
import type {
  AccessLink,
  AccessLinkList,
  AccessLinkListQuery,
  AccessLinkPreview,
  AccessLinkRole,
  IssueAccessLinkBody,
  IssuedAccessLink,
  WorkspaceOptions,
} from "../../../contracts/access-links";
import {
  accessLinkUrl,
  linkSecretHash,
  newLinkSecret,
  openLinkSecret,
  redeemLink,
  sealLinkSecret,
} from "../../auth/access-links";
import { type Caller, requirePermission } from "../../auth/permissions";
import { UUID } from "../../auth/scope";
import type { SessionService } from "../../auth/sessions";
import type { Config } from "../../config";
import type { RunScoped, ScopedTransaction } from "../../db/scope";
import { AppError, notFound } from "../../errors";
import type { JobQueue } from "../../jobs/queue";
import type { Mailer } from "../../mail/mailer";
import { accessLinkMail, proposalSentMail } from "../../mail/templates";
import * as queries from "./access-links.queries";

/** The job that emails a link, after the transaction that created it has committed. */
export const ACCESS_LINK_MAIL_QUEUE = "mail.access-link";
/** The job that answers "email me a link": looks the address up and creates its links. */
export const ACCESS_LINK_REQUEST_QUEUE = "access-link.request";
/** Retries with backoff from 5 s: about two and a half minutes before a mail counts as failed. */
export const ACCESS_LINK_MAIL_RETRIES = 5;

export interface AccessLinkDeps {
  config: Config;
  runScoped: RunScoped;
  sessions: SessionService;
  /** Seals a link's secret until its mail is sent. */
  sealKey: Buffer;
  jobs: JobQueue;
  mailer: Mailer;
}

/** Why a presented secret opened nothing (kept in the audit trail; the client gets one answer for all). */
export type LinkRefusal = "malformed" | "unknown" | "used" | "revoked" | "expired";

export type LinkCheck<T> =
  | { ok: true; value: T }
  | { ok: false; reason: LinkRefusal; tenantId: string | null; workspaceId: string | null };

/** An address is allowed when the tenant names no domains, or its domain is one of them (or below one). */
export function isAllowedDomain(email: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((allowed) => {
    const candidate = allowed.toLowerCase();
    return domain === candidate || domain.endsWith(`.${candidate}`);
  });
}

function toAccessLink(row: queries.LinkRow, now: Date): AccessLink {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: queries.statusOf(row, now),
    origin: row.origin,
    issuedBy: row.issued_by_name ?? null,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    usedAt: row.used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    mail: {
      status: row.mail_status,
      attempts: row.mail_attempts,
      sentAt: row.mail_sent_at?.toISOString() ?? null,
      error: row.mail_error,
    },
  };
}

/** Creates a link in `trx`; its secret is sealed for the mail job (`sealKey`), or returned to be printed. */
async function createLink(
  trx: ScopedTransaction,
  sealKey: Buffer | null,
  input: {
    workspace: { id: string; tenant_id: string };
    email: string;
    role: AccessLinkRole;
    hours: number;
    issuedBy: string | null;
    origin: "staff" | "self_service" | "cli";
    proposalId?: string;
  },
) {
  const id = randomUUID();
  const { secret, hash } = newLinkSecret();
  const print = sealKey === null;
  const row = await queries.insertLink(trx, {
    id,
    tenantId: input.workspace.tenant_id,
    workspaceId: input.workspace.id,
    email: input.email,
    role: input.role,
    hash,
    issuedBy: input.issuedBy,
    origin: input.origin,
    hours: input.hours,
    mailPayload: sealKey ? sealLinkSecret(sealKey, id, secret) : null,
    ...(input.proposalId ? { proposalId: input.proposalId } : {}),
  });
  return { id, expiresAt: row.expires_at, secret: print ? secret : null };
}

/** A staff member's choices, checked as the API would: lifetime, workspace, the tenant's domain policy. */
async function checkedWorkspace(
  trx: ScopedTransaction,
  config: Config,
  input: { workspaceId: string; email: string; hours: number },
) {
  const { workspaceId, email, hours } = input;
  const { maxHours } = config.accessLinks;
  if (hours > maxHours) {
    throw new AppError("bad_request", `An access link may last at most ${maxHours} hours`);
  }
  const workspace = UUID.test(workspaceId) ? await queries.findWorkspace(trx, workspaceId) : undefined;
  if (!workspace) throw notFound("Workspace");
  if (workspace.archived_at) {
    throw new AppError("conflict", `${workspace.name} is archived: no new access links lead to it`);
  }
  if (!isAllowedDomain(email, workspace.allowed_email_domains)) {
    throw new AppError(
      "bad_request",
      `${workspace.tenant_name} accepts access links only for addresses at ${workspace.allowed_email_domains.join(", ")}`,
    );
  }
  return workspace;
}

export function createAccessLinkService(deps: AccessLinkDeps) {
  const { config, runScoped, sessions, sealKey, jobs, mailer } = deps;
  const { defaultHours } = config.accessLinks;

  const queueMail = (tokenId: string) => () =>
    jobs.send(ACCESS_LINK_MAIL_QUEUE, { tokenId }, { singletonKey: tokenId });

  async function refusalOf(trx: ScopedTransaction, presented: string) {
    const { hash, wellFormed } = linkSecretHash(presented);
    const link = await queries.findLinkByHash(trx, hash);
    const reason: LinkRefusal | null = !wellFormed
      ? "malformed"
      : !link
        ? "unknown"
        : link.revoked_at
          ? "revoked"
          : link.used_at
            ? "used"
            : link.expired
              ? "expired"
              : null;
    return { reason, link };
  }

  return {
    /** GET /api/v1/admin/workspaces — where links can lead (console). */
    async listWorkspaces({ actor, scoped }: Caller): Promise<WorkspaceOptions> {
      requirePermission(actor, "can_issue_client_tokens");
      const rows = await scoped({ kind: "provider" }, queries.listWorkspaces);
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          kind: row.kind,
          tenantId: row.tenant_id,
          tenantName: row.tenant_name,
          allowedEmailDomains: row.allowed_email_domains,
        })),
      };
    },

    /**
     * POST /api/workspaces/:id/issue-client-token — creates the link and returns the job that emails it, to be
     * queued once the request's transaction has committed.
     */
    async issue(
      { actor, scoped }: Caller,
      workspaceId: string,
      body: IssueAccessLinkBody,
    ): Promise<{ issued: IssuedAccessLink; queueMail: () => Promise<unknown> }> {
      requirePermission(actor, "can_issue_client_tokens");
      const email = body.email.toLowerCase();
      const hours = body.expiresInHours ?? defaultHours;
      const link = await scoped({ kind: "provider" }, async (trx) => {
        const workspace = await checkedWorkspace(trx, config, { workspaceId, email, hours });
        return createLink(trx, sealKey, {
          workspace,
          email,
          role: body.role ?? "customer_viewer",
          hours,
          issuedBy: actor.userId,
          origin: "staff",
        });
      });
      return {
        issued: { tokenId: link.id, email, workspaceId, expiresAt: link.expiresAt.toISOString() },
        queueMail: queueMail(link.id),
      };
    },

    /**
     * A proposal signer's approver link, created in the caller's transaction when the proposal is sent: it lasts
     * until the proposal expires (at most the longest link lifetime), its email is the proposal's, and it lands
     * on the proposal. Returns the job that emails it, to be queued after commit.
     */
    async issueForProposal(
      { actor, scoped }: Caller,
      input: { workspaceId: string; email: string; proposalId: string; expiresAt: Date | null },
    ): Promise<{ tokenId: string; queueMail: () => Promise<unknown> }> {
      requirePermission(actor, "can_issue_client_tokens");
      const { maxHours } = config.accessLinks;
      const untilExpiry = input.expiresAt
        ? Math.ceil((input.expiresAt.getTime() - Date.now()) / 3_600_000)
        : defaultHours;
      const hours = Math.min(maxHours, Math.max(1, untilExpiry));
      const email = input.email.toLowerCase();
      const link = await scoped({ kind: "provider" }, async (trx) => {
        const workspace = await checkedWorkspace(trx, config, {
          workspaceId: input.workspaceId,
          email,
          hours,
        });
        return createLink(trx, sealKey, {
          workspace,
          email,
          role: "customer_approver",
          hours,
          issuedBy: actor.userId,
          origin: "staff",
          proposalId: input.proposalId,
        });
      });
      return { tokenId: link.id, queueMail: queueMail(link.id) };
    },

    /** GET /api/workspaces/:id/client-tokens */
    async list(
      { actor, scoped }: Caller,
      workspaceId: string,
      query: AccessLinkListQuery,
    ): Promise<AccessLinkList> {
      requirePermission(actor, "can_issue_client_tokens");
      if (!UUID.test(workspaceId)) throw notFound("Workspace");
      return scoped({ kind: "provider" }, async (trx) => {
        const workspace = await queries.findWorkspace(trx, workspaceId);
        if (!workspace) throw notFound("Workspace");
        const rows = await queries.listLinks(trx, workspaceId, query.status);
        const now = new Date();
        return {
          workspace: {
            id: workspace.id,
            name: workspace.name,
            tenantId: workspace.tenant_id,
            tenantName: workspace.tenant_name,
          },
          items: rows.map((row) => toAccessLink(row, now)),
        };
      });
    },

    /** POST /api/client-tokens/:id/revoke — also ends any session the link opened. */
    async revoke({ actor, scoped }: Caller, id: string): Promise<AccessLink> {
      requirePermission(actor, "can_issue_client_tokens");
      if (!UUID.test(id)) throw notFound("Access link");
      return scoped({ kind: "provider" }, async (trx) => {
        await queries.revokeLink(trx, id);
        const row = await queries.findLink(trx, id);
        if (!row) throw notFound("Access link");
        return toAccessLink(row, new Date());
      });
    },

    /** POST /auth/client-token/preview — what the link opens; the link stays unused. */
    async preview(presented: string): Promise<LinkCheck<AccessLinkPreview>> {
      return runScoped({ kind: "system" }, async (trx) => {
        const { reason, link } = await refusalOf(trx, presented);
        if (reason || !link) {
          return {
            ok: false,
            reason: reason ?? "unknown",
            tenantId: link?.tenant_id ?? null,
            workspaceId: link?.workspace_id ?? null,
          };
        }
        return {
          ok: true,
          value: {
            providerName: config.providerName,
            tenantName: link.tenant_name,
            workspaceName: link.workspace_name,
            email: link.email,
            expiresAt: link.expires_at.toISOString(),
          },
        };
      });
    },

    /**
     * POST /auth/client-token/redeem — uses the link (once: one atomic UPDATE) and opens a session for its one
     * workspace, with the link's role, in the same transaction.
     */
    async redeem(
      presented: string,
      client: { ip: string; userAgent: string | null },
    ): Promise<
      LinkCheck<{
        token: string;
        expiresAt: Date;
        link: {
          id: string;
          tenantId: string;
          workspaceId: string;
          email: string;
          role: AccessLinkRole;
          proposalId: string | null;
        };
      }>
    > {
      return runScoped({ kind: "system" }, async (trx) => {
        const { hash } = linkSecretHash(presented);
        const used = await redeemLink(trx, hash, client.ip);
        if (!used) {
          const { reason, link } = await refusalOf(trx, presented);
          return {
            ok: false,
            // Between the UPDATE and this read another request may have used it: that is "used".
            reason: reason ?? "used",
            tenantId: link?.tenant_id ?? null,
            workspaceId: link?.workspace_id ?? null,
          };
        }
        const tenant = await trx
          .selectFrom("tenants")
          .select("session_max_hours")
          .where("id", "=", used.tenant_id)
          .executeTakeFirstOrThrow();
        const session = await sessions.create(trx, {
          userId: null,
          clientTokenId: used.id,
          tenantId: used.tenant_id,
          workspaceIds: [used.workspace_id],
          role: used.role,
          authMethod: "email",
          mfa: false,
          ip: client.ip,
          userAgent: client.userAgent,
          maxHours: tenant.session_max_hours,
        });
        return {
          ok: true,
          value: {
            token: session.token,
            expiresAt: session.expiresAt,
            link: {
              id: used.id,
              tenantId: used.tenant_id,
              workspaceId: used.workspace_id,
              email: used.email,
              role: used.role,
              proposalId: used.proposal_id,
            },
          },
        };
      });
    },

    /** POST /auth/client-token/request — queues the lookup; the answer is the same whatever it will find. */
    async queueRequest(email: string, workspaceHint?: string): Promise<void> {
      await jobs.send(ACCESS_LINK_REQUEST_QUEUE, { email, ...(workspaceHint ? { workspaceHint } : {}) });
    },

    /**
     * The request job: a fresh link for each workspace the address was invited to and that still lets it in, each
     * emailed by its own mail job. Returns how many links it created.
     */
    async request(email: string, workspaceHint?: string): Promise<number> {
      const address = email.toLowerCase();
      const created = await runScoped({ kind: "system" }, async (trx) => {
        const invitations = await queries.invitationsOf(trx, address, workspaceHint);
        const ids: string[] = [];
        for (const invitation of invitations) {
          if (invitation.revoked_at || !isAllowedDomain(address, invitation.allowed_email_domains)) continue;
          const link = await createLink(trx, sealKey, {
            workspace: { id: invitation.workspace_id, tenant_id: invitation.tenant_id },
            email: address,
            role: invitation.role,
            hours: defaultHours,
            issuedBy: null,
            origin: "self_service",
          });
          ids.push(link.id);
        }
        return ids;
      });
      for (const id of created) await queueMail(id)();
      return created.length;
    },

    /** The mail job: sends a link's email once, recording each attempt on the link for staff to see. */
    async sendMail(tokenId: string, attempt: { retryCount: number; retryLimit: number }): Promise<void> {
      const link = await runScoped({ kind: "system" }, (trx) => queries.findLinkForMail(trx, tokenId));
      if (link?.mail_status !== "queued") return;
      const record = (status: "sent" | "failed" | "not_sent" | "queued", error: string | null) =>
        runScoped({ kind: "system" }, (trx) => queries.recordMailAttempt(trx, tokenId, { status, error }));
      if (!link.mail_payload || link.used_at || link.revoked_at || link.expires_at <= new Date()) {
        await record("not_sent", "The link was revoked, used or expired before its email went out");
        return;
      }
      const secret = openLinkSecret(sealKey, tokenId, link.mail_payload);
      if (!secret) {
        await record(
          "failed",
          "The server's signing secret changed before the email went out: issue a new link",
        );
        return;
      }
      const url = accessLinkUrl(config.publicUrl, secret);
      try {
        await mailer.send(
          link.email,
          link.proposal_id && link.proposal_title
            ? proposalSentMail({
                providerName: config.providerName,
                proposalTitle: link.proposal_title,
                version: link.proposal_version ?? 1,
                kind: link.proposal_kind ?? "proposal",
                link: url,
                expiresAt: link.proposal_expires_at,
              })
            : accessLinkMail({
                providerName: config.providerName,
                tenantName: link.tenant_name,
                workspaceName: link.workspace_name,
                link: url,
                expiresAt: link.expires_at,
                canSign: link.role === "customer_approver",
              }),
        );
      } catch (error) {
        const last = attempt.retryCount >= attempt.retryLimit;
        await record(
          last ? "failed" : "queued",
          (error as Error).message || "The mail server refused the message",
        );
        throw error;
      }
      await record("sent", null);
    },

    /** After a restart: the mails still queued get their job again (a link's job runs once at a time). */
    async requeueMail(): Promise<number> {
      const links = await runScoped({ kind: "system" }, queries.queuedMailLinks);
      for (const link of links) await queueMail(link.id)();
      return links.length;
    },
  };
}

export type AccessLinkService = ReturnType<typeof createAccessLinkService>;

/** `portcullis issue-link`: a link for an operator to hand over without email (the same checks as the API). */
export async function issueLinkForOperator(
  deps: { config: Config; runScoped: RunScoped },
  input: { workspaceId: string; email: string; role: AccessLinkRole; hours?: number },
): Promise<{ url: string; tokenId: string; expiresAt: Date }> {
  const { config } = deps;
  const email = input.email.toLowerCase();
  const hours = input.hours ?? config.accessLinks.defaultHours;
  const link = await deps.runScoped({ kind: "system" }, async (trx) => {
    const workspace = await checkedWorkspace(trx, config, { workspaceId: input.workspaceId, email, hours });
    return createLink(trx, null, {
      workspace,
      email,
      role: input.role,
      hours,
      issuedBy: null,
      origin: "cli",
    });
  });
  return { url: accessLinkUrl(config.publicUrl, link.secret!), tokenId: link.id, expiresAt: link.expiresAt };
}
