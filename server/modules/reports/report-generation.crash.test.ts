import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { TEST_SESSION_SECRET } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { createTestDatabase, isPostgresRun, type TestDatabase } from "../../../test/helpers/database";
import { BrowserClient, signInAs } from "../../../test/helpers/http-client";
import { findFreePort, type ServerProcess, spawnServer, waitForReady } from "../../../test/helpers/process";
import { type Database, openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrations";
import { withScope } from "../../db/scope";
import { seedDemo } from "../../db/seed/demo";

const processes: ServerProcess[] = [];
let dataDir: string | undefined;
let pgDatabase: TestDatabase | undefined;

afterAll(async () => {
  for (const server of processes) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  await pgDatabase?.close();
});

interface Progress {
  completed: number;
  total: number;
}

/** Asks the running server, as a staff admin, how many reports of both demo tenants are done. */
async function progress(client: BrowserClient, tenantIds: string[]): Promise<Progress> {
  let completed = 0;
  let total = 0;
  for (const tenant of tenantIds) {
    const all = await client.request(`/api/v1/reports?tenant=${tenant}&pageSize=1`);
    const done = await client.request(`/api/v1/reports?tenant=${tenant}&status=completed&pageSize=1`);
    total += all.json<{ total: number }>().total;
    completed += done.json<{ total: number }>().total;
  }
  return { completed, total };
}

describe("report generation survives a killed worker", () => {
  it("picks the interrupted work up after a restart and completes every report exactly once", async () => {
    const port = await findFreePort();
    // The database is prepared (migrated, demo data) before the server starts on it, so the test knows the tenants.
    let env: Record<string, string>;
    let prepared: Database;
    if (isPostgresRun) {
      pgDatabase = await createTestDatabase();
      prepared = pgDatabase;
      env = { DATABASE_URL: pgDatabase.url! };
    } else {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-crash-"));
      prepared = await openDatabase({ kind: "pglite", dataDir });
      await migrateToLatest(prepared.db, { appRole: TEST_APP_ROLE });
      await seedDemo(prepared.db, TEST_APP_ROLE);
      env = { DATA_DIR: dataDir };
    }
    // Enough queued work that the kill lands part-way through it: 300 more monthly reports to render.
    const tenants = await withScope(prepared.db, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
      const soc = await trx
        .selectFrom("workspaces")
        .select(["id", "tenant_id"])
        .where("kind", "=", "soc")
        .execute();
      const extra = Array.from({ length: 300 }, (_, index) => {
        const workspace = soc[index % soc.length]!;
        const start = new Date(Date.UTC(2026, 10 - 24 - Math.floor(index / soc.length), 1));
        return {
          tenant_id: workspace.tenant_id,
          workspace_id: workspace.id,
          report_type: "executive_monthly" as const,
          title: `Executive Summary — backfill ${start.toISOString().slice(0, 7)}`,
          period_start: start,
          period_end: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)),
        };
      });
      await trx.insertInto("reports").values(extra).execute();
      return (await trx.selectFrom("tenants").select("id").execute()).map((row) => row.id);
    });
    const expectedTotal = (
      await withScope(prepared.db, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx
          .selectFrom("reports")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow(),
      )
    ).n;
    if (!pgDatabase) await prepared.close();
    Object.assign(env, {
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEB_DIST_DIR: inject("webDistDir"),
      SESSION_SECRETS: TEST_SESSION_SECRET,
      DB_APP_ROLE: TEST_APP_ROLE,
      SEED_DEMO: "never",
      JOBS_EXPIRE_SECONDS: "3",
      JOBS_MAINTENANCE_SECONDS: "1",
    });

    // Kill the process, without warning, as soon as its workers have completed a few reports: the worker logs
    // each one, so the kill lands part-way through the queue (generation starts before the server listens).
    const first = await spawnServer({ ...env, LOG_LEVEL: "info" });
    processes.push(first);
    const completedSoFar = () => first.stdout().split('"outcome":"completed"').length - 1;
    const deadline = Date.now() + 120_000;
    while (completedSoFar() < 3 && Date.now() < deadline && first.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    first.child.kill("SIGKILL");
    await first.exited;
    const before = { completed: completedSoFar(), total: expectedTotal };
    expect(before.completed).toBeGreaterThanOrEqual(3);
    expect(before.completed).toBeLessThan(before.total);

    const second = await spawnServer(env);
    processes.push(second);
    await waitForReady(second);
    const again = new BrowserClient(second.url);
    await signInAs(again, "demo-staff-admin");
    let after: Progress = { completed: 0, total: 0 };
    const finish = Date.now() + 180_000;
    while (Date.now() < finish) {
      after = await progress(again, tenants);
      if (after.completed === after.total) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(after).toEqual({ completed: before.total, total: before.total });
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);

    // Exactly once: each report was completed by one generation (attempts = 1) and its bytes match its digest.
    const database: Database = pgDatabase ?? (await openDatabase({ kind: "pglite", dataDir: dataDir! }));
    try {
      const rows = await withScope(database.db, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx.selectFrom("reports").select(["status", "attempts", "pdf", "sha256"]).execute(),
      );
      expect(rows.length).toBe(before.total);
      expect(rows.filter((row) => row.status !== "completed" || row.attempts !== 1)).toEqual([]);
      for (const row of rows) expect(createHash("sha256").update(row.pdf!).digest("hex")).toBe(row.sha256);
    } finally {
      if (!pgDatabase) await database.close();
    }
  });
});
