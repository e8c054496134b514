/**
 * Access links behind a load balancer: two server instances on one PostgreSQL. A link used on one instance is
 * used on every instance, and the failed-redemption limit is one budget for the fleet (its counters live in the
 * database), so an attacker gains nothing by spreading guesses across instances. PostgreSQL only: the embedded
 * PGlite engine serves a single process.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltWorkspace, Factories } from "../../../test/factories";
import { isPostgresRun } from "../../../test/helpers/database";
import { FLEET_URL, type Fleet, startFleet } from "../../../test/helpers/fleet";
import type { ServerProcess } from "../../../test/helpers/process";
import { rateLimits } from "../../http/rate-limit";

const PUBLIC_URL = FLEET_URL;

describe.skipIf(!isPostgresRun)("access links across two instances", () => {
  let build: Factories;
  let workspace: BuiltWorkspace;
  let fleet: Fleet;
  const instances: ServerProcess[] = [];

  beforeAll(async () => {
    // The load balancer in front of both: its X-Forwarded-For names the client.
    fleet = await startFleet({ TRUST_PROXY: "127.0.0.1" });
    ({ build } = fleet);
    instances.push(...fleet.instances);
    workspace = await build.workspace(await build.tenant());
  });

  afterAll(async () => {
    await fleet?.stop();
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
