#!/usr/bin/env node
// Starts the compiled server (`node dist/server/main.js`, no TypeScript loader) against a fresh PostgreSQL database
// and checks that it migrates, seeds, serves and stops as the TypeScript server does:
//
//   npm run build && node scripts/check-production-build.mjs
//
// PG_ADMIN_URL (default: TEST_PG_ADMIN_URL, else postgres://postgres@127.0.0.1:5432/postgres) names a superuser on
// the PostgreSQL server. The check creates a database and three roles laid out as README's Deployment section has
// them (schema owner, no-login app role, request login role), all with random names, and drops them afterwards,
// whether it passes or not. The server listens on a free port on 127.0.0.1 with the development identity provider
// (DEV_IDP=on: a local trial, not NODE_ENV=production, which needs a real identity provider, SMTP and a certificate).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "..");
const adminUrl =
  process.env.PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const READY_TIMEOUT_MS = 90_000;
const REPORTS_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;

const main = path.join(root, "dist/server/main.js");
const cli = path.join(root, "dist/server/cli.js");
for (const file of [main, cli, path.join(root, "dist/web/index.html")]) {
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}

const suffix = randomBytes(5).toString("hex");
const names = {
  database: `portcullis_build_${suffix}`,
  owner: `portcullis_build_${suffix}_owner`,
  app: `portcullis_build_${suffix}_app`,
  web: `portcullis_build_${suffix}_web`,
};
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-build-check-"));
/** @type {import("node:child_process").ChildProcess | undefined} */
let server;
let output = "";
let closed = false;
let cleanedUp = false;

function fail(message) {
  throw Object.assign(new Error(message), { isCheckFailure: true });
}

function step(message) {
  console.log(`  ${message}`);
}

