/**
 * The console's tenants and workspaces: admins only (401 without a session, 403 to analysts and customers, 404
 * for an unknown id), settings validated before anything is written (slug, domains, directories, lifetime),
 * unique slugs and directories (409), workspaces created, renamed, archived (left out of pickers, no new access
 * links) and their kind locked once they hold history; every change recorded, in the customer's own trail too.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkspaceOptions } from "../../../contracts/access-links";
import type { AccessLog } from "../../../contracts/audit";
import type { TenantDetail, TenantList, WorkspaceItem } from "../../../contracts/tenants";
import { type BuiltTenant, unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";

let t: TestApp;
let acme: BuiltTenant;
let globex: BuiltTenant;
let admin: BrowserClient;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

const newSlug = () => `n-${randomBytes(4).toString("hex")}`;

/** The tenant's row as stored, to prove a refused request changed nothing. */
const storedTenant = (id: string) =>
  system((trx) => trx.selectFrom("tenants").selectAll().where("id", "=", id).executeTakeFirstOrThrow());

const tenantCount = () =>
  system(async (trx) => (await trx.selectFrom("tenants").select("id").execute()).length);

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  acme = await t.build.tenant({ name: "Acme Regional Hospital" });
  globex = await t.build.tenant({ name: "Globex 100% Federal_Credit" });
  admin = await t.build.signedIn(await t.build.user(null, "admin"), t.url);
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

