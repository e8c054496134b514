import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { buildApp } from "../../server/app";
import { type Config, loadConfig } from "../../server/config";
import { createFactories, type Factories } from "../factories";
import { TEST_APP_ROLE } from "./constants";
import { createTestDatabase, type TestDatabase } from "./database";
import { findFreePort } from "./process";

/** A fixed session secret, so tests can also forge tokens with a wrong one. */
export const TEST_SESSION_SECRET = "test-session-secret-0123456789-abcdefghijklmnop";

export interface TestApp {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> when started with `listen: true` (the OIDC flow needs a real socket). */
  url: string;
  database: TestDatabase;
  config: Config;
  /** Builds the rows a test depends on (tenants, users with sessions, reports…) in this app's database. */
  build: Factories;
  close(): Promise<void>;
}

/** The real app on a fresh copy of the seeded test database, for `app.inject` requests. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { listen?: boolean; port?: number } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const port = options.port ?? (options.listen ? await findFreePort() : 3000);
  const config = loadConfig({
    NODE_ENV: "test",
    DB_APP_ROLE: TEST_APP_ROLE,
    WEB_DIST_DIR: inject("webDistDir"),
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SESSION_SECRETS: TEST_SESSION_SECRET,
    // Background workers off unless a test is about them: seeded reports stay as seeded.
    JOBS_ENABLED: "false",
    ...env,
  });
  const app = await buildApp({ config, database });
  if (options.listen) await app.listen({ port, host: "127.0.0.1" });
  else await app.ready();
  return {
    app,
    url: config.publicUrl,
    database,
    config,
    build: createFactories(database, config),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
