import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { TEST_APP_ROLE } from "../test/helpers/constants";
import { isPostgresRun } from "../test/helpers/database";
import { type ServerProcess, spawnServer, waitForReady } from "../test/helpers/process";
import { openDatabase } from "./db/connection";
import { isSchemaCurrent } from "./db/migrations";
import { withScope } from "./db/scope";

const started: ServerProcess[] = [];
const dataDirs: string[] = [];

function tempDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-main-"));
  dataDirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer({ WEB_DIST_DIR: inject("webDistDir"), ...env });
  started.push(server);
  return server;
}

afterAll(async () => {
  for (const server of started) {
    if (server.child.exitCode === null) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
  }
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const oneLine = (text: string) =>
  text
    .trim()
    .split("\n")
    .filter((line) => line.trim() !== "");

describe("start-up configuration errors", () => {
  it("stops on an invalid PORT with one line naming it", async () => {
    const server = await start({ PORT: "not-a-port", DATA_DIR: tempDataDir() });
    expect(await server.exited).toBe(1);
    expect(oneLine(server.stderr())).toEqual([
      'portcullis: Invalid configuration: PORT must be an integer from 1 to 65535 (got "not-a-port")',
    ]);
  });

  it("stops on a malformed DATABASE_URL with one line, password hidden", async () => {
    const server = await start({ DATABASE_URL: "mysql://root:hunter2@db/portcullis" });
    expect(await server.exited).toBe(1);
    const lines = oneLine(server.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^portcullis: Invalid configuration: DATABASE_URL must be a postgres:\/\//);
    expect(lines[0]).not.toContain("hunter2");
  });

  it("stops with one line when the database at DATABASE_URL cannot be reached", async () => {
    const server = await start({
      DATABASE_URL: "postgres://portcullis:hunter2@127.0.0.1:1/portcullis",
      SESSION_SECRETS: "a-test-secret-that-is-long-enough-0123456789",
      DEV_IDP: "on",
    });
    expect(await server.exited).toBe(1);
    const lines = oneLine(server.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^portcullis: Cannot connect to the database at DATABASE_URL \(postgres:\/\/portcullis:\*\*\*@127\.0\.0\.1:1/,
    );
    expect(lines[0]).not.toContain("hunter2");
  });

  it("will not serve the development identity provider on a public interface, and says why in one line", async () => {
    const server = await start({ HOST: "0.0.0.0", DATA_DIR: tempDataDir() });
    expect(await server.exited).toBe(1);
    const lines = oneLine(server.stderr());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^portcullis: Invalid configuration: the built-in development identity provider .* HOST=0\.0\.0\.0 \(not a loopback address\): set SSO_PROVIDER$/,
    );
  });
});

describe.skipIf(isPostgresRun)("the embedded data folder", () => {
  it("refuses a second server on the same folder, loses nothing, and shuts down cleanly", async () => {
    const dataDir = tempDataDir();
    const first = await start({ DATA_DIR: dataDir, SEED_DEMO: "always" });
    await waitForReady(first);
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    // A fresh start says nothing a newcomer would have to puzzle over (no library warnings on stderr).
    expect(first.stderr()).toBe("");

    const second = await start({ DATA_DIR: dataDir });
    expect(await second.exited).toBe(1);
    expect(oneLine(second.stderr())).toEqual([
      `portcullis: The data folder ${dataDir} is in use by another Portcullis process (pid ${first.child.pid}); stop it first, or set DATABASE_URL to share a PostgreSQL server between processes.`,
    ]);
    // The first server is untouched and still owns the folder.
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, "portcullis.lock"), "utf8")).toBe(String(first.child.pid));

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "portcullis.lock"))).toBe(false);

    // Everything the first server wrote is there when the folder is opened again.
    const database = await openDatabase({ kind: "pglite", dataDir });
    try {
      expect(await isSchemaCurrent(database.db, { appRole: TEST_APP_ROLE })).toBe(true);
      const tenants = await withScope(database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx.selectFrom("tenants").select("slug").orderBy("slug").execute(),
      );
      expect(tenants.length).toBeGreaterThanOrEqual(2);
    } finally {
      await database.close();
    }
    // Two boots with the demo data and a graceful stop (finishing the reports being rendered): slow on a busy machine.
  }, 150_000);
});
