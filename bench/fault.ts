import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { describeVerification, verifyAuditTrail } from "../server/audit/verify";
import { openDatabase } from "../server/db/connection";
import { migrateToLatest } from "../server/db/migrations";
import { withScope } from "../server/db/scope";
import { seedDemo } from "../server/db/seed/demo";
import { canonicalJson } from "../server/modules/reports/snapshot/snapshot";
import { BrowserClient, signInAs } from "../test/helpers/http-client";
import { findFreePort, type ServerProcess, spawnServer, waitForReady } from "../test/helpers/process";
import { ensureLoginRole, LOGIN_ROLE, urlAs } from "../test/helpers/roles";
import { APP_ROLE, BENCH_SECRET, writeResults } from "./lib";
import { PgCluster } from "./pg-cluster";

/*
 * `npm run fault`: proves that the server survives database faults. It runs its own PostgreSQL cluster, starts the
 * real server on it under a steady authenticated load, then
 *   1. restarts PostgreSQL (`pg_ctl restart -m fast`) and, in a second round, stops it with `-m immediate` (a crash:
 *      recovery from the WAL) and starts it again 3 s later. Requests during the outage must get 503 with
 *      Retry-After and the house error body; 200s must be back within 5 s of PostgreSQL accepting connections;
 *      /readyz must follow; no request may hang or have its connection reset; the server is never restarted.
 *   2. kills the server (SIGKILL) in the middle of writes (sign-ins, report generation), twice, restarts it on the
 *      same database and checks with SQL what a torn write would leave behind.
 * Prints its figures, writes bench/results/fault.{json,md} and exits non-zero on any breach.
 */

const LOAD_CLIENTS = Number(process.env.FAULT_CLIENTS ?? 20);
/** A client waits this long for an answer; a request still unanswered then counts as a hung socket. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Pause between one client's requests: a steady load that leaves the shared 2-core machine some air. */
const THINK_MS = Number(process.env.FAULT_THINK_MS ?? 20);
const RECOVERY_BAR_MS = 5_000;
const LOAD_ROUTES = ["/api/v1/reports/dashboard", "/api/v1/reports", "/api/v1/me"];
const LOAD_SUBJECT = "demo-northwind-viewer";
const SIGN_IN_SUBJECTS = [
  "demo-northwind-viewer",
  "demo-northwind-approver",
  "demo-contoso-viewer",
  "demo-contoso-approver",
  "demo-staff-analyst",
  "demo-staff-admin",
];
const SIGN_IN_CONCURRENCY = 6;
/** Reports queued before the kills; the server is killed twice while its workers render them. */
const EXTRA_REPORTS = Number(process.env.FAULT_REPORTS ?? 160);
const KILLS = 2;
const EXTRA_REPORT_TITLE = "Fault test re-run";

const now = () => performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------------
// Load

type Failure = "hung" | "reset" | "refused" | "error";

interface Sample {
  start: number;
  end: number;
  path: string;
  status: number | null;
  failure?: Failure;
  failureDetail?: string;
  retryAfter: string | null;
  /** The house error body: { error, message, requestId } with the request id also in X-Request-Id. */
  houseBody: boolean;
  errorCode?: string;
}

function classifyFailure(error: unknown): { failure: Failure; detail: string } {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return { failure: "hung", detail: err.name };
  const code = err.cause?.code ?? "";
  const detail = `${err.message}: ${code || err.cause?.message || ""}`;
  if (code === "ECONNREFUSED") return { failure: "refused", detail };
  if (code === "ECONNRESET" || code === "EPIPE" || code.startsWith("UND_ERR_SOCKET"))
    return { failure: "reset", detail };
  return { failure: "error", detail };
}

