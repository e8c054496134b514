import { createHash } from "node:crypto";
/**
 * Engagements: the client view and its live stream, the staff API that changes them, and what must never leak
 * (internal notes and updates, another tenant's or another workspace's engagement).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AdvisoryReportView,
  EngagementClientView,
  EngagementList,
  StaffEngagement,
} from "../../../contracts/engagements";
import type { BuiltTenant, BuiltWorkspace } from "../../../test/factories";
import { fakePdf, unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient } from "../../../test/helpers/http-client";
import { openEventStream } from "../../../test/helpers/sse";
import { createSessionService, SessionKeys, sessionCookieName } from "../../auth/sessions";
import { createScopedRunner, withScope } from "../../db/scope";

let t: TestApp;
let tenant: BuiltTenant;
let workspace: BuiltWorkspace;
let otherWorkspace: BuiltWorkspace;
let engagement: Awaited<ReturnType<TestApp["build"]["engagement"]>>;
let customer: BrowserClient;
let analyst: BrowserClient;
let outsider: BrowserClient;
const everything: string[] = [];

async function get(client: BrowserClient, path: string) {
  const response = await client.request(path);
  everything.push(response.text);
  return response;
}

async function cookieOf(client: BrowserClient) {
  return client.jar.getCookieString(t.url);
}

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  tenant = await t.build.tenant();
  workspace = await t.build.workspace(tenant, { kind: "advisory" });
  otherWorkspace = await t.build.workspace(tenant, { kind: "advisory" });
  engagement = await t.build.engagement(workspace, { name: "External penetration test" });
  customer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
  analyst = await t.build.signedIn(await t.build.user(null, "analyst", { name: "Ana Lyst" }), t.url);
  outsider = await t.build.signedIn(await t.build.user(await t.build.tenant(), "customer_approver"), t.url);
});

afterAll(async () => {
  // Nothing a client or a stream received ever carried an internal note or update.
  expect(everything.length).toBeGreaterThan(5);
  for (const text of everything) expect(text).not.toContain(engagement.marker);
  await t?.close();
});

describe("the client side", () => {
  it("lists the caller's engagements with their progress", async () => {
    const list = (await get(customer, "/api/engagements")).json<EngagementList>();
    expect(list.items).toEqual([
      expect.objectContaining({
        id: engagement.id,
        name: "External penetration test",
        percentComplete: 50,
        milestones: { done: 1, total: 2 },
      }),
    ]);
    expect((await get(outsider, "/api/engagements")).json<EngagementList>().items).toEqual([]);
  });

  it("shows phases, milestones, progress and client-visible updates only", async () => {
    const view = (
      await get(customer, `/api/engagements/${engagement.id}/client-view`)
    ).json<EngagementClientView>();
    expect(view.percentComplete).toBe(50);
    expect(view.phases[0]!.milestones.map((m) => [m.title, m.status])).toEqual([
      ["Kick-off", "done"],
      ["Scoping", "in_progress"],
    ]);
    expect(view.updates.items.map((u) => u.body)).toEqual(["Kick-off held; scope agreed."]);
    expect(Object.keys(view)).not.toContain("internalNotes");
  });

  it("answers another tenant, another workspace's link session and a random id with the same 404", async () => {
    const { secret } = await t.build.accessLink(otherWorkspace);
    const guest = new BrowserClient(t.url);
    expect((await guest.request("/auth/client-token/redeem", { json: { token: secret } })).status).toBe(200);
    const strip = (text: string) => text.replace(/"requestId":"[^"]+"/, "");
    for (const suffix of ["client-view", "events"]) {
      const random = await get(outsider, `/api/engagements/${unknownId()}/${suffix}`);
      for (const client of [outsider, guest]) {
        const answer = await get(client, `/api/engagements/${engagement.id}/${suffix}`);
        expect(answer.status, suffix).toBe(404);
        expect(strip(answer.text)).toBe(strip(random.text));
      }
    }
    expect((await new BrowserClient(t.url).request(`/api/engagements/${engagement.id}/events`)).status).toBe(
      401,
    );
  });
});

describe("GET /api/sa-reports/reports/:id/client-view", () => {
  it("shows an assessment report's findings as generated; unpublished, SOC and foreign reports are 404", async () => {
    const snapshot = {
      data: {
        engagement: {
          name: "External penetration test",
          status: "active",
          summary: "Two critical paths found.",
          starts_on: null,
          ends_on: null,
        },
        by_severity: { critical: 1, high: 0, medium: 1, low: 0, info: 0 },
        by_status: { open: 1, remediated: 1, accepted: 0 },
        findings: [
          {
            ref: "F-01",
            title: "Exposed admin panel",
            severity: "critical",
            status: "open",
            description: "…",
            remediation: "Restrict by IP.",
            reported_on: "2026-11-05",
          },
          {
            ref: "F-02",
            title: "Weak TLS",
            severity: "medium",
            status: "remediated",
            description: "…",
            remediation: "Disable TLS 1.0.",
            reported_on: "2026-11-06",
          },
        ],
      },
    };
    const pdf = fakePdf("assessment");
    const insert = (published: boolean, month: number) =>
      withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx
          .insertInto("reports")
          .values({
            tenant_id: workspace.tenantId,
            workspace_id: workspace.id,
            report_type: "assessment",
            title: "Penetration test report",
            period_start: new Date(Date.UTC(2026, month, 1)),
            period_end: new Date(Date.UTC(2026, month + 1, 1)),
            status: "completed",
            is_published: published,
            engagement_id: engagement.id,
            generated_at: new Date(),
            pdf,
            size_bytes: pdf.length,
            sha256: createHash("sha256").update(pdf).digest("hex"),
            data_snapshot: JSON.stringify(snapshot),
            snapshot_sha256: "0".repeat(64),
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
    const published = await insert(true, 10);
    const hidden = await insert(false, 9);
    const view = (
      await get(customer, `/api/sa-reports/reports/${published.id}/client-view`)
    ).json<AdvisoryReportView>();
    expect(view).toMatchObject({
      title: "Penetration test report",
      engagement: { id: engagement.id, name: "External penetration test" },
      executiveSummary: "Two critical paths found.",
      findingsBySeverity: { critical: 1, high: 0, medium: 1, low: 0, info: 0 },
      findingsByStatus: { open: 1, remediated: 1, accepted: 0 },
      pdfUrl: `/api/v1/reports/${published.id}/pdf`,
    });
    expect(view.findings).toEqual([
      {
        ref: "F-01",
        title: "Exposed admin panel",
        severity: "critical",
        status: "open",
        remediation: "Restrict by IP.",
      },
      {
        ref: "F-02",
        title: "Weak TLS",
        severity: "medium",
        status: "remediated",
        remediation: "Disable TLS 1.0.",
      },
    ]);
    const soc = await t.build.report(workspace);
    for (const id of [hidden.id, soc.id, unknownId()]) {
      expect((await customer.request(`/api/sa-reports/reports/${id}/client-view`)).status).toBe(404);
    }
    expect((await outsider.request(`/api/sa-reports/reports/${published.id}/client-view`)).status).toBe(404);
  });
});

describe("the staff side", () => {
  it("is for can_manage_engagements only", async () => {
    const path = `/api/v1/admin/engagements/${engagement.id}`;
    expect((await customer.request(path)).status).toBe(403);
    expect((await customer.request(path, { method: "PATCH", json: { status: "on_hold" } })).status).toBe(403);
    expect((await analyst.request(`/api/v1/admin/engagements/${unknownId()}`)).status).toBe(404);
    const staffView = (await analyst.request(path)).json<StaffEngagement>();
    expect(staffView.internalNotes).toContain(engagement.marker);
    expect(staffView.updates.some((update) => update.internal)).toBe(true);
  });

  it("creates an engagement with phases and milestones the client then sees", async () => {
    const created = await analyst.request("/api/v1/admin/engagements", {
      json: { workspaceId: workspace.id, name: "Cloud review", startsOn: "2026-12-01" },
    });
    expect(created.status).toBe(201);
    const { id } = created.json<StaffEngagement>();
    const phase = (
      await analyst.request(`/api/v1/admin/engagements/${id}/phases`, { json: { name: "Fieldwork" } })
    ).json<StaffEngagement>().phases[0]!;
    const withMilestone = await analyst.request(`/api/v1/admin/engagements/${id}/milestones`, {
      json: { phaseId: phase.id, title: "Interviews", dueOn: "2026-12-05" },
    });
    expect(withMilestone.status).toBe(201);
    const view = (await get(customer, `/api/engagements/${id}/client-view`)).json<EngagementClientView>();
    expect(view.phases).toEqual([
      expect.objectContaining({
        name: "Fieldwork",
        milestones: [expect.objectContaining({ title: "Interviews", status: "pending" })],
      }),
    ]);
    // A milestone in another engagement's phase is refused.
    const foreignPhase = await analyst.request(`/api/v1/admin/engagements/${id}/milestones`, {
      json: { phaseId: engagement.phaseId, title: "Sneaky" },
    });
    expect(foreignPhase.status).toBe(400);
  });
});

describe("the live stream", () => {
  it("pushes milestone changes, progress and visible updates in order; never internal ones", async () => {
    const stream = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, {
      cookie: await cookieOf(customer),
    });
    expect(stream.status).toBe(200);
    expect(stream.response.headers.get("content-type")).toContain("text/event-stream");
    try {
      const milestoneId = engagement.milestoneIds[1]!;
      const saved = await analyst.request(
        `/api/v1/admin/engagements/${engagement.id}/milestones/${milestoneId}`,
        {
          method: "PATCH",
          json: { status: "done" },
        },
      );
      expect(saved.status).toBe(200);
      await analyst.request(`/api/v1/admin/engagements/${engagement.id}/updates`, {
        json: { body: `internal again ${engagement.marker}`, internal: true },
      });
      await analyst.request(`/api/v1/admin/engagements/${engagement.id}/updates`, {
        json: { body: "Scoping done; testing starts Monday." },
      });
      const events = await stream.until((all) => all.some((event) => event.event === "update"));
      expect(events.map((event) => event.event)).toEqual(["milestone", "progress", "update"]);
      expect(JSON.parse(events[0]!.data)).toMatchObject({ id: milestoneId, status: "done" });
      expect(JSON.parse(events[1]!.data)).toEqual({ percentComplete: 100, done: 2, total: 2 });
      // Staff have no tenant, yet the client sees who wrote it.
      expect(JSON.parse(events[2]!.data)).toMatchObject({
        body: "Scoping done; testing starts Monday.",
        author: "Ana Lyst",
      });
      expect(Number(events[2]!.id)).toBeGreaterThan(Number(events[0]!.id));
      everything.push(...events.map((event) => event.data));
    } finally {
      await stream.close();
    }
  });

  it("replays what a reconnect with Last-Event-ID missed", async () => {
    const first = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, {
      cookie: await cookieOf(customer),
    });
    await analyst.request(`/api/v1/admin/engagements/${engagement.id}`, {
      method: "PATCH",
      json: { status: "on_hold" },
    });
    const [status] = await first.until((all) => all.length >= 1);
    await first.close();
    await analyst.request(`/api/v1/admin/engagements/${engagement.id}/updates`, {
      json: { body: "Missed while away." },
    });
    await analyst.request(`/api/v1/admin/engagements/${engagement.id}`, {
      method: "PATCH",
      json: { status: "active" },
    });
    const again = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, {
      cookie: await cookieOf(customer),
      "last-event-id": status!.id!,
    });
    try {
      const events = await again.until((all) => all.length >= 2);
      expect(
        events.map((event) => [event.event, JSON.parse(event.data).body ?? JSON.parse(event.data).status]),
      ).toEqual([
        ["update", "Missed while away."],
        ["status", "active"],
      ]);
      everything.push(...events.map((event) => event.data));
    } finally {
      await again.close();
    }
  });

  it("ends when the session is revoked", async () => {
    const viewer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
    const stream = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, {
      cookie: await cookieOf(viewer),
    });
    expect(stream.status).toBe(200);
    expect((await viewer.request("/auth/logout", { method: "POST" })).status).toBeLessThan(400);
    expect(await stream.waitForEnd(5_000)).toBe(true);
  });

  it("ends when the session expires", async () => {
    const user = await t.build.user(tenant, "customer_viewer");
    const sessions = createSessionService({
      config: t.config,
      keys: await SessionKeys.import(t.config.session.secrets),
      runScoped: createScopedRunner(t.database, TEST_APP_ROLE),
    });
    // A session of three seconds (a tenant's lifetime is hours; the rule is the same).
    const { token } = await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
      sessions.create(trx, {
        userId: user.id,
        clientTokenId: null,
        tenantId: tenant.id,
        workspaceIds: "all",
        role: "customer_viewer",
        authMethod: "sso",
        mfa: false,
        ip: null,
        userAgent: null,
        maxHours: 3 / 3600,
      }),
    );
    const stream = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, {
      cookie: `${sessionCookieName(t.config)}=${token}`,
    });
    expect(stream.status).toBe(200);
    expect(await stream.waitForEnd(8_000)).toBe(true);
  });

  it("limits streams per session with a clear 429", async () => {
    const viewer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
    const cookie = await cookieOf(viewer);
    const open = [];
    for (let index = 0; index < t.config.liveStreams.perSession; index++) {
      const stream = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, { cookie });
      expect(stream.status).toBe(200);
      open.push(stream);
    }
    const refused = await openEventStream(`${t.url}/api/engagements/${engagement.id}/events`, { cookie });
    expect(refused.status).toBe(429);
    expect(await refused.response.text()).toContain("live streams per session");
    for (const stream of open) await stream.close();
  });
});
