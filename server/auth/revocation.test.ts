/**
 * Two server instances on one PostgreSQL, as behind a load balancer: a session ended on one instance is refused
 * by the other on its very next request (every request checks the session row inside its own transaction; no
 * instance keeps sessions in memory). PostgreSQL only: the embedded PGlite engine serves a single process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Factories } from "../../test/factories";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { isPostgresRun, type TestDatabase } from "../../test/helpers/database";
import { FLEET_URL, type Fleet, startFleet } from "../../test/helpers/fleet";
import type { BrowserClient } from "../../test/helpers/http-client";
import type { ServerProcess } from "../../test/helpers/process";
import { withScope } from "../db/scope";

const PUBLIC_URL = FLEET_URL;

describe.skipIf(!isPostgresRun)("revoking a session across instances", () => {
  let database: TestDatabase;
  let build: Factories;
  let fleet: Fleet;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    fleet = await startFleet({});
    ({ database, build } = fleet);
    instances.push(...fleet.instances);
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  /** A request to one instance, carrying the browser's cookie as it would through the load balancer. */
  async function call(client: BrowserClient, instance: ServerProcess, path: string, init: RequestInit = {}) {
    const cookie = await client.jar.getCookieString(PUBLIC_URL);
    const response = await fetch(`${instance.url}${path}`, {
      ...init,
      headers: { cookie, accept: "application/json", origin: PUBLIC_URL, ...(init.headers ?? {}) },
    });
    await response.arrayBuffer();
    return response.status;
  }

  async function customer() {
    const tenant = await build.tenant();
    await build.workspace(tenant);
    const user = await build.user(tenant, "customer_viewer");
    return {
      user,
      browsers: [await build.signedIn(user, PUBLIC_URL), await build.signedIn(user, PUBLIC_URL)],
    };
  }

  const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
    withScope(database, TEST_APP_ROLE, { kind: "system" }, fn);
  const [a, b] = [() => instances[0]!, () => instances[1]!];

  it("ends a session signed out on A for its next request on B", async () => {
    const { browsers } = await customer();
    const [browser] = browsers as [BrowserClient, BrowserClient];
    expect(await call(browser, b(), "/api/v1/me")).toBe(200);
    expect(await call(browser, a(), "/auth/logout", { method: "POST" })).toBe(204);
    expect(await call(browser, b(), "/api/v1/me")).toBe(401);
  });

  it("ends every session of a user signed out everywhere on A, on B at once", async () => {
    const { browsers } = await customer();
    const [here, elsewhere] = browsers as [BrowserClient, BrowserClient];
    expect(await call(elsewhere, b(), "/api/v1/reports/dashboard")).toBe(200);
    const status = await call(here, a(), "/auth/logout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "scope=everywhere",
    });
    expect(status).toBe(204);
    expect(await call(elsewhere, b(), "/api/v1/reports/dashboard")).toBe(401);
  });

  it.each([
    ["the user is disabled", { disabled_at: new Date() }],
    ["the user's role changes", { role: "customer_approver" as const }],
  ])("ends the sessions on every instance once %s", async (_what, change) => {
    const { user, browsers } = await customer();
    const [browser] = browsers as [BrowserClient, BrowserClient];
    expect(await call(browser, a(), "/api/v1/me")).toBe(200);
    expect(await call(browser, b(), "/api/v1/me")).toBe(200);
    await system((trx) => trx.updateTable("users").set(change).where("id", "=", user.id).execute());
    expect(await call(browser, a(), "/api/v1/me")).toBe(401);
    expect(await call(browser, b(), "/api/v1/me")).toBe(401);
  });
});
