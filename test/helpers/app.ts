import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { buildApp } from "../../server/app";
import { type Config, loadConfig } from "../../server/config";
import { TEST_APP_ROLE } from "./constants";
import { createTestDatabase, type TestDatabase } from "./database";

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

/** The real app on a fresh copy of the seeded test database, for `app.inject` requests. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    DB_APP_ROLE: TEST_APP_ROLE,
    WEB_DIST_DIR: inject("webDistDir"),
    ...env,
  });
  const app = await buildApp({ config, database });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
    },
  };
}
