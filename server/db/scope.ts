import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "./types";

/**
 * What a transaction may see. Row-level security policies read it from transaction-local settings:
 * - `tenant`: one customer tenant, and either all its workspaces or a list of them;
 * - `provider`: provider staff working across tenants (the console);
 * - `system`: the server itself (auth lookups, jobs, seeding) — same rows as `provider`, named apart so
 *   call sites say why they need them.
 */
export type Scope =
  | { kind: "tenant"; tenantId: string; workspaceIds: readonly string[] | "all" }
  | { kind: "provider" }
  | { kind: "system" };

/** A connection inside withScope's transaction (same query API as Kysely). */
export type ScopedTransaction = Kysely<DB>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function settingsFor(scope: Scope): { tenantId: string; workspaceIds: string; allTenants: string } {
  if (scope.kind !== "tenant") return { tenantId: "", workspaceIds: "", allTenants: "on" };
  if (!UUID.test(scope.tenantId)) throw new Error("withScope: tenantId is not a uuid");
  if (scope.workspaceIds !== "all" && !scope.workspaceIds.every((id) => UUID.test(id))) {
    throw new Error("withScope: a workspace id is not a uuid");
  }
  return {
    tenantId: scope.tenantId,
    // An empty list must match nothing, so it becomes '' (NULL after NULLIF), never '*'.
    workspaceIds: scope.workspaceIds === "all" ? "*" : scope.workspaceIds.join(","),
    allTenants: "off",
  };
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The longest one statement of a request or job transaction may run, lock waits included, before the server
 * cancels it (SQLSTATE 57014, answered 503): a statement stuck behind a lock or on an overloaded server must not
 * hold its connection, and its client, forever. Statements here take milliseconds (a report snapshot well under a
 * second), so this only ever stops one that would otherwise not end. Transaction-local, like the scope: migrations
 * and the job queue's maintenance on the same pool are not bound by it.
 */
export const STATEMENT_TIMEOUT = "15s";

/**
 * Runs `fn` in one transaction as the non-owner application role, with the scope set for row-level security.
 * Every read or write of tenant data goes through here; settings are transaction-local, so nothing leaks to the
 * next user of the pooled connection.
 *
 * BEGIN and the settings go to the server as one statement (one round trip instead of two). Their values are
 * inlined, which is safe only because every one is validated first: uuids, and a role name of [a-z0-9_] (the
 * statement timeout is a constant).
 */
export async function withScope<T>(
  db: Kysely<DB>,
  appRole: string,
  scope: Scope,
  fn: (trx: ScopedTransaction) => Promise<T>,
): Promise<T> {
  if (!ROLE_NAME.test(appRole)) throw new Error("withScope: invalid role name");
  const settings = settingsFor(scope);
  return db.connection().execute(async (connection) => {
    await sql
      .raw(
        `begin; select set_config('role', '${appRole}', true), set_config('app.tenant_id', '${settings.tenantId}', true), ` +
          `set_config('app.workspace_ids', '${settings.workspaceIds}', true), set_config('app.all_tenants', '${settings.allTenants}', true), ` +
          `set_config('statement_timeout', '${STATEMENT_TIMEOUT}', true)`,
      )
      .execute(connection);
    let result: T;
    try {
      result = await fn(connection);
    } catch (error) {
      // A broken connection cannot roll back; the original error is the one worth reporting.
      await sql
        .raw("rollback")
        .execute(connection)
        .catch(() => {});
      throw error;
    }
    await sql.raw("commit").execute(connection);
    return result;
  });
}

/** A `withScope` bound to one database and role: what services receive. */
export type RunScoped = <T>(scope: Scope, fn: (trx: ScopedTransaction) => Promise<T>) => Promise<T>;

export function createScopedRunner(db: Kysely<DB>, appRole: string): RunScoped {
  return (scope, fn) => withScope(db, appRole, scope, fn);
}

export type TenantScope = Scope & { kind: "tenant" };

/**
 * The query-level half of workspace isolation (RLS is the other): `column` must be one of the scope's workspaces.
 * An empty list matches nothing.
 */
export function workspaceFilter(column: string, scope: TenantScope): RawBuilder<boolean> {
  if (scope.workspaceIds === "all") return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} = any(${[...scope.workspaceIds]}::uuid[])`;
}