async function timedRequest(baseUrl: string, route: string, cookie: string): Promise<Sample> {
  const start = now();
  try {
    const response = await fetch(new URL(route, baseUrl), {
      headers: { cookie, accept: "application/json" },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let houseBody = false;
    let errorCode: string | undefined;
    if (response.status >= 400) {
      try {
        const body = JSON.parse(text) as Record<string, unknown>;
        errorCode = typeof body.error === "string" ? body.error : undefined;
        houseBody =
          typeof body.error === "string" &&
          typeof body.message === "string" &&
          typeof body.requestId === "string" &&
          body.requestId === response.headers.get("x-request-id");
      } catch {
        houseBody = false;
      }
    }
    return {
      start,
      end: now(),
      path: route,
      status: response.status,
      retryAfter: response.headers.get("retry-after"),
      houseBody,
      ...(errorCode ? { errorCode } : {}),
    };
  } catch (error) {
    const { failure, detail } = classifyFailure(error);
    return {
      start,
      end: now(),
      path: route,
      status: null,
      failure,
      failureDetail: detail,
      retryAfter: null,
      houseBody: false,
    };
  }
}

/** `clients` loops, each a keep-alive client going round the routes until stopped. */
function startLoad(baseUrl: string, cookie: string, clients: number, routes: string[], thinkMs: number) {
  const samples: Sample[] = [];
  let running = true;
  const loops = Array.from({ length: clients }, async (_, client) => {
    let turn = client;
    while (running) {
      samples.push(await timedRequest(baseUrl, routes[turn++ % routes.length]!, cookie));
      if (thinkMs > 0) await sleep(thinkMs);
    }
  });
  return {
    samples,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Restart rounds

interface Probe {
  /** Times (ms) at which a new connection failed / succeeded, in order. */
  events: { at: number; ok: boolean }[];
  stop(): Promise<void>;
}

function startProbe(cluster: PgCluster, database: string): Probe {
  const events: { at: number; ok: boolean }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = now();
      events.push({ at, ok: await cluster.accepts(database, 1000) });
      await sleep(50);
    }
  })();
  return {
    events,
    async stop() {
      running = false;
      await loop;
    },
  };
}

interface RoundResult {
  name: string;
  outageMs: number;
  duringOutage: Record<string, number>;
  requestsDuringOutage: number;
  /** The longest any request started during the outage took to be answered. */
  slowestDuringOutageMs: number;
  firstOkAfterReturnMs: number | null;
  notOkLaterThanBar: number;
  readyzDuringOutage: Record<string, number>;
  readyzReadyAfterReturnMs: number | null;
  serverRestarted: boolean;
}

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const sampleKey = (sample: Sample) =>
  sample.status === null ? (sample.failure ?? "error") : String(sample.status);

async function outageRound(
  name: string,
  cluster: PgCluster,
  database: string,
  server: ServerProcess,
  load: { samples: Sample[] },
  readyz: { samples: Sample[] },
  fault: () => Promise<void>,
): Promise<RoundResult> {
  const probe = startProbe(cluster, database);
  await sleep(3_000);
  const pid = server.child.pid;
  const faultAt = now();
  await fault();
  // PostgreSQL is back at the first new connection that succeeds after one failed (pg_ctl -w has returned).
  let returnedAt: number | null = null;
  while (returnedAt === null) {
    const firstFailure = probe.events.findIndex((event) => event.at >= faultAt && !event.ok);
    if (firstFailure >= 0) {
      returnedAt = probe.events.slice(firstFailure).find((event) => event.ok)?.at ?? null;
    } else if (probe.events.some((event) => event.at > faultAt + 60_000)) {
      throw new Error(`${name}: the probe never saw PostgreSQL go down`);
    }
    if (returnedAt === null) await sleep(50);
  }
  await sleep(RECOVERY_BAR_MS + 3_000);
  await probe.stop();

  const inOutage = (sample: Sample) => sample.start >= faultAt && sample.start < returnedAt;
  const during = load.samples.filter(inOutage);
  const firstOk = load.samples
    .filter((sample) => sample.status === 200 && sample.start >= returnedAt)
    .reduce((first, sample) => Math.min(first, sample.end), Number.POSITIVE_INFINITY);
  const late = load.samples.filter(
    (sample) => sample.start >= returnedAt + RECOVERY_BAR_MS && sample.start < now() && sample.status !== 200,
  );
  const readyAfter = readyz.samples
    .filter((sample) => sample.status === 200 && sample.start >= returnedAt)
    .reduce((first, sample) => Math.min(first, sample.end), Number.POSITIVE_INFINITY);
  return {
    name,
    outageMs: Math.round(returnedAt - faultAt),
    duringOutage: countBy(during, sampleKey),
    requestsDuringOutage: during.length,
    slowestDuringOutageMs: Math.round(
      during.reduce((slowest, sample) => Math.max(slowest, sample.end - sample.start), 0),
    ),
    firstOkAfterReturnMs: Number.isFinite(firstOk) ? Math.round(firstOk - returnedAt) : null,
    notOkLaterThanBar: late.length,
    readyzDuringOutage: countBy(readyz.samples.filter(inOutage), sampleKey),
    readyzReadyAfterReturnMs: Number.isFinite(readyAfter) ? Math.round(readyAfter - returnedAt) : null,
    serverRestarted:
      server.child.pid !== pid || server.child.exitCode !== null || server.child.signalCode !== null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Kill mid-write

interface KillResult {
  atKill: { completed: number; generating: number; sessions: number };
  signInsAcknowledged: number;
  signInsFailed: number;
}

/** Concurrent sign-ins through the real OIDC flow; each one that got its session cookie is acknowledged. */
function startSignIns(baseUrl: string, concurrency: number) {
  const acknowledged: string[] = [];
  let failed = 0;
  let running = true;
  const loops = Array.from({ length: concurrency }, async (_, worker) => {
    let turn = worker;
    while (running) {
      const client = new BrowserClient(baseUrl);
      const subject = SIGN_IN_SUBJECTS[turn++ % SIGN_IN_SUBJECTS.length]!;
      try {
        await Promise.race([
          // Landing on an API route: the sign-in ends on a 200 that needs the new session.
          signInAs(client, subject, "/api/v1/me"),
          sleep(REQUEST_TIMEOUT_MS).then(() => {
            throw new Error("sign-in timed out");
          }),
        ]);
        const token = await client.cookie("portcullis_session");
        const sid = token ? sessionIdOf(token) : null;
        if (sid) acknowledged.push(sid);
        else failed++;
      } catch {
        failed++;
        await sleep(100);
      }
    }
  });
  return {
    acknowledged,
    failed: () => failed,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

function sessionIdOf(token: string): string | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sid?: unknown };
  return typeof claims.sid === "string" ? claims.sid : null;
}

async function reportCounts(
  sql: pg.Client,
): Promise<{ completed: number; generating: number; failed: number }> {
  const { rows } = await sql.query<{ completed: number; generating: number; failed: number }>(
    `select count(*) filter (where status = 'completed')::int as completed,
            count(*) filter (where status = 'generating')::int as generating,
            count(*) filter (where status = 'failed')::int as failed
     from reports`,
  );
  return rows[0]!;
}

async function queueExtraReports(sql: pg.Client, count: number): Promise<void> {
  // Staff re-runs (a month may repeat) of executive reports over months with data: each one is full work.
  await sql.query(
    `insert into reports (tenant_id, workspace_id, report_type, title, period_start, period_end, requested_by)
     select w.tenant_id, w.id, 'executive_monthly', $2 || ' ' || g,
            date_trunc('month', now() at time zone 'utc') - ((1 + g % 12) || ' months')::interval,
            date_trunc('month', now() at time zone 'utc') - ((g % 12) || ' months')::interval,
            (select id from users where role = 'admin' limit 1)
     from generate_series(1, $1::int) g
     join lateral (select * from workspaces where kind = 'soc' order by id offset (g % (select count(*) from workspaces where kind = 'soc')) limit 1) w on true`,
    [count, EXTRA_REPORT_TITLE],
  );
}

function runCli(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.resolve("bin/portcullis.js"), ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("exit", (code) => resolve({ code, output }));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Invariants after the kills

interface Invariants {
  reports: Record<string, number>;
  snapshotDigestMismatch: number;
  sessions: Record<string, number>;
  acknowledgedSignIns: number;
  acknowledgedSessionsMissing: number;
  foreignKeysChecked: number;
  orphanRows: Record<string, number>;
  indexesChecked: number;
  indexErrors: string[];
  jobs: Record<string, number>;
}

async function checkInvariants(sql: pg.Client, acknowledged: string[]): Promise<Invariants> {
  const { rows: reportRows } = await sql.query<Record<string, number>>(
    `select
       count(*)::int as total,
       count(*) filter (where status = 'completed')::int as completed,
       count(*) filter (where status = 'generating')::int as generating,
       count(*) filter (where status = 'failed')::int as failed,
       count(*) filter (where status = 'completed' and (pdf is null or sha256 is null or size_bytes is null
         or generated_at is null or data_snapshot is null or snapshot_sha256 is null))::int as completed_missing_parts,
       count(*) filter (where status = 'completed' and sha256 is distinct from encode(sha256(pdf), 'hex'))::int
         as sha256_mismatch,
       count(*) filter (where status = 'completed' and size_bytes is distinct from length(pdf))::int as size_mismatch,
       count(*) filter (where status = 'completed' and (substring(pdf from 1 for 5) <> '%PDF-'::bytea
         or position('%%EOF'::bytea in substring(pdf from greatest(length(pdf) - 31, 1))) = 0))::int as not_whole_pdf,
       count(*) filter (where status <> 'completed' and (pdf is not null or sha256 is not null or size_bytes is not null
         or data_snapshot is not null))::int as unfinished_with_bytes,
       count(*) filter (where title like $1 || '%' and (status <> 'completed' or attempts <> 1))::int
         as killed_batch_not_completed_once
     from reports`,
    [EXTRA_REPORT_TITLE],
  );

  // The stored digest of each snapshot must be the digest of the stored snapshot (no half-written JSON).
  const { rows: snapshots } = await sql.query<{ data_snapshot: unknown; snapshot_sha256: string }>(
    `select data_snapshot, snapshot_sha256 from reports where status = 'completed'`,
  );
  const snapshotDigestMismatch = snapshots.filter(
    (row) =>
      createHash("sha256").update(canonicalJson(row.data_snapshot), "utf8").digest("hex") !==
      row.snapshot_sha256,
  ).length;

  const { rows: sessionRows } = await sql.query<Record<string, number>>(
    `select
       count(*)::int as total,
       count(*) filter (where s.user_id is not null and u.id is null)::int as without_user,
       count(*) filter (where s.user_id is null and s.client_token_id is null)::int as without_owner,
       count(*) filter (where u.id is not null and u.tenant_id is distinct from s.tenant_id)::int as tenant_differs_from_user,
       count(*) filter (where u.id is not null and u.last_login_at is null)::int as user_never_signed_in
     from sessions s left join users u on u.id = s.user_id`,
  );
  const { rows: found } = await sql.query<{ n: number }>(
    `select count(*)::int as n from sessions where id = any($1::uuid[])`,
    [acknowledged],
  );

  // Every foreign key, checked by query rather than trusted: no row may point at a row that is not there.
  const { rows: foreignKeys } = await sql.query<{
    name: string;
    child: string;
    parent: string;
    child_cols: string[];
    parent_cols: string[];
  }>(
    `select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
       array(select quote_ident(a.attname) from unnest(c.conkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as child_cols,
       array(select quote_ident(a.attname) from unnest(c.confkey) with ordinality k(n, i)
             join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as parent_cols
     from pg_constraint c where c.contype = 'f'`,
  );
  const orphanRows: Record<string, number> = {};
  for (const fk of foreignKeys) {
    const notNull = fk.child_cols.map((column) => `c.${column} is not null`).join(" and ");
    const matches = fk.child_cols.map((column, i) => `p.${fk.parent_cols[i]} = c.${column}`).join(" and ");
    const { rows } = await sql.query<{ n: number }>(
      `select count(*)::int as n from ${fk.child} c where ${notNull}
       and not exists (select 1 from ${fk.parent} p where ${matches})`,
    );
    if (rows[0]!.n > 0) orphanRows[`${fk.child}.${fk.name}`] = rows[0]!.n;
  }

  // B-tree structure and heap/index agreement after the crash recovery (amcheck ships with PostgreSQL).
  await sql.query("create extension if not exists amcheck");
  const { rows: indexes } = await sql.query<{ name: string }>(
    `select c.oid::regclass::text as name from pg_index i join pg_class c on c.oid = i.indexrelid
     join pg_am am on am.oid = c.relam join pg_namespace n on n.oid = c.relnamespace
     where am.amname = 'btree' and c.relkind = 'i' and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`,
  );
  const indexErrors: string[] = [];
  for (const index of indexes) {
    try {
      await sql.query("select bt_index_check($1::regclass, true)", [index.name]);
    } catch (error) {
      indexErrors.push(`${index.name}: ${(error as Error).message}`);
    }
  }

  const { rows: jobRows } = await sql.query<{ state: string; n: number }>(
    `select state, count(*)::int as n from pgboss.job where name = 'report.generate' group by state`,
  );

  return {
    reports: reportRows[0]!,
    snapshotDigestMismatch,
    sessions: sessionRows[0]!,
    acknowledgedSignIns: acknowledged.length,
    acknowledgedSessionsMissing: acknowledged.length - found[0]!.n,
    foreignKeysChecked: foreignKeys.length,
    orphanRows,
    indexesChecked: indexes.length,
    indexErrors,
    jobs: Object.fromEntries(jobRows.map((row) => [row.state, row.n])),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Server logs

interface LogSummary {
  /** Error-level lines by message. */
  errors: Record<string, number>;
  /** Warning-level lines by message and reason (what the server made of each database failure). */
  warnings: Record<string, number>;
  stderr: string;
}

/** The server's log (pino JSON on stdout) summed up, and anything on stderr. */
function logSummary(server: ServerProcess): LogSummary {
  const errors: Record<string, number> = {};
  const warnings: Record<string, number> = {};
  for (const line of server.stdout().split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        reason?: string;
        err?: { message?: string };
      };
      const level = entry.level ?? 0;
      if (level >= 50) {
        const key = `${entry.msg}: ${entry.err?.message ?? ""}`.slice(0, 160);
        errors[key] = (errors[key] ?? 0) + 1;
      } else if (level >= 40 && entry.msg !== "web app not built: run `npm run build`") {
        const key = `${entry.msg}: ${entry.reason ?? entry.err?.message ?? ""}`.slice(0, 160);
        warnings[key] = (warnings[key] ?? 0) + 1;
      }
    } catch {
      // not a log line
    }
  }
  return { errors, warnings, stderr: server.stderr().trim().slice(-4000) };
}

// ---------------------------------------------------------------------------------------------------------------

const started: ServerProcess[] = [];
let cluster: PgCluster | undefined;

function cleanUp(): void {
  for (const server of started) {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  }
  cluster?.destroySync();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\nfault: ${signal}: stopping the server and the throwaway cluster`);
    cleanUp();
    process.exit(130);
  });
}

async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await findFreePort();
  const server = await spawnServer({
    ...env,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  started.push(server);
  await waitForReady(server);
  return server;
}

async function stopServer(server: ServerProcess): Promise<number | null> {
  server.child.kill("SIGTERM");
  return server.exited;
}

async function main(): Promise<number> {
  const breaches: string[] = [];
  const breach = (condition: boolean, message: string) => {
    if (condition) breaches.push(message);
  };

  console.log("fault: starting a throwaway PostgreSQL cluster");
  cluster = await PgCluster.create();
  const databaseName = `portcullis_fault_${randomBytes(4).toString("hex")}`;
  const url = await cluster.createDatabase(databaseName);
  const setup = await openDatabase({ kind: "postgres", url, ownerUrl: url, poolSize: 2 });
  await migrateToLatest(setup.owner.db, { appRole: APP_ROLE });
  await seedDemo(setup, APP_ROLE);
  await setup.close();
  // Requests log in as a role that can only become the app role, as in a deployment; the owner runs the queue.
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await ensureLoginRole(admin, APP_ROLE);
  await admin.end();
  console.log(`fault: cluster on 127.0.0.1:${cluster.port} (${cluster.dir}), database ${databaseName}`);

  const env = {
    DATABASE_URL: urlAs(url, LOGIN_ROLE),
    DATABASE_OWNER_URL: url,
    // Sign-ins go through the development identity provider's real OIDC flow (loopback only).
    DEV_IDP: "on",
    SESSION_SECRETS: BENCH_SECRET,
    DB_APP_ROLE: APP_ROLE,
    SEED_DEMO: "never",
    LOG_LEVEL: "warn",
    JOBS_ENABLED: "true",
    WEB_DIST_DIR: path.resolve("dist/web"),
  };

  // --- 1. PostgreSQL restarts under load
  const server = await startServer(env);
  const browser = new BrowserClient(server.url);
  await signInAs(browser, LOAD_SUBJECT, "/api/v1/me");
  const cookie = await browser.jar.getCookieString(server.url);
  if (!cookie.includes("portcullis_session=")) throw new Error("sign-in gave no session cookie");

  const load = startLoad(server.url, cookie, LOAD_CLIENTS, LOAD_ROUTES, THINK_MS);
  const readyz = startLoad(server.url, "", 1, ["/readyz"], 100);
  const rounds: RoundResult[] = [];
  console.log(`fault: ${LOAD_CLIENTS} clients on ${LOAD_ROUTES.join(", ")}; round 1: pg_ctl restart -m fast`);
  rounds.push(
    await outageRound("restart -m fast", cluster, databaseName, server, load, readyz, () =>
      cluster!.restartFast(),
    ),
  );
  console.log("fault: round 2: pg_ctl stop -m immediate, 3 s down, pg_ctl start");
  rounds.push(
    await outageRound(
      "stop -m immediate, 3 s, start",
      cluster,
      databaseName,
      server,
      load,
      readyz,
      async () => {
        await cluster!.stopImmediate();
        await sleep(3_000);
        await cluster!.start();
      },
    ),
  );
  await load.stop();
  await readyz.stop();

  const samples = load.samples;
  const statuses = countBy(samples, sampleKey);
  const unexpected = samples.filter((sample) => sample.status !== 200 && sample.status !== 503);
  const bad503 = samples.filter(
    (sample) =>
      sample.status === 503 && !(sample.retryAfter && sample.houseBody && sample.errorCode === "unavailable"),
  );
  const hungOrReset = samples.filter((sample) => sample.status === null);
  const readyzUnexpected = readyz.samples.filter((sample) => sample.status !== 200 && sample.status !== 503);
  const loadLogs = logSummary(server);
  const exitCode = await stopServer(server);

  breach(unexpected.length > 0, `${unexpected.length} responses other than 200/503 under load`);
  breach(bad503.length > 0, `${bad503.length} 503s without Retry-After or the house error body`);
  breach(hungOrReset.length > 0, `${hungOrReset.length} requests hung or had their connection reset/refused`);
  breach(readyzUnexpected.length > 0, `${readyzUnexpected.length} /readyz answers other than 200/503`);
  for (const round of rounds) {
    breach(round.serverRestarted, `${round.name}: the server process did not survive`);
    breach(!round.duringOutage["503"], `${round.name}: no 503 seen during the outage (outage not exercised)`);
    breach(
      round.firstOkAfterReturnMs === null || round.firstOkAfterReturnMs > RECOVERY_BAR_MS,
      `${round.name}: first 200 ${round.firstOkAfterReturnMs ?? "never"} ms after PostgreSQL returned (bar ${RECOVERY_BAR_MS} ms)`,
    );
    breach(
      round.notOkLaterThanBar > 0,
      `${round.name}: ${round.notOkLaterThanBar} non-200s later than ${RECOVERY_BAR_MS} ms after the return`,
    );
    breach(!round.readyzDuringOutage["503"], `${round.name}: /readyz never said not ready during the outage`);
    breach(
      round.readyzReadyAfterReturnMs === null || round.readyzReadyAfterReturnMs > RECOVERY_BAR_MS,
      `${round.name}: /readyz ready ${round.readyzReadyAfterReturnMs ?? "never"} ms after the return`,
    );
  }
  breach(exitCode !== 0, `graceful shutdown after the outages exited ${exitCode}`);

  // --- 2. SIGKILL mid-write, twice, then recovery
  const sql = new pg.Client({ connectionString: url });
  sql.on("error", () => {});
  await sql.connect();
  await queueExtraReports(sql, EXTRA_REPORTS);
  const killEnv = { ...env, JOBS_EXPIRE_SECONDS: "5", JOBS_MAINTENANCE_SECONDS: "1" };
  const kills: KillResult[] = [];
  const acknowledged: string[] = [];
  const killLogs: ReturnType<typeof logSummary>[] = [];
  let cliResult: { code: number | null; output: string } | undefined;
  const totalBefore = (await reportCounts(sql)).completed;
  for (let kill = 1; kill <= KILLS; kill++) {
    const victim = await startServer(killEnv);
    const signIns = startSignIns(victim.url, SIGN_IN_CONCURRENCY);
    const cli = kill === 1 ? runCli(env, ["reports", "schedule-monthly"]) : undefined;
    // Kill once this server has completed a share of the queued reports and sign-ins are flowing.
    const target = totalBefore + Math.round((EXTRA_REPORTS * kill) / (KILLS + 1));
    const deadline = now() + 120_000;
    while (now() < deadline && (await reportCounts(sql)).completed < target) await sleep(10);
    while (now() < deadline && signIns.acknowledged.length < 10 * kill) await sleep(10);
    await sleep(Math.random() * 50);
    victim.child.kill("SIGKILL");
    await victim.exited;
    const counts = await reportCounts(sql);
    const { rows } = await sql.query<{ n: number }>("select count(*)::int as n from sessions");
    await signIns.stop();
    if (cli) cliResult = await cli;
    acknowledged.push(...signIns.acknowledged);
    killLogs.push(logSummary(victim));
    kills.push({
      atKill: { completed: counts.completed, generating: counts.generating, sessions: rows[0]!.n },
      signInsAcknowledged: signIns.acknowledged.length,
      signInsFailed: signIns.failed(),
    });
    console.log(
      `fault: kill -9 #${kill}: ${counts.completed} reports completed, ${counts.generating} generating, ${signIns.acknowledged.length} sign-ins acknowledged`,
    );
  }
  breach(cliResult?.code !== 0, `reports schedule-monthly exited ${cliResult?.code}: ${cliResult?.output}`);

  const survivor = await startServer(killEnv);
  const recoveryStarted = now();
  let reportsDoneSeconds: number | null = null;
  let settled = false;
  while (now() - recoveryStarted < 180_000) {
    const counts = await reportCounts(sql);
    if (counts.generating === 0 && reportsDoneSeconds === null)
      reportsDoneSeconds = (now() - recoveryStarted) / 1000;
    // The killed workers' jobs are expired (JOBS_EXPIRE_SECONDS) and retried with backoff; they find their report
    // completed and end. Waited for, so that the queue's own state is checked too.
    const { rows } = await sql.query<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'report.generate' and state in ('created', 'retry', 'active')`,
    );
    if (counts.generating === 0 && rows[0]!.n === 0) {
      settled = true;
      break;
    }
    await sleep(250);
  }
  const recoverySeconds = (now() - recoveryStarted) / 1000;
  const survivorLogs = logSummary(survivor);
  const survivorExit = await stopServer(survivor);
  const invariants = await checkInvariants(sql, acknowledged);
  await sql.end();
  // The audit trail written through the outages and the kills: every seal and row must still verify.
  const trailDatabase = await openDatabase({ kind: "postgres", url, ownerUrl: url, poolSize: 1 });
  const trail = await withScope(trailDatabase, APP_ROLE, { kind: "system" }, verifyAuditTrail).finally(() =>
    trailDatabase.close(),
  );

  breach(reportsDoneSeconds === null, "recovery: reports still generating after 180 s");
  breach(!settled, `recovery: report jobs still pending after ${recoverySeconds.toFixed(0)} s`);
  breach(survivorExit !== 0, `graceful shutdown after recovery exited ${survivorExit}`);
  for (const [name, value] of Object.entries(invariants.reports)) {
    if (["total", "completed"].includes(name)) continue;
    breach(value !== 0, `reports.${name} = ${value}`);
  }
  breach(
    invariants.snapshotDigestMismatch > 0,
    `${invariants.snapshotDigestMismatch} snapshot digests mismatch`,
  );
  for (const [name, value] of Object.entries(invariants.sessions)) {
    if (name === "total") continue;
    breach(value !== 0, `sessions.${name} = ${value}`);
  }
  breach(
    invariants.acknowledgedSessionsMissing > 0,
    `${invariants.acknowledgedSessionsMissing} acknowledged sign-ins lost their session row`,
  );
  breach(
    Object.keys(invariants.orphanRows).length > 0,
    `orphan rows: ${JSON.stringify(invariants.orphanRows)}`,
  );
  breach(invariants.indexErrors.length > 0, `index check: ${invariants.indexErrors.join("; ")}`);
  breach((invariants.jobs.failed ?? 0) > 0, `${invariants.jobs.failed} report jobs failed`);
  breach(!trail.intact, `audit trail: ${describeVerification(trail)}`);

  // --- Figures
  const roundTable = [
    "| round | outage ms | requests in outage | by status | slowest answer ms | first 200 after return ms | non-200 after 5 s | /readyz in outage | /readyz ready after ms | server survived |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rounds.map(
      (round) =>
        `| ${round.name} | ${round.outageMs} | ${round.requestsDuringOutage} | ${formatCounts(round.duringOutage)} | ${round.slowestDuringOutageMs} | ${round.firstOkAfterReturnMs ?? "never"} | ${round.notOkLaterThanBar} | ${formatCounts(round.readyzDuringOutage)} | ${round.readyzReadyAfterReturnMs ?? "never"} | ${round.serverRestarted ? "no" : "yes"} |`,
    ),
  ].join("\n");
  const loadLine = `Load: ${samples.length} requests by ${LOAD_CLIENTS} keep-alive clients (${formatCounts(statuses)}); hung ${samples.filter((s) => s.failure === "hung").length}, reset ${samples.filter((s) => s.failure === "reset").length}, refused ${samples.filter((s) => s.failure === "refused").length}, other errors ${samples.filter((s) => s.failure === "error").length}; 503s without Retry-After/house body ${bad503.length}; graceful exit ${exitCode}.`;
  const killTable = [
    "| kill -9 | reports completed | generating | sessions | sign-ins acknowledged | sign-ins cut off |",
    "|---|---|---|---|---|---|",
    ...kills.map(
      (kill, i) =>
        `| #${i + 1} | ${kill.atKill.completed} | ${kill.atKill.generating} | ${kill.atKill.sessions} | ${kill.signInsAcknowledged} | ${kill.signInsFailed} |`,
    ),
  ].join("\n");
  const r = invariants.reports;
  const s = invariants.sessions;
  const invariantTable = [
    "| check after recovery | value |",
    "|---|---|",
    `| after restart: every generating report completed / report jobs drained | ${reportsDoneSeconds === null ? "NOT done" : `${reportsDoneSeconds.toFixed(1)} s`} / ${settled ? `${recoverySeconds.toFixed(1)} s` : "NOT drained"} |`,
    `| reports total / completed / generating / failed | ${r.total} / ${r.completed} / ${r.generating} / ${r.failed} |`,
    `| completed without pdf, sha256, size, snapshot | ${r.completed_missing_parts} |`,
    `| sha256 ≠ sha256(pdf) / size ≠ length(pdf) / not a whole PDF | ${r.sha256_mismatch} / ${r.size_mismatch} / ${r.not_whole_pdf} |`,
    `| snapshot digest ≠ digest of stored snapshot | ${invariants.snapshotDigestMismatch} |`,
    `| unfinished reports holding bytes | ${r.unfinished_with_bytes} |`,
    `| killed batch not completed exactly once (attempts = 1) | ${r.killed_batch_not_completed_once} |`,
    `| sessions total / without user / without owner / tenant ≠ user's | ${s.total} / ${s.without_user} / ${s.without_owner} / ${s.tenant_differs_from_user} |`,
    `| acknowledged sign-ins / their session rows missing | ${invariants.acknowledgedSignIns} / ${invariants.acknowledgedSessionsMissing} |`,
    `| foreign keys checked / orphan rows | ${invariants.foreignKeysChecked} / ${Object.values(invariants.orphanRows).reduce((a, b) => a + b, 0)} |`,
    `| b-tree indexes checked (amcheck, heapallindexed) / errors | ${invariants.indexesChecked} / ${invariants.indexErrors.length} |`,
    `| report.generate jobs by state | ${formatCounts(invariants.jobs)} |`,
    `| audit trail after the outages and kills (\`audit verify\`) | ${describeVerification(trail)} |`,
  ].join("\n");
  const breachText =
    breaches.length === 0 ? "No breach." : `BREACHES:\n${breaches.map((b) => `- ${b}`).join("\n")}`;
  const markdown = [
    "PostgreSQL restarts under load (own cluster, server process unchanged).",
    "",
    roundTable,
    "",
    loadLine,
    "",
    "Server killed (SIGKILL) mid-write: sign-ins and report generation.",
    "",
    killTable,
    "",
    invariantTable,
    "",
    breachText,
  ].join("\n");

  const errorLogs = {
    underOutages: { errors: loadLogs.errors, warnings: loadLogs.warnings },
    killed: killLogs.map((log) => ({ errors: log.errors, warnings: log.warnings })),
    recovery: { errors: survivorLogs.errors, warnings: survivorLogs.warnings },
  };
  writeResults(
    "fault",
    {
      clients: LOAD_CLIENTS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      recoveryBarMs: RECOVERY_BAR_MS,
      rounds,
      auditTrail: trail,
      load: { requests: samples.length, statuses, bad503: bad503.length, exitCode },
      kills,
      recovery: {
        reportsDoneSeconds,
        queueDrained: settled,
        seconds: recoverySeconds,
        exitCode: survivorExit,
      },
      invariants,
      errorLogs,
      breaches,
    },
    markdown,
  );
  console.log(`\nserver log lines (error and warning level): ${JSON.stringify(errorLogs, null, 2)}`);
  const stderrs = [loadLogs.stderr, ...killLogs.map((log) => log.stderr), survivorLogs.stderr].filter(
    Boolean,
  );
  if (stderrs.length > 0) console.log(`server stderr:\n${stderrs.join("\n---\n")}`);
  for (const sample of [...unexpected, ...bad503, ...hungOrReset].slice(0, 10)) {
    console.log(`  e.g. ${JSON.stringify(sample)}`);
  }
  return breaches.length === 0 ? 0 : 1;
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? "—" : entries.map(([key, value]) => `${key}: ${value}`).join(", ");
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error("fault: the run failed", error);
} finally {
  cleanUp();
}
process.exit(code);
