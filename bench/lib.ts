import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../server/config";
import { type Database, openDatabase } from "../server/db/connection";
import { migrateToLatest } from "../server/db/migrations";
import { seedDemo } from "../server/db/seed/demo";
import { createFactories } from "../test/factories";
import {
  findFreePort,
  NO_BROWSER_SIGN_IN_ENV,
  type ServerProcess,
  spawnServer,
  waitForReady,
} from "../test/helpers/process";
import { ensureLoginRole, LOGIN_ROLE, urlAs } from "../test/helpers/roles";

export const APP_ROLE = "portcullis_app";
export const BENCH_SECRET = "bench-session-secret-0123456789-abcdefghijklmn";
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface BenchDatabase {
  kind: "postgres" | "pglite";
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh migrated database with the demo data: a random PostgreSQL database, or a PGlite folder. */
export async function createBenchDatabase(
  kind: "postgres" | "pglite",
  options: { demo?: boolean } = {},
): Promise<BenchDatabase> {
  const demo = options.demo ?? true;
  if (kind === "pglite") {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-bench-"));
    const database = await openDatabase({ kind: "pglite", dataDir });
    await migrateToLatest(database.owner.db, { appRole: APP_ROLE });
    await seedDemo(database, APP_ROLE);
    await database.close();
    return {
      kind,
      env: { DATA_DIR: dataDir },
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `portcullis_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const ownerUrl = urlAs(PG_ADMIN_URL, new URL(PG_ADMIN_URL).username || "postgres", name);
  const database = await openDatabase({ kind: "postgres", url: ownerUrl, ownerUrl, poolSize: 4 });
  await migrateToLatest(database.owner.db, { appRole: APP_ROLE });
  if (demo) await seedDemo(database, APP_ROLE);
  await database.close();
  await ensureLoginRole(admin, APP_ROLE);
  return {
    kind,
    env: { DATABASE_URL: urlAs(PG_ADMIN_URL, LOGIN_ROLE, name), DATABASE_OWNER_URL: ownerUrl },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Opens a bench database from this process (the server must not be running on an embedded one). */
export function openBenchDatabase(database: BenchDatabase): Promise<Database> {
  return database.kind === "pglite"
    ? openDatabase({ kind: "pglite", dataDir: database.env.DATA_DIR! })
    : openDatabase({
        kind: "postgres",
        url: database.env.DATABASE_OWNER_URL!,
        ownerUrl: database.env.DATABASE_OWNER_URL!,
        poolSize: 1,
      });
}

/**
 * A session for the demo account `subject`, created the way a sign-in creates one (the server's own session
 * service, signed with the bench secret for `publicUrl`): the benchmarked server loads no identity provider.
 */
export async function createSessionCookie(
  database: BenchDatabase,
  publicUrl: string,
  subject: string,
): Promise<string> {
  const config = loadConfig({
    ...database.env,
    ...NO_BROWSER_SIGN_IN_ENV,
    PUBLIC_URL: publicUrl,
    SESSION_SECRETS: BENCH_SECRET,
    DB_APP_ROLE: APP_ROLE,
  });
  const db = await openBenchDatabase(database);
  try {
    const build = createFactories(db, config);
    const browser = await build.signedIn(await build.existingUser(subject), publicUrl);
    return await browser.jar.getCookieString(publicUrl);
  } finally {
    await db.close();
  }
}

/**
 * Starts the real server as its own process on `database`, with no identity provider loaded; returns it with a
 * session cookie of `subject` (none when null).
 */
export async function startBenchServer(
  database: BenchDatabase,
  env: Record<string, string> = {},
  subject: string | null = "demo-northwind-viewer",
): Promise<{ server: ServerProcess; cookie: string; stop(): Promise<void> }> {
  const port = await findFreePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const cookie = subject ? await createSessionCookie(database, publicUrl, subject) : "";
  const server = await spawnServer({
    ...database.env,
    ...NO_BROWSER_SIGN_IN_ENV,
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    SESSION_SECRETS: BENCH_SECRET,
    DB_APP_ROLE: APP_ROLE,
    SEED_DEMO: "never",
    LOG_LEVEL: "warn",
    WEB_DIST_DIR: path.resolve("dist/web"),
    ...env,
  });
  await waitForReady(server);
  return {
    server,
    cookie,
    async stop() {
      server.child.kill("SIGTERM");
      await server.exited;
    },
  };
}

export interface LoadResult {
  url: string;
  connections: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  non2xx: number;
  errors: number;
}

/** Runs autocannon in its own process (the load generator must not share the server's event loop). */
export async function loadTest(
  url: string,
  cookie: string,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      path.resolve("node_modules/.bin/autocannon"),
      ["-j", "-c", String(connections), "-d", String(seconds), "-H", `cookie=${cookie}`, url],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`autocannon exited ${code}`))));
  });
  const result = JSON.parse(output) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    url: new URL(url).pathname,
    connections,
    durationSeconds: seconds,
    requestsPerSecond: Math.round(result.requests.average),
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Writes bench/results/<name>.json and .md, and prints the table. */
export function writeResults(name: string, data: object, markdown: string): void {
  const machine = { node: process.version, cpus: os.cpus().length, date: new Date().toISOString() };
  fs.mkdirSync("bench/results", { recursive: true });
  fs.writeFileSync(`bench/results/${name}.json`, `${JSON.stringify({ machine, ...data }, null, 2)}\n`);
  fs.writeFileSync(
    `bench/results/${name}.md`,
    `# ${name}\n\n${markdown}\n\nMeasured ${machine.date}, Node ${machine.node}, ${machine.cpus} cores.\n`,
  );
  console.log(markdown);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
