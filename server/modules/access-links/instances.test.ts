/**
 * Access links behind a load balancer: two server instances on one PostgreSQL. A link used on one instance is
 * used on every instance, and the failed-redemption limit is one budget for the fleet (its counters live in the
 * database), so an attacker gains nothing by spreading guesses across instances. PostgreSQL only: the embedded
 * PGlite engine serves a single process.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BuiltWorkspace, createFactories, type Factories } from "../../../test/factories";
import { TEST_SESSION_SECRET } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { createTestDatabase, isPostgresRun, type TestDatabase } from "../../../test/helpers/database";
import {
  findFreePort,
  NO_BROWSER_SIGN_IN_ENV,
  type ServerProcess,
  spawnServer,
  waitForReady,
} from "../../../test/helpers/process";
import { loadConfig } from "../../config";
import { rateLimits } from "../../http/rate-limit";

const PUBLIC_URL = "http://portal.test";

describe.skipIf(!isPostgresRun)("access links across two instances", () => {
  let database: TestDatabase;
  let build: Factories;
  let workspace: BuiltWorkspace;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      ...NO_BROWSER_SIGN_IN_ENV,
      DATABASE_URL: database.url!,
      DATABASE_OWNER_URL: database.ownerUrl!,
      PUBLIC_URL,
      SESSION_SECRETS: TEST_SESSION_SECRET,
      DB_APP_ROLE: TEST_APP_ROLE,
      SEED_DEMO: "never",
      JOBS_ENABLED: "false",
      // The load balancer in front of both: its X-Forwarded-For names the client.
      TRUST_PROXY: "127.0.0.1",
      WEB_DIST_DIR: inject("webDistDir"),
    };
    for (let index = 0; index < 2; index++) {
      instances.push(await spawnServer({ ...env, PORT: String(await findFreePort()) }));
    }
    await Promise.all(instances.map((instance) => waitForReady(instance)));
    build = createFactories(database, loadConfig(env));
    workspace = await build.workspace(await build.tenant());
  });

  afterAll(async () => {
    for (const instance of instances) {
      instance.child.kill("SIGTERM");
      await instance.exited;
    }
    await database?.close();
  });

  async function redeem(instance: ServerProcess, token: string, client: string) {
    const response = await fetch(`${instance.url}/auth/client-token/redeem`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: PUBLIC_URL, "x-forwarded-for": client },
      body: JSON.stringify({ token }),
    });
    await response.arrayBuffer();
    return { status: response.status, retryAfter: response.headers.get("retry-after") };
  }

  it("counts failures on both instances against one budget, and another client still gets through", async () => {
    const attacker = "198.51.100.7";
    const { points } = rateLimits.linkFailures;
    for (let index = 0; index < points; index++) {
      const instance = instances[index % 2]!;
      expect((await redeem(instance, `guess-${index}`.padEnd(43, "x"), attacker)).status).toBe(401);
    }
    for (const instance of instances) {
      const refused = await redeem(instance, "one-more".padEnd(43, "x"), attacker);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    const { secret } = await build.accessLink(workspace);
    expect((await redeem(instances[1]!, secret, "198.51.100.8")).status).toBe(200);
  });

  it("uses a link once across the fleet", async () => {
    const { secret } = await build.accessLink(workspace);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        redeem(instances[index % 2]!, secret, `203.0.113.${index + 1}`),
      ),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
  });
});
