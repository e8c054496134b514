import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import { demoUsers } from "../db/seed/demo-users";
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
