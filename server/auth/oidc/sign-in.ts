import { sql } from "kysely";
import type { ScopedTransaction } from "../../db/scope";
import type { Role } from "../../db/types";
import type { Identity } from "./identity";

export interface SignedInUser {
  userId: string;
  role: Role;
  tenantId: string | null;
  workspaceIds: string[] | "all";
  mfa: boolean;
  /** The tenant's session lifetime policy, in hours. */
  sessionMaxHours?: number;
}

export type SignInResult = { ok: true; user: SignedInUser } | { ok: false; reason: string };

/**
 * Maps a validated identity onto the portal: the customer's tenant (by directory tenant id), its MFA policy, the
 * user (created on first sign-in, kept in step with the IdP's name, email and role), and the workspaces it may see.
 */
export async function completeSignIn(trx: ScopedTransaction, identity: Identity): Promise<SignInResult> {
  let tenant: { id: string; require_mfa: boolean; session_max_hours: number } | undefined;
  if (identity.role === "customer_viewer" || identity.role === "customer_approver") {
    if (!identity.directoryTenantId) {
      return { ok: false, reason: "Your sign-in names no organisation." };
    }
    tenant = await trx
      .selectFrom("tenants")
      .select(["id", "require_mfa", "session_max_hours"])
      .where(sql<boolean>`${identity.directoryTenantId} = ANY (lower(entra_tenant_ids::text)::text[])`)
      .executeTakeFirst();
    if (!tenant) {
      return {
        ok: false,
        reason: "Your organisation is not set up in this portal yet. Contact your provider.",
      };
    }
    if (tenant.require_mfa && !identity.mfa) {
      return {
        ok: false,
        reason:
          "Your organisation requires multi-factor authentication for this portal. Sign in again with MFA (for example, Microsoft Authenticator).",
      };
    }
  }
  const tenantId = tenant?.id ?? null;

  const existing = await trx
    .selectFrom("users")
    .select(["id", "tenant_id", "disabled_at"])
    .where("idp_issuer", "=", identity.issuerKey)
    .where("idp_subject", "=", identity.subject)
    .executeTakeFirst();
  if (existing?.disabled_at) return { ok: false, reason: "Your portal account is disabled." };
  if (existing && existing.tenant_id !== tenantId) {
    return { ok: false, reason: "Your account belongs to another organisation in this portal." };
  }

  const now = new Date();
  const user = existing
    ? await trx
        .updateTable("users")
        .set({ name: identity.name, email: identity.email, role: identity.role, last_login_at: now })
        .where("id", "=", existing.id)
        .returning(["id", "role"])
        .executeTakeFirstOrThrow()
    : await trx
        .insertInto("users")
        .values({
          tenant_id: tenantId,
          email: identity.email,
          name: identity.name,
          role: identity.role,
          idp_issuer: identity.issuerKey,
          idp_subject: identity.subject,
          last_login_at: now,
        })
        .returning(["id", "role"])
        .executeTakeFirstOrThrow();

  // A customer sees the workspaces they are a member of; without memberships, all of the tenant's.
  const memberships = tenantId
    ? await trx
        .selectFrom("workspace_memberships")
        .select("workspace_id")
        .where("user_id", "=", user.id)
        .execute()
    : [];
  return {
    ok: true,
    user: {
      userId: user.id,
      role: user.role,
      tenantId,
      workspaceIds: memberships.length > 0 ? memberships.map((m) => m.workspace_id) : "all",
      mfa: identity.mfa,
      ...(tenant ? { sessionMaxHours: tenant.session_max_hours } : {}),
    },
  };
}
