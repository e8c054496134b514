import { sql } from "kysely";
import { type ScopedTransaction, type TenantScope, workspaceFilter } from "../../db/scope";

/** Incidents not yet resolved (open or acknowledged). */
export async function countOpenIncidents(trx: ScopedTransaction, scope: TenantScope): Promise<number> {
  const row = await trx
    .selectFrom("incidents")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("tenant_id", "=", scope.tenantId)
    .where(workspaceFilter("workspace_id", scope))
    .where("status", "<>", "resolved")
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function sumAlertsSince(
  trx: ScopedTransaction,
  scope: TenantScope,
  since: string,
): Promise<number> {
  const row = await trx
    .selectFrom("alert_daily_counts")
    .select(sql<number>`coalesce(sum(count), 0)::int`.as("n"))
    .where("tenant_id", "=", scope.tenantId)
    .where(workspaceFilter("workspace_id", scope))
    .where("day", ">=", since)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Mean hours from open to resolve over incidents resolved since `since`; null when none were. */
export async function meanHoursToResolve(
  trx: ScopedTransaction,
  scope: TenantScope,
  since: Date,
): Promise<number | null> {
  const row = await trx
    .selectFrom("incidents")
    .select(sql<number | null>`avg(extract(epoch from (resolved_at - opened_at)) / 3600)::float8`.as("hours"))
    .where("tenant_id", "=", scope.tenantId)
    .where(workspaceFilter("workspace_id", scope))
    .where("resolved_at", ">=", since)
    .executeTakeFirstOrThrow();
  return row.hours;
}

export async function getTenantName(trx: ScopedTransaction, scope: TenantScope): Promise<string | undefined> {
  const row = await trx
    .selectFrom("tenants")
    .select("name")
    .where("id", "=", scope.tenantId)
    .executeTakeFirst();
  return row?.name;
}
