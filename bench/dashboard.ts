import { createBenchDatabase, type LoadResult, loadTest, startBenchServer, writeResults } from "./lib";

/**
 * GET /api/v1/reports/dashboard under load, beside the bare baseline GET /api/v1/me (session cookie + session row
 * + one RLS-scoped one-row lookup), in the same run, on PostgreSQL and on PGlite. Server and load generator are
 * separate processes.
 */
export async function benchDashboard(
  options: { seconds?: number; connections?: number } = {},
): Promise<void> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const rows: { database: string; baseline: LoadResult; dashboard: LoadResult; ratio: number }[] = [];

  for (const kind of ["postgres", "pglite"] as const) {
    const database = await createBenchDatabase(kind);
    const { server, cookie, stop } = await startBenchServer(database, { JOBS_ENABLED: "false" });
    try {
      // Warm-up: JIT, connection pool, plan caches.
      await loadTest(`${server.url}/api/v1/reports/dashboard`, cookie, 10, 2);
      await loadTest(`${server.url}/api/v1/me`, cookie, 10, 2);
      const baseline = await loadTest(`${server.url}/api/v1/me`, cookie, connections, seconds);
      const dashboard = await loadTest(
        `${server.url}/api/v1/reports/dashboard`,
        cookie,
        connections,
        seconds,
      );
      if (baseline.non2xx + dashboard.non2xx + baseline.errors + dashboard.errors > 0) {
        throw new Error(`non-2xx responses or errors: ${JSON.stringify({ baseline, dashboard })}`);
      }
      rows.push({
        database: kind,
        baseline,
        dashboard,
        ratio: dashboard.requestsPerSecond / baseline.requestsPerSecond,
      });
    } finally {
      await stop();
      await database.drop();
    }
  }

  const table = [
    `| database | endpoint | req/s | p50 ms | p99 ms | dashboard / baseline |`,
    `|---|---|---|---|---|---|`,
    ...rows.flatMap((row) => [
      `| ${row.database} | baseline GET /api/v1/me | ${row.baseline.requestsPerSecond} | ${row.baseline.latencyP50} | ${row.baseline.latencyP99} | |`,
      `| ${row.database} | GET /api/v1/reports/dashboard | ${row.dashboard.requestsPerSecond} | ${row.dashboard.latencyP50} | ${row.dashboard.latencyP99} | ${(row.ratio * 100).toFixed(0)} % |`,
    ]),
  ].join("\n");
  writeResults(
    "dashboard",
    { connections, seconds, rows },
    `${connections} connections, ${seconds} s each.\n\n${table}`,
  );
}
