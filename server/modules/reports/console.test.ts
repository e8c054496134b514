/**
 * The console's reports: staff who generate reports list every tenant's, generate one now (rendered by its job),
 * render one again (a retry for a failed one), and publish or withdraw it. A customer never sees an unpublished
 * report: not in the list, the details, the PDF or the dashboard's figures.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessLog } from "../../../contracts/audit";
import type { DashboardResponse } from "../../../contracts/dashboard";
import type { AdminReportItem, AdminReportList } from "../../../contracts/report-console";
import type { ReportList } from "../../../contracts/reports";
import type { BuiltTenant, BuiltUser, BuiltWorkspace } from "../../../test/factories";
import { unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import type { BrowserClient } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";
import { GENERATE_REPORT_QUEUE } from "./report-generation";

let t: TestApp;
let tenant: BuiltTenant;
let workspace: BuiltWorkspace;
let otherWorkspace: BuiltWorkspace;
let analystUser: BuiltUser;
let analyst: BrowserClient;
let admin: BrowserClient;
let viewer: BrowserClient;
let approver: BrowserClient;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

const period = { periodStart: "2026-10-01", periodEnd: "2026-11-01" };

async function storedReport(id: string) {
  return system((trx) =>
    trx
      .selectFrom("reports")
      .select(["status", "is_published", "pdf", "sha256", "size_bytes", "error", "attempts", "requested_by"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow(),
  );
}

async function reportCount() {
  const row = await system((trx) =>
    trx
      .selectFrom("reports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}

/** The report's generation jobs queued so far (workers are off in tests: the job is then run by hand). */
async function queuedJobs(id: string): Promise<number> {
  const { rows } = await t.database.owner.pool.query(
    "select count(*)::int as n from pgboss.job where name = $1 and data->>'reportId' = $2",
    [GENERATE_REPORT_QUEUE, id],
  );
  return rows[0].n;
}

async function generate(client: BrowserClient, body: Record<string, unknown>) {
  return client.request("/api/v1/admin/reports", { json: { workspaceId: workspace.id, ...body } });
}

/** What the job's handler does, run now: renders the report from its snapshot and stores the PDF. */
async function runJob(id: string) {
  expect(await t.app.reportGeneration.generate(id)).toBe("completed");
}

/** Whether `POST /api/v1/verify` says the portal issued a document with this SHA-256. */
async function verifies(sha256: string | null): Promise<boolean> {
  const response = await fetch(`${t.url}/api/v1/verify`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sha256 }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { issued: boolean }).issued;
}

