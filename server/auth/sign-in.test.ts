import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltTenant } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import { withScope } from "../db/scope";
import { demoUsers } from "../db/seed/demo-users";
import type { Identity } from "./oidc/identity";
import { completeSignIn } from "./oidc/sign-in";
import { permissionMap } from "./permissions";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
});

afterAll(async () => {
  await t?.close();
});

const tenantNames: Record<string, string> = {
  northwind: "Northwind Health Systems",
  contoso: "Contoso Federal Credit Union",
};

describe("sign-in through the development identity provider", () => {
  it.each(demoUsers.map((user) => [user.role, user.subject, user] as const))(
    "signs in a %s (%s) and /api/v1/me shows role, tenant, auth method and MFA",
    async (_role, subject, user) => {
      const client = new BrowserClient(t.url);
      const { response, visited } = await signInAs(client, subject);
      expect(visited.some((url) => url.includes("/dev-idp/"))).toBe(true);
      expect(visited.some((url) => url.includes("/auth/callback"))).toBe(true);
      expect(new URL(response.url).pathname).toBe("/customer-portal");

      const me = await client.request("/api/v1/me");
      expect(me.status).toBe(200);
      expect(me.json()).toEqual({
        user: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: user.name, email: user.email },
        role: user.role,
        permissions: permissionMap(user.role),
        tenant: user.tenantSlug
          ? { id: expect.any(String), name: tenantNames[user.tenantSlug], slug: user.tenantSlug }
          : null,
        workspace_ids: user.tenantSlug ? expect.arrayContaining([expect.any(String)]) : "all",
        auth_method: "sso",
        mfa: user.mfa,
      });
    },
  );

  it("sets an HttpOnly, SameSite=Lax session cookie and clears the sign-in state", async () => {
    const client = new BrowserClient(t.url);
    const login = await client.request("/auth/login");
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toMatch(/\/dev-idp\/auth\?.*code_challenge_method=S256/);
    const stateCookie = login.headers.getSetCookie().find((cookie) => cookie.startsWith("portcullis_oidc="));
    expect(stateCookie).toMatch(/HttpOnly/i);
    expect(stateCookie).toMatch(/Path=\/auth/);

    const { visited } = await signInAs(client, "demo-contoso-viewer");
    expect(visited.length).toBeGreaterThan(3);
    const session = await client.jar.getCookies(t.url);
    const cookie = session.find((c) => c.key === "portcullis_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("lax");
    expect(await client.cookie("portcullis_oidc", "/auth/callback")).toBeUndefined();
  });

  it("answers /api/v1/me with 401 before sign-in and after sign-out", async () => {
    const client = new BrowserClient(t.url);
    expect((await client.request("/api/v1/me")).status).toBe(401);
    await signInAs(client, "demo-northwind-approver");
    expect((await client.request("/api/v1/me")).status).toBe(200);
    const logout = await client.request("/auth/logout", { method: "POST", headers: { accept: "text/html" } });
    expect(logout.status).toBe(303);
    expect(logout.headers.get("location")).toBe("/");
    const me = await client.request("/api/v1/me");
    expect(me.status).toBe(401);
    expect(me.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("re-uses the seeded user on sign-in instead of creating another", async () => {
    const client = new BrowserClient(t.url);
    await signInAs(client, "demo-northwind-viewer");
    const first = (await client.request("/api/v1/me")).json<{ user: { id: string } }>();
    const again = new BrowserClient(t.url);
    await signInAs(again, "demo-northwind-viewer");
    const second = (await again.request("/api/v1/me")).json<{ user: { id: string } }>();
    expect(second.user.id).toBe(first.user.id);
  });
});

describe("completing a sign-in (a validated identity onto the portal)", () => {
  const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
    withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);
  const complete = (identity: Identity) => system((trx) => completeSignIn(trx, identity));
  const usersWith = (subject: string) =>
    system((trx) =>
      trx
        .selectFrom("users")
        .select(["id", "name", "disabled_at"])
        .where("idp_subject", "=", subject)
        .execute(),
    );

  /** A tenant its directory signs in to, with a session lifetime of its own. */
  async function directoryTenant(): Promise<BuiltTenant & { directory: string }> {
    const tenant = await t.build.tenant();
    const directory = randomUUID();
    await system((trx) =>
      trx
        .updateTable("tenants")
        .set({ entra_tenant_ids: [directory], session_max_hours: 5 })
        .where("id", "=", tenant.id)
        .execute(),
    );
    return { ...tenant, directory };
  }
  const identity = (overrides: Partial<Identity> = {}): Identity => {
    const subject = `subject-${randomUUID()}`;
    return {
      issuerKey: "test-issuer",
      subject,
      email: `${subject}@example.test`,
      name: "Ada",
      role: "customer_viewer",
      directoryTenantId: null,
      mfa: false,
      ...overrides,
    };
  };

  it("creates the user in its directory's tenant, with the tenant's session lifetime; staff get none", async () => {
    const tenant = await directoryTenant();
    const viewer = identity({ directoryTenantId: tenant.directory });
    const result = await complete(viewer);
    const [user] = await usersWith(viewer.subject);
    expect(result).toStrictEqual({
      ok: true,
      user: {
        userId: user!.id,
        role: "customer_viewer",
        tenantId: tenant.id,
        workspaceIds: "all",
        mfa: false,
        sessionMaxHours: 5,
      },
    });
    const staff = await complete(identity({ role: "analyst" }));
    expect(staff.ok && staff.user).toMatchObject({ tenantId: null, role: "analyst" });
    expect(staff.ok && staff.user).not.toHaveProperty("sessionMaxHours");
  });

  it("refuses a customer whose sign-in names no organisation, and creates no user", async () => {
    const viewer = identity({ directoryTenantId: null });
    expect(await complete(viewer)).toStrictEqual({
      ok: false,
      reason: "Your sign-in names no organisation.",
    });
    expect(await usersWith(viewer.subject)).toEqual([]);
  });

  it("refuses a disabled account, and leaves it as it was", async () => {
    const tenant = await directoryTenant();
    const viewer = identity({ directoryTenantId: tenant.directory });
    expect(await complete(viewer)).toHaveProperty("ok", true);
    await system((trx) =>
      trx
        .updateTable("users")
        .set({ disabled_at: new Date() })
        .where("idp_subject", "=", viewer.subject)
        .execute(),
    );
    expect(await complete({ ...viewer, name: "Renamed" })).toStrictEqual({
      ok: false,
      reason: "Your portal account is disabled.",
    });
    expect(await usersWith(viewer.subject)).toMatchObject([{ name: "Ada", disabled_at: expect.any(Date) }]);
  });

  it("refuses an account of one organisation signing in through another's directory, or as staff", async () => {
    const first = await directoryTenant();
    const second = await directoryTenant();
    const viewer = identity({ directoryTenantId: first.directory });
    expect(await complete(viewer)).toHaveProperty("ok", true);
    const elsewhere = { ok: false, reason: "Your account belongs to another organisation in this portal." };
    expect(await complete({ ...viewer, directoryTenantId: second.directory, name: "Renamed" })).toStrictEqual(
      elsewhere,
    );
    expect(await complete({ ...viewer, role: "admin", name: "Renamed" })).toStrictEqual(elsewhere);
    expect(await usersWith(viewer.subject)).toMatchObject([{ name: "Ada" }]);
  });
});