/** A database URL on the admin's server, logged in as `user` (trust or a password in ~/.pgpass). */
function urlAs(user, database) {
  const url = new URL(adminUrl);
  url.username = user;
  url.password = "";
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin(database, work) {
  const url = new URL(adminUrl);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function freePort() {
  const probe = net.createServer();
  await new Promise((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", resolve);
  });
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function createDatabase() {
  await withAdmin(undefined, async (admin) => {
    // As README's Deployment section: the owner owns the database and may act as the app role (the migrations grant
    // it its privileges); the login role of the request pool is only a member of the app role.
    await admin.query(`CREATE ROLE ${names.owner} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await admin.query(`CREATE DATABASE ${names.database} OWNER ${names.owner}`);
    await admin.query(
      `CREATE ROLE ${names.app} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT`,
    );
    await admin.query(`GRANT ${names.app} TO ${names.owner}`);
    await admin.query(
      `CREATE ROLE ${names.web} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE INHERIT`,
    );
    await admin.query(`GRANT ${names.app} TO ${names.web}`);
  });
}

async function cleanUp() {
  if (cleanedUp) return;
  cleanedUp = true;
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("exit", resolve));
  }
  try {
    await withAdmin(undefined, async (admin) => {
      await admin.query(`DROP DATABASE IF EXISTS ${names.database} WITH (FORCE)`);
      for (const role of [names.web, names.app, names.owner])
        await admin.query(`DROP ROLE IF EXISTS ${role}`);
    });
  } catch (error) {
    console.error(`could not drop ${names.database} and its roles: ${error.message}`);
    process.exitCode = 1;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(1));
  });
}

function exited() {
  return server.exitCode !== null || server.signalCode !== null;
}

async function get(baseUrl, pathname, accept = "*/*") {
  const response = await fetch(`${baseUrl}${pathname}`, { headers: { accept }, redirect: "manual" });
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    body: await response.text(),
  };
}

async function waitUntil(description, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const what = typeof description === "function" ? description : () => description;
    if (exited())
      fail(`the server exited (${server.exitCode ?? server.signalCode}) while waiting for ${what()}`);
    const result = await probe().catch((error) => {
      if (error.isCheckFailure) throw error;
      return undefined;
    });
    if (result) return result;
    if (Date.now() > deadline) fail(`no ${what()} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function check() {
  const startedAt = performance.now();
  await createDatabase();
  step(`database ${names.database} with roles ${names.owner}, ${names.app}, ${names.web}`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    // Only what the server needs: nothing of the caller's (no NODE_OPTIONS, so no loader sneaks in).
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: baseUrl,
    DATABASE_URL: urlAs(names.web, names.database),
    DATABASE_OWNER_URL: urlAs(names.owner, names.database),
    DB_APP_ROLE: names.app,
    SESSION_SECRETS: randomBytes(32).toString("hex"),
    DEV_IDP: "on",
    SEED_DEMO: "always", // on PostgreSQL the demo data is loaded only when asked for
    DATA_DIR: dataDir,
    LOG_LEVEL: "info", // kept, and printed only when the check fails
  };
  server = spawn(process.execPath, [main], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  server.stdout.on("data", (chunk) => {
    output += chunk;
  });
  server.stderr.on("data", (chunk) => {
    output += chunk;
  });
  server.once("close", () => {
    closed = true; // exited, and all its output read
  });
  step(`node dist/server/main.js started (pid ${server.pid}) on ${baseUrl}`);

  await waitUntil(
    "GET /readyz 200",
    READY_TIMEOUT_MS,
    async () => (await get(baseUrl, "/readyz")).status === 200,
  );
  if (!output.includes("demo data loaded")) fail("the demo data was not loaded");
  step(
    `GET /readyz 200 after ${((performance.now() - startedAt) / 1000).toFixed(1)} s (migrated, demo data loaded)`,
  );

  const health = await get(baseUrl, "/healthz");
  if (health.status !== 200) fail(`GET /healthz: ${health.status} ${health.body.slice(0, 200)}`);
  step("GET /healthz 200");

  const signIn = await get(baseUrl, "/customer-portal", "text/html");
  if (
    signIn.status !== 200 ||
    !signIn.type.startsWith("text/html") ||
    !signIn.body.includes("<title>Sign in · Portcullis</title>") ||
    !signIn.body.includes("/auth/login?returnTo=%2Fcustomer-portal")
  ) {
    fail(
      `GET /customer-portal: not the sign-in page (${signIn.status} ${signIn.type}): ${signIn.body.slice(0, 300)}`,
    );
  }
  step("GET /customer-portal 200: the sign-in page");

  const openApi = await get(baseUrl, "/api/docs/openapi.json", "application/json");
  let document;
  try {
    document = JSON.parse(openApi.body);
  } catch {
    // reported below
  }
  if (openApi.status !== 200 || !openApi.type.startsWith("application/json") || !document?.openapi) {
    fail(`GET /api/docs/openapi.json: ${openApi.status} ${openApi.type}: ${openApi.body.slice(0, 300)}`);
  }
  step(
    `GET /api/docs/openapi.json 200: OpenAPI ${document.openapi}, ${Object.keys(document.paths ?? {}).length} paths`,
  );

  // The development identity provider is a dynamic import: a chunk of its own in the compiled server.
  const discovery = await get(baseUrl, "/dev-idp/.well-known/openid-configuration", "application/json");
  if (discovery.status !== 200 || JSON.parse(discovery.body).issuer !== `${baseUrl}/dev-idp`) {
    fail(
      `GET /dev-idp/.well-known/openid-configuration: ${discovery.status} ${discovery.body.slice(0, 300)}`,
    );
  }
  step("GET /dev-idp/.well-known/openid-configuration 200: the development identity provider is loaded");

  // The seeded reports wait for the job queue's workers, which render them with pdfkit (its font metrics are read
  // from node_modules at run time).
  let counts = {};
  const reports = await waitUntil(
    () => `seeded reports rendered (${JSON.stringify(counts)})`,
    REPORTS_TIMEOUT_MS,
    () =>
      withAdmin(names.database, async (admin) => {
        const { rows } = await admin.query(
          `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed,
                count(*) FILTER (WHERE status = 'generating')::int AS generating,
                count(*) FILTER (WHERE status = 'failed')::int AS failed,
                count(*) FILTER (WHERE status = 'completed' AND substring(pdf FROM 1 FOR 5) <> '%PDF-'::bytea)::int AS not_pdf,
                max(error) AS error
           FROM reports`,
        );
        counts = rows[0];
        if (counts.failed > 0 || counts.not_pdf > 0) {
          fail(`report rendering: ${counts.failed} failed, ${counts.not_pdf} not PDF (${counts.error})`);
        }
        return counts.completed > 0 && counts.generating === 0 ? counts : undefined;
      }),
  );
  step(`${reports.completed} seeded reports rendered to PDF by the job queue`);

  // The compiled CLI (`portcullis`), on the same database while the server runs.
  const verify = spawnSync(process.execPath, [cli, "audit", "verify"], { cwd: root, env, encoding: "utf8" });
  if (verify.status !== 0 || !verify.stdout.includes("chain intact")) {
    fail(`node dist/server/cli.js audit verify exited ${verify.status}: ${verify.stdout}${verify.stderr}`);
  }
  step(`node dist/server/cli.js audit verify: ${verify.stdout.split("\n")[0]}`);

  const stopAt = performance.now();
  process.kill(server.pid, "SIGTERM");
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (!closed) {
    if (Date.now() > deadline) fail(`still running ${STOP_TIMEOUT_MS / 1000} s after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (server.exitCode !== 0) {
    fail(`the server exited with ${server.exitCode ?? server.signalCode} after SIGTERM, not 0`);
  }
  step(`SIGTERM: exited 0 in ${((performance.now() - stopAt) / 1000).toFixed(1)} s`);

  // Nothing went wrong along the way that only the log shows (a job that failed and was retried, say).
  const errors = output.split("\n").filter((line) => /^\{.*"level":(5|6)\d\b/.test(line));
  if (errors.length > 0) fail(`the server logged ${errors.length} errors:\n${errors.join("\n")}`);
  step("no errors in the server's log");
}

console.log(`checking the compiled server (node dist/server/main.js) on ${new URL(adminUrl).host}`);
try {
  await check();
  console.log("compiled server: ok");
} catch (error) {
  console.error(`compiled server: FAILED: ${error.isCheckFailure ? error.message : error.stack}`);
  if (output) console.error(`--- server output ---\n${output.trimEnd()}\n---`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
