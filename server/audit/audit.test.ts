/**
 * The audit trail end to end: one row per API and sign-in request (whatever its answer), sealed, and every kind of
 * tampering named by the verifier. Tampering runs as the schema owner in a transaction that is rolled back, with
 * the verifier reading inside it: each case starts from the same intact trail.
 */
import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditVerification } from "../../contracts/audit";
import type { BuiltUser } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { isPostgresRun } from "../../test/helpers/database";
import type { BrowserClient } from "../../test/helpers/http-client";
import { createScopedRunner, UnitOfWork, withScope } from "../db/scope";
import type { DB } from "../db/types";
import { rateLimits } from "../http/rate-limit";
import { appendEvent } from "./events";
import { archiveSealedBefore } from "./retention";
import { sealPending } from "./sealer";
import { type EventRow, eventFields, eventHash, verifyAuditTrail } from "./verify";

let t: TestApp;
let viewer: BrowserClient;
let viewerUser: BuiltUser;
let staff: BrowserClient;
let staffUser: BuiltUser;

beforeAll(async () => {
  // The app's own sealer would seal at its own pace; these tests seal when they choose.
  t = await createTestApp({}, { listen: true });
  const tenant = await t.build.tenant();
  viewerUser = await t.build.user(tenant, "customer_viewer");
  viewer = await t.build.signedIn(viewerUser, t.url);
  staffUser = await t.build.user(null, "admin");
  staff = await t.build.signedIn(staffUser, t.url);
});

afterAll(async () => {
  await t?.close();
});

interface AuditRow {
  seq: number;
  request_id: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  tenant_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  http_status: number;
  ip: string | null;
  user_agent: string | null;
}

async function rowsFor(requestIds: string[]): Promise<AuditRow[]> {
  return withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
    trx
      .selectFrom("audit_events")
      .select([
        "seq",
        "request_id",
        "actor_type",
        "actor_id",
        "actor_name",
        "actor_role",
        "tenant_id",
        "action",
        "resource_type",
        "resource_id",
        "outcome",
        "http_status",
        "ip",
        "user_agent",
      ])
      .where("request_id", "in", requestIds)
      .orderBy("seq")
      .execute(),
  );
}

