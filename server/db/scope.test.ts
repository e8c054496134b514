import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { createTestDatabase, isPostgresRun, type TestDatabase } from "../../test/helpers/database";
import { providerTables, tenantTables, workspaceTables } from "./migrations/0001_initial";
import { unscopedTables } from "./migrations/0005_rate_limits";
import { liveTables } from "./migrations/0008_engagement_events";
import { proposalTables } from "./migrations/0009_proposals";
import {
  createScopedRunner,
  type Scope,
  STATEMENT_TIMEOUT,
  UnitOfWork,
  withScope,
  workspaceFilter,
} from "./scope";

let database: TestDatabase;

interface Fixture {
  tenantId: string;
  workspaceIds: [string, string];
}
let a: Fixture;
let b: Fixture;

async function createTenantWithData(slug: string): Promise<Fixture> {
  return withScope(database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
    const tenant = await trx
      .insertInto("tenants")
      .values({ slug, name: `Tenant ${slug}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    const workspaces = await trx
      .insertInto("workspaces")
      .values([
        { tenant_id: tenant.id, name: "SOC", kind: "soc" },
        { tenant_id: tenant.id, name: "Advisory", kind: "advisory" },
      ])
      .returning("id")
      .execute();
    const workspaceIds = workspaces.map((w) => w.id) as [string, string];
    for (const workspaceId of workspaceIds) {
      await trx
        .insertInto("reports")
        .values({
          tenant_id: tenant.id,
          workspace_id: workspaceId,
          report_type: "executive_monthly",
          title: `Report of ${slug}`,
          period_start: "2026-10-01T00:00:00Z",
          period_end: "2026-11-01T00:00:00Z",
        })
        .execute();
      await trx
        .insertInto("incidents")
        .values({
          tenant_id: tenant.id,
          workspace_id: workspaceId,
          external_id: `INC-${slug}-${workspaceId.slice(0, 8)}`,
          title: "Impossible travel sign-in",
          severity: "high",
          status: "open",
          detection: "Impossible travel",
          opened_at: new Date(),
        })
        .execute();
    }
    return { tenantId: tenant.id, workspaceIds };
  });
}

const scopeOf = (
  fixture: Fixture,
  workspaceIds: Fixture["workspaceIds"] | string[] | "all" = "all",
): Scope => ({
  kind: "tenant",
  tenantId: fixture.tenantId,
  workspaceIds,
});

beforeAll(async () => {
  database = await createTestDatabase();
  a = await createTenantWithData(`rls-a-${randomUUID().slice(0, 8)}`);
  b = await createTenantWithData(`rls-b-${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await database?.close();
});

describe("row-level security", () => {
  it("shows scope A only A's rows in every tenant table, with no WHERE clause", async () => {
    const foreign = await withScope(database, TEST_APP_ROLE, scopeOf(a), async (trx) => {
      const leaks: Record<string, number> = {};
      for (const table of [...tenantTables, ...workspaceTables]) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}
          where tenant_id is distinct from ${a.tenantId}::uuid`.execute(trx);
        leaks[table] = rows[0]!.n;
      }
      const tenants = await trx.selectFrom("tenants").select("id").execute();
      leaks.tenants = tenants.filter((t) => t.id !== a.tenantId).length;
      return leaks;
    });
    expect(Object.values(foreign).every((n) => n === 0)).toBe(true);
    expect(Object.keys(foreign)).toHaveLength(tenantTables.length + workspaceTables.length + 1);
  });

  it("returns A's own rows to scope A", async () => {
    const rows = await withScope(database, TEST_APP_ROLE, scopeOf(a), (trx) =>
      trx.selectFrom("reports").select(["tenant_id", "workspace_id"]).execute(),
    );
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
  });

  it("limits a workspace-scoped session to its workspace", async () => {
    const rows = await withScope(database, TEST_APP_ROLE, scopeOf(a, [a.workspaceIds[0]]), (trx) =>
      trx.selectFrom("reports").select("workspace_id").execute(),
    );
    expect(rows.map((r) => r.workspace_id)).toEqual([a.workspaceIds[0]]);
    const workspaces = await withScope(database, TEST_APP_ROLE, scopeOf(a, [a.workspaceIds[0]]), (trx) =>
      trx.selectFrom("workspaces").select("id").execute(),
    );
    expect(workspaces.map((w) => w.id)).toEqual([a.workspaceIds[0]]);
  });

  it("does not let scope A name B's workspace in its workspace list", async () => {
    const rows = await withScope(database, TEST_APP_ROLE, scopeOf(a, [b.workspaceIds[0]]), (trx) =>
      trx.selectFrom("reports").select("id").execute(),
    );
    expect(rows).toEqual([]);
  });

  it("treats an empty workspace list as no workspace", async () => {
    const rows = await withScope(database, TEST_APP_ROLE, scopeOf(a, []), (trx) =>
      trx.selectFrom("reports").select("id").execute(),
    );
    expect(rows).toEqual([]);
  });

  it("refuses to insert a row of tenant B under scope A", async () => {
    const attempt = withScope(database, TEST_APP_ROLE, scopeOf(a), (trx) =>
      trx
        .insertInto("reports")
        .values({
          tenant_id: b.tenantId,
          workspace_id: b.workspaceIds[0],
          report_type: "sla_performance",
          title: "Planted report",
          period_start: "2026-10-01T00:00:00Z",
          period_end: "2026-11-01T00:00:00Z",
        })
        .execute(),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const planted = await withScope(database, TEST_APP_ROLE, scopeOf(b), (trx) =>
      trx.selectFrom("reports").select("id").where("title", "=", "Planted report").execute(),
    );
    expect(planted).toEqual([]);
  });

  it("refuses to move A's row into tenant B", async () => {
    const attempt = withScope(database, TEST_APP_ROLE, scopeOf(a), (trx) =>
      trx
        .updateTable("workspaces")
        .set({ tenant_id: b.tenantId })
        .where("id", "=", a.workspaceIds[0])
        .execute(),
    );
    await expect(attempt).rejects.toThrow();
  });

  it("cannot update or delete B's rows from scope A", async () => {
    const [updated, deleted] = await withScope(database, TEST_APP_ROLE, scopeOf(a), async (trx) => [
      await trx
        .updateTable("reports")
        .set({ title: "Defaced" })
        .where("tenant_id", "=", b.tenantId)
        .execute(),
      await trx.deleteFrom("incidents").where("tenant_id", "=", b.tenantId).execute(),
    ]);
    expect(Number(updated[0]?.numUpdatedRows)).toBe(0);
    expect(Number(deleted[0]?.numDeletedRows)).toBe(0);
  });

  it("shows nothing to a transaction with no scope set", async () => {
    const counts = await database.db.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${TEST_APP_ROLE}, true)`.execute(trx);
      const result: number[] = [];
      for (const table of ["tenants", "workspaces", ...tenantTables, ...workspaceTables, ...providerTables]) {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
          trx,
        );
        result.push(rows[0]!.n);
      }
      return result;
    });
    expect(counts.every((n) => n === 0)).toBe(true);
    // The same query in the system scope does see rows, so the zeros above are the policy at work.
    const all = await withScope(database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
      trx.selectFrom("reports").select("id").execute(),
    );
    expect(all.length).toBeGreaterThanOrEqual(4);
  });

  it("resets the scope when the transaction ends", async () => {
    await withScope(database, TEST_APP_ROLE, scopeOf(a), async () => {});
    const { rows } = await sql<{ role: string; tenant: string | null }>`
      select current_user as role, nullif(current_setting('app.tenant_id', true), '') as tenant`.execute(
      database.db,
    );
    expect(rows[0]?.role).not.toBe(TEST_APP_ROLE);
    expect(rows[0]?.tenant).toBeNull();
  });

  it("bounds every statement of the transaction, and only of the transaction", async () => {
    const inside = await withScope(database, TEST_APP_ROLE, scopeOf(a), async (trx) => {
      const { rows } = await sql<{
        timeout: string;
      }>`select current_setting('statement_timeout') as timeout`.execute(trx);
      return rows[0]!.timeout;
    });
    expect(inside).toBe(STATEMENT_TIMEOUT);
    const { rows } = await sql<{
      timeout: string;
    }>`select current_setting('statement_timeout') as timeout`.execute(database.db);
    expect(rows[0]!.timeout).toBe("0");
  });

  it("rejects a scope whose ids are not uuids before touching the database", async () => {
    await expect(
      withScope(
        database,
        TEST_APP_ROLE,
        { kind: "tenant", tenantId: "' or 1=1 --", workspaceIds: "all" },
        async () => 1,
      ),
    ).rejects.toThrow(/not a uuid/);
  });

  it("rejects an id that only contains a uuid, with SQL before or after it", async () => {
    // The scope statement is built from these strings: a check that looked for a uuid anywhere in the value
    // (rather than the whole value being one) would let this SQL into it.
    const uuid = a.tenantId;
    const injected = `', true), set_config('app.all_tenants', 'on', true) --`;
    for (const id of [`${injected}${uuid}`, `${uuid}${injected}`, ` ${uuid}`, `${uuid}\n`]) {
      await expect(
        withScope(
          database,
          TEST_APP_ROLE,
          { kind: "tenant", tenantId: id, workspaceIds: "all" },
          async () => 1,
        ),
      ).rejects.toThrow("scope: tenantId is not a uuid");
      await expect(
        withScope(
          database,
          TEST_APP_ROLE,
          { kind: "tenant", tenantId: uuid, workspaceIds: [id] },
          async () => 1,
        ),
      ).rejects.toThrow("scope: a workspace id is not a uuid");
    }
  });

  it("puts a connection whose scope statement failed back clean (or not at all)", async () => {
    // A role that passes the name check but does not exist: the opening statement fails inside the transaction.
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(withScope(database, "no_such_role", scopeOf(a), async () => 1)).rejects.toThrow(
        /no_such_role/,
      );
    }
    // Every connection of the pool still works, in its own scope.
    const counts = await Promise.all(
      Array.from({ length: 6 }, () =>
        withScope(database, TEST_APP_ROLE, scopeOf(a), async (trx) => {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from reports`.execute(trx);
          return rows[0]!.n;
        }),
      ),
    );
    expect(counts).toEqual(Array(6).fill(2));
  });

  it("keeps the audit trail append-only for the app role", async () => {
    const insert = (trx: Parameters<Parameters<typeof withScope>[3]>[0]) =>
      trx
        .insertInto("audit_events")
        .values({
          request_id: randomUUID(),
          actor_type: "system",
          action: "test.append",
          outcome: "allowed",
          http_status: 200,
          tenant_id: a.tenantId,
        })
        .execute();
    await withScope(database, TEST_APP_ROLE, scopeOf(a), insert);
    await expect(
      withScope(database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx.updateTable("audit_events").set({ action: "tampered" }).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withScope(database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx.deleteFrom("audit_events").execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});

describe("database catalogue", () => {
  it("has row-level security enabled and forced on every table of the application", async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely_%'
        and c.relname <> all(${[...unscopedTables]}::text[])`.execute(database.db);
    expect(rows.length).toBeGreaterThanOrEqual(23);
    const unprotected = rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity).map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });

  it("has a tenant policy on every table with a tenant_id column", async () => {
    const { rows } = await sql<{ table_name: string; policies: number; forced: boolean }>`
      select c.table_name, count(p.policyname)::int as policies, bool_and(k.relforcerowsecurity) as forced
      from information_schema.columns c
      join pg_class k on k.relname = c.table_name and k.relnamespace = 'public'::regnamespace
      left join pg_policies p on p.tablename = c.table_name and p.schemaname = 'public'
      where c.table_schema = 'public' and c.column_name = 'tenant_id'
      group by c.table_name`.execute(database.db);
    const expected = [
      "workspaces",
      "audit_events",
      ...tenantTables,
      ...workspaceTables,
      ...liveTables,
      ...proposalTables,
    ].sort();
    expect(rows.map((r) => r.table_name).sort()).toEqual(expected);
    expect(rows.filter((r) => r.policies < 1 || !r.forced)).toEqual([]);
  });

  it("runs requests as a role that is not superuser, has no BYPASSRLS and owns no table", async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      select r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = ${TEST_APP_ROLE}`.execute(database.db);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }]);
  });
});

/*
 * PostgreSQL only: the embedded PGlite engine has a single (superuser) session, so there is no separate login.
 * On PostgreSQL, request connections log in as a role that is merely a member of the app role: even SQL that
 * escapes the scoped transaction (RESET ROLE, SET ROLE to the owner) gains nothing.
 */
describe.skipIf(!isPostgresRun)("the request connections' login role", () => {
  it("cannot become the owner or a superuser, and sees nothing outside a scope", async () => {
    const owner = await sql<{ owner: string }>`
      select pg_get_userbyid(relowner) as owner from pg_class where relname = 'tenants'`.execute(
      database.owner.db,
    );
    const ownerRole = owner.rows[0]!.owner;
    const client = await database.pool.connect();
    try {
      const login = await client.query<{ login: string; rolsuper: boolean; rolbypassrls: boolean }>(
        "select current_user as login, rolsuper, rolbypassrls from pg_roles where rolname = current_user",
      );
      expect(login.rows[0]).toMatchObject({ rolsuper: false, rolbypassrls: false });
      expect(login.rows[0]!.login).not.toBe(ownerRole);

      await expect(client.query(`set role ${ownerRole}`)).rejects.toThrow(/permission denied/);
      await expect(client.query("set role postgres")).rejects.toThrow(/permission denied/);
      await expect(client.query("set session authorization postgres")).rejects.toThrow(/permission denied/);
      // Back to the login role itself: still bound by row-level security, with no scope it sees no tenant.
      await client.query("reset role");
      const seen = await client.query<{ n: number }>("select count(*)::int as n from tenants");
      expect(seen.rows[0]!.n).toBe(0);
      await expect(client.query("alter table tenants disable row level security")).rejects.toThrow(
        /must be owner/,
      );
      await expect(client.query("select count(*) from kysely_migration")).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      client.release();
    }
    // The same table does hold tenants: the zero above is the policy, not an empty database.
    const all = await withScope(database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
      trx.selectFrom("tenants").select("id").execute(),
    );
    expect(all.length).toBeGreaterThanOrEqual(2);
  });
});

describe("a request's unit of work", () => {
  const tenantsSeen = (unit: UnitOfWork, scope: Scope) =>
    unit.run(scope, async (trx) => {
      const rows = await trx.selectFrom("reports").select(["tenant_id", "workspace_id"]).execute();
      return rows;
    });

  async function withUnit<T>(scope: Scope, fn: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    const unit = await UnitOfWork.begin(database.pool, TEST_APP_ROLE, scope);
    try {
      return await fn(unit);
    } finally {
      if (unit.isOpen) await unit.rollback();
    }
  }

  it("narrows a provider's transaction to the one tenant a route names, then stays there", async () => {
    await withUnit({ kind: "provider" }, async (unit) => {
      const everyTenant = await tenantsSeen(unit, { kind: "provider" });
      expect(everyTenant.some((r) => r.tenant_id === a.tenantId)).toBe(true);
      expect(everyTenant.some((r) => r.tenant_id === b.tenantId)).toBe(true);
      const onlyA = await tenantsSeen(unit, scopeOf(a));
      expect(onlyA).toHaveLength(2);
      expect(new Set(onlyA.map((r) => r.tenant_id))).toEqual(new Set([a.tenantId]));
      expect(unit.scope).toEqual(scopeOf(a));
      // The same scope again runs as is; a wider or another one is refused.
      expect(await tenantsSeen(unit, scopeOf(a))).toHaveLength(2);
      await expect(tenantsSeen(unit, { kind: "provider" })).rejects.toThrow(
        "unit of work: cannot switch from a tenant scope to a provider scope",
      );
      await expect(tenantsSeen(unit, scopeOf(b))).rejects.toThrow(/cannot switch from a tenant scope/);
      expect(await tenantsSeen(unit, scopeOf(a))).toHaveLength(2);
    });
  });

  it("narrows a system transaction to a tenant's workspaces", async () => {
    await withUnit({ kind: "system" }, async (unit) => {
      const rows = await tenantsSeen(unit, scopeOf(a, [a.workspaceIds[1]]));
      expect(rows).toEqual([{ tenant_id: a.tenantId, workspace_id: a.workspaceIds[1] }]);
    });
  });

  it("never switches between cross-tenant scopes", async () => {
    await withUnit({ kind: "provider" }, async (unit) => {
      await expect(tenantsSeen(unit, { kind: "system" })).rejects.toThrow(
        "unit of work: cannot switch from a provider scope to a system scope",
      );
    });
    await withUnit({ kind: "system" }, async (unit) => {
      await expect(tenantsSeen(unit, { kind: "provider" })).rejects.toThrow(/from a system scope/);
    });
  });

  it.each([
    ["all of its workspaces to a list", "all", [0]],
    ["a list to all of its workspaces", [0], "all"],
    ["a list to a longer one", [0], [0, 1]],
    ["a list to a shorter one", [0, 1], [0]],
    ["a list to another", [0], [1]],
    ["a list to the same ids in another order", [0, 1], [1, 0]],
  ] as const)("refuses to switch a customer's transaction from %s", async (_, from, to) => {
    const workspaces = (which: "all" | readonly (0 | 1)[]) =>
      which === "all" ? "all" : which.map((index) => a.workspaceIds[index]);
    await withUnit(scopeOf(a, workspaces(from)), async (unit) => {
      await expect(tenantsSeen(unit, scopeOf(a, workspaces(to)))).rejects.toThrow(
        /cannot switch from a tenant scope to a tenant/,
      );
    });
  });

  it("refuses to switch a customer's transaction to a list that shares only some of its ids, in place", async () => {
    const current = scopeOf(a, [a.workspaceIds[0], a.workspaceIds[1]]);
    await withUnit(current, async (unit) => {
      await expect(tenantsSeen(unit, scopeOf(a, [a.workspaceIds[0], randomUUID()]))).rejects.toThrow(
        /cannot switch from a tenant scope to a tenant/,
      );
    });
  });

  it("runs the same tenant scope as is, workspace list included", async () => {
    const both = scopeOf(a, [a.workspaceIds[0], a.workspaceIds[1]]);
    await withUnit(both, async (unit) => {
      expect(await tenantsSeen(unit, scopeOf(a, [a.workspaceIds[0], a.workspaceIds[1]]))).toHaveLength(2);
    });
    await withUnit(scopeOf(a), async (unit) => {
      expect(await tenantsSeen(unit, scopeOf(a))).toHaveLength(2);
    });
  });

  it("refuses to narrow to a tenant or workspace that is not a uuid", async () => {
    await withUnit({ kind: "provider" }, async (unit) => {
      await expect(
        tenantsSeen(unit, { kind: "tenant", tenantId: "x' or true --", workspaceIds: "all" }),
      ).rejects.toThrow("scope: tenantId is not a uuid");
      await expect(
        tenantsSeen(unit, { kind: "tenant", tenantId: a.tenantId, workspaceIds: [a.workspaceIds[0], "w"] }),
      ).rejects.toThrow("scope: a workspace id is not a uuid");
      // Still the provider's scope: nothing was switched.
      expect(unit.scope).toEqual({ kind: "provider" });
    });
  });

  it("refuses a role name that is not a plain identifier before touching the database", async () => {
    for (const role of ["app; drop table tenants", "App", "1app", `a${"b".repeat(63)}`, "", "app-role"]) {
      await expect(withScope(database, role, scopeOf(a), async () => 1)).rejects.toThrow(
        "scope: invalid role name",
      );
    }
  });

  it("commits when the work succeeds and rolls back when it throws", async () => {
    const run = createScopedRunner(database, TEST_APP_ROLE);
    const titles = () =>
      run(scopeOf(a), async (trx) =>
        (await trx.selectFrom("reports").select("title").execute()).map((r) => r.title),
      );
    const rename = (title: string) =>
      run(scopeOf(a), (trx) =>
        trx.updateTable("reports").set({ title }).where("workspace_id", "=", a.workspaceIds[0]).execute(),
      );
    await rename("Kept");
    expect(await titles()).toContain("Kept");
    await expect(
      run(scopeOf(a), async (trx) => {
        await trx.updateTable("reports").set({ title: "Dropped" }).execute();
        throw new Error("the work failed");
      }),
    ).rejects.toThrow("the work failed");
    expect(await titles()).not.toContain("Dropped");
    expect(await titles()).toContain("Kept");
  });

  it("filters a query by the scope's workspaces (all, a list, or none)", async () => {
    const seen = (workspaceIds: string[] | "all") =>
      withScope(database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
        const rows = await trx
          .selectFrom("reports")
          .select("workspace_id")
          .where("tenant_id", "=", a.tenantId)
          .where(
            workspaceFilter("reports.workspace_id", { kind: "tenant", tenantId: a.tenantId, workspaceIds }),
          )
          .orderBy("workspace_id")
          .execute();
        return rows.map((r) => r.workspace_id);
      });
    expect(await seen("all")).toEqual([...a.workspaceIds].sort());
    expect(await seen([a.workspaceIds[1]])).toEqual([a.workspaceIds[1]]);
    expect(await seen([])).toEqual([]);
  });
});
