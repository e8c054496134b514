import { createHash } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
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
import { withScope } from "../../db/scope";

/** Queued work: the seeded reports plus this many re-runs of executive reports over months with real data. */
const EXTRA_REPORTS = 300;

const processes: ServerProcess[] = [];
let database: TestDatabase | undefined;

afterAll(async () => {
  for (const server of processes) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  }
  await database?.close();
});

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(database!, TEST_APP_ROLE, { kind: "system" }, fn);

async function completed(): Promise<number> {
  const row = await system((trx) =>
    trx
      .selectFrom("reports")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "completed")
      .executeTakeFirstOrThrow(),
  );
  return row.n;
}

/*
 * Runs in the PostgreSQL pass (`npm run test:pg`, part of CI): the test watches the database while the server works,
 * which the embedded PGlite (one process per data folder) does not allow. The recovery path — pg-boss expiring the
 * dead worker's jobs and retrying them — is the same code on both databases.
 */
describe.skipIf(!isPostgresRun)("report generation survives a killed worker", () => {
  it("picks the interrupted work up after a restart and completes every report exactly once", {
    timeout: 300_000,
  }, async () => {
    database = await createTestDatabase();
    const total = await system(async (trx) => {
      // Requested by staff (so a month may repeat) over months that hold real data: each report is full work.
      const soc = await trx
        .selectFrom("workspaces")
        .select(["id", "tenant_id"])
        .where("kind", "=", "soc")
        .execute();
      const staff = await trx
        .selectFrom("users")
        .select("id")
        .where("role", "=", "admin")
        .executeTakeFirstOrThrow();
      const now = new Date();
      await trx
        .insertInto("reports")
        .values(
          Array.from({ length: EXTRA_REPORTS }, (_, index) => {
            const workspace = soc[index % soc.length]!;
            const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1 - (index % 12), 1));
            return {
              tenant_id: workspace.tenant_id,
              workspace_id: workspace.id,
              report_type: "executive_monthly" as const,
              title: `Executive Summary — re-run ${index + 1}`,
              period_start: start,
              period_end: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)),
              requested_by: staff.id,
            };
          }),
        )
        .execute();
      return (
        await trx
          .selectFrom("reports")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    });

    const port = await findFreePort();
    const env = {
      ...NO_BROWSER_SIGN_IN_ENV,
      DATABASE_URL: database.url!,
      DATABASE_OWNER_URL: database.ownerUrl!,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEB_DIST_DIR: inject("webDistDir"),
      SESSION_SECRETS: TEST_SESSION_SECRET,
      DB_APP_ROLE: TEST_APP_ROLE,
      SEED_DEMO: "never",
      JOBS_EXPIRE_SECONDS: "3",
      JOBS_MAINTENANCE_SECONDS: "1",
    };

    // Kill the server without warning once some reports are done and others are not.
    const first = await spawnServer(env);
    processes.push(first);
    let before = 0;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && first.child.exitCode === null) {
      before = await completed();
      if (before >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    before = await completed();
    expect(before).toBeGreaterThanOrEqual(1);
    expect(before).toBeLessThan(total);

    const second = await spawnServer(env);
    processes.push(second);
    await waitForReady(second);
    const finish = Date.now() + 240_000;
    while ((await completed()) < total && Date.now() < finish) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    // Exactly once: each report was completed by one generation (attempts = 1) and its bytes match its digest.
    const rows = await system((trx) =>
      trx.selectFrom("reports").select(["status", "attempts", "pdf", "sha256"]).execute(),
    );
    expect(rows.length).toBe(total);
    expect(rows.filter((row) => row.status !== "completed" || row.attempts !== 1)).toEqual([]);
    for (const row of rows) expect(createHash("sha256").update(row.pdf!).digest("hex")).toBe(row.sha256);
  });
});