/** A download's status, ETag and bytes, with the client's session cookie. */
async function download(client: BrowserClient, path: string) {
  const response = await fetch(`${t.url}${path}`, {
    headers: { cookie: await client.jar.getCookieString(t.url) },
  });
  return {
    status: response.status,
    etag: response.headers.get("etag"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

const post = (client: BrowserClient, path: string) => client.request(path, { method: "POST" });

async function customerSees(id: string): Promise<boolean> {
  const list = (await viewer.request("/api/v1/reports?pageSize=100")).json<ReportList>();
  const listed = list.items.some((item) => item.id === id);
  const detail = (await viewer.request(`/api/v1/reports/${id}`)).status;
  const pdf = (await viewer.request(`/api/v1/reports/${id}/pdf`)).status;
  // All three agree: a report is visible whole or not at all.
  expect([listed, detail === 200, pdf === 200 || pdf === 409]).toEqual([listed, listed, listed]);
  if (!listed) expect([detail, pdf]).toEqual([404, 404]);
  return listed;
}

async function dashboardReports(): Promise<number> {
  return (await viewer.request("/api/v1/reports/dashboard")).json<DashboardResponse>().quick_stats
    .total_reports;
}

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  tenant = await t.build.tenant({ name: "Harbor Bank" });
  workspace = await t.build.workspace(tenant, { kind: "soc", name: "Managed SOC" });
  otherWorkspace = await t.build.workspace(await t.build.tenant({ name: "Other Corp" }));
  analystUser = await t.build.user(null, "analyst", { name: "Dana Analyst" });
  analyst = await t.build.signedIn(analystUser, t.url);
  admin = await t.build.signedIn(await t.build.user(null, "admin"), t.url);
  viewer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
  approver = await t.build.signedIn(await t.build.user(tenant, "customer_approver"), t.url);
});

afterAll(async () => {
  await t?.close();
});

describe("generating a report in the console", () => {
  it("creates it unpublished as generating, queues its job, and the job stores the PDF and its SHA-256", async () => {
    const dashboardBefore = await dashboardReports();
    await t.build.incident(workspace, { openedAt: new Date(Date.UTC(2026, 9, 12)) });
    const response = await generate(analyst, { reportType: "sla_performance", ...period });
    expect(response.status, response.text).toBe(201);
    const report = response.json<AdminReportItem>();
    expect(report).toMatchObject({
      title: "SLA Performance Report — October 2026",
      reportType: "sla_performance",
      tenant: { id: tenant.id, name: "Harbor Bank" },
      workspace: { id: workspace.id, name: "Managed SOC" },
      periodStart: "2026-10-01T00:00:00.000Z",
      periodEnd: "2026-11-01T00:00:00.000Z",
      status: "generating",
      published: false,
      error: null,
      sha256: null,
      requestedBy: { id: analystUser.id, name: "Dana Analyst" },
    });
    // Queued after the row was committed: a worker on any instance can find it at once.
    expect(await queuedJobs(report.id)).toBe(1);

    await runJob(report.id);
    const stored = await storedReport(report.id);
    expect(stored.status).toBe("completed");
    expect(stored.pdf!.subarray(0, 5).toString()).toBe("%PDF-");
    expect(stored.size_bytes).toBe(stored.pdf!.length);
    expect(stored.sha256).toBe(createHash("sha256").update(stored.pdf!).digest("hex"));
    expect(stored.requested_by).toBe(analystUser.id);

    // The customer sees none of it: list, details, PDF, dashboard.
    expect(await customerSees(report.id)).toBe(false);
    expect(await dashboardReports()).toBe(dashboardBefore);

    // Staff check it before publishing: the console serves them the exact stored bytes.
    const pdf = await download(analyst, `/api/v1/admin/reports/${report.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.etag).toBe(`"${stored.sha256}"`);
    expect(createHash("sha256").update(pdf.bytes).digest("hex")).toBe(stored.sha256);
    // An unpublished report is not the customer's yet: its generation and download stay out of their access log.
    const log = (await viewer.request("/api/v1/access-log?limit=200")).json<AccessLog>();
    expect(log.items.length).toBeGreaterThan(0);
    const staffEvents = log.items.filter((item) => item.actor.is_provider_staff);
    expect(staffEvents.map((item) => item.description)).toEqual([]);
  });

  it("lists every tenant's reports newest first, with filters", async () => {
    const mine = (
      await generate(analyst, { reportType: "compliance_status", ...period })
    ).json<AdminReportItem>();
    const theirs = (
      await analyst.request("/api/v1/admin/reports", {
        json: { workspaceId: otherWorkspace.id, reportType: "detection_coverage", ...period, publish: true },
      })
    ).json<AdminReportItem>();
    const all = await analyst.request("/api/v1/admin/reports");
    expect(all.status).toBe(200);
    const ids = all.json<AdminReportList>().items.map((item) => item.id);
    expect(ids.indexOf(theirs.id)).toBeLessThan(ids.indexOf(mine.id));
    expect(all.text).not.toContain("%PDF");

    const only = async (query: string) =>
      (await admin.request(`/api/v1/admin/reports?${query}`))
        .json<AdminReportList>()
        .items.map((item) => item.id);
    expect(await only(`tenant=${tenant.id}`)).toContain(mine.id);
    expect(await only(`tenant=${tenant.id}`)).not.toContain(theirs.id);
    expect(await only(`workspace=${otherWorkspace.id}`)).toEqual([theirs.id]);
    expect(await only(`tenant=${otherWorkspace.tenantId}&published=true`)).toEqual([theirs.id]);
    expect(await only(`tenant=${otherWorkspace.tenantId}&published=false`)).toEqual([]);
    expect(await only(`tenant=${tenant.id}&status=generating`)).toContain(mine.id);
    expect(await only(`tenant=${tenant.id}&status=failed`)).not.toContain(mine.id);
    expect((await admin.request("/api/v1/admin/reports?status=done")).status).toBe(400);
    // Filtering the provider's list by a customer is not a visit to that customer: it stays out of their trail.
    const filtered = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["tenant_id"])
        .where("action", "=", "admin.report_list")
        .where("outcome", "=", "allowed")
        .execute(),
    );
    expect(filtered.length).toBeGreaterThanOrEqual(8);
    expect(filtered.filter((event) => event.tenant_id !== null)).toEqual([]);
  });

  it("names a title and an assessment's engagement, and publishes at once when asked", async () => {
    const engagement = await t.build.engagement(workspace);
    const response = await generate(analyst, {
      reportType: "assessment",
      engagementId: engagement.id,
      periodStart: "2026-11-01",
      periodEnd: "2026-11-15",
      title: "  Perimeter assessment  ",
      publish: true,
    });
    expect(response.status, response.text).toBe(201);
    const report = response.json<AdminReportItem>();
    expect(report).toMatchObject({
      title: "Perimeter assessment",
      engagementId: engagement.id,
      published: true,
    });
    await runJob(report.id);
    expect(await customerSees(report.id)).toBe(true);
    // Published from the start, it is the customer's: its generation is in their trail.
    const generated = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["tenant_id", "workspace_id"])
        .where("action", "=", "admin.report_generate")
        .where("outcome", "=", "allowed")
        .where("http_status", "=", 201)
        .orderBy("seq", "desc")
        .limit(1)
        .execute(),
    );
    expect(generated).toEqual([{ tenant_id: tenant.id, workspace_id: workspace.id }]);

    const untitled = await generate(analyst, {
      reportType: "executive_monthly",
      periodStart: "2026-01-01",
      periodEnd: "2026-01-15",
    });
    expect(untitled.json<AdminReportItem>().title).toBe(
      "Executive Monthly Report — 1 Jan 2026 – 14 Jan 2026",
    );
  });

  it("refuses bad input with a 400 and changes nothing", async () => {
    const before = await reportCount();
    const refused = [
      { reportType: "sla_performance", periodStart: "2026-10-01", periodEnd: "2026-09-01" },
      { reportType: "sla_performance", periodStart: "2026-10-01", periodEnd: "2026-10-01" },
      { reportType: "weekly_digest", ...period },
      { reportType: "sla_performance", periodStart: "2025-01-01", periodEnd: "2026-01-03" },
      { reportType: "sla_performance", periodStart: "2026-02-30", periodEnd: "2026-03-05" },
      { reportType: "sla_performance", periodStart: "2026-10", periodEnd: "2026-11-01" },
      { reportType: "sla_performance", periodStart: "2999-01-01", periodEnd: "2999-02-01" },
      { reportType: "assessment", ...period },
      { reportType: "sla_performance", engagementId: unknownId(), ...period },
      { reportType: "sla_performance", ...period, title: "" },
      { reportType: "sla_performance", ...period, title: "x".repeat(301) },
    ];
    for (const body of refused) {
      const response = await generate(analyst, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const longest = await generate(analyst, {
      reportType: "sla_performance",
      periodStart: "2024-01-01",
      periodEnd: "2025-01-01",
    });
    expect(longest.status, "a leap year is one year").toBe(201);
    expect(await reportCount()).toBe(before + 1);
  });

  it("answers 404 for an unknown workspace or an engagement of another workspace", async () => {
    const before = await reportCount();
    expect(
      (await generate(analyst, { reportType: "sla_performance", ...period, workspaceId: unknownId() }))
        .status,
    ).toBe(404);
    const elsewhere = await t.build.engagement(otherWorkspace);
    expect(
      (await generate(analyst, { reportType: "assessment", engagementId: elsewhere.id, ...period })).status,
    ).toBe(404);
    expect(await reportCount()).toBe(before);
  });

  it("answers 409 for an archived workspace and creates nothing", async () => {
    const archived = await t.build.workspace(await t.build.tenant(), { kind: "soc" });
    await system((trx) =>
      trx.updateTable("workspaces").set({ archived_at: new Date() }).where("id", "=", archived.id).execute(),
    );
    const before = await reportCount();
    const refused = await generate(analyst, {
      reportType: "sla_performance",
      ...period,
      workspaceId: archived.id,
    });
    expect(refused.status).toBe(409);
    expect(refused.json<{ message: string }>().message).toContain("archived");
    expect(await reportCount()).toBe(before);
  });
});

describe("publishing", () => {
  it("shows a published report to its customer and withdraws it again; the access log says so", async () => {
    const report = (
      await generate(analyst, { reportType: "executive_monthly", ...period, title: "Board summary" })
    ).json<AdminReportItem>();
    // Not before it is ready.
    const early = await post(analyst, `/api/v1/admin/reports/${report.id}/publish`);
    expect(early.status).toBe(409);
    expect((await storedReport(report.id)).is_published).toBe(false);
    await runJob(report.id);
    const before = await dashboardReports();

    const published = await post(analyst, `/api/v1/admin/reports/${report.id}/publish`);
    expect(published.status, published.text).toBe(200);
    expect(published.json<AdminReportItem>().published).toBe(true);
    expect(await customerSees(report.id)).toBe(true);
    await expect.poll(dashboardReports, { timeout: 10_000 }).toBe(before + 1);
    expect((await download(analyst, `/api/v1/admin/reports/${report.id}/pdf`)).status).toBe(200);
    const describedWhilePublished = async () =>
      (await viewer.request("/api/v1/access-log?limit=200"))
        .json<AccessLog>()
        .items.map((item) => item.description);
    expect(await describedWhilePublished()).toContain("Published the report “Board summary”");

    const withdrawn = await post(analyst, `/api/v1/admin/reports/${report.id}/unpublish`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json<AdminReportItem>().published).toBe(false);
    expect(await customerSees(report.id)).toBe(false);
    await expect.poll(dashboardReports, { timeout: 10_000 }).toBe(before);

    const log = (await viewer.request("/api/v1/access-log?limit=200")).json<AccessLog>();
    const descriptions = log.items.map((item) => item.description);
    // Withdrawn, the report's title is the provider's again: the log names the actions only.
    expect(descriptions).toContain("Published a report");
    expect(descriptions).toContain("Withdrew a report");
    expect(descriptions).toContain("Downloaded a report");
    expect(JSON.stringify(log)).not.toContain("Board summary");
    const events = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["action", "outcome", "tenant_id", "workspace_id", "resource_type", "actor_role"])
        .where("resource_id", "=", report.id)
        .where("action", "in", ["admin.report_publish", "admin.report_unpublish"])
        .orderBy("seq")
        .execute(),
    );
    const customerEvent = { tenant_id: tenant.id, workspace_id: workspace.id, resource_type: "report" };
    expect(events).toEqual([
      // The refused attempt changed nothing of the customer's: it stays in the provider's trail.
      expect.objectContaining({ action: "admin.report_publish", outcome: "rejected", tenant_id: null }),
      expect.objectContaining({ action: "admin.report_publish", outcome: "allowed", ...customerEvent }),
      expect.objectContaining({ action: "admin.report_unpublish", outcome: "allowed", ...customerEvent }),
    ]);
  });

  it("refuses to publish a failed report", async () => {
    const failed = await t.build.report(workspace, {
      status: "failed",
      published: false,
      periodStart: new Date(Date.UTC(2025, 0, 1)),
    });
    expect((await post(analyst, `/api/v1/admin/reports/${failed.id}/publish`)).status).toBe(409);
    expect((await storedReport(failed.id)).is_published).toBe(false);
  });
});

describe("generating again", () => {
  it("renders a completed report again from fresh data: a new PDF, and the old SHA-256 no longer verifies", async () => {
    const report = (
      await generate(analyst, { reportType: "sla_performance", ...period, publish: true })
    ).json<AdminReportItem>();
    await runJob(report.id);
    const first = await storedReport(report.id);
    expect(await verifies(first.sha256)).toBe(true);
    await t.build.incident(workspace, { openedAt: new Date(Date.UTC(2026, 9, 20)) });

    const again = await post(analyst, `/api/v1/admin/reports/${report.id}/regenerate`);
    expect(again.status, again.text).toBe(200);
    expect(again.json<AdminReportItem>()).toMatchObject({
      status: "generating",
      sha256: null,
      published: true,
    });
    expect(await queuedJobs(report.id)).toBe(2);
    // While it is made, the customer still sees it listed but has nothing to download.
    expect((await viewer.request(`/api/v1/reports/${report.id}/pdf`)).status).toBe(409);
    expect((await download(analyst, `/api/v1/admin/reports/${report.id}/pdf`)).status).toBe(409);
    expect((await post(analyst, `/api/v1/admin/reports/${report.id}/regenerate`)).status).toBe(409);
    expect(await verifies(first.sha256)).toBe(false);

    await runJob(report.id);
    const second = await storedReport(report.id);
    expect(second.status).toBe("completed");
    expect(second.sha256).not.toBe(first.sha256);
    expect(second.sha256).toBe(createHash("sha256").update(second.pdf!).digest("hex"));
    expect(await verifies(first.sha256)).toBe(false);
    expect(await verifies(second.sha256)).toBe(true);
  });

  it("retries a failed report: its error is cleared and it completes", async () => {
    const failed = await t.build.report(workspace, {
      status: "failed",
      type: "detection_coverage",
      published: false,
    });
    await system((trx) =>
      trx
        .updateTable("reports")
        .set({ error: "renderer crashed", attempts: 5 })
        .where("id", "=", failed.id)
        .execute(),
    );
    const listed = (
      await analyst.request(`/api/v1/admin/reports?tenant=${tenant.id}&status=failed`)
    ).json<AdminReportList>();
    expect(listed.items.find((item) => item.id === failed.id)).toMatchObject({
      error: "renderer crashed",
      attempts: 5,
    });

    const retried = await post(analyst, `/api/v1/admin/reports/${failed.id}/regenerate`);
    expect(retried.status).toBe(200);
    expect(retried.json<AdminReportItem>()).toMatchObject({ status: "generating", error: null, attempts: 0 });
    await runJob(failed.id);
    expect(await storedReport(failed.id)).toMatchObject({ status: "completed", error: null, attempts: 1 });
    const event = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["action", "tenant_id", "actor_role", "outcome"])
        .where("resource_id", "=", failed.id)
        .where("action", "=", "admin.report_regenerate")
        .executeTakeFirstOrThrow(),
    );
    // An unpublished report is the provider's own: the event stays out of the customer's trail.
    expect(event).toMatchObject({ tenant_id: null, actor_role: "analyst", outcome: "allowed" });
  });
});

describe("who may use it", () => {
  const routes = (id: string) => [
    { method: "GET", path: "/api/v1/admin/reports" },
    { method: "POST", path: "/api/v1/admin/reports" },
    { method: "GET", path: `/api/v1/admin/reports/${id}/pdf` },
    { method: "POST", path: `/api/v1/admin/reports/${id}/regenerate` },
    { method: "POST", path: `/api/v1/admin/reports/${id}/publish` },
    { method: "POST", path: `/api/v1/admin/reports/${id}/unpublish` },
  ];

  it("answers 401 without a session and 403 to both customer roles, changing nothing", async () => {
    const report = await t.build.report(workspace, {
      published: false,
      periodStart: new Date(Date.UTC(2025, 1, 1)),
    });
    const before = await reportCount();
    for (const { method, path } of routes(report.id)) {
      const body =
        method === "POST"
          ? { workspaceId: workspace.id, reportType: "sla_performance", ...period }
          : undefined;
      const anonymous = await fetch(`${t.url}${path}`, {
        method,
        headers: { origin: t.url, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(anonymous.status, path).toBe(401);
      for (const customer of [viewer, approver]) {
        const response = await customer.request(path, { method, ...(body ? { json: body } : {}) });
        expect(response.status, path).toBe(403);
      }
    }
    expect(await reportCount()).toBe(before);
    expect((await storedReport(report.id)).is_published).toBe(false);
  });

  it("answers 404 for an unknown or malformed report id", async () => {
    for (const id of [unknownId(), "not-a-uuid"]) {
      for (const { method, path } of routes(id).slice(2)) {
        expect((await admin.request(path, { method })).status, path).toBe(404);
      }
    }
  });
});
