/**
 * The dashboard's figures are kept in memory per instance only while they are exact: a write that changes a figure
 * reaches the next request on every instance (database triggers announce it; each instance drops that tenant's
 * figures). Two instances of the app run on one database here, each with its own connections and listener.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { isPostgresRun } from "../../../test/helpers/database";
import type { BrowserClient } from "../../../test/helpers/http-client";
import { buildApp } from "../../app";
import { type Database, openDatabase } from "../../db/connection";
import { withScope } from "../../db/scope";

let t: TestApp;
let second: FastifyInstance;
let secondDatabase: Database | undefined;

beforeAll(async () => {
  t = await createTestApp();
  // PostgreSQL: a second instance with connections of its own. PGlite has one session, which both share.
  secondDatabase = isPostgresRun
    ? await openDatabase({
        kind: "postgres",
        url: t.database.url!,
        ownerUrl: t.database.ownerUrl!,
        poolSize: 2,
      })
    : undefined;
  second = await buildApp({ config: t.config, database: secondDatabase ?? t.database });
  await second.ready();
});

afterAll(async () => {
  await second?.close();
  await secondDatabase?.close();
  await t?.close();
});

async function dashboard(app: FastifyInstance, browser: BrowserClient): Promise<DashboardResponse> {
  const response = await app.inject({
    url: "/api/v1/reports/dashboard",
    headers: { cookie: await browser.jar.getCookieString(t.url) },
  });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** Announcements travel through the database to every listener: give them a moment, as a browser would. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe("the dashboard's figures", () => {
  it("change on every instance at the next request after a write changes them", async () => {
    const tenant = await t.build.tenant();
    const workspace = await t.build.workspace(tenant);
    const viewer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"));
    await t.build.incident(workspace);
    await t.build.report(workspace);

    // Both instances now hold the figures in memory.
    for (const app of [t.app, second]) {
      const before = await dashboard(app, viewer);
      expect(before.quick_stats).toMatchObject({ open_incidents: 1, total_reports: 1 });
      expect(await dashboard(app, viewer)).toEqual(before);
    }

    await t.build.incident(workspace);
    await t.build.incident(workspace, { status: "resolved" });
    await t.build.report(workspace, { type: "sla_performance" });
    await settle();
    for (const app of [t.app, second]) {
      const after = await dashboard(app, viewer);
      expect(after.quick_stats).toMatchObject({ open_incidents: 2, total_reports: 2 });
      expect(after.report_counts_by_type).toMatchObject({ executive_monthly: 1, sla_performance: 1 });
    }

    // A report taken back (unpublished) and a renamed tenant: changes of existing rows count as much as new ones.
    await withScope(t.database, t.config.appRole, { kind: "system" }, async (trx) => {
      await trx
        .updateTable("reports")
        .set({ is_published: false })
        .where("tenant_id", "=", tenant.id)
        .execute();
      await trx.updateTable("tenants").set({ name: "Renamed Mutual" }).where("id", "=", tenant.id).execute();
    });
    await settle();
    for (const app of [t.app, second]) {
      const after = await dashboard(app, viewer);
      expect(after.quick_stats.total_reports).toBe(0);
      expect(after.tenant_name).toBe("Renamed Mutual");
    }
  });

  it("keep each tenant's own figures: a write for one tenant leaves another's as they are", async () => {
    const [a, b] = [await t.build.tenant(), await t.build.tenant()];
    const [workspaceA, workspaceB] = [await t.build.workspace(a), await t.build.workspace(b)];
    const [viewerA, viewerB] = [
      await t.build.signedIn(await t.build.user(a, "customer_viewer")),
      await t.build.signedIn(await t.build.user(b, "customer_viewer")),
    ];
    await t.build.incident(workspaceA);
    expect((await dashboard(t.app, viewerA)).quick_stats.open_incidents).toBe(1);
    expect((await dashboard(t.app, viewerB)).quick_stats.open_incidents).toBe(0);
    await t.build.incident(workspaceB);
    await settle();
    expect((await dashboard(t.app, viewerA)).quick_stats.open_incidents).toBe(1);
    expect((await dashboard(t.app, viewerB)).quick_stats.open_incidents).toBe(1);
  });
});
