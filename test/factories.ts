/**
 * Data factories: a test builds exactly the rows it depends on and asserts on what it built, instead of on facts
 * of the demo data. Every row is written through the app's own scoped transactions (system scope), and every
 * factory gives unique names, so tests in one file never collide.
 */

import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Role } from "../contracts/auth";
import type { ReportStatus, ReportType } from "../contracts/reports";
import { newLinkSecret } from "../server/auth/access-links";
import { createSessionService, SessionKeys, sessionCookieName } from "../server/auth/sessions";
import type { Config } from "../server/config";
import type { Database } from "../server/db/connection";
import type { ScopedTransaction } from "../server/db/scope";
import { createScopedRunner, withScope } from "../server/db/scope";
import { TEST_APP_ROLE } from "./helpers/constants";
import { BrowserClient } from "./helpers/http-client";

export interface BuiltTenant {
  id: string;
  slug: string;
  name: string;
}
export interface BuiltWorkspace {
  id: string;
  tenantId: string;
  name: string;
}
export interface BuiltUser {
  id: string;
  tenantId: string | null;
  role: Role;
  email: string;
  name: string;
}
export interface BuiltReport {
  id: string;
  tenantId: string;
  workspaceId: string;
  title: string;
  pdf: Buffer | null;
  sha256: string | null;
}

const unique = () => randomBytes(4).toString("hex");

/** A minimal file that starts like a PDF: enough for downloads and digests (the renderer is tested elsewhere). */
export function fakePdf(text = unique()): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, "latin1");
}

