/**
 * The role × route matrix as the API enforces it: every route in `app.protectedRoutes`, called as every demo
 * role (and anonymously). Routes added later are picked up without changing this file.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { permissionNames } from "../../contracts/auth";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import type { Role } from "../db/types";
import type { ProtectedRoute } from "../http/auth";
import { hasPermission, permissionMap } from "./permissions";

const COOKIE = "portcullis_session";

/** One demo sign-in per role and tenant. */
const subjects: { subject: string; role: Role; tenant: string | null }[] = [
  { subject: "demo-northwind-viewer", role: "customer_viewer", tenant: "northwind" },
  { subject: "demo-northwind-approver", role: "customer_approver", tenant: "northwind" },
  { subject: "demo-contoso-viewer", role: "customer_viewer", tenant: "contoso" },
  { subject: "demo-contoso-approver", role: "customer_approver", tenant: "contoso" },
  { subject: "demo-staff-analyst", role: "analyst", tenant: null },
  { subject: "demo-staff-admin", role: "admin", tenant: null },
];

interface Caller {
  subject: string;
  role: Role;
  client: BrowserClient;
  /** Set after a state-changing call: the next use first checks the session still exists. */
  needsCheck: boolean;
}

let t: TestApp;
const callers: Caller[] = [];

async function signIn(subject: string, role: Role): Promise<BrowserClient> {
  const client = new BrowserClient(t.url);
  await signInAs(client, subject);
  if (!(await client.cookie(COOKIE))) throw new Error(`no session cookie for ${subject}`);
  const me = await client.request("/api/v1/me");
  expect(me.status).toBe(200);
  expect(me.json()).toMatchObject({ role, permissions: permissionMap(role) });
  return client;
}

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  for (const { subject, role } of subjects) {
    callers.push({ subject, role, client: await signIn(subject, role), needsCheck: false });
  }
});

afterAll(async () => {
  await t?.close();
});

/** A concrete URL for a route pattern: every `:param` (with or without a regex) becomes a random uuid. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, () => randomUUID()).replace(/\*/g, randomUUID());
}

const isSafe = (method: string) => method === "GET" || method === "HEAD" || method === "OPTIONS";

/** One request; only the status matters, so a stream (SSE) is cut off once its headers arrive. */
async function call(
  route: ProtectedRoute,
  url: string,
  cookie: string | undefined,
): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (cookie) headers.cookie = cookie;
  let body: string | undefined;
  if (!isSafe(route.method)) {
    headers.origin = t.url;
    headers["content-type"] = "application/json";
    body = "{}";
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  try {
    const response = await fetch(new URL(url, t.url), {
      method: route.method,
      headers,
      body,
      redirect: "manual",
      signal: controller.signal,
    });
    if ((response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      await response.body?.cancel();
      return { status: response.status, body: "(event stream)" };
    }
    return { status: response.status, body: (await response.text()).slice(0, 300) };
  } finally {
    clearTimeout(timer);
  }
}

/** A state-changing call may end its own session (sign out, revoke sessions): sign in again if so. */
async function sessionCookie(caller: Caller): Promise<string> {
  if (caller.needsCheck) {
    caller.needsCheck = false;
    if ((await caller.client.request("/api/v1/me")).status !== 200) {
      caller.client = await signIn(caller.subject, caller.role);
    }
  }
  const cookie = await caller.client.jar.getCookieString(t.url);
  if (!cookie) throw new Error(`no session for ${caller.subject}`);
  return cookie;
}

describe("role × route matrix", () => {
  it("has a registry of protected routes, including GET /api/v1/me", () => {
    expect(t.app.protectedRoutes.length).toBeGreaterThan(0);
    expect(t.app.protectedRoutes).toContainEqual({
      method: "GET",
      url: "/api/v1/me",
      permission: "authenticated",
    });
    for (const route of t.app.protectedRoutes) {
      expect(["authenticated", ...permissionNames]).toContain(route.permission);
    }
  });

  it("answers every protected route with 401 without a session", async () => {
    const failures: string[] = [];
    for (const route of t.app.protectedRoutes) {
      const url = concrete(route.url);
      const response = await call(route, url, undefined);
      if (response.status !== 401)
        failures.push(`${route.method} ${url}: ${response.status} ${response.body}`);
      else expect(JSON.parse(response.body)).toMatchObject({ error: "unauthenticated" });
    }
    expect(failures).toEqual([]);
  });

  it("gives a role lacking the permission exactly 403, and a role having it neither 401 nor 403", async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const route of t.app.protectedRoutes) {
      for (const caller of callers) {
        const allowed = route.permission === "authenticated" || hasPermission(caller.role, route.permission);
        const url = concrete(route.url);
        const response = await call(route, url, await sessionCookie(caller));
        calls++;
        if (!isSafe(route.method)) caller.needsCheck = true;
        const label = `${caller.subject} (${caller.role}) ${route.method} ${url} [${route.permission}]`;
        if (allowed && (response.status === 401 || response.status === 403)) {
          failures.push(`${label}: allowed, but got ${response.status} ${response.body}`);
        } else if (!allowed && response.status !== 403) {
          failures.push(`${label}: lacks the permission, but got ${response.status} ${response.body}`);
        } else if (!allowed) {
          expect(JSON.parse(response.body)).toMatchObject({ error: "forbidden" });
        }
        if (response.status >= 500) failures.push(`${label}: ${response.status} ${response.body}`);
      }
    }
    expect(calls).toBe(t.app.protectedRoutes.length * subjects.length);
    expect(failures).toEqual([]);
  });
});
