import Fastify, { type FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody } from "../../contracts/errors";
import { findFreePort } from "../../test/helpers/process";
import { POOL_TIMEOUTS } from "../db/connection";
import { AppError } from "../errors";
import { DATABASE_RETRY_AFTER_SECONDS, registerErrorHandling } from "./errors";

describe("error responses", () => {
  let app: FastifyInstance;
  let unreachable: pg.Pool;

  beforeAll(async () => {
    // A pool like the app's, towards a port where no database listens: its queries fail as during an outage.
    unreachable = new pg.Pool({
      host: "127.0.0.1",
      port: await findFreePort(),
      user: "postgres",
      ...POOL_TIMEOUTS,
    });
    unreachable.on("error", () => {});
    app = Fastify({ logger: false });
    registerErrorHandling(app);
    app.get("/database-down", async () => unreachable.query("select 1"));
    app.get("/bug", async () => {
      throw new TypeError("cannot read properties of undefined");
    });
    app.get("/missing", async () => {
      throw new AppError("not_found", "Report not found");
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await unreachable.end();
  });

  it("a database that cannot be reached: 503 with Retry-After and the house body", async () => {
    const response = await app.inject("/database-down");
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    const body = response.json<ErrorBody>();
    expect(body).toEqual({
      error: "unavailable",
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(body.message).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });

  it("a bug stays a 500 without Retry-After (retrying would not help)", async () => {
    const response = await app.inject("/bug");
    expect(response.statusCode).toBe(500);
    expect(response.headers["retry-after"]).toBeUndefined();
    expect(response.json<ErrorBody>()).toMatchObject({ error: "internal", message: "Internal server error" });
  });

  it("the app's own errors keep their status", async () => {
    const response = await app.inject("/missing");
    expect(response.statusCode).toBe(404);
    expect(response.headers["retry-after"]).toBeUndefined();
    expect(response.json<ErrorBody>()).toMatchObject({ error: "not_found", message: "Report not found" });
  });
});
