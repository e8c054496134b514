import { type Kysely, type RawBuilder, sql } from "kysely";
import type pg from "pg";
import type { DB } from "./types";
import { Transaction } from "./unit-of-work";

/**
 * What a transaction may see. Row-level security policies read it from transaction-local settings:
 * - `tenant`: one customer tenant, and either all its workspaces or a list of them;
 * - `provider`: provider staff working across tenants (the console);
 * - `system`: the server itself (sign-in, jobs, seeding) — same rows as `provider`, named apart so
 *   call sites say why they need them.
 */
export type Scope =
  | { kind: "tenant"; tenantId: string; workspaceIds: readonly string[] | "all" }
  | { kind: "provider" }
  | { kind: "system" };

export type TenantScope = Scope & { kind: "tenant" };

/** A connection inside a scoped transaction (same query API as Kysely). */
export type ScopedTransaction = Kysely<DB>;

/** Runs `fn` with a transaction in `scope`: what services receive to reach tenant data. */
export type RunScoped = <T>(scope: Scope, fn: (trx: ScopedTransaction) => Promise<T>) => Promise<T>;

/**
 * The longest one statement of a request or job transaction may run, lock waits included, before the server
 * cancels it (SQLSTATE 57014, answered 503): a statement stuck behind a lock or on an overloaded server must not
 * hold its connection, and its client, forever. Statements here take milliseconds (a report snapshot well under a
 * second), so this only ever stops one that would otherwise not end. Transaction-local, like the scope:
 * migrations and the job queue's maintenance are not bound by it.
 */
export const STATEMENT_TIMEOUT = "15s";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface ScopeSettings {
  tenantId: string;
  workspaceIds: string;
  allTenants: "on" | "off";
}

function settingsFor(scope: Scope): ScopeSettings {
  if (scope.kind !== "tenant") return { tenantId: "", workspaceIds: "", allTenants: "on" };
  if (!UUID.test(scope.tenantId)) throw new Error("scope: tenantId is not a uuid");
  if (scope.workspaceIds !== "all" && !scope.workspaceIds.every((id) => UUID.test(id))) {
    throw new Error("scope: a workspace id is not a uuid");
  }
  return {
    tenantId: scope.tenantId,
    // An empty list must match nothing, so it becomes '' (NULL after NULLIF), never '*'.
    workspaceIds: scope.workspaceIds === "all" ? "*" : scope.workspaceIds.join(","),
    allTenants: "off",
  };
}

/**
 * The statement that opens every scoped transaction: switch to the non-owner application role and set the
 * row-level-security scope, all transaction-local so nothing outlives the transaction on a pooled connection.
 *
 * This is the only SQL the server builds from strings. It is safe because every value is validated first: uuids,
 * and a role name of [a-z0-9_] (the statement timeout is a constant).
 */
function scopeStatement(appRole: string, scope: Scope): string {
  if (!ROLE_NAME.test(appRole)) throw new Error("scope: invalid role name");
  const settings = settingsFor(scope);
  return (
    `select set_config('role', '${appRole}', true), set_config('app.tenant_id', '${settings.tenantId}', true), ` +
    `set_config('app.workspace_ids', '${settings.workspaceIds}', true), ` +
    `set_config('app.all_tenants', '${settings.allTenants}', true), ` +
    `set_config('statement_timeout', '${STATEMENT_TIMEOUT}', true)`
  );
}

function sameTenantScope(a: TenantScope, b: TenantScope): boolean {
  if (a.tenantId !== b.tenantId) return false;
  if (a.workspaceIds === "all" || b.workspaceIds === "all") return a.workspaceIds === b.workspaceIds;
  return (
    a.workspaceIds.length === b.workspaceIds.length &&
    a.workspaceIds.every((id, i) => id === b.workspaceIds[i])
  );
}

/**
 * One request's unit of work: a single transaction opened in the session's scope (from its verified token), in
 * which the session check, the route's reads and writes all run; committed once before the answer is sent.
 *
 * A route may narrow the scope (staff viewing one customer's portal) but never widen it: a customer's
 * transaction can never be switched to another tenant or to all tenants from here.
 */
export class UnitOfWork {
  private constructor(
    private readonly transaction: Transaction,
    private current: Scope,
  ) {}

  static async begin(pool: pg.Pool, appRole: string, scope: Scope): Promise<UnitOfWork> {
    const transaction = await Transaction.begin(pool, scopeStatement(appRole, scope));
    return new UnitOfWork(transaction, scope);
  }

  get scope(): Scope {
    return this.current;
  }

  get db(): ScopedTransaction {
    return this.transaction.db;
  }

  get isOpen(): boolean {
    return this.transaction.isOpen;
  }

  /** `RunScoped` over this transaction: the same scope runs as is, a narrower one is switched to first. */
  readonly run: RunScoped = async (scope, fn) => {
    await this.narrowTo(scope);
    return fn(this.transaction.db);
  };

  private async narrowTo(scope: Scope): Promise<void> {
    const current = this.current;
    if (
      scope.kind === current.kind &&
      (scope.kind !== "tenant" || sameTenantScope(scope, current as TenantScope))
    )
      return;
    // Only a cross-tenant scope may become a single tenant's; anything else would widen what the request sees.
    if (scope.kind !== "tenant" || current.kind === "tenant") {
      throw new Error(`unit of work: cannot switch from a ${current.kind} scope to a ${scope.kind} scope`);
    }
    const settings = settingsFor(scope);
    await sql`select set_config('app.tenant_id', ${settings.tenantId}, true),
      set_config('app.workspace_ids', ${settings.workspaceIds}, true),
      set_config('app.all_tenants', 'off', true)`.execute(this.transaction.db);
    this.current = scope;
  }

  commit(): Promise<void> {
    return this.transaction.commit();
  }

  rollback(): Promise<void> {
    return this.transaction.rollback();
  }
}

/**
 * Runs `fn` in its own scoped transaction (jobs, the CLI, sign-in, anything outside a request's unit of work):
 * committed when `fn` resolves, rolled back when it throws.
 */
export async function withScope<T>(
  database: { pool: pg.Pool },
  appRole: string,
  scope: Scope,
  fn: (trx: ScopedTransaction) => Promise<T>,
): Promise<T> {
  const unit = await UnitOfWork.begin(database.pool, appRole, scope);
  let result: T;
  try {
    result = await fn(unit.db);
  } catch (error) {
    await unit.rollback();
    throw error;
  }
  await unit.commit();
  return result;
}

/** A `withScope` bound to one database and role. */
export function createScopedRunner(database: { pool: pg.Pool }, appRole: string): RunScoped {
  return (scope, fn) => withScope(database, appRole, scope, fn);
}

/**
 * The query-level half of workspace isolation (RLS is the other): `column` must be one of the scope's workspaces.
 * An empty list matches nothing.
 */
export function workspaceFilter(column: string, scope: TenantScope): RawBuilder<boolean> {
  if (scope.workspaceIds === "all") return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} = any(${[...scope.workspaceIds]}::uuid[])`;
}
