import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";

let t: TestApp;
let viewer: BrowserClient;
let admin: BrowserClient;
const tenants: Record<string, string> = {};

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);
const round1 = (value: number) => Math.round(value * 10) / 10;

/** The dashboard's figures for a tenant, computed here with plain SQL, independently of the service. */
async function expectedFigures(tenantId: string, now: Date) {
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return system(async (trx) => {
    const { rows } = await sql<{
      total: number;
      this_month: number;
      open: number;
      alerts: number;
      mttr: number | null;
      compliance: number | null;
    }>`select
        (select count(*)::int from reports where tenant_id = ${tenantId} and is_published) as total,
        (select count(*)::int from reports where tenant_id = ${tenantId} and is_published
           and coalesce(generated_at, created_at) >= ${monthStart}) as this_month,
        (select count(*)::int from incidents where tenant_id = ${tenantId} and status in ('open', 'acknowledged')) as open,
        (select coalesce(sum(count), 0)::int from alert_daily_counts where tenant_id = ${tenantId}
           and day >= ${monthStart.toISOString().slice(0, 10)}::date) as alerts,
        (select avg(extract(epoch from resolved_at - opened_at) / 3600)::float8 from incidents
           where tenant_id = ${tenantId} and resolved_at >= ${new Date(now.getTime() - 30 * 86_400_000)}) as mttr,
        (select avg(score)::float8 from compliance_frameworks where tenant_id = ${tenantId}) as compliance`.execute(
      trx,
    );
    const byType = await trx
      .selectFrom("reports")
      .select(["report_type", (eb) => eb.fn.countAll<number>().as("n")])
      .where("tenant_id", "=", tenantId)
      .groupBy("report_type")
      .execute();
    const frameworks = await trx
      .selectFrom("compliance_frameworks")
      .select(["name", "score"])
      .where("tenant_id", "=", tenantId)
      .execute();
    return { ...rows[0]!, byType, frameworks };
  });
}

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  for (const row of await system((trx) => trx.selectFrom("tenants").select(["id", "slug"]).execute()))
    tenants[row.slug] = row.id;
  viewer = new BrowserClient(t.url);
  await signInAs(viewer, "demo-northwind-viewer");
  admin = new BrowserClient(t.url);
  await signInAs(admin, "demo-staff-admin");
});

afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/reports/dashboard", () => {
  it("answers 401 without a session", async () => {
    const response = await new BrowserClient(t.url).request("/api/v1/reports/dashboard");
    expect(response.status).toBe(401);
  });

  it("returns exactly the Dashboard Data shape with figures computed from the tenant's data", async () => {
    const response = await viewer.request("/api/v1/reports/dashboard");
    expect(response.status).toBe(200);
    const body = response.json<Record<string, unknown>>();
    const expected = await expectedFigures(tenants.northwind!, new Date());

    expect(Object.keys(body).sort()).toEqual(
      [
        "auth_method",
        "compliance_summary",
        "mfa",
        "quick_stats",
        "recent_reports",
        "report_counts_by_type",
        "tenant_id",
        "tenant_name",
        "user_role",
      ].sort(),
    );
    expect(body).toMatchObject({
      tenant_id: tenants.northwind,
      tenant_name: "Northwind Health Systems",
      user_role: "customer_viewer",
      auth_method: "sso",
      mfa: false,
    });
    expect(body.quick_stats).toEqual({
      total_reports: expected.total,
      reports_this_month: expected.this_month,
      open_incidents: expected.open,
      alerts_this_month: expected.alerts,
      compliance_score: round1(expected.compliance!),
      mttr_hours: round1(expected.mttr!),
    });
    // The seed guarantees these are real figures, so the equalities above are not 0 = 0.
    expect(expected.total).toBeGreaterThan(20);
    expect(expected.open).toBeGreaterThan(0);
    expect(expected.alerts).toBeGreaterThan(0);
    expect(expected.mttr).toBeGreaterThan(0);

    const counts = body.report_counts_by_type as Record<string, number>;
    expect(Object.keys(counts).sort()).toEqual(
      [
        "assessment",
        "compliance_status",
        "detection_coverage",
        "executive_monthly",
        "sla_performance",
      ].sort(),
    );
    for (const row of expected.byType) expect(counts[row.report_type]).toBe(row.n);

    const summary = body.compliance_summary as Record<string, { score: number; status: string }>;
    expect(Object.keys(summary).sort()).toEqual(expected.frameworks.map((f) => f.name).sort());
    for (const framework of expected.frameworks) {
      const status =
        framework.score >= 90 ? "compliant" : framework.score >= 75 ? "at_risk" : "non_compliant";
      expect(summary[framework.name]).toEqual({ score: framework.score, status });
    }
    expect(new Set(Object.values(summary).map((s) => s.status))).toEqual(
      new Set(["compliant", "at_risk", "non_compliant"]),
    );
  });

  it("lists the newest five reports as Report Items with ISO 8601 UTC dates", async () => {
    const body = (await viewer.request("/api/v1/reports/dashboard")).json<{
      recent_reports: Record<string, unknown>[];
    }>();
    expect(body.recent_reports).toHaveLength(5);
    for (const item of body.recent_reports) {
      expect(Object.keys(item).sort()).toEqual(
        [
          "generated_at",
          "id",
          "period_end",
          "period_start",
          "report_type",
          "sha256",
          "size_bytes",
          "status",
          "title",
        ].sort(),
      );
      expect(item.period_start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(["completed", "generating", "failed"]).toContain(item.status);
    }
    const ends = body.recent_reports.map((item) => Date.parse(item.period_end as string));
    expect([...ends].sort((a, b) => b - a)).toEqual(ends);
    const newest = await system((trx) =>
      trx
        .selectFrom("reports")
        .select(sql<Date>`max(period_end)`.as("end"))
        .where("tenant_id", "=", tenants.northwind!)
        .executeTakeFirstOrThrow(),
    );
    expect(ends[0]).toBe(newest.end.getTime());
  });

  it("shows each tenant only its own figures", async () => {
    const contoso = new BrowserClient(t.url);
    await signInAs(contoso, "demo-contoso-approver");
    const body = (await contoso.request("/api/v1/reports/dashboard")).json<{
      tenant_id: string;
      quick_stats: { open_incidents: number };
    }>();
    const expected = await expectedFigures(tenants.contoso!, new Date());
    expect(body.tenant_id).toBe(tenants.contoso);
    expect(body.quick_stats.open_incidents).toBe(expected.open);
  });

  it("ignores a tenant named by a customer in the query", async () => {
    const body = (await viewer.request(`/api/v1/reports/dashboard?tenant=${tenants.contoso}`)).json<{
      tenant_id: string;
    }>();
    expect(body.tenant_id).toBe(tenants.northwind);
  });

  it("lets staff view a chosen tenant, asks them to choose one, and 404s an unknown one", async () => {
    expect((await admin.request("/api/v1/reports/dashboard")).status).toBe(400);
    const viewed = await admin.request(`/api/v1/reports/dashboard?tenant=${tenants.contoso}`);
    expect(viewed.status).toBe(200);
    expect(viewed.json()).toMatchObject({ tenant_id: tenants.contoso, user_role: "admin" });
    const unknown = await admin.request(
      "/api/v1/reports/dashboard?tenant=5b0f6a8e-1111-4c4c-9d9d-000000000000",
    );
    expect(unknown.status).toBe(404);
  });

  it("counts only the workspaces a member may see", async () => {
    // Priya keeps only the SOC workspace: the advisory workspaces' assessment reports drop out.
    const soc = await system(async (trx) => {
      const user = await trx
        .selectFrom("users")
        .select("id")
        .where("idp_subject", "=", "demo-northwind-viewer")
        .executeTakeFirstOrThrow();
      const workspace = await trx
        .selectFrom("workspaces")
        .select("id")
        .where("tenant_id", "=", tenants.northwind!)
        .where("kind", "=", "soc")
        .executeTakeFirstOrThrow();
      await trx
        .deleteFrom("workspace_memberships")
        .where("user_id", "=", user.id)
        .where("workspace_id", "<>", workspace.id)
        .execute();
      return workspace.id;
    });
    const client = new BrowserClient(t.url);
    await signInAs(client, "demo-northwind-viewer");
    const me = (await client.request("/api/v1/me")).json<{ workspace_ids: string[] }>();
    expect(me.workspace_ids).toEqual([soc]);
    const body = (await client.request("/api/v1/reports/dashboard")).json<{
      report_counts_by_type: Record<string, number>;
      quick_stats: { total_reports: number };
    }>();
    expect(body.report_counts_by_type.assessment).toBe(0);
    const socReports = await system((trx) =>
      trx
        .selectFrom("reports")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("workspace_id", "=", soc)
        .executeTakeFirstOrThrow(),
    );
    expect(body.quick_stats.total_reports).toBe(socReports.n);
  });
});
