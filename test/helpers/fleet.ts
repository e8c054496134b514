import { inject } from "vitest";
import { loadConfig } from "../../server/config";
import { createFactories, type Factories } from "../factories";
import { TEST_SESSION_SECRET } from "./app";
import { TEST_APP_ROLE } from "./constants";
import { createTestDatabase, type TestDatabase } from "./database";
import {
  findFreePort,
  NO_BROWSER_SIGN_IN_ENV,
  type ServerProcess,
  spawnServer,
  waitForReady,
} from "./process";

/** The public origin every instance of a fleet serves (as behind one load balancer). */
export const FLEET_URL = "http://portal.test";

export interface Fleet {
  database: TestDatabase;
  /** The server processes, all on `database`, with one origin and one signing secret. */
  instances: ServerProcess[];
  /** Builds rows (and sessions signed for `FLEET_URL`) in the fleet's database. */
  build: Factories;
  stop(): Promise<void>;
}

/**
 * Server instances on one fresh PostgreSQL database, as behind a load balancer: the real server processes, no
 * identity provider loaded (sessions come from the factories), no background workers unless `env` says so.
 */
export async function startFleet(env: Record<string, string> = {}, size = 2): Promise<Fleet> {
  const database = await createTestDatabase();
  const fleetEnv = {
    ...NO_BROWSER_SIGN_IN_ENV,
    DATABASE_URL: database.url!,
    DATABASE_OWNER_URL: database.ownerUrl!,
    PUBLIC_URL: FLEET_URL,
    SESSION_SECRETS: TEST_SESSION_SECRET,
    DB_APP_ROLE: TEST_APP_ROLE,
    SEED_DEMO: "never",
    JOBS_ENABLED: "false",
    WEB_DIST_DIR: inject("webDistDir"),
    ...env,
  };
  const instances: ServerProcess[] = [];
  for (let index = 0; index < size; index++) {
    instances.push(await spawnServer({ ...fleetEnv, PORT: String(await findFreePort()) }));
  }
  await Promise.all(instances.map((instance) => waitForReady(instance)));
  return {
    database,
    instances,
    build: createFactories(database, loadConfig(fleetEnv)),
    async stop() {
      for (const instance of instances) {
        instance.child.kill("SIGTERM");
        await instance.exited;
      }
      await database.close();
    },
  };
}
