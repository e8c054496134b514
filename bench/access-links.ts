import { loadConfig } from "../server/config";
import { createFactories } from "../test/factories";
import { NO_BROWSER_SIGN_IN_ENV } from "../test/helpers/process";
import {
  APP_ROLE,
  BENCH_SECRET,
  createBenchDatabase,
  median,
  openBenchDatabase,
  startBenchServer,
  writeResults,
} from "./lib";

/**
 * Whether a failed redemption's timing tells what kind of link it was: the server's answer time for unknown,
 * malformed, used, expired and revoked links (and, for scale, good ones), interleaved round by round on one
 * PostgreSQL server, each request from its own client address so the failure limit never answers first.
 */
const ROUNDS = 300;
const kinds = ["unknown", "malformed", "used", "expired", "revoked", "valid"] as const;
type Kind = (typeof kinds)[number];

export async function benchAccessLinks(): Promise<void> {
  const database = await createBenchDatabase("postgres");
  try {
    const { server, stop } = await startBenchServer(
      database,
      { JOBS_ENABLED: "false", TRUST_PROXY: "127.0.0.1" },
      null,
    );
    const db = await openBenchDatabase(database);
    const times: Record<Kind, number[]> = Object.fromEntries(kinds.map((kind) => [kind, []])) as never;
    try {
      const config = loadConfig({
        ...database.env,
        ...NO_BROWSER_SIGN_IN_ENV,
        SESSION_SECRETS: BENCH_SECRET,
        DB_APP_ROLE: APP_ROLE,
      });
      const build = createFactories(db, config);
      const workspace = await build.workspace(await build.tenant());
      const secrets: Record<Kind, string[]> = {
        unknown: [],
        malformed: [],
        used: [],
        expired: [],
        revoked: [],
        valid: [],
      };
      for (let round = 0; round < ROUNDS; round++) {
        secrets.unknown.push(`${round}`.padEnd(43, "u"));
        secrets.malformed.push(`not a link ${round}`);
        for (const state of ["used", "expired", "revoked"] as const) {
          secrets[state].push((await build.accessLink(workspace, { state })).secret);
        }
        secrets.valid.push((await build.accessLink(workspace)).secret);
      }
      let address = 0;
      const redeem = async (token: string) => {
        address++;
        const started = performance.now();
        const response = await fetch(`${server.url}/auth/client-token/redeem`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: server.url,
            "x-forwarded-for": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
          },
          body: JSON.stringify({ token }),
        });
        await response.arrayBuffer();
        return { ms: performance.now() - started, status: response.status };
      };
      for (let warm = 0; warm < 50; warm++) await redeem("warm-up".padEnd(43, "w"));
      for (let round = 0; round < ROUNDS; round++) {
        for (const kind of kinds) {
          const { ms, status } = await redeem(secrets[kind][round]!);
          if (status !== (kind === "valid" ? 200 : 401)) throw new Error(`${kind}: answered ${status}`);
          times[kind].push(ms);
        }
      }
    } finally {
      await db.close();
      await stop();
    }
    const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
    const rows = kinds.map((kind) => ({ kind, medianMs: median(times[kind]), p95Ms: p95(times[kind]) }));
    const failures = rows.filter((row) => row.kind !== "valid").map((row) => row.medianMs);
    const spread = Math.max(...failures) - Math.min(...failures);
    writeResults(
      "access-links",
      { rounds: ROUNDS, rows, failureMedianSpreadMs: spread },
      [
        `Redemption answer times on PostgreSQL, ${ROUNDS} requests of each kind, interleaved:`,
        "",
        "| link | median ms | p95 ms |",
        "|---|---|---|",
        ...rows.map((row) => `| ${row.kind} | ${row.medianMs.toFixed(2)} | ${row.p95Ms.toFixed(2)} |`),
        "",
        `Spread of the failure medians: ${spread.toFixed(2)} ms.`,
      ].join("\n"),
    );
  } finally {
    await database.drop();
  }
}
