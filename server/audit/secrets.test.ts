/**
 * Nothing secret in the server's log or the audit trail: the real server process (embedded database, development
 * identity provider, debug logging) signs a user in through the browser flow, serves API calls, refuses a forged
 * callback and signs out; staff issue an access link, which arrives in the development mailbox (through the
 * process's own SMTP listener) and is previewed and used. Then every cookie value the browser ever held (the
 * session, the sign-in state, the identity provider's own), the authorization code, the access link's secret and
 * the session secret are looked for in its output and in every audit row.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, expect, inject, it } from "vitest";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import { findFreePort, type ServerProcess, spawnServer, waitForReady } from "../../test/helpers/process";
import { openDatabase } from "../db/connection";
import { withScope } from "../db/scope";

const SECRET = "log-grep-session-secret-0123456789-abcdefghij";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-secrets-"));
let server: ServerProcess | undefined;

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("keeps cookies, codes and secrets out of the log and the audit trail", async () => {
  const port = await findFreePort();
  server = await spawnServer({
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    WEB_DIST_DIR: inject("webDistDir"),
    DATA_DIR: dataDir,
    SESSION_SECRETS: SECRET,
    LOG_LEVEL: "debug",
  });
  await waitForReady(server);
  const client = new BrowserClient(server.url);
  const seen = new Set<string>([SECRET]);
  const remember = async () => {
    for (const at of ["/", "/auth/", "/dev-idp/"]) {
      for (const cookie of await client.jar.getCookies(`${server!.url}${at}`)) {
        if (cookie.value.length >= 16) seen.add(cookie.value);
      }
    }
  };

  const { visited } = await signInAs(client, "demo-northwind-viewer");
  for (const url of visited) {
    const code = new URL(url).searchParams.get("code");
    if (code) seen.add(code);
  }
  await remember();
  expect((await client.request("/api/v1/me")).status).toBe(200);
  expect((await client.request("/api/v1/reports?q=secret")).status).toBe(200);
  expect((await client.request("/auth/callback?code=forged-code-0123456789abcdef&state=forged")).status).toBe(
    400,
  );
  expect((await client.request("/auth/logout", { method: "POST" })).status).toBeLessThan(400);
  // Codes and cookies of the flow, at least: the session, the identity provider's session, the code.
  expect(seen.size).toBeGreaterThanOrEqual(4);

  // An access link, from the console through the development mailbox to a session.
  const staff = new BrowserClient(server.url);
  await signInAs(staff, "demo-staff-admin");
  const workspaces = (await staff.request("/api/v1/admin/workspaces")).json<{
    items: { id: string; tenantName: string }[];
  }>();
  const northwind = workspaces.items.find((workspace) => workspace.tenantName.startsWith("Northwind"));
  const email = "secret.check@northwindhealth.org";
  const issued = await staff.request(`/api/workspaces/${northwind!.id}/issue-client-token`, {
    json: { email },
  });
  expect(issued.status).toBe(201);
  let secret: string | undefined;
  for (let tries = 0; tries < 100 && !secret; tries++) {
    const mailbox = await staff.request("/dev/mailbox");
    expect(mailbox.status).toBe(200);
    secret = /\/access#token=([A-Za-z0-9_-]{43})/.exec(mailbox.text)?.[1];
    if (!secret) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(secret).toBeDefined();
  seen.add(secret!);
  const linkClient = new BrowserClient(server.url);
  expect((await linkClient.request("/auth/client-token/preview", { json: { token: secret } })).status).toBe(
    200,
  );
  expect((await linkClient.request("/auth/client-token/redeem", { json: { token: secret } })).status).toBe(
    200,
  );
  expect((await linkClient.request("/api/v1/me")).json()).toMatchObject({ auth_method: "email" });
  for (const cookie of await linkClient.jar.getCookies(`${server.url}/`)) seen.add(cookie.value);
  await remember();

  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
  const log = server.stdout() + server.stderr();
  expect(log).toContain("/api/v1/me");

  const database = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir) });
  let trail: string;
  try {
    trail = await withScope(database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
      const { rows } = await sql<{
        row: string;
      }>`select row_to_json(a)::text as row from audit_events a`.execute(trx);
      return rows.map((row) => row.row).join("\n");
    });
  } finally {
    await database.close();
  }
  expect(trail).toContain("auth.login");
  for (const secret of seen) {
    expect(log.includes(secret), `log contains ${secret.slice(0, 6)}…`).toBe(false);
    expect(trail.includes(secret), `audit trail contains ${secret.slice(0, 6)}…`).toBe(false);
  }
});
