import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantList } from "../../../contracts/tenants";
import type { BuiltTenant } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { BrowserClient } from "../../../test/helpers/http-client";

let t: TestApp;
let acme: BuiltTenant;
let globex: BuiltTenant;

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  acme = await t.build.tenant({ name: "Acme Regional Hospital" });
  globex = await t.build.tenant({ name: "Globex 100% Federal_Credit" });
});

afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/admin/tenants", () => {
  it("answers 401 without a session", async () => {
    const response = await new BrowserClient(t.url).request("/api/v1/admin/tenants");
    expect(response.status).toBe(401);
  });

  it.each(["customer_viewer", "customer_approver", "analyst"] as const)(
    "answers 403 to a %s, whose role lacks can_manage_settings",
    async (role) => {
      const caller = await t.build.signedIn(await t.build.user(role === "analyst" ? null : acme, role));
      const response = await caller.request("/api/v1/admin/tenants");
      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({
        error: "forbidden",
        message: expect.stringContaining("can_manage_settings"),
      });
      // The same session does open the pages its role allows: the 403 is the permission, not the session.
      expect((await caller.request("/api/v1/me")).status).toBe(200);
    },
  );

  it("lists every tenant to an admin, with its workspaces and users counted", async () => {
    const initech = await t.build.tenant({ name: "Initech Mutual" });
    await t.build.workspace(initech);
    await t.build.workspace(initech, { kind: "advisory" });
    await t.build.user(initech, "customer_approver");
    const admin = await t.build.signedIn(await t.build.user(null, "admin"));
    const response = await admin.request(`/api/v1/admin/tenants?q=${encodeURIComponent("initech mutual")}`);
    expect(response.status).toBe(200);
    const body = response.json<TenantList>();
    expect(body.total).toBe(1);
    expect(body.items).toEqual([
      expect.objectContaining({
        id: initech.id,
        slug: initech.slug,
        name: initech.name,
        workspaces: 2,
        users: 1,
      }),
    ]);
  });

  it("searches names and slugs, taking LIKE wildcards literally, and pages", async () => {
    const admin = await t.build.signedIn(await t.build.user(null, "admin"));
    const literal = (
      await admin.request(`/api/v1/admin/tenants?q=${encodeURIComponent("100% Federal_")}`)
    ).json<TenantList>();
    expect(literal.items.map((item) => item.id)).toEqual([globex.id]);
    const bySlug = (await admin.request(`/api/v1/admin/tenants?q=${acme.slug}`)).json<TenantList>();
    expect(bySlug.items.map((item) => item.id)).toEqual([acme.id]);
    const wildcard = (
      await admin.request(`/api/v1/admin/tenants?q=${encodeURIComponent("%")}`)
    ).json<TenantList>();
    expect(wildcard.items.map((item) => item.id)).toEqual([globex.id]);

    const all = (await admin.request("/api/v1/admin/tenants?pageSize=100")).json<TenantList>();
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = (await admin.request("/api/v1/admin/tenants?pageSize=1&page=1")).json<TenantList>();
    const second = (await admin.request("/api/v1/admin/tenants?pageSize=1&page=2")).json<TenantList>();
    expect([first.items[0]?.id, second.items[0]?.id]).toEqual(all.items.slice(0, 2).map((item) => item.id));
  });
});
