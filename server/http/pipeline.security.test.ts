/**
 * Attacks on the request pipeline that were found against the running portal: bytes the database cannot store,
 * oversized JSON, unthrottled public work, cacheable private answers. Each refused with a clear 4xx, never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import { buildApp } from "../app";
import { rateLimits } from "./rate-limit";

let t: TestApp;
let viewer: BrowserClient;

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  viewer = new BrowserClient(t.url);
  await signInAs(viewer, "demo-northwind-viewer");
});

afterAll(async () => {
  await t?.close();
});

describe("text the database cannot store", () => {
  it.each([
    "/api/v1/reports?q=%00",
    "/api/v1/reports?q=annual%00report",
    "/api/v1/reports?type=executive_monthly&q=x%00",
    "/api/v1/compliance/nist%00",
    "/api/v1/reports/%00",
  ])("answers 400 to a NUL byte in %s", async (path) => {
    const response = await viewer.request(path, { headers: { accept: "application/json" } });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: "bad_request", message: expect.stringMatching(/NUL/) });
  });

  it.each([
    "/api/v1/reports?q=%FF",
    "/api/v1/reports?q=%C3%28",
    "/api/v1/reports?q=%E0%A4",
    "/api/v1/reports?q=50%",
  ])("answers 400 to a query string that is not percent-encoded UTF-8 (%s)", async (path) => {
    const response = await viewer.request(path, { headers: { accept: "application/json" } });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: "bad_request" });
  });

  it("still answers a well-formed non-ASCII search", async () => {
    const response = await viewer.request(`/api/v1/reports?q=${encodeURIComponent("résumé ✓")}`);
    expect(response.status).toBe(200);
  });

  it("answers 400 to NUL bytes and invalid UTF-8 in a JSON body", async () => {
    const nul = await fetch(`${t.url}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: `${"a".repeat(63)}\u0000` }),
    });
    expect(nul.status).toBe(400);
    const invalid = await fetch(`${t.url}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: Buffer.concat([Buffer.from('{"sha256":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: "bad_request",
      message: expect.stringMatching(/UTF-8/),
    });
  });
});

describe("request bodies", () => {
  it("refuses JSON over a few kilobytes with 413, and still takes a large PDF upload", async () => {
    const big = await fetch(`${t.url}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sha256: "a".repeat(64), padding: "x".repeat(64 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: "payload_too_large" });

    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
    const upload = await fetch(`${t.url}/api/v1/verify`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: pdf,
    });
    expect(upload.status).toBe(200);
    expect(await upload.json()).toMatchObject({ issued: false });
  });
});

describe("answers that depend on the session", () => {
  it.each(["/api/v1/me", "/api/v1/reports/dashboard", "/api/v1/reports", "/api/v1/compliance"])(
    "are never stored by a browser or a proxy: %s",
    async (path) => {
      const signedIn = await viewer.request(path);
      expect(signedIn.status).toBe(200);
      expect(signedIn.headers.get("cache-control")).toBe("no-store");
      const anonymous = await new BrowserClient(t.url).request(path);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("cache-control")).toBe("no-store");
    },
  );
});

describe("public routes", () => {
  it("limit each client address, counted in the database every instance shares", async () => {
    // A second instance of the app on the same database: one budget for both.
    const second = await buildApp({ config: t.config, database: t.database });
    await second.ready();
    try {
      const { points } = rateLimits.public;
      const verify = (app: "first" | "second", forwardedFor: string) => {
        const request = {
          method: "POST" as const,
          url: "/api/v1/verify",
          headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
          payload: { sha256: "b".repeat(64) },
          remoteAddress: "203.0.113.7",
        };
        return app === "first" ? t.app.inject(request) : second.inject(request);
      };
      // Alternating instances, and a new (untrusted) X-Forwarded-For every time: none of it resets the count.
      for (let index = 0; index < points; index++) {
        const response = await verify(index % 2 === 0 ? "first" : "second", `198.51.100.${index}`);
        expect(response.statusCode, `request ${index + 1}`).toBe(200);
      }
      const refused = await verify("second", "198.51.100.250");
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ error: "rate_limited" });
      // Another address has its own budget.
      const other = await t.app.inject({
        method: "POST",
        url: "/api/v1/verify",
        headers: { "content-type": "application/json" },
        payload: { sha256: "b".repeat(64) },
        remoteAddress: "203.0.113.8",
      });
      expect(other.statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe("/auth/* routes", () => {
  it("limit each client address to AUTH_RATE_LIMIT requests a minute, whatever the route", async () => {
    const limited = await createTestApp({ AUTH_RATE_LIMIT: "10" });
    try {
      const call = (url: string, remoteAddress = "203.0.113.20") =>
        limited.app.inject({
          method: "GET",
          url,
          remoteAddress,
          headers: { host: new URL(limited.url).host },
        });
      for (let index = 0; index < 10; index++) {
        // Sign-in starts and callbacks alike; the stylesheet of the sign-in pages does not count.
        expect((await call(index % 2 ? "/auth/login" : "/auth/callback")).statusCode).not.toBe(429);
        expect((await call("/auth/assets/page.css")).statusCode).toBe(200);
      }
      const refused = await call("/auth/login");
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      const redeem = await limited.app.inject({
        method: "POST",
        url: "/auth/client-token/redeem",
        headers: { origin: limited.url, "content-type": "application/json" },
        payload: { token: "x" },
        remoteAddress: "203.0.113.20",
      });
      expect(redeem.statusCode).toBe(429);
      expect((await call("/auth/login", "203.0.113.21")).statusCode).not.toBe(429);
      expect((await call("/api/v1/me")).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe("clients that hang up", () => {
  it("never keep a database connection: every aborted request's transaction ends", async () => {
    const cookie = await viewer.jar.getCookieString(t.url);
    const aborted = Array.from({ length: 40 }, async (_, index) => {
      const controller = new AbortController();
      const pending = fetch(`${t.url}/api/v1/reports/dashboard?abort=${index}`, {
        headers: { cookie },
        signal: controller.signal,
      }).catch(() => undefined);
      setTimeout(() => controller.abort(), index % 5);
      await pending;
    });
    await Promise.all(aborted);
    // Every connection is back in the pool (a leaked one would be checked out for good; with PGlite's single
    // connection the next request would wait for ever).
    const deadline = Date.now() + 5000;
    while (t.database.pool.idleCount !== t.database.pool.totalCount && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(t.database.pool.totalCount - t.database.pool.idleCount).toBe(0);
    expect((await viewer.request("/api/v1/reports/dashboard")).status).toBe(200);
  });
});