export function createFactories(database: Pick<Database, "pool">, config: Config) {
  const system = <T>(fn: (trx: ScopedTransaction) => Promise<T>) =>
    withScope(database, TEST_APP_ROLE, { kind: "system" }, fn);

  return {
    async tenant(overrides: { name?: string; requireMfa?: boolean } = {}): Promise<BuiltTenant> {
      const slug = `t-${unique()}`;
      const name = overrides.name ?? `Tenant ${slug}`;
      const row = await system((trx) =>
        trx
          .insertInto("tenants")
          .values({ slug, name, require_mfa: overrides.requireMfa ?? false })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      return { id: row.id, slug, name };
    },

    async workspace(
      tenant: BuiltTenant,
      overrides: { kind?: "soc" | "advisory"; name?: string } = {},
    ): Promise<BuiltWorkspace> {
      const name = overrides.name ?? `Workspace ${unique()}`;
      const row = await system((trx) =>
        trx
          .insertInto("workspaces")
          .values({ tenant_id: tenant.id, name, kind: overrides.kind ?? "soc" })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      return { id: row.id, tenantId: tenant.id, name };
    },

    /** A user of `tenant` (a customer role) or of the provider (staff roles, tenant null). */
    async user(
      tenant: BuiltTenant | null,
      role: Role,
      overrides: { workspaces?: BuiltWorkspace[]; name?: string } = {},
    ) {
      const suffix = unique();
      const email = `${role}-${suffix}@example.test`;
      const name = overrides.name ?? `User ${suffix}`;
      const row = await system(async (trx) => {
        const user = await trx
          .insertInto("users")
          .values({
            tenant_id: tenant?.id ?? null,
            email,
            name,
            role,
            idp_issuer: "factory",
            idp_subject: `factory-${suffix}`,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const workspace of overrides.workspaces ?? []) {
          await trx
            .insertInto("workspace_memberships")
            .values({ tenant_id: workspace.tenantId, workspace_id: workspace.id, user_id: user.id })
            .execute();
        }
        return user;
      });
      return { id: row.id, tenantId: tenant?.id ?? null, role, email, name } satisfies BuiltUser;
    },

    /** A user that exists already (a demo account), by its identity provider subject. */
    async existingUser(idpSubject: string): Promise<BuiltUser> {
      const row = await system((trx) =>
        trx
          .selectFrom("users")
          .select(["id", "tenant_id", "role", "email", "name"])
          .where("idp_subject", "=", idpSubject)
          .executeTakeFirstOrThrow(),
      );
      return { id: row.id, tenantId: row.tenant_id, role: row.role, email: row.email, name: row.name };
    },

    async report(
      workspace: BuiltWorkspace,
      overrides: {
        type?: ReportType;
        status?: ReportStatus;
        published?: boolean;
        title?: string;
        periodStart?: Date;
        generatedAt?: Date;
      } = {},
    ): Promise<BuiltReport> {
      const status = overrides.status ?? "completed";
      const periodStart = overrides.periodStart ?? new Date(Date.UTC(2026, 9, 1));
      const periodEnd = new Date(Date.UTC(periodStart.getUTCFullYear(), periodStart.getUTCMonth() + 1, 1));
      const title = overrides.title ?? `Report ${unique()}`;
      const pdf = status === "completed" ? fakePdf(title) : null;
      const sha256 = pdf ? createHash("sha256").update(pdf).digest("hex") : null;
      const row = await system((trx) =>
        trx
          .insertInto("reports")
          .values({
            tenant_id: workspace.tenantId,
            workspace_id: workspace.id,
            report_type: overrides.type ?? "executive_monthly",
            title,
            period_start: periodStart,
            period_end: periodEnd,
            status,
            is_published: overrides.published ?? true,
            pdf,
            size_bytes: pdf?.length ?? null,
            sha256,
            generated_at: status === "completed" ? (overrides.generatedAt ?? new Date()) : null,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      return { id: row.id, tenantId: workspace.tenantId, workspaceId: workspace.id, title, pdf, sha256 };
    },

    async incident(
      workspace: BuiltWorkspace,
      overrides: { status?: "open" | "acknowledged" | "resolved"; openedAt?: Date; resolvedAt?: Date } = {},
    ) {
      const status = overrides.status ?? "open";
      const openedAt = overrides.openedAt ?? new Date(Date.now() - 3_600_000);
      const resolvedAt = status === "resolved" ? (overrides.resolvedAt ?? new Date()) : null;
      return system((trx) =>
        trx
          .insertInto("incidents")
          .values({
            tenant_id: workspace.tenantId,
            workspace_id: workspace.id,
            external_id: `INC-${unique()}`,
            title: "Impossible travel sign-in",
            severity: "high",
            status,
            detection: "Impossible travel",
            opened_at: openedAt,
            resolved_at: resolvedAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
    },

    /**
     * An engagement in `workspace` with one phase of two milestones (one done), a client-visible update, and an
     * internal update and internal notes carrying `internalMarker` (which must never reach a client).
     */
    async engagement(workspace: BuiltWorkspace, options: { internalMarker?: string; name?: string } = {}) {
      const marker = options.internalMarker ?? `INTERNAL-${unique()}`;
      return system(async (trx) => {
        const scope = { tenant_id: workspace.tenantId, workspace_id: workspace.id };
        const engagement = await trx
          .insertInto("engagements")
          .values({
            ...scope,
            name: options.name ?? `Engagement ${unique()}`,
            status: "active",
            summary: "Assessment of the external perimeter.",
            internal_notes: `Notes ${marker}`,
            starts_on: "2026-11-01",
            ends_on: "2026-12-20",
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const phase = await trx
          .insertInto("engagement_phases")
          .values({ ...scope, engagement_id: engagement.id, name: "Discovery", position: 0 })
          .returning("id")
          .executeTakeFirstOrThrow();
        const milestones = await trx
          .insertInto("engagement_milestones")
          .values([
            {
              ...scope,
              engagement_id: engagement.id,
              phase_id: phase.id,
              title: "Kick-off",
              status: "done",
              position: 0,
              due_on: "2026-11-03",
              completed_at: new Date(),
            },
            {
              ...scope,
              engagement_id: engagement.id,
              phase_id: phase.id,
              title: "Scoping",
              status: "in_progress",
              position: 1,
              due_on: "2026-11-10",
            },
          ])
          .returning("id")
          .execute();
        await trx
          .insertInto("engagement_updates")
          .values([
            { ...scope, engagement_id: engagement.id, body: "Kick-off held; scope agreed." },
            { ...scope, engagement_id: engagement.id, body: `Staff only: ${marker}`, is_internal: true },
          ])
          .execute();
        return {
          id: engagement.id,
          phaseId: phase.id,
          milestoneIds: milestones.map((row) => row.id),
          marker,
        };
      });
    },

    /**
     * An access link to `workspace` as the API would create it (only the secret's hash stored), with the secret
     * a client would have from the email. `state` backdates it: used, revoked or expired.
     */
    async accessLink(
      workspace: BuiltWorkspace,
      overrides: {
        email?: string;
        role?: "customer_viewer" | "customer_approver";
        state?: "used" | "revoked" | "expired";
      } = {},
    ): Promise<{ id: string; secret: string; email: string }> {
      const { secret, hash } = newLinkSecret();
      const email = overrides.email ?? `client-${unique()}@example.test`;
      const past = new Date(Date.now() - 60_000);
      const row = await system((trx) =>
        trx
          .insertInto("client_tokens")
          .values({
            tenant_id: workspace.tenantId,
            workspace_id: workspace.id,
            email,
            role: overrides.role ?? "customer_viewer",
            token_hash: hash,
            mail_status: "not_sent",
            origin: "cli",
            expires_at: overrides.state === "expired" ? past : new Date(Date.now() + 3_600_000),
            used_at: overrides.state === "used" ? past : null,
            revoked_at: overrides.state === "revoked" ? past : null,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      return { id: row.id, secret, email };
    },

    /**
     * A browser signed in as `user`: a real session row and a real signed cookie from the app's own session
     * service (the identity provider's part of signing in is tested on its own).
     */
    async signedIn(user: BuiltUser, baseUrl = config.publicUrl): Promise<BrowserClient> {
      const sessions = createSessionService({
        config,
        keys: await SessionKeys.import(config.session.secrets),
        runScoped: createScopedRunner(database, TEST_APP_ROLE),
      });
      const { token } = await system(async (trx) => {
        const memberships = await trx
          .selectFrom("workspace_memberships")
          .select("workspace_id")
          .where("user_id", "=", user.id)
          .execute();
        return sessions.create(trx, {
          userId: user.id,
          clientTokenId: null,
          tenantId: user.tenantId,
          workspaceIds: memberships.length > 0 ? memberships.map((m) => m.workspace_id) : "all",
          role: user.role,
          authMethod: "sso",
          mfa: false,
          ip: "127.0.0.1",
          userAgent: "factory",
        });
      });
      const client = new BrowserClient(baseUrl);
      await client.jar.setCookie(`${sessionCookieName(config)}=${token}; Path=/; HttpOnly`, baseUrl);
      return client;
    },
  };
}

export type Factories = ReturnType<typeof createFactories>;

/** A uuid that names nothing: what another tenant's resource must be indistinguishable from. */
export const unknownId = () => randomUUID();