describe("who may manage tenants and workspaces", () => {
  /** Every route added for the console, with a body that would succeed for an admin. */
  const routes = () => {
    const workspaceId = unknownId();
    return [
      { method: "POST", path: "/api/v1/admin/tenants", json: { name: "X", slug: newSlug() } },
      { method: "GET", path: `/api/v1/admin/tenants/${acme.id}` },
      { method: "PATCH", path: `/api/v1/admin/tenants/${acme.id}`, json: { name: "Renamed" } },
      {
        method: "POST",
        path: `/api/v1/admin/tenants/${acme.id}/workspaces`,
        json: { name: "SOC", kind: "soc" },
      },
      { method: "PATCH", path: `/api/v1/admin/workspaces/${workspaceId}`, json: { archived: true } },
    ];
  };

  it("answers 401 without a session on every route", async () => {
    const anonymous = new BrowserClient(t.url);
    for (const route of routes()) {
      const response = await anonymous.request(route.path, { method: route.method, json: route.json });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  it.each(["customer_viewer", "customer_approver", "analyst"] as const)(
    "answers 403 to a %s on every route, and changes nothing",
    async (role) => {
      const caller = await t.build.signedIn(
        await t.build.user(role === "analyst" ? null : acme, role),
        t.url,
      );
      const before = await storedTenant(acme.id);
      const tenants = await tenantCount();
      for (const route of routes()) {
        const response = await caller.request(route.path, { method: route.method, json: route.json });
        expect(response.status, `${route.method} ${route.path}`).toBe(403);
      }
      expect(await storedTenant(acme.id)).toEqual(before);
      expect(await tenantCount()).toBe(tenants);
    },
  );

  it("answers 404 for an unknown or malformed tenant or workspace id", async () => {
    for (const id of [unknownId(), "not-a-uuid"]) {
      expect((await admin.request(`/api/v1/admin/tenants/${id}`)).status).toBe(404);
      expect(
        (await admin.request(`/api/v1/admin/tenants/${id}`, { method: "PATCH", json: { name: "X" } })).status,
      ).toBe(404);
      expect(
        (
          await admin.request(`/api/v1/admin/tenants/${id}/workspaces`, {
            json: { name: "SOC", kind: "soc" },
          })
        ).status,
      ).toBe(404);
      expect(
        (await admin.request(`/api/v1/admin/workspaces/${id}`, { method: "PATCH", json: { name: "X" } }))
          .status,
      ).toBe(404);
    }
  });
});

describe("creating and editing a tenant", () => {
  it("creates a tenant with its settings, normalised, and records it in the new tenant's trail", async () => {
    const slug = newSlug();
    const directory = "6F1C2B7E-8A44-4C1E-9D0B-2F5A7C3E1D90".replace("6F1C", randomBytes(2).toString("hex"));
    const response = await admin.request("/api/v1/admin/tenants", {
      json: {
        name: "  Harbor Credit Union ",
        slug,
        entra_tenant_ids: [directory, directory.toLowerCase()],
        require_mfa: true,
        allowed_email_domains: ["harbor.example", "harbor.example", "mail.harbor.example"],
        session_max_hours: 8,
      },
    });
    expect(response.status, response.text).toBe(201);
    const created = response.json<TenantDetail>();
    expect(created).toMatchObject({
      name: "Harbor Credit Union",
      slug,
      entra_tenant_ids: [directory.toLowerCase()],
      require_mfa: true,
      allowed_email_domains: ["harbor.example", "mail.harbor.example"],
      session_max_hours: 8,
      users: 0,
      workspaces: [],
    });
    const shown = await admin.request(`/api/v1/admin/tenants/${created.id}`);
    expect(shown.status).toBe(200);
    expect(shown.json<TenantDetail>()).toEqual(created);

    const event = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["action", "tenant_id", "actor_role", "outcome"])
        .where("action", "=", "admin.tenant_create")
        .where("tenant_id", "=", created.id)
        .executeTakeFirst(),
    );
    expect(event).toEqual({
      action: "admin.tenant_create",
      tenant_id: created.id,
      actor_role: "admin",
      outcome: "allowed",
    });
  });

  it("uses the defaults for what a new tenant leaves out", async () => {
    const response = await admin.request("/api/v1/admin/tenants", {
      json: { name: "Bare", slug: newSlug() },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.json<TenantDetail>()).toMatchObject({
      entra_tenant_ids: [],
      require_mfa: false,
      allowed_email_domains: [],
      session_max_hours: 12,
    });
  });

  it.each([
    ["a slug with capitals", { slug: "Acme" }],
    ["a slug starting with a hyphen", { slug: "-acme" }],
    ["a one-character slug", { slug: "a" }],
    ["a blank name", { name: "   " }],
    ["a domain with capitals", { allowed_email_domains: ["Acme.example"] }],
    ["a domain without a dot", { allowed_email_domains: ["localhost"] }],
    ["an address instead of a domain", { allowed_email_domains: ["it@acme.example"] }],
    ["a directory id that is not a GUID", { entra_tenant_ids: ["acme.onmicrosoft.com"] }],
    ["a session lifetime of 0 hours", { session_max_hours: 0 }],
    ["a session lifetime of 169 hours", { session_max_hours: 169 }],
  ])("refuses %s with 400 and creates nothing", async (_, change) => {
    const tenants = await tenantCount();
    const response = await admin.request("/api/v1/admin/tenants", {
      json: { name: "Refused", slug: newSlug(), ...change },
    });
    expect(response.status, response.text).toBe(400);
    expect(response.json()).toMatchObject({ error: "bad_request", message: expect.stringMatching(/\S/) });
    expect(await tenantCount()).toBe(tenants);
  });

  it("refuses a slug or a directory another tenant has with 409, and creates nothing", async () => {
    const directory = crypto.randomUUID();
    const first = await admin.request("/api/v1/admin/tenants", {
      json: { name: "First", slug: newSlug(), entra_tenant_ids: [directory] },
    });
    expect(first.status).toBe(201);
    const tenants = await tenantCount();
    const sameSlug = await admin.request("/api/v1/admin/tenants", {
      json: { name: "Second", slug: acme.slug },
    });
    expect(sameSlug.status).toBe(409);
    expect(sameSlug.json()).toMatchObject({ error: "conflict", message: expect.stringContaining(acme.slug) });
    // The directory in other letters is the same directory: sign-in would not know which tenant to open.
    const sameDirectory = await admin.request("/api/v1/admin/tenants", {
      json: { name: "Second", slug: newSlug(), entra_tenant_ids: [directory.toUpperCase()] },
    });
    expect(sameDirectory.status).toBe(409);
    expect(sameDirectory.json()).toMatchObject({
      error: "conflict",
      message: expect.stringContaining("First"),
    });
    expect(await tenantCount()).toBe(tenants);
  });

  it("edits only the fields sent, and refuses bad or conflicting ones without changing anything", async () => {
    const tenant = await t.build.tenant();
    const patch = (json: unknown) =>
      admin.request(`/api/v1/admin/tenants/${tenant.id}`, { method: "PATCH", json });
    const edited = await patch({
      require_mfa: true,
      session_max_hours: 24,
      allowed_email_domains: ["x.example"],
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json<TenantDetail>()).toMatchObject({
      name: tenant.name,
      slug: tenant.slug,
      require_mfa: true,
      session_max_hours: 24,
      allowed_email_domains: ["x.example"],
    });
    const before = await storedTenant(tenant.id);
    for (const bad of [
      {},
      { slug: "Bad Slug" },
      { session_max_hours: 0 },
      { session_max_hours: 169 },
      { allowed_email_domains: ["not a domain"] },
      { name: "" },
    ]) {
      const response = await patch(bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    const taken = await patch({ name: "Changed too", slug: acme.slug });
    expect(taken.status).toBe(409);
    expect(await storedTenant(tenant.id)).toEqual(before);
    // Its own slug is not a conflict.
    expect((await patch({ slug: tenant.slug })).status).toBe(200);
  });

  it("applies a stricter sign-in rule at once: requiring MFA or removing a directory ends open sessions", async () => {
    const directory = "2b1f0c3e-5d7a-4e9b-8c6d-1a2b3c4d5e6f";
    const tenant = await t.build.tenant();
    const other = await t.build.tenant();
    const patch = (json: unknown) =>
      admin.request(`/api/v1/admin/tenants/${tenant.id}`, { method: "PATCH", json });
    const signIn = async (of: BuiltTenant) =>
      t.build.signedIn(await t.build.user(of, "customer_viewer"), t.url);
    const [customer, elsewhere] = await Promise.all([signIn(tenant), signIn(other)]);

    // A new lifetime, a name or a directory added end nothing.
    expect(
      (await patch({ name: "Renamed", session_max_hours: 2, entra_tenant_ids: [directory] })).status,
    ).toBe(200);
    expect((await customer.request("/api/v1/me")).status).toBe(200);

    // MFA now required: the session opened without MFA ends; another tenant's stays.
    expect((await patch({ require_mfa: true })).status).toBe(200);
    expect((await customer.request("/api/v1/me")).status).toBe(401);
    expect((await elsewhere.request("/api/v1/me")).status).toBe(200);

    // A directory removed: every single sign-on session of the tenant ends.
    const again = await signIn(tenant);
    expect((await patch({ require_mfa: false })).status).toBe(200);
    expect((await again.request("/api/v1/me")).status).toBe(200);
    expect((await patch({ entra_tenant_ids: [] })).status).toBe(200);
    expect((await again.request("/api/v1/me")).status).toBe(401);
    expect((await elsewhere.request("/api/v1/me")).status).toBe(200);
  });

  it("files an admin's edit in that customer's access log, and in no other customer's", async () => {
    const tenant = await t.build.tenant();
    const other = await t.build.tenant();
    const customer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
    const stranger = await t.build.signedIn(await t.build.user(other, "customer_viewer"), t.url);
    const edited = await admin.request(`/api/v1/admin/tenants/${tenant.id}`, {
      method: "PATCH",
      json: { session_max_hours: 4 },
    });
    expect(edited.status).toBe(200);

    const log = await customer.request("/api/v1/access-log?action=admin.tenant_update");
    expect(log.status, log.text).toBe(200);
    const entries = log.json<AccessLog>().items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "admin.tenant_update", actor: { is_provider_staff: true } });
    const theirs = await stranger.request("/api/v1/access-log?action=admin.tenant_update");
    expect(theirs.status).toBe(200);
    expect(theirs.json<AccessLog>().items).toEqual([]);
  });
});

describe("workspaces of a tenant", () => {
  const createWorkspace = async (tenant: BuiltTenant, json: Record<string, unknown>) => {
    const response = await admin.request(`/api/v1/admin/tenants/${tenant.id}/workspaces`, { json });
    expect(response.status, response.text).toBe(201);
    return response.json<WorkspaceItem>();
  };
  const patchWorkspace = (id: string, json: unknown) =>
    admin.request(`/api/v1/admin/workspaces/${id}`, { method: "PATCH", json });

  it("creates and renames a workspace, listed on its tenant's page", async () => {
    const tenant = await t.build.tenant();
    const created = await createWorkspace(tenant, {
      name: " Managed SOC ",
      kind: "soc",
      description: "24/7 monitoring",
    });
    expect(created).toMatchObject({
      tenant_id: tenant.id,
      name: "Managed SOC",
      kind: "soc",
      description: "24/7 monitoring",
      archived_at: null,
      reports: 0,
      engagements: 0,
    });
    const renamed = await patchWorkspace(created.id, { name: "Managed SOC (EU)", description: "" });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.json<WorkspaceItem>()).toMatchObject({ name: "Managed SOC (EU)", description: "" });
    const detail = (await admin.request(`/api/v1/admin/tenants/${tenant.id}`)).json<TenantDetail>();
    expect(detail.workspaces.map((workspace) => workspace.name)).toEqual(["Managed SOC (EU)"]);

    const event = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["tenant_id", "workspace_id", "resource_type", "resource_id"])
        .where("action", "=", "admin.workspace_update")
        .where("resource_id", "=", created.id)
        .executeTakeFirst(),
    );
    expect(event).toEqual({
      tenant_id: tenant.id,
      workspace_id: created.id,
      resource_type: "workspace",
      resource_id: created.id,
    });
  });

  it("refuses a bad workspace with 400 and creates nothing", async () => {
    const tenant = await t.build.tenant();
    for (const bad of [
      { name: "", kind: "soc" },
      { name: "SOC", kind: "pentest" },
      { name: "SOC" },
      { name: "SOC", kind: "soc", description: "x".repeat(1001) },
    ]) {
      const response = await admin.request(`/api/v1/admin/tenants/${tenant.id}/workspaces`, { json: bad });
      expect(response.status, JSON.stringify(bad)).toBe(400);
    }
    const detail = (await admin.request(`/api/v1/admin/tenants/${tenant.id}`)).json<TenantDetail>();
    expect(detail.workspaces).toEqual([]);
  });

  it("changes the kind only while the workspace holds no reports or engagements", async () => {
    const tenant = await t.build.tenant();
    const empty = await createWorkspace(tenant, { name: "Empty", kind: "soc" });
    const changed = await patchWorkspace(empty.id, { kind: "advisory" });
    expect(changed.status).toBe(200);
    expect(changed.json<WorkspaceItem>().kind).toBe("advisory");

    const used = await createWorkspace(tenant, { name: "Used", kind: "soc" });
    await t.build.report({ id: used.id, tenantId: tenant.id, name: used.name });
    const refused = await patchWorkspace(used.id, { kind: "advisory", name: "Renamed too" });
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ error: "conflict" });
    const detail = (await admin.request(`/api/v1/admin/tenants/${tenant.id}`)).json<TenantDetail>();
    expect(detail.workspaces.find((workspace) => workspace.id === used.id)).toMatchObject({
      name: "Used",
      kind: "soc",
      reports: 1,
    });
    // Sending the kind it already has changes nothing and is no conflict.
    expect((await patchWorkspace(used.id, { kind: "soc" })).status).toBe(200);
  });

  it("archives a workspace: out of the access-link picker, no new links, customers keep its reports", async () => {
    const tenant = await t.build.tenant();
    await admin.request(`/api/v1/admin/tenants/${tenant.id}`, {
      method: "PATCH",
      json: { allowed_email_domains: ["client.example"] },
    });
    const workspace = await createWorkspace(tenant, { name: "Old SOC", kind: "soc" });
    const report = await t.build.report({ id: workspace.id, tenantId: tenant.id, name: workspace.name });
    const customer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
    const picker = async () =>
      (await admin.request("/api/v1/admin/workspaces")).json<WorkspaceOptions>().items.map((item) => item.id);
    const issue = () =>
      admin.request(`/api/workspaces/${workspace.id}/issue-client-token`, {
        json: { email: "ciso@client.example", role: "customer_viewer" },
      });
    expect(await picker()).toContain(workspace.id);

    const archived = await patchWorkspace(workspace.id, { archived: true });
    expect(archived.status).toBe(200);
    const archivedAt = archived.json<WorkspaceItem>().archived_at;
    expect(archivedAt).not.toBeNull();
    expect(await picker()).not.toContain(workspace.id);
    const refused = await issue();
    expect(refused.status).toBe(409);
    expect(refused.json()).toMatchObject({ message: expect.stringContaining("archived") });
    expect((await customer.request(`/api/v1/reports/${report.id}`)).status).toBe(200);
    // Archiving again keeps the first date.
    expect((await patchWorkspace(workspace.id, { archived: true })).json<WorkspaceItem>().archived_at).toBe(
      archivedAt,
    );

    const restored = await patchWorkspace(workspace.id, { archived: false });
    expect(restored.json<WorkspaceItem>().archived_at).toBeNull();
    expect(await picker()).toContain(workspace.id);
    expect((await issue()).status).toBe(201);
  });
});
