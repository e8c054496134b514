/**
 * The pipeline's authentication half at its edges, by `app.inject` against the real app: which routes it lists as
 * protected, which state-changing requests its same-origin check lets through, how it refuses ended sessions and
 * missing permissions, what it lets be cached, and how it ends the request's unit of work.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { buildApp } from "../app";
import { sessionScope } from "../auth/scope";
import { withScope } from "../db/scope";
import { AppError } from "../errors";
import { callerOf } from "./auth";

const EVIL = "https://evil.example";
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe("the protected route registry", () => {
  it("lists a GET route once (not its implicit HEAD), yet HEAD needs the session too", async () => {
    expect(t.app.protectedRoutes.filter((route) => route.url === "/api/v1/me")).toEqual([
      { method: "GET", url: "/api/v1/me", permission: "authenticated" },
    ]);
    const head = await t.app.inject({ method: "HEAD", url: "/api/v1/me" });
    expect(head.statusCode).toBe(401);
  });
});

describe("the same-origin check", () => {
  const logout = (headers: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url: "/auth/logout",
      headers: { accept: "application/json", ...headers },
    });

  it.each(["Bearer pcl_x", "bearer pcl_x", "BEARER\tpcl_x"])(
    "lets a cookie-less request that authenticates by bearer token (%s) through from any Origin",
    async (authorization) => {
      const response = await logout({ authorization, origin: EVIL });
      expect(response.statusCode).toBe(204);
    },
  );

  it.each(["Basic Bearer x", "xBearer y", "Bearerx", "Bearer", "Token Bearer x"])(
    "refuses a cross-origin request whose Authorization header is not a bearer token (%s)",
    async (authorization) => {
      const response = await logout({ authorization, origin: EVIL });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: "forbidden", message: "Cross-origin request refused" });
    },
  );

  it("lets a safe method through from any Origin (a preflight is no state change)", async () => {
    const response = await t.app.inject({
      method: "OPTIONS",
      url: "/auth/logout",
      headers: { origin: EVIL },
    });
    expect(response.statusCode).not.toBe(403);
    expect(response.body).not.toContain("Cross-origin request refused");
  });

  it("refuses a cross-origin request without any Authorization header, and lets the same one from our origin", async () => {
    expect((await logout({ origin: EVIL })).statusCode).toBe(403);
    expect((await logout({ origin: t.config.publicUrl })).statusCode).toBe(204);
  });

  it("leaves the embedded identity provider's own routes to its own CSRF protection", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/dev-idp/token",
      headers: { origin: EVIL, "content-type": "application/x-www-form-urlencoded" },
      payload: "grant_type=authorization_code&code=x&client_id=nobody",
    });
    // The provider's own answer to an unknown client, not the portal's cross-origin refusal.
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("does not exempt a path that merely contains the identity provider's prefix", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/auth/logout?next=/dev-idp/",
      headers: { origin: EVIL, accept: "application/json" },
    });
    expect(response.statusCode).toBe(403);
  });
});

describe("a route that works with or without a session (signing out)", () => {
  it("signs out a request whose cookie no longer opens a session, clearing the cookie, instead of refusing it", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/auth/logout",
      headers: {
        origin: t.config.publicUrl,
        accept: "application/json",
        cookie: "portcullis_session=forged.token.value",
      },
    });
    expect(response.statusCode).toBe(204);
    const cleared = response.cookies.find((cookie) => cookie.name === "portcullis_session");
    expect(cleared?.value).toBe("");
  });

  it("answers a route that needs a session with 401, and no notice, for a cookie that never opened one", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/v1/me",
      headers: { cookie: "portcullis_session=forged.token.value" },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: "unauthenticated", message: "Sign in to continue" });
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.cookies.map((cookie) => cookie.name)).toEqual(["portcullis_session"]);
  });
});

describe("a session that ended", () => {
  it("answers an API call with 401 saying why (expired, ended), clears the cookie and leaves a notice", async () => {
    const tenant = await t.build.tenant();
    const user = await t.build.user(tenant, "customer_viewer");
    const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
      withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);
    const me = async (change: { expires_at: Date } | { revoked_at: Date }) => {
      const cookie = (await (await t.build.signedIn(user)).jar.getCookieString(t.url)) as string;
      await system((trx) =>
        trx
          .updateTable("sessions")
          .set(change)
          .where("user_id", "=", user.id)
          .where("revoked_at", "is", null)
          .execute(),
      );
      return t.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    };
    const expired = await me({ expires_at: new Date(Date.now() - 1000) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({
      error: "unauthenticated",
      message: "Your session expired. Sign in again to continue.",
    });
    expect(expired.cookies.map((cookie) => cookie.name).sort()).toEqual(
      ["portcullis_notice", "portcullis_session"].sort(),
    );
    const ended = await me({ revoked_at: new Date() });
    expect(ended.statusCode).toBe(401);
    expect(ended.json()).toMatchObject({
      error: "unauthenticated",
      message: "Your session was ended. Sign in again to continue.",
    });
  });
});

describe("routes as they declare themselves", () => {
  // A second app on the same database with routes that check nothing themselves: whatever is refused here, the
  // pipeline refused (the feature modules check their permission again in their services).
  let app: FastifyInstance;
  let reached = 0;

  beforeAll(async () => {
    app = await buildApp({ config: t.config, database: t.database });
    app.get("/api/v1/test/settings", { config: { permission: "can_manage_settings" } }, async () => {
      reached++;
      return { ok: true };
    });
    app.get("/api/v1/test/own-caching", { config: { permission: "authenticated" } }, async (_, reply) => {
      reply.header("cache-control", "private, max-age=60");
      return { ok: true };
    });
    app.get("/api/v1/test/public", async () => ({ ok: true }));
    app.get("/api/v1/test/hijacked", { config: { permission: "authenticated" } }, async (_, reply) => {
      reply.hijack();
      reply.raw.writeHead(200, { "content-type": "text/plain" }).end("written by hand");
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  const cookieOf = async (user: Parameters<TestApp["build"]["signedIn"]>[0]) =>
    (await (await t.build.signedIn(user)).jar.getCookieString(t.url)) as string;

  it("refuses a role without the route's permission before its handler runs, and lets one with it through", async () => {
    const tenant = await t.build.tenant();
    const viewer = await t.build.user(tenant, "customer_viewer");
    const admin = await t.build.user(null, "admin");
    const settings = (cookie?: string) =>
      app.inject({ method: "GET", url: "/api/v1/test/settings", headers: cookie ? { cookie } : {} });

    const refused = await settings(await cookieOf(viewer));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      error: "forbidden",
      message: "Your role does not allow this (can_manage_settings)",
    });
    expect(reached).toBe(0);
    expect((await settings()).statusCode).toBe(401);
    expect((await settings("portcullis_session=forged.token.value")).statusCode).toBe(401);
    expect(reached).toBe(0);

    const allowed = await settings(await cookieOf(admin));
    expect(allowed.statusCode).toBe(200);
    expect(reached).toBe(1);
  });

  it("marks answers that depend on the session no-store unless the route chose its caching, and no others", async () => {
    const admin = await t.build.user(null, "admin");
    const own = await app.inject({
      method: "GET",
      url: "/api/v1/test/own-caching",
      headers: { cookie: await cookieOf(admin) },
    });
    expect(own.statusCode).toBe(200);
    expect(own.headers["cache-control"]).toBe("private, max-age=60");
    const open = await app.inject({ method: "GET", url: "/api/v1/test/public" });
    expect(open.statusCode).toBe(200);
    expect(open.headers["cache-control"]).toBeUndefined();
  });

  it("ends the unit of work of an answer that never passes onSend (a hijacked reply)", async () => {
    const admin = await t.build.user(null, "admin");
    const response = await app.inject({
      method: "GET",
      url: "/api/v1/test/hijacked",
      headers: { cookie: await cookieOf(admin) },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("written by hand");
    // The connection goes back to the pool (a leaked one would stay checked out for good).
    const { pool } = t.database;
    const deadline = Date.now() + 3000;
    while (pool.idleCount !== pool.totalCount && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});

describe("the request's unit of work", () => {
  it("commits a successful answer's writes and rolls back an error answer's, a 400 included", async () => {
    // A second app on the same database, with one route more that renames its caller and then answers as asked.
    const app = await buildApp({ config: t.config, database: t.database });
    app.post<{ Querystring: { fail?: string } }>(
      "/api/v1/rename-then-answer",
      { config: { permission: "authenticated" } },
      async (request) => {
        const { actor, scoped } = callerOf(request);
        await scoped(sessionScope(actor), (trx) =>
          trx
            .updateTable("users")
            .set({ name: `Renamed ${request.query.fail ?? "ok"}` })
            .where("id", "=", actor.userId!)
            .execute(),
        );
        if (request.query.fail === "400") throw new AppError("bad_request", "refused after writing");
        if (request.query.fail === "404") throw new AppError("not_found", "gone after writing");
        return { ok: true };
      },
    );
    await app.ready();
    try {
      const admin = await t.build.user(null, "admin");
      const cookie = (await (await t.build.signedIn(admin)).jar.getCookieString(t.url)) as string;
      const nameOf = () =>
        withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
          trx.selectFrom("users").select("name").where("id", "=", admin.id).executeTakeFirstOrThrow(),
        );
      const call = (fail?: string) =>
        app.inject({
          method: "POST",
          url: `/api/v1/rename-then-answer${fail ? `?fail=${fail}` : ""}`,
          headers: { cookie, origin: t.config.publicUrl },
        });

      expect((await call("400")).statusCode).toBe(400);
      expect((await nameOf()).name).toBe(admin.name);
      expect((await call("404")).statusCode).toBe(404);
      expect((await nameOf()).name).toBe(admin.name);
      expect((await call()).statusCode).toBe(200);
      expect((await nameOf()).name).toBe("Renamed ok");
    } finally {
      await app.close();
    }
  });
});
