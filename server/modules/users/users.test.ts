/**
 * The console's users: listing one organisation's users or the provider's staff, changing a role within its kind,
 * disabling and enabling (each ending the user's sessions at once), inviting a customer user by access link or by
 * a note on what to do in Entra ID. Every route: 401, 403 to customers and analysts, 404, and an audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccessLog } from "../../../contracts/audit";
import type { InviteOutcome, UserList, UserSummary } from "../../../contracts/users";
import type { BuiltTenant, BuiltUser, BuiltWorkspace } from "../../../test/factories";
import { unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient } from "../../../test/helpers/http-client";
import { linkSecretIn, startMailCatcher } from "../../../test/helpers/mail";
import { withScope } from "../../db/scope";

let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let t: TestApp;
let tenant: BuiltTenant;
let workspace: BuiltWorkspace;
let otherTenant: BuiltTenant;
let foreignWorkspace: BuiltWorkspace;
let adminUser: BuiltUser;
let admin: BrowserClient;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

const userRow = (id: string) =>
  system((trx) => trx.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirstOrThrow());

const auditRows = (action: string, resourceId?: string) =>
  system((trx) => {
    let query = trx.selectFrom("audit_events").selectAll().where("action", "=", action);
    if (resourceId) query = query.where("resource_id", "=", resourceId);
    return query.orderBy("seq", "desc").execute();
  });

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp({ SMTP_URL: mail.url, JOBS_ENABLED: "true" }, { listen: true });
  tenant = await t.build.tenant({ name: "Harbor Bank" });
  workspace = await t.build.workspace(tenant, { name: "Managed SOC" });
  otherTenant = await t.build.tenant();
  foreignWorkspace = await t.build.workspace(otherTenant);
  adminUser = await t.build.user(null, "admin", { name: "Ada Admin" });
  admin = await t.build.signedIn(adminUser, t.url);
});

afterAll(async () => {
  await t?.close();
  await mail?.close();
});

const routes = (id: string) =>
  [
    ["GET", `/api/v1/admin/users?tenant=${tenant.id}`, undefined],
    ["POST", `/api/v1/admin/users/${id}/role`, { role: "customer_approver" }],
    ["POST", `/api/v1/admin/users/${id}/disable`, {}],
    ["POST", `/api/v1/admin/users/${id}/enable`, {}],
    [
      "POST",
      "/api/v1/admin/users/invite",
      { tenantId: tenant.id, workspaceId: workspace.id, email: "x@harbor.example", role: "customer_viewer" },
    ],
  ] as const;

describe("who may use the users console", () => {
  it("answers 401 to every route without a session", async () => {
    const target = await t.build.user(tenant, "customer_viewer");
    const anonymous = new BrowserClient(t.url);
    for (const [method, path, json] of routes(target.id)) {
      const response = await anonymous.request(path, { method, ...(json ? { json } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it.each(["customer_viewer", "customer_approver", "analyst"] as const)(
    "answers 403 to a %s on every route and changes nothing",
    async (role) => {
      const target = await t.build.user(tenant, "customer_viewer");
      const caller = await t.build.signedIn(
        await t.build.user(role === "analyst" ? null : tenant, role),
        t.url,
      );
      for (const [method, path, json] of routes(target.id)) {
        const response = await caller.request(path, { method, ...(json ? { json } : {}) });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.json()).toMatchObject({ message: expect.stringContaining("can_manage_users") });
      }
      const row = await userRow(target.id);
      expect(row.role).toBe("customer_viewer");
      expect(row.disabled_at).toBeNull();
      // The session itself is fine: the 403 is the permission.
      expect((await caller.request("/api/v1/me")).status).toBe(200);
    },
  );

  it("answers 404 for an unknown or malformed user id and an unknown tenant", async () => {
    for (const id of [unknownId(), "not-a-uuid"]) {
      for (const action of ["disable", "enable"]) {
        expect((await admin.request(`/api/v1/admin/users/${id}/${action}`, { json: {} })).status).toBe(404);
      }
      const role = await admin.request(`/api/v1/admin/users/${id}/role`, { json: { role: "admin" } });
      expect(role.status).toBe(404);
    }
    expect((await admin.request(`/api/v1/admin/users?tenant=${unknownId()}`)).status).toBe(404);
  });
});

describe("GET /api/v1/admin/users", () => {
  it("lists one tenant's users with role, last sign-in, MFA, status and live sessions", async () => {
    const listed = await t.build.tenant();
    const signedIn = await t.build.user(listed, "customer_approver", { name: "Bea Signed" });
    await t.build.signedIn(signedIn, t.url);
    const never = await t.build.user(listed, "customer_viewer", { name: "Cal Never" });
    await t.build.user(otherTenant, "customer_viewer");
    const response = await admin.request(`/api/v1/admin/users?tenant=${listed.id}`);
    expect(response.status).toBe(200);
    const body = response.json<UserList>();
    expect(body.tenant).toEqual({ id: listed.id, name: listed.name });
    expect(body.total).toBe(2);
    expect(body.items).toEqual([
      {
        id: signedIn.id,
        name: "Bea Signed",
        email: signedIn.email,
        role: "customer_approver",
        signInMethod: "sso",
        lastSignInAt: null,
        mfa: false,
        disabledAt: null,
        activeSessions: 1,
      },
      expect.objectContaining({ id: never.id, mfa: null, activeSessions: 0 }),
    ]);
    const [row] = await auditRows("admin.user_list");
    expect(row).toMatchObject({ actor_id: adminUser.id, tenant_id: listed.id, outcome: "allowed" });
  });

  it("lists the provider's staff with tenant=staff, and searches names and addresses literally", async () => {
    const staff = await t.build.user(null, "analyst", { name: "Zed 100%_Staff" });
    const all = (await admin.request("/api/v1/admin/users?tenant=staff&pageSize=100")).json<UserList>();
    expect(all.tenant).toBeNull();
    expect(all.items.map((item) => item.id)).toEqual(expect.arrayContaining([staff.id, adminUser.id]));
    expect(all.items.every((item) => item.role === "analyst" || item.role === "admin")).toBe(true);
    const found = (
      await admin.request(`/api/v1/admin/users?tenant=staff&q=${encodeURIComponent("100%_")}`)
    ).json<UserList>();
    expect(found.items.map((item) => item.id)).toEqual([staff.id]);
    const byEmail = (
      await admin.request(`/api/v1/admin/users?tenant=staff&q=${encodeURIComponent(staff.email)}`)
    ).json<UserList>();
    expect(byEmail.items.map((item) => item.id)).toEqual([staff.id]);
  });

  it("refuses a tenant that is neither an id nor staff, and an oversized search", async () => {
    expect((await admin.request("/api/v1/admin/users?tenant=everyone")).status).toBe(400);
    expect((await admin.request("/api/v1/admin/users")).status).toBe(400);
    const long = "a".repeat(201);
    expect((await admin.request(`/api/v1/admin/users?tenant=staff&q=${long}`)).status).toBe(400);
  });
});

describe("changing a role", () => {
  it("changes a customer's role, ends their session at once, and shows in their organisation's access log", async () => {
    const target = await t.build.user(tenant, "customer_viewer", { name: "Val Viewer" });
    const session = await t.build.signedIn(target, t.url);
    expect((await session.request("/api/v1/me")).status).toBe(200);
    const colleague = await t.build.signedIn(await t.build.user(tenant, "customer_approver"), t.url);

    const response = await admin.request(`/api/v1/admin/users/${target.id}/role`, {
      json: { role: "customer_approver" },
    });
    expect(response.status).toBe(200);
    expect(response.json<UserSummary>()).toMatchObject({ role: "customer_approver", activeSessions: 0 });
    expect((await userRow(target.id)).role).toBe("customer_approver");
    // The cookie they hold opens nothing any more.
    expect((await session.request("/api/v1/me")).status).toBe(401);

    const [row] = await auditRows("user.role_changed", target.id);
    expect(row).toMatchObject({
      actor_id: adminUser.id,
      tenant_id: tenant.id,
      resource_type: "user",
      outcome: "allowed",
    });
    const log = (await colleague.request("/api/v1/access-log?limit=200")).json<AccessLog>();
    expect(log.items).toContainEqual(
      expect.objectContaining({
        action: "user.role_changed",
        actor: expect.objectContaining({ id: adminUser.id, is_provider_staff: true }),
      }),
    );
  });

  it("changes a staff member between analyst and admin", async () => {
    const target = await t.build.user(null, "analyst");
    const session = await t.build.signedIn(target, t.url);
    const response = await admin.request(`/api/v1/admin/users/${target.id}/role`, {
      json: { role: "admin" },
    });
    expect(response.status).toBe(200);
    expect((await userRow(target.id)).role).toBe("admin");
    expect((await session.request("/api/v1/me")).status).toBe(401);
  });

  it("answers 400 to a customer made staff or staff made a customer, changing nothing", async () => {
    const customer = await t.build.user(tenant, "customer_viewer");
    const customerSession = await t.build.signedIn(customer, t.url);
    const staff = await t.build.user(null, "analyst");
    for (const [user, role] of [
      [customer, "admin"],
      [customer, "analyst"],
      [staff, "customer_viewer"],
    ] as const) {
      const response = await admin.request(`/api/v1/admin/users/${user.id}/role`, { json: { role } });
      expect(response.status).toBe(400);
      expect(response.json<{ message: string }>().message).toMatch(/role is/);
      expect((await userRow(user.id)).role).toBe(user.role);
    }
    expect((await customerSession.request("/api/v1/me")).status).toBe(200);
    for (const json of [{ role: "owner" }, {}, { role: "" }]) {
      const response = await admin.request(`/api/v1/admin/users/${staff.id}/role`, { json });
      expect(response.status).toBe(400);
    }
    expect((await userRow(staff.id)).role).toBe("analyst");
  });

  it("answers 409 to an admin demoting themselves, and keeps their session", async () => {
    const self = await t.build.user(null, "admin");
    const session = await t.build.signedIn(self, t.url);
    const response = await session.request(`/api/v1/admin/users/${self.id}/role`, {
      json: { role: "analyst" },
    });
    expect(response.status).toBe(409);
    expect(response.json<{ message: string }>().message).toContain("your own role");
    expect((await userRow(self.id)).role).toBe("admin");
    expect((await session.request("/api/v1/me")).status).toBe(200);
  });
});

describe("disabling and enabling", () => {
  it("disables a user, ending their session at once; enabling lets them sign in again", async () => {
    const target = await t.build.user(tenant, "customer_approver");
    const session = await t.build.signedIn(target, t.url);
    expect((await session.request("/api/v1/me")).status).toBe(200);

    const disabled = await admin.request(`/api/v1/admin/users/${target.id}/disable`, { json: {} });
    expect(disabled.status).toBe(200);
    expect(disabled.json<UserSummary>()).toMatchObject({ disabledAt: expect.any(String), activeSessions: 0 });
    expect((await session.request("/api/v1/me")).status).toBe(401);
    const revoked = await system((trx) =>
      trx.selectFrom("sessions").select("revoked_at").where("user_id", "=", target.id).execute(),
    );
    expect(revoked.map((row) => row.revoked_at)).toEqual([expect.any(Date)]);
    const [row] = await auditRows("user.disabled", target.id);
    expect(row).toMatchObject({ actor_id: adminUser.id, tenant_id: tenant.id, outcome: "allowed" });

    const enabled = await admin.request(`/api/v1/admin/users/${target.id}/enable`, { json: {} });
    expect(enabled.status).toBe(200);
    expect(enabled.json<UserSummary>().disabledAt).toBeNull();
    expect((await userRow(target.id)).disabled_at).toBeNull();
    expect(await auditRows("user.enabled", target.id)).toHaveLength(1);
    // A new session works again; the ended one stays ended.
    expect((await (await t.build.signedIn(target, t.url)).request("/api/v1/me")).status).toBe(200);
    expect((await session.request("/api/v1/me")).status).toBe(401);
  });

  it("leaves one of two admins disabling each other at the same moment enabled", async () => {
    for (let round = 0; round < 5; round += 1) {
      const first = await t.build.user(null, "admin");
      const second = await t.build.user(null, "admin");
      const [firstSession, secondSession] = await Promise.all([
        t.build.signedIn(first, t.url),
        t.build.signedIn(second, t.url),
      ]);
      const answers = await Promise.all([
        firstSession.request(`/api/v1/admin/users/${second.id}/disable`, { json: {} }),
        secondSession.request(`/api/v1/admin/users/${first.id}/disable`, { json: {} }),
      ]);
      // One wins; the other is refused (409 when it waited for the winner's lock, 401 when its session had
      // already ended) and changes nothing.
      expect(answers.map((answer) => answer.status).sort()).toContain(200);
      const rows = await Promise.all([userRow(first.id), userRow(second.id)]);
      expect(rows.filter((row) => row.disabled_at === null)).toHaveLength(1);
    }
  });

  it("answers 409 to an admin disabling themselves, and keeps them signed in", async () => {
    const self = await t.build.user(null, "admin");
    const session = await t.build.signedIn(self, t.url);
    const response = await session.request(`/api/v1/admin/users/${self.id}/disable`, { json: {} });
    expect(response.status).toBe(409);
    expect(response.json<{ message: string }>().message).toContain("your own account");
    expect((await userRow(self.id)).disabled_at).toBeNull();
    expect((await session.request("/api/v1/me")).status).toBe(200);
    const [row] = await auditRows("user.disabled", self.id);
    expect(row).toMatchObject({ outcome: "rejected", http_status: 409 });
  });
});

describe("POST /api/v1/admin/users/invite", () => {
  const invite = (body: Record<string, unknown>) =>
    admin.request("/api/v1/admin/users/invite", { json: body });

  it("emails an access link when the tenant takes the address's domain by link", async () => {
    const linkTenant = await t.build.tenant({ name: "Link Co" });
    const linkWorkspace = await t.build.workspace(linkTenant, { name: "Pen test" });
    await system((trx) =>
      trx
        .updateTable("tenants")
        .set({ allowed_email_domains: ["linkco.example"], entra_tenant_ids: [unknownId()] })
        .where("id", "=", linkTenant.id)
        .execute(),
    );
    const email = "New.Person@linkco.example";
    const response = await invite({
      tenantId: linkTenant.id,
      workspaceId: linkWorkspace.id,
      email,
      role: "customer_approver",
    });
    expect(response.status).toBe(200);
    const outcome = response.json<InviteOutcome>();
    expect(outcome).toMatchObject({
      outcome: "link_sent",
      email: email.toLowerCase(),
      workspaceId: linkWorkspace.id,
    });
    const message = await mail.next(email.toLowerCase());
    expect(linkSecretIn(message)).toBeTruthy();
    const link = await system((trx) =>
      trx
        .selectFrom("client_tokens")
        .selectAll()
        .where("workspace_id", "=", linkWorkspace.id)
        .executeTakeFirstOrThrow(),
    );
    expect(link).toMatchObject({
      email: email.toLowerCase(),
      role: "customer_approver",
      issued_by: adminUser.id,
    });
    const [row] = await auditRows("admin.user_invite");
    expect(row).toMatchObject({
      tenant_id: linkTenant.id,
      workspace_id: linkWorkspace.id,
      outcome: "allowed",
    });
  });

  it("creates nothing for an Entra tenant whose domains exclude the address, and names the app role", async () => {
    const ssoTenant = await t.build.tenant({ name: "Entra Org" });
    const ssoWorkspace = await t.build.workspace(ssoTenant);
    await system((trx) =>
      trx
        .updateTable("tenants")
        .set({ entra_tenant_ids: [unknownId()], allowed_email_domains: ["partner.example"] })
        .where("id", "=", ssoTenant.id)
        .execute(),
    );
    const response = await invite({
      tenantId: ssoTenant.id,
      workspaceId: ssoWorkspace.id,
      email: "sam@entra-org.example",
      role: "customer_viewer",
    });
    expect(response.status).toBe(200);
    const outcome = response.json<InviteOutcome>();
    expect(outcome).toMatchObject({ outcome: "entra", email: "sam@entra-org.example" });
    if (outcome.outcome !== "entra") throw new Error("expected the Entra note");
    expect(outcome.note).toContain("enterprise application");
    expect(outcome.note).toContain(outcome.appRole);
    expect(outcome.appRole).not.toBe("");
    const links = await system((trx) =>
      trx.selectFrom("client_tokens").select("id").where("tenant_id", "=", ssoTenant.id).execute(),
    );
    expect(links).toEqual([]);
    const [row] = await auditRows("admin.user_invite");
    expect(row).toMatchObject({ tenant_id: ssoTenant.id, outcome: "allowed" });
  });

  it("answers 404 for an unknown tenant or another tenant's workspace, and 400 for bad input, creating nothing", async () => {
    const count = () =>
      system((trx) =>
        trx
          .selectFrom("client_tokens")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
          .then((row) => Number(row.n)),
      );
    const before = await count();
    const valid = {
      tenantId: tenant.id,
      workspaceId: workspace.id,
      email: "a@harbor.example",
      role: "customer_viewer",
    };
    expect((await invite({ ...valid, tenantId: unknownId() })).status).toBe(404);
    expect((await invite({ ...valid, workspaceId: foreignWorkspace.id })).status).toBe(404);
    expect((await invite({ ...valid, workspaceId: unknownId() })).status).toBe(404);
    for (const bad of [
      { ...valid, role: "admin" },
      { ...valid, email: "not an address" },
      { ...valid, email: "a@harbor.example\r\nBcc: x@evil.example" },
      { ...valid, tenantId: "nope" },
    ]) {
      expect((await invite(bad)).status).toBe(400);
    }
    // A tenant whose allowed domains exclude the address, without Entra: the access link service refuses it.
    await system((trx) =>
      trx
        .updateTable("tenants")
        .set({ allowed_email_domains: ["harbor.example"] })
        .where("id", "=", tenant.id)
        .execute(),
    );
    const refused = await invite({ ...valid, email: "a@elsewhere.example" });
    expect(refused.status).toBe(400);
    expect(refused.json<{ message: string }>().message).toContain("harbor.example");
    expect(await count()).toBe(before);
  });
});
