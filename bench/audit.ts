import fs from "node:fs";
import { sql } from "kysely";
import { describeVerification, verifyAuditTrail } from "../server/audit/verify";
import { withScope } from "../server/db/scope";
import {
  APP_ROLE,
  createBenchDatabase,
  type LoadResult,
  loadTest,
  median,
  openBenchDatabase,
  startBenchServer,
  writeResults,
} from "./lib";

/**
 * What the audit trail costs and whether it holds under load, on PostgreSQL:
 * - dashboard throughput with the trail on and off (`AUDIT_TRAIL=off`, which exists for this measurement only),
 *   two servers on one database taking turns, round after round, 50 connections for 10 s each;
 * - 200 concurrent mixed requests (allowed, 401, 403, 404) spread over two instances, then `audit verify`;
 * - sealing lag: from a row's write to the seal that covers it, over every row written in the run.
 */
const ROUNDS = 3;
const DASHBOARD = "/api/v1/reports/dashboard";

export async function benchAudit(options: { seconds?: number; connections?: number } = {}): Promise<void> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const database = await createBenchDatabase("postgres");
  try {
    const on = await startBenchServer(database, { JOBS_ENABLED: "false" });
    const off = await startBenchServer(database, { JOBS_ENABLED: "false", AUDIT_TRAIL: "off" });
    const second = await startBenchServer(database, { JOBS_ENABLED: "false" });
    const samples: Record<"on" | "off", LoadResult[]> = { on: [], off: [] };
    let mixed: { requests: number; statuses: Record<number, number> };
    try {
      for (const server of [on, off]) await loadTest(`${server.server.url}${DASHBOARD}`, on.cookie, 10, 2);
      for (let round = 0; round < ROUNDS; round++) {
        samples.on.push(await loadTest(`${on.server.url}${DASHBOARD}`, on.cookie, connections, seconds));
        samples.off.push(await loadTest(`${off.server.url}${DASHBOARD}`, off.cookie, connections, seconds));
      }
      mixed = await mixedRequests([on, second]);
      // Let the sealer cover the last rows (it seals every second).
      await new Promise((resolve) => setTimeout(resolve, 3000));
    } finally {
      await on.stop();
      await off.stop();
      await second.stop();
    }
    const all = [...samples.on, ...samples.off];
    if (all.some((result) => result.non2xx + result.errors > 0)) {
      throw new Error(`non-2xx responses or errors: ${JSON.stringify(all)}`);
    }

    const db = await openBenchDatabase(database);
    let verification: Awaited<ReturnType<typeof verifyAuditTrail>>;
    let lag: { p50: number; p99: number; max: number; rows: number };
    let verifySeconds: number;
    try {
      const started = performance.now();
      verification = await withScope(db, APP_ROLE, { kind: "system" }, verifyAuditTrail);
      verifySeconds = (performance.now() - started) / 1000;
      lag = await withScope(db, APP_ROLE, { kind: "system" }, async (trx) => {
        const { rows } = await sql<{ p50: number; p99: number; max: number; rows: number }>`
          select percentile_cont(0.5) within group (order by lag) as p50,
            percentile_cont(0.99) within group (order by lag) as p99, max(lag) as max, count(*)::int as rows
          from (
            select extract(epoch from s.sealed_at - e.occurred_at) * 1000 as lag
            from audit_events e join audit_seals s on e.txid >= s.txid_from and e.txid < s.txid_to
          ) lags`.execute(trx);
        return rows[0]!;
      });
    } finally {
      await db.close();
    }

    const exported = await exportMillion(database);

    const rps = (side: "on" | "off") => median(samples[side].map((result) => result.requestsPerSecond));
    const overhead = 1 - rps("on") / rps("off");
    const p99 = (side: "on" | "off") => median(samples[side].map((result) => result.latencyP99));
    const markdown = [
      `PostgreSQL, ${connections} connections, ${seconds} s per round, ${ROUNDS} rounds taking turns (medians).`,
      "",
      "| dashboard | req/s | p99 ms |",
      "|---|---|---|",
      `| audit trail on | ${rps("on")} | ${p99("on")} |`,
      `| audit trail off | ${rps("off")} | ${p99("off")} |`,
      "",
      `Overhead: ${(overhead * 100).toFixed(1)} % of throughput (bar ≤ 10 %, goal ≤ 5 %).`,
      "",
      `Two instances, ${mixed.requests} concurrent mixed requests (statuses ${JSON.stringify(mixed.statuses)}), then \`audit verify\` over the whole run's trail: ${describeVerification(verification)} (${verifySeconds.toFixed(1)} s).`,
      "",
      `Sealing lag (row written → seal), over all ${lag.rows} rows: p50 ${Math.round(lag.p50)} ms, p99 ${Math.round(lag.p99)} ms, max ${Math.round(lag.max)} ms (bar p99 ≤ 2 s).`,
      "",
      `Export of ${exported.rows.toLocaleString("en-US")} events as JSON Lines (\`GET /api/v1/admin/audit/export?format=jsonl\`): ${exported.seconds.toFixed(1)} s, ${(exported.bytes / 1e6).toFixed(0)} MB; the server's peak RSS ${exported.peakRssMb} MB (${exported.baselineRssMb} MB before the export).`,
    ].join("\n");
    writeResults(
      "audit",
      {
        connections,
        seconds,
        rounds: samples,
        overhead,
        mixed,
        verification,
        verifySeconds,
        lagMs: lag,
        exported,
      },
      markdown,
    );
    if (!verification.intact) throw new Error("audit verify found the trail broken");
  } finally {
    await database.drop();
  }
}

