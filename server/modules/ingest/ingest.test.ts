/**
 * Ingestion by API key: who may send (no key, a malformed, unknown or revoked key → 401; a key in the URL → 400;
 * a workspace of a tenant the key may not write to → 404), what a batch does (all or nothing with per-item
 * errors; upserts, so a replay changes nothing; 1,000 items), and the console's keys (shown once, only a hash
 * kept, admins only).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardResponse } from "../../../contracts/dashboard";
import type { ApiKeyList, CreatedApiKey, IngestRejected, IngestResult } from "../../../contracts/ingest";
import type { BuiltTenant, BuiltWorkspace } from "../../../test/factories";
import { unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import type { BrowserClient } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";

let t: TestApp;
let tenant: BuiltTenant;
let workspace: BuiltWorkspace;
let foreignWorkspace: BuiltWorkspace;
let admin: BrowserClient;
let customer: BrowserClient;
let key: CreatedApiKey;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

/** A machine's request: no cookie, no Origin, the key as a bearer token. */
async function ingest(kind: string, body: unknown, bearer: string | null = key.key, query = "") {
  const response = await fetch(`${t.url}/api/v1/ingest/${kind}${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
}

const incident = (n: number, overrides: Record<string, unknown> = {}) => ({
  externalId: `SIEM-${n}`,
  title: `Suspicious sign-in ${n}`,
  severity: "high",
  status: "open",
  detection: "Entra ID risky sign-in",
  mitreTechnique: "T1078.004",
  openedAt: new Date(Date.now() - 3_600_000).toISOString(),
  ...overrides,
});

async function incidentCount(target = workspace) {
  const row = await system((trx) =>
    trx
      .selectFrom("incidents")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("workspace_id", "=", target.id)
      .executeTakeFirstOrThrow(),
  );
  return row.n;
}

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  tenant = await t.build.tenant({ name: "Harbor Bank" });
  workspace = await t.build.workspace(tenant, { kind: "soc", name: "Managed SOC" });
  foreignWorkspace = await t.build.workspace(await t.build.tenant());
  admin = await t.build.signedIn(await t.build.user(null, "admin"), t.url);
  customer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
  const created = await admin.request("/api/v1/admin/api-keys", {
    json: { name: "SIEM connector", tenantIds: [tenant.id] },
  });
  expect(created.status, created.text).toBe(201);
  key = created.json<CreatedApiKey>();
});

afterAll(async () => {
  await t?.close();
});

describe("API keys in the console", () => {
  it("shows a new key once; afterwards only its prefix, and only its hash is stored", async () => {
    expect(key.key).toMatch(/^pcik_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.tenants).toEqual([{ id: tenant.id, name: "Harbor Bank" }]);
    const list = await admin.request("/api/v1/admin/api-keys");
    expect(list.status).toBe(200);
    expect(list.json<ApiKeyList>().items.map((item) => item.id)).toContain(key.id);
    expect(list.text).not.toContain(key.key);
    const stored = await system((trx) =>
      trx.selectFrom("api_keys").selectAll().where("id", "=", key.id).executeTakeFirstOrThrow(),
    );
    expect(JSON.stringify(stored)).not.toContain(key.key.slice(12));
    expect(stored.key_hash).toHaveLength(32);
  });

  it("is for admins: 401 without a session, 403 to analysts and customers, 404 for an unknown tenant or key", async () => {
    const analyst = await t.build.signedIn(await t.build.user(null, "analyst"), t.url);
    const approver = await t.build.signedIn(await t.build.user(tenant, "customer_approver"), t.url);
    expect((await fetch(`${t.url}/api/v1/admin/api-keys`)).status).toBe(401);
    for (const client of [analyst, customer, approver]) {
      expect((await client.request("/api/v1/admin/api-keys")).status).toBe(403);
      expect(
        (await client.request("/api/v1/admin/api-keys", { json: { name: "x", tenantIds: [tenant.id] } }))
          .status,
      ).toBe(403);
      expect(
        (await client.request(`/api/v1/admin/api-keys/${key.id}/revoke`, { method: "POST" })).status,
      ).toBe(403);
    }
    const blank = await admin.request("/api/v1/admin/api-keys", {
      json: { name: "   ", tenantIds: [tenant.id] },
    });
    expect(blank.status).toBe(400);
    expect(
      (await admin.request("/api/v1/admin/api-keys", { json: { name: "x", tenantIds: [unknownId()] } }))
        .status,
    ).toBe(404);
    expect(
      (await admin.request(`/api/v1/admin/api-keys/${unknownId()}/revoke`, { method: "POST" })).status,
    ).toBe(404);
  });
});

describe("who may send", () => {
  it("refuses no key, a malformed key and an unknown key with 401, and stores nothing", async () => {
    const before = await incidentCount();
    const body = { workspaceId: workspace.id, items: [incident(1)] };
    for (const bearer of [null, "not-a-key", `pcik_${"A".repeat(43)}`, key.key.slice(0, -1)]) {
      const answer = await ingest("incidents", body, bearer);
      expect(answer.status).toBe(401);
    }
    expect(await incidentCount()).toBe(before);
  });

  it("refuses a key in the URL", async () => {
    const answer = await ingest(
      "incidents",
      { workspaceId: workspace.id, items: [incident(1)] },
      key.key,
      `?api_key=${key.key}`,
    );
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain(key.key);
  });

  it("answers a workspace of another tenant like one that does not exist (404)", async () => {
    const foreign = await ingest("incidents", { workspaceId: foreignWorkspace.id, items: [incident(1)] });
    const missing = await ingest("incidents", { workspaceId: unknownId(), items: [incident(1)] });
    expect(foreign.status).toBe(404);
    const strip = (text: string) => text.replace(/"requestId":"[^"]+"/, "");
    expect(strip(foreign.text)).toBe(strip(missing.text));
    expect(await incidentCount(foreignWorkspace)).toBe(0);
  });

  it("stops a revoked key at its next request", async () => {
    const created = (
      await admin.request("/api/v1/admin/api-keys", { json: { name: "Temporary", tenantIds: [tenant.id] } })
    ).json<CreatedApiKey>();
    const body = { workspaceId: workspace.id, items: [incident(900)] };
    expect((await ingest("incidents", body, created.key)).status).toBe(200);
    const revoked = await admin.request(`/api/v1/admin/api-keys/${created.id}/revoke`, { method: "POST" });
    expect(revoked.status).toBe(200);
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    expect((await ingest("incidents", body, created.key)).status).toBe(401);
  });
});

describe("a batch", () => {
  it("is refused whole with each bad item's index and reasons; nothing is half-written", async () => {
    const before = await incidentCount();
    const answer = await ingest("incidents", {
      workspaceId: workspace.id,
      items: [
        incident(10),
        incident(11, { severity: "apocalyptic" }),
        incident(12, { status: "resolved" }),
        incident(10),
        { ...incident(13), extra: "field" },
        "not an object",
      ],
    });
    expect(answer.status, answer.text).toBe(422);
    const rejected = answer.json<IngestRejected>();
    expect(rejected.error).toBe("invalid_items");
    expect(rejected.items.map((item) => item.index)).toEqual([1, 2, 3, 4, 5]);
    expect(rejected.items[0]!.errors[0]!.path).toBe("/severity");
    expect(rejected.items[1]!.errors[0]!.message).toMatch(/resolvedAt/);
    expect(rejected.items[2]!.errors[0]!.message).toMatch(/same externalId as item 0/);
    expect(await incidentCount()).toBe(before);
  });

  it("refuses more than 1,000 items", async () => {
    const answer = await ingest("alerts", {
      workspaceId: workspace.id,
      items: Array.from({ length: 1001 }, (_, n) => ({
        day: "2026-11-01",
        detection: `D${n}`,
        severity: "low",
        count: 1,
      })),
    });
    expect(answer.status).toBe(400);
  });

  it("stores 1,000 incidents, changes nothing when replayed, and updates only what changed", async () => {
    const items = Array.from({ length: 1000 }, (_, n) => incident(100_000 + n));
    const started = performance.now();
    const first = await ingest("incidents", { workspaceId: workspace.id, items });
    const firstMs = performance.now() - started;
    expect(first.status, first.text).toBe(200);
    expect(first.json<IngestResult>()).toEqual({
      workspaceId: workspace.id,
      received: 1000,
      created: 1000,
      updated: 0,
      unchanged: 0,
    });
    const replayStarted = performance.now();
    const replay = await ingest("incidents", { workspaceId: workspace.id, items });
    const replayMs = performance.now() - replayStarted;
    expect(replay.json<IngestResult>()).toMatchObject({ created: 0, updated: 0, unchanged: 1000 });
    console.log(`ingest: 1,000 incidents in ${firstMs.toFixed(0)} ms, replayed in ${replayMs.toFixed(0)} ms`);
    const changed = items.map((item, n) =>
      n === 7 ? { ...item, status: "acknowledged", acknowledgedAt: item.openedAt } : item,
    );
    expect(
      (await ingest("incidents", { workspaceId: workspace.id, items: changed })).json<IngestResult>(),
    ).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 999,
    });
  });

  it("shows on the customer's dashboard at the next request", async () => {
    const dashboard = async () =>
      (await customer.request("/api/v1/reports/dashboard")).json<DashboardResponse>().quick_stats
        .open_incidents;
    const before = await dashboard();
    const answer = await ingest("incidents", {
      workspaceId: workspace.id,
      items: [incident(500), incident(501)],
    });
    expect(answer.status).toBe(200);
    expect(await dashboard()).toBe(before + 2);
  });

  it("upserts alert counts by day, detection and severity", async () => {
    const items = [
      { day: "2026-11-28", detection: "EDR malware blocked", severity: "medium", count: 42 },
      { day: "2026-11-28", detection: "EDR malware blocked", severity: "high", count: 3 },
    ];
    expect((await ingest("alerts", { workspaceId: workspace.id, items })).json<IngestResult>()).toMatchObject(
      {
        created: 2,
      },
    );
    expect((await ingest("alerts", { workspaceId: workspace.id, items })).json<IngestResult>()).toMatchObject(
      {
        unchanged: 2,
      },
    );
    const recount = [{ ...items[0]!, count: 40 }];
    expect(
      (await ingest("alerts", { workspaceId: workspace.id, items: recount })).json<IngestResult>(),
    ).toMatchObject({
      updated: 1,
    });
  });

  it("stores compliance results, creating the framework and scoring it from its controls", async () => {
    const control = (ref: string, status: string) => ({
      framework: "iso-27001",
      frameworkName: "ISO/IEC 27001:2022",
      ref,
      title: `Control ${ref}`,
      family: "Organizational",
      status,
    });
    const items = [
      control("5.1", "passing"),
      control("5.2", "passing"),
      control("5.3", "failing"),
      control("5.4", "not_applicable"),
    ];
    const answer = await ingest("compliance", { workspaceId: workspace.id, items });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json<IngestResult>()).toMatchObject({ created: 4 });
    const framework = await system((trx) =>
      trx
        .selectFrom("compliance_frameworks")
        .select(["id", "score"])
        .where("workspace_id", "=", workspace.id)
        .where("key", "=", "iso-27001")
        .executeTakeFirstOrThrow(),
    );
    expect(Number(framework.score)).toBeCloseTo(66.67, 2);
    const history = await system((trx) =>
      trx
        .selectFrom("compliance_score_history")
        .select("score")
        .where("framework_id", "=", framework.id)
        .execute(),
    );
    expect(history.map((row) => Number(row.score))).toEqual([66.67]);
    expect(
      (await ingest("compliance", { workspaceId: workspace.id, items })).json<IngestResult>(),
    ).toMatchObject({
      unchanged: 4,
    });
  });
});

describe("the record", () => {
  it("names the key (never the key itself) in the tenant's audit trail", async () => {
    await ingest("alerts", {
      workspaceId: workspace.id,
      items: [{ day: "2026-11-27", detection: "Audit check", severity: "low", count: 1 }],
    });
    const rows = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .selectAll()
        .where("actor_type", "=", "api_key")
        .where("action", "=", "ingest.alerts")
        .where("outcome", "=", "allowed")
        .execute(),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ actor_id: key.id, tenant_id: tenant.id, workspace_id: workspace.id });
    expect(rows[0]!.actor_name).toContain(key.prefix);
    const everything = await system((trx) => trx.selectFrom("audit_events").selectAll().execute());
    expect(JSON.stringify(everything)).not.toContain(key.key);
  });
});
