import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { buildApp } from "../server/app";
import { loadConfig } from "../server/config";
import { openDatabase } from "../server/db/connection";
import { findFreePort, NO_BROWSER_SIGN_IN_ENV } from "../test/helpers/process";
import {
  APP_ROLE,
  BENCH_SECRET,
  type BenchDatabase,
  createBenchDatabase,
  type LoadResult,
  loadTest,
  startBenchServer,
  writeResults,
} from "./lib";

/**
 * The request pipeline against a bare reference, same run, on PostgreSQL and on PGlite: `GET /api/v1/me` and
 * `GET /api/v1/reports/dashboard` of the real server (its own process, no identity provider loaded) against
 * bench/reference-server.ts (Fastify + the same session cookie checked with jose + one RLS-scoped one-row
 * select), 50 connections for 10 s each from a load generator in another process. Also counts the database
 * round trips each endpoint makes, at the pool.
 */

interface Row {
  database: "postgres" | "pglite";
  reference: LoadResult;
  me: LoadResult;
  dashboard: LoadResult;
  /** Every round's figures; the three above are the median rounds (by requests per second). */
  rounds: Record<"reference" | "me" | "dashboard", LoadResult[]>;
  roundTrips: { me: number; dashboard: number; reference: number };
}

const ROUNDS = 3;

/** The round with the median throughput (its latencies come with it). */
function medianRound(results: LoadResult[]): LoadResult {
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const ENDPOINTS = { me: "/api/v1/me", dashboard: "/api/v1/reports/dashboard" } as const;

/** Starts the reference server as its own process. */
async function startReference(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("bench/reference-server.ts")], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("reference ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`reference server exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/reference`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Round trips per request, counted at the pool: every `query` a pg client sends is one (a multi-statement text
 * is one). The app runs in this process for the count only, on the same database, after one warm-up request
 * (prepared statements are parsed once per connection).
 */
async function countRoundTrips(
  database: BenchDatabase,
  cookie: string,
  publicUrl: string,
): Promise<Row["roundTrips"]> {
  const config = loadConfig({
    ...database.env,
    ...NO_BROWSER_SIGN_IN_ENV,
    SESSION_SECRETS: BENCH_SECRET,
    DB_APP_ROLE: APP_ROLE,
    PUBLIC_URL: publicUrl,
    JOBS_ENABLED: "false",
    LOG_LEVEL: "silent",
  });
  const db = await openDatabase(config.database);
  const app = await buildApp({ config, database: db });
  await app.ready();
  let queries = 0;
  const original = pg.Client.prototype.query;
  const counting = function (this: pg.Client, ...args: unknown[]) {
    queries++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  const count = async (url: string) => {
    await app.inject({ url, headers: { cookie } });
    pg.Client.prototype.query = counting as typeof original;
    queries = 0;
    const response = await app.inject({ url, headers: { cookie } });
    pg.Client.prototype.query = original;
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return queries;
  };
  try {
    return { me: await count(ENDPOINTS.me), dashboard: await count(ENDPOINTS.dashboard), reference: 3 };
  } finally {
    pg.Client.prototype.query = original;
    await app.close();
    await db.close();
  }
}

export async function benchPipeline(options: { seconds?: number; connections?: number } = {}): Promise<void> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const rows: Row[] = [];

  for (const kind of ["postgres", "pglite"] as const) {
    const database = await createBenchDatabase(kind);
    try {
      // PostgreSQL: both servers stay up and the endpoints take turns, round after round, so a change in the
      // machine's load hits them alike; each figure is the median round. PGlite: one process per data folder, so
      // the portal's rounds run first, then the reference's.
      const rounds = kind === "postgres" ? ROUNDS : 1;
      const samples: Record<"reference" | keyof typeof ENDPOINTS, LoadResult[]> = {
        reference: [],
        me: [],
        dashboard: [],
      };
      const portal = await startBenchServer(database, { JOBS_ENABLED: "false" });
      const { cookie } = portal;
      const referenceEnv = {
        ...database.env,
        SESSION_SECRET: BENCH_SECRET,
        PUBLIC_URL: portal.server.url,
        DB_APP_ROLE: APP_ROLE,
      };
      let reference = kind === "postgres" ? await startReference(referenceEnv) : null;
      const targets = (): ["reference" | keyof typeof ENDPOINTS, string][] => [
        ...(reference ? [["reference", reference.url] as ["reference", string]] : []),
        ["me", `${portal.server.url}${ENDPOINTS.me}`],
        ["dashboard", `${portal.server.url}${ENDPOINTS.dashboard}`],
      ];
      try {
        for (const [, url] of targets()) await loadTest(url, cookie, 10, 2); // warm-up: JIT, pools, plans
        for (let round = 0; round < rounds; round++) {
          for (const [name, url] of targets())
            samples[name].push(await loadTest(url, cookie, connections, seconds));
        }
      } finally {
        await portal.stop();
        await reference?.stop();
      }
      if (!reference) {
        reference = await startReference(referenceEnv);
        try {
          await loadTest(reference.url, cookie, 10, 2);
          samples.reference.push(await loadTest(reference.url, cookie, connections, seconds));
        } finally {
          await reference.stop();
        }
      }
      const roundTrips = await countRoundTrips(database, cookie, portal.server.url);
      const all = Object.values(samples).flat();
      if (all.some((result) => result.non2xx + result.errors > 0)) {
        throw new Error(`non-2xx responses or errors: ${JSON.stringify(all)}`);
      }
      rows.push({
        database: kind,
        reference: medianRound(samples.reference),
        me: medianRound(samples.me),
        dashboard: medianRound(samples.dashboard),
        rounds: samples,
        roundTrips,
      });
    } finally {
      await database.drop();
    }
  }

  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const table = [
    "| database | endpoint | req/s | p50 ms | p99 ms | req/s ÷ reference | p99 ÷ reference | round trips |",
    "|---|---|---|---|---|---|---|---|",
    ...rows.flatMap((row) => [
      `| ${row.database} | reference (jose + 1 RLS-scoped select) | ${row.reference.requestsPerSecond} | ${row.reference.latencyP50} | ${row.reference.latencyP99} | 1.00 | 1.00 | ${row.roundTrips.reference} |`,
      ...(["me", "dashboard"] as const).map(
        (name) =>
          `| ${row.database} | GET ${ENDPOINTS[name]} | ${row[name].requestsPerSecond} | ${row[name].latencyP50} | ${row[name].latencyP99} | ${ratio(row[name].requestsPerSecond, row.reference.requestsPerSecond)} | ${ratio(row[name].latencyP99, row.reference.latencyP99)} | ${row.roundTrips[name]} |`,
      ),
    ]),
  ].join("\n");
  const bars = [
    "Bars (PostgreSQL): `/api/v1/me` ≥ 0.6× the reference's req/s (goal 0.9×); the dashboard ≥ 0.5× (goal 0.8×) with",
    "a p99 ≤ 2× the reference's (goal 1.2×).",
  ].join("\n");
  writeResults(
    "pipeline",
    { connections, seconds, rows },
    `${connections} connections, ${seconds} s each; server, reference and load generator in separate processes; on PostgreSQL the median of ${ROUNDS} interleaved rounds.\n\n${table}\n\n${bars}`,
  );
}