/** 200 requests at once, half to each instance: allowed, anonymous (401), forbidden (403), unknown (404). */
async function mixedRequests(
  servers: { server: { url: string }; cookie: string }[],
): Promise<{ requests: number; statuses: Record<number, number> }> {
  const paths = ["/api/v1/me", DASHBOARD, "/api/v1/admin/tenants", `/api/v1/reports/${crypto.randomUUID()}`];
  const statuses: Record<number, number> = {};
  await Promise.all(
    Array.from({ length: 200 }, async (_, index) => {
      const server = servers[index % servers.length]!;
      const anonymous = index % 5 === 4;
      const response = await fetch(`${server.server.url}${paths[index % paths.length]}`, {
        headers: anonymous ? {} : { cookie: server.cookie },
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }),
  );
  return { requests: 200, statuses };
}

/** Peak resident memory of a process so far (Linux), in MB. */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
}

/** A million more events in the trail, then one admin exports them all through the API, streamed. */
async function exportMillion(
  database: Awaited<ReturnType<typeof createBenchDatabase>>,
): Promise<{ rows: number; seconds: number; bytes: number; peakRssMb: number; baselineRssMb: number }> {
  const db = await openBenchDatabase(database);
  try {
    // In batches: one statement of a scoped transaction may run 15 s at most.
    for (let batch = 0; batch < 10; batch++) {
      await withScope(db, APP_ROLE, { kind: "system" }, (trx) =>
        sql`insert into audit_events (request_id, actor_type, actor_id, actor_name, actor_role, tenant_id, action,
          resource_type, resource_id, outcome, http_status, ip, user_agent)
        select gen_random_uuid()::text, 'user', gen_random_uuid()::text, 'Bench User ' || g, 'customer_viewer',
          gen_random_uuid(), 'report.download', 'report', gen_random_uuid()::text, 'allowed', 200, '203.0.113.7',
          'Mozilla/5.0 (bench)'
        from generate_series(1, 100000) g`.execute(trx),
      );
    }
  } finally {
    await db.close();
  }
  // The trail is off for this server: its sealer would otherwise seal the million rows during the export.
  const admin = await startBenchServer(
    database,
    { JOBS_ENABLED: "false", AUDIT_TRAIL: "off" },
    "demo-staff-admin",
  );
  try {
    const pid = admin.server.child.pid!;
    const baselineRssMb = peakRssMb(pid);
    const started = performance.now();
    const response = await fetch(`${admin.server.url}/api/v1/admin/audit/export?format=jsonl`, {
      headers: { cookie: admin.cookie },
    });
    if (!response.ok || !response.body) throw new Error(`export: ${response.status}`);
    let bytes = 0;
    let rows = 0;
    for await (const chunk of response.body) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) rows++;
    }
    return {
      rows,
      seconds: (performance.now() - started) / 1000,
      bytes,
      peakRssMb: peakRssMb(pid),
      baselineRssMb,
    };
  } finally {
    await admin.stop();
  }
}
