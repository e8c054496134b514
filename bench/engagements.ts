import fs from "node:fs";
import http from "node:http";
import { createBenchDatabase, createSessionCookie, median, startBenchServer, writeResults } from "./lib";

/**
 * Live engagement streams on PostgreSQL. Instance A holds STREAMS Server-Sent Events streams (memory and file
 * descriptors of the server process, health-check latency while they idle), SUBSCRIBERS of them on one engagement;
 * a milestone of it is changed through the API of instance B, ROUNDS times, and each subscriber's delay from the
 * moment the change was sent to its arrival is recorded (an upper bound of commit-to-receipt: it includes B's own
 * request, and the clients run in this one process).
 */
const STREAMS = Number(process.env.BENCH_STREAMS ?? 5000);
/** Of them, the subscribers of the engagement that changes (the others follow the customer's other engagements). */
const SUBSCRIBERS = Math.min(STREAMS, 1000);
const ROUNDS = 5;

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
const fdsOf = (pid: number) => fs.readdirSync(`/proc/${pid}/fd`).length;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export async function benchEngagements(): Promise<void> {
  const database = await createBenchDatabase("postgres");
  const env = {
    JOBS_ENABLED: "false",
    LIVE_STREAMS_PER_SESSION: "100",
    LIVE_STREAMS_PER_INSTANCE: "100000",
    LOG_LEVEL: "error",
  };
  const a = await startBenchServer(database, env, "demo-northwind-viewer");
  const b = await startBenchServer(database, env, "demo-staff-analyst");
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const sockets: http.ClientRequest[] = [];
  try {
    const list = await (
      await fetch(`${a.server.url}/api/engagements`, { headers: { cookie: a.cookie } })
    ).json();
    const items = (list as { items: { id: string; status: string }[] }).items;
    const engagementId = items.find((e) => e.status === "active")!.id;
    const others = items.filter((e) => e.id !== engagementId).map((e) => e.id);
    const streamOf = (index: number) =>
      index < SUBSCRIBERS || others.length === 0 ? engagementId : others[index % others.length]!;
    const staffView = (await (
      await fetch(`${b.server.url}/api/v1/admin/engagements/${engagementId}`, {
        headers: { cookie: b.cookie },
      })
    ).json()) as { phases: { milestones: { id: string; status: string }[] }[] };
    const milestoneId = staffView.phases.flatMap((phase) => phase.milestones)[0]!.id;

    // The per-session stream limit is per session: streams are spread over fresh sessions of the same customer.
    const pid = a.server.child.pid!;
    const rssBefore = rssOf(pid);
    const fdsBefore = fdsOf(pid);
    const arrivals: number[][] = [];
    let sentAt = 0;
    const cookies: string[] = [];
    for (let index = 0; index < Math.ceil(STREAMS / 100); index++) {
      cookies.push(
        index === 0 ? a.cookie : await createSessionCookie(database, a.server.url, "demo-northwind-viewer"),
      );
    }
    const opened = Date.now();
    // Opened 100 at a time, as clients arriving would be (each open is a short transaction on the pool).
    const openOne = (index: number) =>
      new Promise<void>((resolve, reject) => {
        const request = http.get(
          `${a.server.url}/api/engagements/${streamOf(index)}/events`,
          { agent, headers: { cookie: cookies[Math.floor(index / 100)]!, accept: "text/event-stream" } },
          (response) => {
            if (response.statusCode !== 200)
              return reject(new Error(`stream ${index}: ${response.statusCode}`));
            response.setEncoding("utf8");
            response.on("data", (chunk: string) => {
              if (!chunk.includes("event: milestone")) return;
              const list = arrivals[index] ?? [];
              arrivals[index] = list;
              list.push(performance.now() - sentAt);
            });
            resolve();
          },
        );
        request.on("error", reject);
        sockets.push(request);
      });
    for (let from = 0; from < STREAMS; from += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, STREAMS - from) }, (_, offset) => openOne(from + offset)),
      );
    }
    const openSeconds = (Date.now() - opened) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const rssAfter = rssOf(pid);
    const fdsAfter = fdsOf(pid);
    const health: number[] = [];
    for (let index = 0; index < 200; index++) {
      const started = performance.now();
      await (await fetch(`${a.server.url}/healthz`)).arrayBuffer();
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const delays: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const count = (index: number) => arrivals[index]?.length ?? 0;
      const before = Array.from({ length: SUBSCRIBERS }, (_, index) => count(index));
      const arrived = () => before.filter((seen, index) => count(index) > seen).length;
      sentAt = performance.now();
      const saved = await fetch(
        `${b.server.url}/api/v1/admin/engagements/${engagementId}/milestones/${milestoneId}`,
        {
          method: "PATCH",
          headers: { cookie: b.cookie, origin: b.server.url, "content-type": "application/json" },
          body: JSON.stringify({ status: round % 2 ? "done" : "in_progress" }),
        },
      );
      if (saved.status !== 200) throw new Error(`milestone save answered ${saved.status}`);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && arrived() < STREAMS) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      let got = 0;
      for (let index = 0; index < SUBSCRIBERS; index++) {
        if (count(index) > before[index]!) {
          delays.push(arrivals[index]!.at(-1)!);
          got++;
        }
      }
      console.log(`round ${round + 1}: ${got} of ${SUBSCRIBERS} subscribers got the change`);
    }
    const received = delays.length;
    const result = {
      streams: STREAMS,
      openSeconds,
      rssPerStreamBytes: Math.round((rssAfter - rssBefore) / STREAMS),
      rssBeforeMb: Math.round(rssBefore / 2 ** 20),
      rssAfterMb: Math.round(rssAfter / 2 ** 20),
      fdsBefore,
      fdsAfter,
      healthIdleMs: { p50: median(health), p99: percentile(health, 0.99) },
      subscribers: SUBSCRIBERS,
      otherEngagements: others.length,
      deliveries: { expected: SUBSCRIBERS * ROUNDS, received },
      delayMs: { p50: median(delays), p99: percentile(delays, 0.99), max: Math.max(...delays) },
    };
    writeResults(
      "engagements",
      result,
      [
        `Live engagement streams on PostgreSQL: ${STREAMS} Server-Sent Events streams held by instance A, ${SUBSCRIBERS} of them on the engagement whose milestone is changed ${ROUNDS} times through instance B (the rest on ${others.length} other engagements).`,
        "",
        "| measure | value |",
        "|---|---|",
        `| streams opened | ${STREAMS} in ${openSeconds.toFixed(1)} s |`,
        `| server memory | ${result.rssBeforeMb} MB → ${result.rssAfterMb} MB (${(result.rssPerStreamBytes / 1024).toFixed(1)} KB per stream) |`,
        `| server file descriptors | ${fdsBefore} → ${fdsAfter} |`,
        `| /healthz while idle, p50 / p99 | ${result.healthIdleMs.p50.toFixed(1)} / ${result.healthIdleMs.p99.toFixed(1)} ms |`,
        `| deliveries | ${received} of ${SUBSCRIBERS * ROUNDS} |`,
        `| save on B → receipt on A, p50 / p99 / max | ${result.delayMs.p50.toFixed(0)} / ${result.delayMs.p99.toFixed(0)} / ${result.delayMs.max.toFixed(0)} ms |`,
      ].join("\n"),
    );
  } finally {
    if (process.env.BENCH_LOG) console.log(a.server.stdout().slice(-3000), a.server.stderr().slice(-2000));
    for (const socket of sockets) socket.destroy();
    await a.stop();
    await b.stop();
    await database.drop();
  }
}
