/**
 * The audit log (provider staff) and the access log (customers): who may read what, filters and keyset pages,
 * streamed exports, and that a customer sees their own organisation's accesses — by colleagues and by the
 * provider's staff — and nothing of another tenant's.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessLog, AuditList, AuditVerification } from "../../../contracts/audit";
import type { BuiltReport, BuiltTenant, BuiltUser } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import type { BrowserClient } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";

let t: TestApp;
let tenantA: BuiltTenant;
let tenantB: BuiltTenant;
let reportA: BuiltReport;
let viewerA: BrowserClient;
let colleague: BuiltUser;
let colleagueA: BrowserClient;
let viewerB: BrowserClient;
let viewerBUser: BuiltUser;
let admin: BrowserClient;
let adminUser: BuiltUser;
let analyst: BrowserClient;

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  tenantA = await t.build.tenant();
  tenantB = await t.build.tenant();
  reportA = await t.build.report(await t.build.workspace(tenantA), { title: "Quarterly threat review" });
  viewerA = await t.build.signedIn(await t.build.user(tenantA, "customer_viewer"), t.url);
  colleague = await t.build.user(tenantA, "customer_approver", { name: "Colleague Carla" });
  colleagueA = await t.build.signedIn(colleague, t.url);
  viewerBUser = await t.build.user(tenantB, "customer_viewer", { name: "Bob of Tenant B" });
  viewerB = await t.build.signedIn(viewerBUser, t.url);
  adminUser = await t.build.user(null, "admin", { name: "Staff Sam" });
  admin = await t.build.signedIn(adminUser, t.url);
  analyst = await t.build.signedIn(await t.build.user(null, "analyst"), t.url);

  // The accesses the logs will show.
  expect(
    (
      await colleagueA.request(`/api/v1/reports/${reportA.id}`, {
        headers: { "user-agent": '=HYPERLINK("x")' },
      })
    ).status,
  ).toBe(200);
  expect((await admin.request(`/api/v1/reports/${reportA.id}?tenant=${tenantA.id}`)).status).toBe(200);
  expect((await viewerB.request("/api/v1/reports/dashboard")).status).toBe(200);
  // Tenant B probing tenant A's report: recorded in B's trail (it is B's person), never in A's.
  expect((await viewerB.request(`/api/v1/reports/${reportA.id}`)).status).toBe(404);
});

afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/access-log", () => {
  it("answers 401 without a session, 403 to a role without the permission, 400 to staff naming no tenant", async () => {
    expect((await fetch(`${t.url}/api/v1/access-log`)).status).toBe(401);
    expect((await analyst.request("/api/v1/access-log")).status).toBe(403);
    expect((await admin.request("/api/v1/access-log")).status).toBe(400);
  });

  it("shows a customer their colleagues' and the provider's accesses, and nothing of another tenant", async () => {
    const response = await viewerA.request("/api/v1/access-log?limit=200");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const log = response.json<AccessLog>();
    const colleagueView = log.items.find(
      (item) => item.actor.id === colleague.id && item.action === "report.view",
    );
    expect(colleagueView).toMatchObject({
      actor: { name: "Colleague Carla", is_provider_staff: false },
      description: "Viewed the report “Quarterly threat review”",
      outcome: "allowed",
      ip: "127.0.0.1",
    });
    const staffView = log.items.find((item) => item.actor.id === adminUser.id);
    expect(staffView).toMatchObject({
      actor: { name: `Staff Sam (${t.config.providerName})`, is_provider_staff: true },
      description: "Viewed the report “Quarterly threat review”",
      ip: null,
      user_agent: null,
    });
    expect(log.items.some((item) => item.actor.id === viewerBUser.id)).toBe(false);
    expect(log.people.map((person) => person.name)).toEqual(
      expect.arrayContaining(["Colleague Carla", "Staff Sam"]),
    );
    // Newest first.
    const seqs = log.items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
  });

  it("filters by person and by action, and pages by cursor without overlap", async () => {
    const byColleague = (await viewerA.request(`/api/v1/access-log?actor=${colleague.id}`)).json<AccessLog>();
    expect(byColleague.items.length).toBeGreaterThan(0);
    expect(byColleague.items.every((item) => item.actor.id === colleague.id)).toBe(true);

    const views = (await viewerA.request("/api/v1/access-log?action=report.view")).json<AccessLog>();
    expect(views.items.length).toBe(2);
    expect(views.items.every((item) => item.action === "report.view")).toBe(true);

    const first = (await viewerA.request("/api/v1/access-log?limit=1")).json<AccessLog>();
    expect(first.items).toHaveLength(1);
    expect(first.next_before).toBe(first.items[0]!.seq);
    const second = (
      await viewerA.request(`/api/v1/access-log?limit=1&before=${first.next_before}`)
    ).json<AccessLog>();
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.seq).toBeLessThan(first.items[0]!.seq);
  });

  it("refuses filters that are not what they claim (400, nothing read)", async () => {
    for (const query of ["action=drop.table", "actor=x'%20or%201=1", "limit=0", "limit=201", "before=-1"]) {
      expect((await viewerA.request(`/api/v1/access-log?${query}`)).status).toBe(400);
    }
  });

  it("answers staff naming a tenant that does not exist 404, like every portal page", async () => {
    const unknown = "7d1c3e0a-0000-4000-8000-000000000000";
    expect((await admin.request(`/api/v1/access-log?tenant=${unknown}`)).status).toBe(404);
    expect((await admin.request(`/api/v1/access-log/export?tenant=${unknown}`)).status).toBe(404);
  });

  it("lets staff read one customer's log by naming the tenant", async () => {
    const log = (await admin.request(`/api/v1/access-log?tenant=${tenantA.id}&limit=200`)).json<AccessLog>();
    expect(log.items.some((item) => item.actor.id === colleague.id)).toBe(true);
    expect(log.items.some((item) => item.actor.id === viewerBUser.id)).toBe(false);
  });

  it("exports the log as CSV, formulas neutralised", async () => {
    const response = await colleagueA.request("/api/v1/access-log/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = response.text.trim().split("\r\n");
    expect(lines[0]).toBe("time,person,provider_staff,action,description,outcome,ip,user_agent");
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""x"")"`))).toBe(true);
    expect(lines.some((line) => line.includes("Bob of Tenant B"))).toBe(false);
  });

  it("keeps another tenant's events out at the database too (row-level security alone)", async () => {
    const tenants = await withScope(
      t.database,
      TEST_APP_ROLE,
      { kind: "tenant", tenantId: tenantA.id, workspaceIds: "all" },
      async (trx) => {
        const { rows } = await sql<{
          tenant_id: string;
        }>`select distinct tenant_id::text from audit_events`.execute(trx);
        return rows.map((row) => row.tenant_id);
      },
    );
    expect(tenants).toEqual([tenantA.id]);
  });
});

describe("GET /api/v1/admin/audit", () => {
  it("answers 401 without a session and 403 to every role but admin", async () => {
    expect((await fetch(`${t.url}/api/v1/admin/audit`)).status).toBe(401);
    for (const client of [viewerA, colleagueA, analyst]) {
      for (const path of [
        "/api/v1/admin/audit",
        "/api/v1/admin/audit/verify",
        "/api/v1/admin/audit/export?format=csv",
      ]) {
        expect((await client.request(path)).status).toBe(403);
      }
    }
  });

  it("lists every tenant's events, filtered, newest first, by keyset pages", async () => {
    const all = (await admin.request("/api/v1/admin/audit?limit=200")).json<AuditList>();
    const tenants = new Set(all.items.map((item) => item.tenant_id));
    expect(tenants).toContain(tenantA.id);
    expect(tenants).toContain(tenantB.id);

    const refused = (
      await admin.request(`/api/v1/admin/audit?tenant=${tenantB.id}&outcome=not_found&action=report.view`)
    ).json<AuditList>();
    expect(refused.items).toHaveLength(1);
    expect(refused.items[0]).toMatchObject({
      actor_id: viewerBUser.id,
      http_status: 404,
      resource_id: reportA.id,
    });

    const page1 = (await admin.request("/api/v1/admin/audit?limit=3")).json<AuditList>();
    const page2 = (
      await admin.request(`/api/v1/admin/audit?limit=3&before=${page1.next_before}`)
    ).json<AuditList>();
    expect(page1.items).toHaveLength(3);
    expect(Math.max(...page2.items.map((item) => item.seq))).toBeLessThan(
      Math.min(...page1.items.map((item) => item.seq)),
    );
  });

  it("shows the verification result", async () => {
    const result = (await admin.request("/api/v1/admin/audit/verify")).json<AuditVerification>();
    expect(result).toMatchObject({ intact: true, problem: null });
    expect(result.events + result.unsealed).toBeGreaterThan(0);
  });

  it("exports CSV and JSON Lines with the same events", async () => {
    const filter = `tenant=${tenantA.id}`;
    const csv = await admin.request(`/api/v1/admin/audit/export?format=csv&${filter}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="audit-log.csv"');
    const csvLines = csv.text.trim().split("\r\n");
    expect(csvLines[0]).toMatch(/^seq,occurred_at,request_id,actor_type,/);
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`);

    const jsonl = await admin.request(`/api/v1/admin/audit/export?format=jsonl&${filter}`);
    expect(jsonl.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const events = jsonl.text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { seq: number; tenant_id: string });
    // The same events, and one more: the CSV export itself, filtered to tenant A, is in A's trail.
    expect(events.length).toBe(csvLines.length);
    expect(events.at(-1)).toMatchObject({ action: "admin.audit_export", actor_id: adminUser.id });
    expect(events.every((event) => event.tenant_id === tenantA.id)).toBe(true);
    expect((await admin.request("/api/v1/admin/audit/export?format=xlsx")).status).toBe(400);
  });
});
