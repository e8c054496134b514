import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/helpers/app";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

afterAll(async () => {
  await t?.close();
});

describe("health", () => {
  it("answers /healthz while the process is up", async () => {
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz 200 when the database answers and migrations are current", async () => {
    const response = await t.app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ready", database: "ok", migrations: "current" });
  });
});

describe("http basics", () => {
  it("gives every response a request id and the security headers", async () => {
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(response.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(response.headers["content-security-policy"]).toContain("script-src 'self'");
    // Plain-http dev server: no HSTS (it would pin localhost to https).
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });

  it("does not trust an incoming request id", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { "x-request-id": "forged" },
    });
    expect(response.headers["x-request-id"]).not.toBe("forged");
  });

  it("answers an unknown /api route with the JSON error shape", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/api/v1/nope",
      headers: { accept: "text/html" },
    });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toContain("application/json");
    const body = response.json();
    expect(body).toEqual({
      error: "not_found",
      message: "Route GET /api/v1/nope not found",
      requestId: response.headers["x-request-id"],
    });
  });

  it("answers unknown non-GET requests with a JSON 404", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/customer-portal",
      payload: {},
      headers: { origin: t.config.publicUrl },
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toBe("not_found");
  });
});
