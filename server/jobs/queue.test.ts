import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, isPostgresRun, type TestDatabase } from "../../test/helpers/database";
import { loadConfig } from "../config";
import { type Database, openDatabase } from "../db/connection";
import { JobQueue } from "./queue";

/*
 * PostgreSQL only: instances of a fleet start at the same moment after a deployment, and each sets up the job
 * queue's queues. The embedded PGlite engine serves a single process.
 */
describe.skipIf(!isPostgresRun)("the job queue", () => {
  const opened: (Database | TestDatabase)[] = [];

  afterAll(async () => {
    for (const database of opened.reverse()) await database.close();
  });

  it("is set up by several instances starting at once, each ending with every queue", async () => {
    const database = await createTestDatabase();
    opened.push(database);
    const config = loadConfig({ NODE_ENV: "test", JOBS_ENABLED: "false", JOBS_MAINTENANCE_SECONDS: "600" });
    const names = ["alpha", "beta", "gamma", "delta", "epsilon"].map((name) => `setup-race-${name}`);
    const instances = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const own = await openDatabase({
          kind: "postgres",
          url: database.url!,
          ownerUrl: database.ownerUrl!,
          poolSize: 4,
        });
        opened.push(own);
        const queue = new JobQueue(own, config, pino({ level: "silent" }));
        for (const name of names)
          queue.define({ name, retryLimit: 1, retryDelay: 1, handler: async () => {} });
        return queue;
      }),
    );
    const results = await Promise.allSettled(instances.map((queue) => queue.start()));
    await Promise.all(instances.map((queue) => queue.stop()));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
  });
});