const countRows = () =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_events`.execute(trx);
    return rows[0]!.n;
  });

describe("recording", () => {
  it("declares an action on every API and sign-in route", () => {
    const routes = t.app.auditedRoutes;
    expect(routes.map((route) => route.url)).toEqual(
      expect.arrayContaining(["/api/v1/me", "/api/v1/reports/:id/pdf", "/auth/callback", "/auth/logout"]),
    );
    expect(routes.filter((route) => route.action === null)).toEqual([]);
  });

  it("writes exactly one row per request, with its outcome and status, whatever the answer", async () => {
    const before = await countRows();
    const report = await t.build.report(await t.build.workspace(await t.build.tenant()));
    const cases: {
      send: () => Promise<{ status: number; headers: Headers }>;
      status: number;
      outcome: string;
      action: string;
    }[] = [
      { send: () => viewer.request("/api/v1/me"), status: 200, outcome: "allowed", action: "session.view" },
      {
        send: () => viewer.request("/api/v1/reports/dashboard"),
        status: 200,
        outcome: "allowed",
        action: "dashboard.view",
      },
      {
        send: () => fetch(`${t.url}/api/v1/me?tenant=${viewerUser.tenantId}`),
        status: 401,
        outcome: "unauthenticated",
        action: "session.view",
      },
      {
        send: () => viewer.request("/api/v1/admin/tenants"),
        status: 403,
        outcome: "denied",
        action: "admin.tenant_list",
      },
      // Another tenant's report: indistinguishable from none.
      {
        send: () => viewer.request(`/api/v1/reports/${report.id}`),
        status: 404,
        outcome: "not_found",
        action: "report.view",
      },
      {
        send: () => viewer.request("/api/v1/reports?type=bogus"),
        status: 400,
        outcome: "rejected",
        action: "report.list",
      },
      {
        send: () => viewer.request("/api/v1/reports?q=%00"),
        status: 400,
        outcome: "rejected",
        action: "report.list",
      },
      {
        send: () => viewer.request("/api/v1/no-such-route"),
        status: 404,
        outcome: "not_found",
        action: "api.unmatched",
      },
      {
        send: () =>
          viewer.request("/auth/logout", { method: "POST", headers: { origin: "https://evil.example" } }),
        status: 403,
        outcome: "denied",
        action: "auth.logout",
      },
      {
        send: () => staff.request(`/api/v1/reports/${report.id}?tenant=${report.tenantId}`),
        status: 200,
        outcome: "allowed",
        action: "report.view",
      },
    ];
    const requestIds: string[] = [];
    for (const { send, status } of cases) {
      const response = await send();
      expect(response.status).toBe(status);
      requestIds.push(response.headers.get("x-request-id")!);
    }
    const rows = await rowsFor(requestIds);
    expect(rows.map((row) => [row.request_id, row.http_status, row.outcome, row.action])).toEqual(
      cases.map((c, index) => [requestIds[index], c.status, c.outcome, c.action]),
    );
    expect(await countRows()).toBe(before + cases.length);

    const [me, , anonymous] = rows;
    expect(me).toMatchObject({
      actor_type: "user",
      actor_id: viewerUser.id,
      tenant_id: viewerUser.tenantId,
      ip: "127.0.0.1",
    });
    expect(anonymous).toMatchObject({ actor_type: "anonymous", actor_id: null, tenant_id: null });
    // Staff reading a customer's report: the event is in that customer's trail, naming the report.
    expect(rows.at(-1)).toMatchObject({
      actor_type: "user",
      actor_role: "admin",
      actor_name: staffUser.name,
      tenant_id: report.tenantId,
      resource_type: "report",
      resource_id: report.id,
    });
  });

  it("commits a state-changing request's row in the transaction that made its change", async () => {
    const user = await t.build.user(await t.build.tenant(), "customer_viewer");
    const client = await t.build.signedIn(user, t.url);
    const response = await client.request("/auth/logout", {
      method: "POST",
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(204);
    const [row] = await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
      const { rows } = await sql<{ txid: string; revoked_by: string }>`
        select e.txid::text as txid, (select s.xmin::text from sessions s where s.user_id = ${user.id}) as revoked_by
        from audit_events e where e.request_id = ${response.headers.get("x-request-id")}`.execute(trx);
      return rows;
    });
    // xmin is the 32-bit id of the transaction that revoked the session; txid the same id with its epoch.
    expect(BigInt(row!.txid) % 2n ** 32n).toBe(BigInt(row!.revoked_by));
  });

  it("records a rate-limited request, and every request before it", async () => {
    const before = await countRows();
    const body = { sha256: "a".repeat(64) };
    let last = 0;
    let sent = 0;
    while (last !== 429 && sent <= rateLimits.public.points + 1) {
      last = (
        await viewer.request("/api/v1/verify", { json: body, headers: { "x-forwarded-for": "203.0.113.9" } })
      ).status;
      sent++;
    }
    expect(last).toBe(429);
    expect(await countRows()).toBe(before + sent);
  });

  it("strips control characters from the user agent and bounds its length", async () => {
    const response = await fetch(`${t.url}/api/v1/me`, {
      headers: { "user-agent": `evil\tagent\x85${"x".repeat(1000)}` },
    });
    const [row] = await rowsFor([response.headers.get("x-request-id")!]);
    expect(row!.user_agent).toMatch(/^evilagentx+$/);
    expect(row!.user_agent).toHaveLength(512);
  });

  it("keeps no cookie, token or secret in any row", async () => {
    const cookie = (await viewer.jar.getCookieString(t.url)).split("=")[1]!;
    const rows = await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
      const { rows } = await sql<{
        text: string;
      }>`select row_to_json(a)::text as text from audit_events a`.execute(trx);
      return rows.map((row) => row.text).join("\n");
    });
    expect(rows.length).toBeGreaterThan(0);
    for (const secret of [cookie, t.config.session.secrets[0]!]) expect(rows).not.toContain(secret);
  });
});

/** Runs `tamper` as the schema owner, then the verifier in the same transaction; everything is rolled back. */
async function verifyAfter(tamper: (trx: Kysely<DB>) => Promise<void>): Promise<AuditVerification> {
  let result: AuditVerification | undefined;
  const rollback = new Error("rollback");
  await t.database.owner.db
    .transaction()
    .execute(async (trx) => {
      await sql`select set_config('app.all_tenants', 'on', true)`.execute(trx);
      await tamper(trx);
      result = await verifyAuditTrail(trx);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return result!;
}

describe("sealing and verification", () => {
  let sealed: number[];

  beforeAll(async () => {
    const runScoped = createScopedRunner(t.database, TEST_APP_ROLE);
    const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
      withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);
    const lastSeal = await system(async (trx) => {
      const { rows } = await sql<{
        id: number;
      }>`select coalesce(max(id), 0)::int as id from audit_seals`.execute(trx);
      return rows[0]!.id;
    });
    for (let i = 0; i < 12; i++) await viewer.request("/api/v1/me");
    // Everything written so far, in as many seals as it takes (the app's own sealer may seal some rows first, so
    // they can be spread over a few seals): the tampering tests below use the rows of the fullest one.
    while ((await sealPending(runScoped)).sealId !== null);
    sealed = await system(async (trx) => {
      const { rows } = await sql<{ seal: number; seq: number }>`
        select s.id::int as seal, e.seq::int as seq
        from audit_seals s join audit_events e on e.txid >= s.txid_from and e.txid < s.txid_to
        where s.id > ${lastSeal}
        order by e.seq`.execute(trx);
      const bySeal = new Map<number, number[]>();
      for (const row of rows) bySeal.set(row.seal, [...(bySeal.get(row.seal) ?? []), row.seq]);
      return [...bySeal.values()].sort((a, b) => b.length - a.length)[0] ?? [];
    });
    expect(sealed.length).toBeGreaterThanOrEqual(4);
  });

  it("finds an untouched trail intact, every row counted", async () => {
    const result = await verifyAfter(async () => {});
    expect(result).toMatchObject({
      intact: true,
      problem: null,
      unsealed: 0,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(result.events).toBe(await countRows());
  });

  it("counts rows written since the last seal as not yet sealed", async () => {
    await viewer.request("/api/v1/me");
    const result = await verifyAfter(async () => {});
    expect(result).toMatchObject({ intact: true, unsealed: 1 });
    await sealPending(createScopedRunner(t.database, TEST_APP_ROLE));
  });

  it.skipIf(!isPostgresRun)(
    "seals a transaction that commits late in a later seal, the chain intact",
    async () => {
      const runScoped = createScopedRunner(t.database, TEST_APP_ROLE);
      const requestId = randomUUID();
      const late = await UnitOfWork.begin(t.database.pool, TEST_APP_ROLE, { kind: "system" });
      try {
        await appendEvent(late.db, {
          requestId,
          actorType: "system",
          actorId: null,
          actorName: null,
          actorRole: null,
          tenantId: null,
          workspaceId: null,
          action: "session.view",
          resourceType: null,
          resourceId: null,
          outcome: "allowed",
          httpStatus: 200,
          ip: null,
          userAgent: null,
          reason: null,
        });
        // Rows of later transactions commit and are sealed while this one is still open.
        await viewer.request("/api/v1/me");
        while ((await sealPending(runScoped)).sealId !== null);
      } finally {
        await late.commit();
      }
      const coveredBy = () =>
        withScope(t.database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
          const { rows } = await sql<{ id: number }>`
          select s.id from audit_seals s join audit_events e on e.seq <@ s.seqs where e.request_id = ${requestId}`.execute(
            trx,
          );
          return rows.map((row) => row.id);
        });
      expect(await coveredBy()).toEqual([]);
      const { sealId } = await sealPending(runScoped);
      expect(await coveredBy()).toEqual([sealId]);
      expect(await verifyAfter(async () => {})).toMatchObject({ intact: true, unsealed: 0 });
    },
  );

  it("names an edited row", async () => {
    const seq = sealed[2]!;
    const result = await verifyAfter(async (trx) => {
      await sql`update audit_events set action = 'report.download' where seq = ${seq}`.execute(trx);
    });
    expect(result.problem).toMatchObject({ kind: "row_edited", seq });
    expect(result.intact).toBe(false);
  });

  it("names a deleted row", async () => {
    const seq = sealed[1]!;
    const result = await verifyAfter(async (trx) => {
      await sql`delete from audit_events where seq = ${seq}`.execute(trx);
    });
    expect(result.problem).toMatchObject({ kind: "row_deleted", seq });
  });

  it("names two swapped rows", async () => {
    const [a, b] = [sealed[1]!, sealed[3]!];
    const result = await verifyAfter(async (trx) => {
      await sql`update audit_events x set occurred_at = y.occurred_at, txid = y.txid, request_id = y.request_id,
          actor_type = y.actor_type, actor_id = y.actor_id, actor_name = y.actor_name, actor_role = y.actor_role, tenant_id = y.tenant_id, workspace_id = y.workspace_id,
          action = y.action, resource_type = y.resource_type, resource_id = y.resource_id, outcome = y.outcome,
          http_status = y.http_status, ip = y.ip, user_agent = y.user_agent, reason = y.reason, hash = y.hash
        from audit_events y
        where (x.seq = ${a} and y.seq = ${b}) or (x.seq = ${b} and y.seq = ${a})`.execute(trx);
    });
    expect(result.problem).toMatchObject({ kind: "rows_swapped", seq: a });
    expect(result.problem?.message).toContain(`seq ${b}`);
  });

  it("names a row forged into the sealed past, even with a correct hash", async () => {
    const result = await verifyAfter(async (trx) => {
      const { rows } = await sql<EventRow & { seq: string }>`
        select (max(seq) + 1000)::text as seq,
          (select (extract(epoch from occurred_at) * 1000000)::bigint::text from audit_events where seq = ${sealed[0]!}) as occurred_us,
          (select txid::text from audit_events where seq = ${sealed[0]!}) as txid
        from audit_events`.execute(trx);
      const forged: EventRow = {
        ...rows[0]!,
        request_id: randomUUID(),
        actor_type: "user",
        actor_id: randomUUID(),
        actor_name: "Someone",
        actor_role: "admin",
        tenant_id: viewerUser.tenantId,
        workspace_id: null,
        action: "report.download",
        resource_type: "report",
        resource_id: randomUUID(),
        outcome: "allowed",
        http_status: "200",
        ip: "10.0.0.1",
        user_agent: null,
        reason: null,
        hash: "",
      };
      await sql`alter table audit_events disable trigger hash_row`.execute(trx);
      await sql`insert into audit_events (seq, occurred_at, txid, request_id, actor_type, actor_id, actor_name, actor_role, tenant_id,
          action, resource_type, resource_id, outcome, http_status, ip, hash)
        overriding system value
        values (${forged.seq}::bigint, to_timestamp(${forged.occurred_us}::numeric / 1000000), ${forged.txid}::xid8,
          ${forged.request_id}, 'user', ${forged.actor_id}, 'Someone', 'admin', ${forged.tenant_id}::uuid, 'report.download', 'report',
          ${forged.resource_id}, 'allowed', 200, '10.0.0.1', ${eventHash(forged, forged.seq)})`.execute(trx);
    });
    expect(result.problem).toMatchObject({ kind: "row_inserted" });
    expect(result.problem?.seq).toBeGreaterThan(sealed.at(-1)!);
  });

  it("names a row edited with its hash recomputed by its seal's digest", async () => {
    const seq = sealed[2]!;
    const result = await verifyAfter(async (trx) => {
      await sql`alter table audit_events disable trigger hash_row`.execute(trx);
      const { rows } =
        await sql<EventRow>`select ${eventFields} from audit_events where seq = ${seq}`.execute(trx);
      const edited = { ...rows[0]!, ip: "192.0.2.99" };
      await sql`update audit_events set ip = ${edited.ip}, hash = ${eventHash(edited, edited.seq)} where seq = ${seq}`.execute(
        trx,
      );
    });
    expect(result.problem).toMatchObject({ kind: "seal_digest", seq: null });
    expect(result.problem?.seal).toEqual(expect.any(Number));
  });

  it("names an edited seal and a removed one", async () => {
    const edited = await verifyAfter(async (trx) => {
      await sql`update audit_seals set row_count = row_count + 1 where id = (select max(id) from audit_seals)`.execute(
        trx,
      );
    });
    expect(edited.problem).toMatchObject({ kind: "seal_edited" });

    const removed = await verifyAfter(async (trx) => {
      await sql`delete from audit_seals where id = (select min(id) from audit_seals)`.execute(trx);
    });
    expect(removed.problem).toMatchObject({ kind: "seal_missing" });
  });

  it("lets the app role append but never update or delete rows or seals", async () => {
    for (const statement of [
      sql`update audit_events set action = 'auth.login'`,
      sql`delete from audit_events`,
      sql`update audit_seals set row_count = 1`,
      sql`delete from audit_seals`,
    ]) {
      await expect(
        withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) => statement.execute(trx)),
      ).rejects.toThrow(/permission denied/);
    }
  });
});

describe("retention", () => {
  it("archives whole sealed ranges only, and what remains still verifies", async () => {
    const runScoped = createScopedRunner(t.database, TEST_APP_ROLE);
    const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
      withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);
    while ((await sealPending(runScoped)).sealId !== null);
    for (let i = 0; i < 3; i++) await viewer.request("/api/v1/me");
    // Sealed by this test or by the app's own sealer, whichever comes first.
    while ((await sealPending(runScoped)).sealId !== null);
    const newest = await system((trx) =>
      trx
        .selectFrom("audit_seals")
        .select(["id", "sealed_at", "row_count"])
        .orderBy("id", "desc")
        .executeTakeFirstOrThrow(),
    );
    const rowsBefore = await countRows();

    const archived = await archiveSealedBefore(t.database.owner.db, newest.sealed_at);
    expect(archived?.throughSeal).toBeLessThan(newest.id);
    expect(archived!.events).toBeGreaterThan(0);
    expect(await countRows()).toBe(rowsBefore - archived!.events);

    const result = await verifyAfter(async () => {});
    expect(result).toMatchObject({
      intact: true,
      archived: archived!.events,
      events: newest.row_count,
      seals: 1,
    });

    const seq = await system(async (trx) => {
      const row = await trx.selectFrom("audit_events").select("seq").orderBy("seq").executeTakeFirstOrThrow();
      return row.seq;
    });
    const edited = await verifyAfter(async (trx) => {
      await sql`update audit_events set actor_name = 'Someone else' where seq = ${seq}`.execute(trx);
    });
    expect(edited.problem).toMatchObject({ kind: "row_edited", seq });
  });

  it("leaves checkpoints to the owner: the app role may only read them", async () => {
    await expect(
      withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        sql`insert into audit_archives (through_seal, txid_to, seal_hash, sealed_at, events, seals)
          values (1, '1', ${"0".repeat(64)}, now(), 0, 0)`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
