import { type ExpressionBuilder, sql } from "kysely";
import type { Role } from "../../../contracts/auth";
import { containsPattern } from "../../db/like";
import type { ScopedTransaction } from "../../db/scope";
import type { DB } from "../../db/types";

export async function findTenant(trx: ScopedTransaction, tenantId: string) {
  return trx
    .selectFrom("tenants")
    .select(["id", "name", "entra_tenant_ids", "allowed_email_domains"])
    .where("id", "=", tenantId)
    .executeTakeFirst();
}

export async function findWorkspace(trx: ScopedTransaction, workspaceId: string) {
  return trx
    .selectFrom("workspaces")
    .select(["id", "tenant_id"])
    .where("id", "=", workspaceId)
    .executeTakeFirst();
}

/** Users with what the console shows of them: their live sessions counted and their latest session's MFA. */
function selectUsers(trx: ScopedTransaction) {
  return trx
    .selectFrom("users")
    .select([
      "users.id",
      "users.tenant_id",
      "users.name",
      "users.email",
      "users.role",
      "users.last_login_at",
      "users.disabled_at",
      (eb) =>
        eb
          .selectFrom("sessions")
          .select("sessions.mfa")
          .whereRef("sessions.user_id", "=", "users.id")
          .orderBy("sessions.created_at", "desc")
          .limit(1)
          .as("latest_mfa"),
      (eb) =>
        eb
          .selectFrom("sessions")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("sessions.user_id", "=", "users.id")
          .where("sessions.revoked_at", "is", null)
          .where("sessions.expires_at", ">", sql<Date>`now()`)
          .as("active_sessions"),
    ]);
}

/** One organisation's users (`tenantId`), or the provider's staff (null), by name. */
export async function findUsers(
  trx: ScopedTransaction,
  filter: { tenantId: string | null; q?: string },
  page: { limit: number; offset: number },
) {
  const pattern = filter.q ? containsPattern(filter.q) : null;
  const matches = (eb: ExpressionBuilder<DB, "users">) =>
    eb.and([
      filter.tenantId === null
        ? eb("users.tenant_id", "is", null)
        : eb("users.tenant_id", "=", filter.tenantId),
      ...(pattern ? [eb.or([eb("users.name", "ilike", pattern), eb("users.email", "ilike", pattern)])] : []),
    ]);
  const [items, total] = await Promise.all([
    selectUsers(trx)
      .where(matches)
      .orderBy("users.name")
      .orderBy("users.id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    trx
      .selectFrom("users")
      .select(sql<number>`count(*)::int`.as("n"))
      .where(matches)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

export type UserRow = Awaited<ReturnType<typeof findUsers>>["items"][number];

/** One user as the list shows them. */
export async function findUser(trx: ScopedTransaction, userId: string): Promise<UserRow | undefined> {
  return selectUsers(trx).where("users.id", "=", userId).executeTakeFirst();
}

/** The user, locked until the transaction ends: two admins changing one user apply one after the other. */
export async function lockUser(trx: ScopedTransaction, userId: string) {
  return trx
    .selectFrom("users")
    .select(["id", "tenant_id", "role", "disabled_at"])
    .where("id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The provider's enabled admins, locked (in one order, so two admins acting at once wait for each other rather
 * than deadlock) until the transaction ends. Taken before demoting or disabling staff: a change that waited sees
 * what the other one did.
 */
export async function lockEnabledAdmins(trx: ScopedTransaction): Promise<string[]> {
  const rows = await trx
    .selectFrom("users")
    .select("id")
    .where("tenant_id", "is", null)
    .where("role", "=", "admin")
    .where("disabled_at", "is", null)
    .orderBy("id")
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

export async function updateUser(
  trx: ScopedTransaction,
  userId: string,
  changes: { role?: Role; disabled_at?: Date | null },
) {
  await trx.updateTable("users").set(changes).where("id", "=", userId).execute();
}
