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

export function updateTenant(trx: ScopedTransaction, id: string, values: TenantUpdate) {
  return trx.updateTable("tenants").set(values).where("id", "=", id).returning("id").executeTakeFirst();
}

export function insertWorkspace(trx: ScopedTransaction, values: Insertable<WorkspacesTable>) {
  return trx.insertInto("workspaces").values(values).returning("id").executeTakeFirstOrThrow();
}

export function updateWorkspace(trx: ScopedTransaction, id: string, values: Updateable<WorkspacesTable>) {
  return trx.updateTable("workspaces").set(values).where("id", "=", id).execute();
}
