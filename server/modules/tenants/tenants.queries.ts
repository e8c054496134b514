import { type Insertable, sql, type Updateable } from "kysely";
import { containsPattern } from "../../db/like";
import type { ScopedTransaction } from "../../db/scope";
import type { NewTenant, TenantUpdate, WorkspacesTable } from "../../db/types";

/** Customer organisations across the provider (the transaction is in the provider's scope), by name. */
export async function findTenants(
  trx: ScopedTransaction,
  filter: { q?: string },
  page: { limit: number; offset: number },
) {
  let query = trx.selectFrom("tenants");
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    query = query.where((eb) =>
      eb.or([eb("tenants.name", "ilike", pattern), eb("tenants.slug", "ilike", pattern)]),
    );
  }
  const [items, total] = await Promise.all([
    query
      .select([
        "tenants.id",
        "tenants.slug",
        "tenants.name",
        "tenants.require_mfa",
        "tenants.allowed_email_domains",
        "tenants.created_at",
        (eb) =>
          eb
            .selectFrom("workspaces")
            .select(sql<number>`count(*)::int`.as("n"))
            .whereRef("workspaces.tenant_id", "=", "tenants.id")
            .as("workspaces"),
        (eb) =>
          eb
            .selectFrom("users")
            .select(sql<number>`count(*)::int`.as("n"))
            .whereRef("users.tenant_id", "=", "tenants.id")
            .as("users"),
      ])
      .orderBy("tenants.name")
      .orderBy("tenants.id")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    query.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** One tenant's settings, with how many users it has. */
export function findTenant(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("tenants")
    .select([
      "tenants.id",
      "tenants.slug",
      "tenants.name",
      "tenants.entra_tenant_ids",
      "tenants.require_mfa",
      "tenants.allowed_email_domains",
      "tenants.session_max_hours",
      "tenants.created_at",
      (eb) =>
        eb
          .selectFrom("users")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("users.tenant_id", "=", "tenants.id")
          .as("users"),
    ])
    .where("tenants.id", "=", id)
    .executeTakeFirst();
}

const workspaceColumns = [
  "workspaces.id",
  "workspaces.tenant_id",
  "workspaces.name",
  "workspaces.kind",
  "workspaces.description",
  "workspaces.archived_at",
  "workspaces.created_at",
] as const;

/** A tenant's workspaces by name, each with what it holds (reports, engagements). */
/**
 * The workspace row, locked until the transaction ends. A report or engagement added meanwhile waits (its foreign
 * key shares the row), so what the workspace holds cannot change between counting it and changing its kind.
 */
export function lockWorkspace(trx: ScopedTransaction, id: string) {
  return trx.selectFrom("workspaces").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
}

export function findWorkspaces(trx: ScopedTransaction, filter: { tenantId?: string; id?: string }) {
  let query = trx
    .selectFrom("workspaces")
    .select([
      ...workspaceColumns,
      (eb) =>
        eb
          .selectFrom("reports")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("reports.workspace_id", "=", "workspaces.id")
          .as("reports"),
      (eb) =>
        eb
          .selectFrom("engagements")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("engagements.workspace_id", "=", "workspaces.id")
          .as("engagements"),
    ]);
  if (filter.tenantId) query = query.where("workspaces.tenant_id", "=", filter.tenantId);
  if (filter.id) query = query.where("workspaces.id", "=", filter.id);
  return query.orderBy("workspaces.name").orderBy("workspaces.id").execute();
}

/** Whether another tenant already has this slug. */
export async function isSlugTaken(trx: ScopedTransaction, slug: string, exceptId?: string) {
  let query = trx.selectFrom("tenants").select("id").where("slug", "=", slug);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Another tenant already signing in users of one of these directories (ids lower-cased), by name. */
/**
 * Serialises changes of directory ids across the provider until the transaction ends, so two tenants saved at
 * the same moment cannot both take one directory between the check and the write.
 */
export async function lockDirectoryAssignments(trx: ScopedTransaction): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('portcullis.tenant-directories'))`.execute(trx);
}

export function findDirectoryOwner(trx: ScopedTransaction, directoryIds: string[], exceptId?: string) {
  let query = trx
    .selectFrom("tenants")
    .select(["id", "name"])
    .where(sql<boolean>`lower(entra_tenant_ids::text)::text[] && ${directoryIds}::text[]`);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return query.executeTakeFirst();
}

export function insertTenant(trx: ScopedTransaction, values: NewTenant) {
  return trx.insertInto("tenants").values(values).returning("id").executeTakeFirstOrThrow();
}

/** The sign-in rules of a tenant, locked until the transaction ends (the settings being changed). */
export function lockSignInRules(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("tenants")
    .select(["require_mfa", "entra_tenant_ids"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Ends the tenant's open single sign-on sessions (all of them, or those signed in without MFA) at once, on every
 * instance: the next request of each is refused and its user signs in again under the new rules.
 */
export async function revokeSsoSessions(
  trx: ScopedTransaction,
  tenantId: string,
  which: "all" | "without_mfa",
): Promise<number> {
  let query = trx
    .updateTable("sessions")
    .set({ revoked_at: new Date() })
    .where("tenant_id", "=", tenantId)
    .where("auth_method", "=", "sso")
    .where("revoked_at", "is", null);
  if (which === "without_mfa") query = query.where("mfa", "=", false);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function updateTenant(trx: ScopedTransaction, id: string, values: TenantUpdate) {
  return trx.updateTable("tenants").set(values).where("id", "=", id).returning("id").executeTakeFirst();
}

export function insertWorkspace(trx: ScopedTransaction, values: Insertable<WorkspacesTable>) {
  return trx.insertInto("workspaces").values(values).returning("id").executeTakeFirstOrThrow();
}

export function updateWorkspace(trx: ScopedTransaction, id: string, values: Updateable<WorkspacesTable>) {
  return trx.updateTable("workspaces").set(values).where("id", "=", id).execute();
}
