import { sql } from "kysely";
import { containsPattern } from "../../db/like";
import type { ScopedTransaction } from "../../db/scope";

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
