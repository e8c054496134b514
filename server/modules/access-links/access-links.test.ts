/**
 * Emailed access links, end to end on the real server: staff issue a link, a real SMTP server receives the mail,
 * the client redeems the link from it and sees exactly one workspace. Then every way to misuse a link: reuse,
 * races, guessing (rate limit), mail scanners, header injection, another tenant's workspace.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AccessLink,
  AccessLinkList,
  AccessLinkPreview,
  IssuedAccessLink,
} from "../../../contracts/access-links";
import type { AccessLog } from "../../../contracts/audit";
import type { BuiltTenant, BuiltUser, BuiltWorkspace } from "../../../test/factories";
import { unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient } from "../../../test/helpers/http-client";
import { linkSecretIn, startMailCatcher } from "../../../test/helpers/mail";
import { createSessionService, SessionKeys } from "../../auth/sessions";
import { createScopedRunner, withScope } from "../../db/scope";
import { rateLimits } from "../../http/rate-limit";
import { JobQueue } from "../../jobs/queue";
import { createMailer } from "../../mail/mailer";
import { createAccessLinkService } from "./access-links.service";

let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let t: TestApp;
let tenant: BuiltTenant;
let otherTenant: BuiltTenant;
let workspace: BuiltWorkspace;
let sibling: BuiltWorkspace;
let foreign: BuiltWorkspace;
let analyst: BrowserClient;
let analystUser: BuiltUser;
let customer: BrowserClient;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

/** Each test's requests come from their own client address (TRUST_PROXY is the loopback proxy here). */
let addressCounter = 0;
const freshAddress = () => `198.51.100.${++addressCounter}`;

function client(address = freshAddress()) {
  const browser = new BrowserClient(t.url);
  const post = (path: string, json: unknown) =>
    browser.request(path, { json, headers: { "x-forwarded-for": address } });
  return { browser, post, address };
}

async function issue(email: string, body: Record<string, unknown> = {}, target = workspace) {
  return analyst.request(`/api/workspaces/${target.id}/issue-client-token`, { json: { email, ...body } });
}

beforeAll(async () => {
  mail = await startMailCatcher();
  t = await createTestApp(
    { SMTP_URL: mail.url, JOBS_ENABLED: "true", TRUST_PROXY: "127.0.0.1", PROVIDER_NAME: "Bastion Advisory" },
    { listen: true },
  );
  tenant = await t.build.tenant({ name: "Harbor Bank" });
  otherTenant = await t.build.tenant();
  workspace = await t.build.workspace(tenant, { kind: "advisory", name: "Penetration test 2026" });
  sibling = await t.build.workspace(tenant, { name: "Managed SOC" });
  foreign = await t.build.workspace(otherTenant);
  analystUser = await t.build.user(null, "analyst", { name: "Ana Lyst" });
  analyst = await t.build.signedIn(analystUser, t.url);
  customer = await t.build.signedIn(await t.build.user(tenant, "customer_approver"), t.url);
});

afterAll(async () => {
  await t?.close();
  await mail?.close();
});

describe("an access link, from the console to the client's dashboard", () => {
  it("is emailed through SMTP, opens its one workspace, and 404s the tenant's other workspace", async () => {
    const email = "dana.reyes@harborbank.example";
    const issued = await issue(email, { role: "customer_approver", expiresInHours: 48 });
    expect(issued.status).toBe(201);
    const body = issued.json<IssuedAccessLink & Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(["email", "expiresAt", "tokenId", "workspaceId"]);
    expect(body.workspaceId).toBe(workspace.id);
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(47 * 3_600_000);

    const message = await mail.next(email);
    // The job records the delivery right after the mail server accepted the message.
    await expect
      .poll(
        async () =>
          (await analyst.request(`/api/workspaces/${workspace.id}/client-tokens`)).json<AccessLinkList>()
            .items[0]?.mail.status,
      )
      .toBe("sent");
    expect(message.subject).toContain("Penetration test 2026");
    expect(message.subject).toContain("Bastion Advisory");
    expect(message.html).toContain("Bastion Advisory");
    expect(message.html).not.toMatch(/<img|<script/i);
    const secret = linkSecretIn(message);
    expect(message.text).toContain(`${t.url}/access#token=${secret}`);
    // Only the secret's hash is stored, and the answer never carried it.
    expect(issued.text).not.toContain(secret);
    const stored = await system((trx) =>
      trx.selectFrom("client_tokens").selectAll().where("id", "=", body.tokenId).executeTakeFirstOrThrow(),
    );
    expect(stored.token_hash.equals(createHash("sha256").update(secret).digest())).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored.mail_payload).toBeNull();

    // The console sees it sent.
    const listed = await analyst.request(`/api/workspaces/${workspace.id}/client-tokens`);
    const link = listed.json<AccessLinkList>().items.find((item) => item.id === body.tokenId);
    expect(link).toMatchObject({
      status: "unused",
      role: "customer_approver",
      origin: "staff",
      issuedBy: "Ana Lyst",
    });
    expect(link?.mail).toMatchObject({ status: "sent", attempts: 1, error: null });

    // The client opens the link: the page shows where it leads; only Continue (POST) uses it.
    const { browser, post } = client();
    const preview = await post("/auth/client-token/preview", { token: secret });
    expect(preview.status).toBe(200);
    expect(preview.json<AccessLinkPreview>()).toMatchObject({
      providerName: "Bastion Advisory",
      tenantName: "Harbor Bank",
      workspaceName: "Penetration test 2026",
      email,
    });
    const redeemed = await post("/auth/client-token/redeem", { token: secret });
    expect(redeemed.status).toBe(200);
    expect(redeemed.json()).toEqual({
      redirectTo: "/customer-portal",
      workspaceId: workspace.id,
      role: "customer_approver",
    });

    const me = await browser.request("/api/v1/me");
    expect(me.json()).toMatchObject({
      auth_method: "email",
      role: "customer_approver",
      workspace_ids: [workspace.id],
    });
    expect((await browser.request("/api/v1/reports/dashboard")).status).toBe(200);

    // The tenant's other workspace is as unknown to this session as a random id: the same bytes.
    const report = await t.build.report(sibling);
    const own = await t.build.report(workspace);
    expect((await browser.request(`/api/v1/reports/${own.id}`)).status).toBe(200);
    const other = await browser.request(`/api/v1/reports/${report.id}`);
    const random = await browser.request(`/api/v1/reports/${unknownId()}`);
    expect(other.status).toBe(404);
    const withoutRequestId = (text: string) => text.replace(/"requestId":"[^"]+"/, "");
    expect(withoutRequestId(other.text)).toBe(withoutRequestId(random.text));
    expect(other.text).not.toContain(report.id);

    // Used once, it never opens again.
    const again = await client().post("/auth/client-token/redeem", { token: secret });
    expect(again.status).toBe(401);
  });
});

describe("POST /api/workspaces/:id/issue-client-token", () => {
  it("needs a session (401) and the permission (403 for a customer)", async () => {
    const anonymous = new BrowserClient(t.url);
    const path = `/api/workspaces/${workspace.id}/issue-client-token`;
    expect((await anonymous.request(path, { json: { email: "a@b.example" } })).status).toBe(401);
    expect((await customer.request(path, { json: { email: "a@b.example" } })).status).toBe(403);
  });

  it("answers 404 for an unknown or malformed workspace id", async () => {
    const unknown = await analyst.request(`/api/workspaces/${unknownId()}/issue-client-token`, {
      json: { email: "a@b.example" },
    });
    expect(unknown.status).toBe(404);
    const malformed = await analyst.request(`/api/workspaces/not-a-uuid/issue-client-token`, {
      json: { email: "a@b.example" },
    });
    expect(malformed.status).toBe(404);
  });

  it("refuses header injection, staff roles, unknown fields and lifetimes over the maximum, creating nothing", async () => {
    const before = await system((trx) =>
      trx.selectFrom("client_tokens").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
    );
    for (const body of [
      { email: "victim@harborbank.example\r\nBcc: everyone@example.com" },
      { email: "victim@harborbank.example\nX-Injected: yes" },
      { email: "Victim <victim@harborbank.example>" },
      { email: "no-at-sign" },
      { email: "a@b.example", role: "admin" },
      { email: "a@b.example", role: "analyst" },
      { email: "a@b.example", expiresInHours: 0 },
      { email: "a@b.example", expiresInHours: t.config.accessLinks.maxHours + 1 },
    ]) {
      const answer = await analyst.request(`/api/workspaces/${workspace.id}/issue-client-token`, {
        json: body,
      });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    const after = await system((trx) =>
      trx.selectFrom("client_tokens").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow(),
    );
    expect(after.n).toBe(before.n);
  });

  it("ignores a tenant named in the body: the link belongs to the workspace's tenant", async () => {
    const answer = await issue("ignored@example.test", {
      tenant_id: otherTenant.id,
      workspace_id: foreign.id,
    });
    expect(answer.status).toBe(201);
    const row = await system((trx) =>
      trx
        .selectFrom("client_tokens")
        .select(["tenant_id", "workspace_id"])
        .where("id", "=", answer.json<IssuedAccessLink>().tokenId)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ tenant_id: tenant.id, workspace_id: workspace.id });
  });

  it("enforces the tenant's allowed email domains (subdomains included), with a clear message", async () => {
    const restricted = await t.build.tenant({ name: "Strict Corp" });
    const space = await t.build.workspace(restricted);
    await system((trx) =>
      trx
        .updateTable("tenants")
        .set({ allowed_email_domains: ["strict.example"] })
        .where("id", "=", restricted.id)
        .execute(),
    );
    const refused = await issue("someone@gmail.example", {}, space);
    expect(refused.status).toBe(400);
    expect(refused.json<{ message: string }>().message).toBe(
      "Strict Corp accepts access links only for addresses at strict.example",
    );
    expect((await issue("someone@strict.example.evil.example", {}, space)).status).toBe(400);
    expect((await issue("Someone@Strict.Example", {}, space)).status).toBe(201);
    expect((await issue("someone@eu.strict.example", {}, space)).status).toBe(201);
  });
});

describe("redeeming", () => {
  it("answers unknown, expired, used, revoked and malformed links the same way", async () => {
    const answers = [];
    const secrets = [
      (await t.build.accessLink(workspace, { state: "expired" })).secret,
      (await t.build.accessLink(workspace, { state: "used" })).secret,
      (await t.build.accessLink(workspace, { state: "revoked" })).secret,
      "A".repeat(43),
      "not a token",
      "",
    ];
    for (const token of secrets) {
      const answer = await client().post("/auth/client-token/redeem", { token });
      answers.push({
        status: answer.status,
        body: { ...answer.json<Record<string, unknown>>(), requestId: "-" },
        cookie: answer.headers.get("set-cookie"),
      });
    }
    expect(answers[0]!.status).toBe(401);
    expect(answers[0]!.cookie).toBeNull();
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it("lets exactly one of 50 concurrent redemptions of one link through", async () => {
    const { secret, id } = await t.build.accessLink(workspace);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        client(`203.0.113.${index + 1}`).post("/auth/client-token/redeem", { token: secret }),
      ),
    );
    expect(results.filter((result) => result.status === 200)).toHaveLength(1);
    expect(results.filter((result) => result.status === 401)).toHaveLength(49);
    const sessions = await system((trx) =>
      trx.selectFrom("sessions").select("id").where("client_token_id", "=", id).execute(),
    );
    expect(sessions).toHaveLength(1);
  });

  it("is never done by GET or HEAD of the link, or by previewing it (as a mail scanner would)", async () => {
    const { secret, id } = await t.build.accessLink(workspace);
    const scanner = new BrowserClient(t.url);
    for (const method of ["GET", "HEAD"]) {
      const page = await scanner.request(`/access?token=${secret}#token=${secret}`, { method });
      expect(page.status).toBe(200);
      expect(page.headers.get("set-cookie")).toBeNull();
    }
    expect((await scanner.request(`/auth/client-token/redeem?token=${secret}`)).status).toBe(404);
    expect((await client().post("/auth/client-token/preview", { token: secret })).status).toBe(200);
    const row = await system((trx) =>
      trx.selectFrom("client_tokens").select("used_at").where("id", "=", id).executeTakeFirstOrThrow(),
    );
    expect(row.used_at).toBeNull();
    expect((await client().post("/auth/client-token/redeem", { token: secret })).status).toBe(200);
  });

  it("refuses a redemption from a foreign Origin", async () => {
    const { secret } = await t.build.accessLink(workspace);
    const answer = await new BrowserClient(t.url).request("/auth/client-token/redeem", {
      json: { token: secret },
      headers: { origin: "https://evil.example" },
    });
    expect(answer.status).toBe(403);
  });

  it("gives the session the link's role and nothing of the console", async () => {
    const { secret } = await t.build.accessLink(workspace, { role: "customer_viewer" });
    const { browser, post } = client();
    expect((await post("/auth/client-token/redeem", { token: secret })).status).toBe(200);
    expect((await browser.request("/api/v1/me")).json()).toMatchObject({
      role: "customer_viewer",
      auth_method: "email",
    });
    expect((await browser.request(`/api/workspaces/${workspace.id}/client-tokens`)).status).toBe(403);
    expect((await browser.request("/api/v1/admin/workspaces")).status).toBe(403);
    const issueAttempt = await browser.request(`/api/workspaces/${workspace.id}/issue-client-token`, {
      json: { email: "friend@example.test" },
    });
    expect(issueAttempt.status).toBe(403);
  });

  it("ends the session a link opened when staff revoke the link", async () => {
    const { secret, id } = await t.build.accessLink(workspace);
    const { browser, post } = client();
    expect((await post("/auth/client-token/redeem", { token: secret })).status).toBe(200);
    expect((await browser.request("/api/v1/me")).status).toBe(200);
    const revoked = await analyst.request(`/api/client-tokens/${id}/revoke`, { method: "POST" });
    expect(revoked.status).toBe(200);
    expect(revoked.json<AccessLink>()).toMatchObject({ status: "revoked" });
    expect((await browser.request("/api/v1/me")).status).toBe(401);
  });
});

describe("the failed-redemption rate limit", () => {
  const { points } = rateLimits.linkFailures;

  async function fail(post: ReturnType<typeof client>["post"], times: number) {
    for (let index = 0; index < times; index++) {
      expect((await post("/auth/client-token/redeem", { token: "x".repeat(43) })).status).toBe(401);
    }
  }

  it("refuses the 11th failure within 5 minutes with 429 and Retry-After, while another address gets through", async () => {
    const attacker = client();
    await fail(attacker.post, points);
    const refused = await attacker.post("/auth/client-token/redeem", { token: "y".repeat(43) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(200);
    // Even a good link is refused from that address now; from another one it works.
    const { secret } = await t.build.accessLink(workspace);
    expect((await attacker.post("/auth/client-token/redeem", { token: secret })).status).toBe(429);
    expect((await attacker.post("/auth/client-token/preview", { token: secret })).status).toBe(429);
    expect((await client().post("/auth/client-token/redeem", { token: secret })).status).toBe(200);

    // After the window the address may try again (the window is moved, not waited for).
    const key = `linkFailures:${attacker.address}`;
    await system((trx) =>
      sql`UPDATE rate_limits SET expire = ${Date.now() - 1} WHERE key = ${key}`.execute(trx),
    );
    expect((await attacker.post("/auth/client-token/redeem", { token: "z".repeat(43) })).status).toBe(401);
  });

  it("does not count successes", async () => {
    const user = client();
    await fail(user.post, points - 1);
    for (let index = 0; index < 3; index++) {
      const { secret } = await t.build.accessLink(workspace);
      expect((await user.post("/auth/client-token/redeem", { token: secret })).status).toBe(200);
    }
    expect((await user.post("/auth/client-token/redeem", { token: "q".repeat(43) })).status).toBe(401);
    expect((await user.post("/auth/client-token/redeem", { token: "q".repeat(43) })).status).toBe(429);
  });

  it("records failures and the refusal in the audit trail, with the reason for staff", async () => {
    const attacker = client();
    const { secret } = await t.build.accessLink(workspace, { state: "used" });
    await attacker.post("/auth/client-token/redeem", { token: secret });
    await fail(attacker.post, points - 1);
    await attacker.post("/auth/client-token/redeem", { token: secret });
    const rows = await system((trx) =>
      trx
        .selectFrom("audit_events")
        .select(["action", "outcome", "reason", "tenant_id", "workspace_id"])
        .where("ip", "=", attacker.address)
        .orderBy("seq")
        .execute(),
    );
    expect(rows[0]).toEqual({
      action: "client_token.redeem_failed",
      outcome: "unauthenticated",
      reason: "access link used",
      tenant_id: tenant.id,
      workspace_id: workspace.id,
    });
    expect(rows.at(-1)).toMatchObject({ action: "client_token.rate_limited", outcome: "rate_limited" });
  });
});

describe("without a trusted proxy", () => {
  it("a different X-Forwarded-For on each try does not reset the count", async () => {
    const direct = await createTestApp({ SMTP_URL: mail.url }, { listen: true });
    try {
      const browser = new BrowserClient(direct.url);
      const statuses: number[] = [];
      for (let index = 0; index <= rateLimits.linkFailures.points; index++) {
        const answer = await browser.request("/auth/client-token/redeem", {
          json: { token: "w".repeat(43) },
          headers: { "x-forwarded-for": `192.0.2.${index + 1}` },
        });
        statuses.push(answer.status);
      }
      expect(statuses.slice(0, -1).every((status) => status === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await direct.close();
    }
  });
});

describe("POST /auth/client-token/request (email me a link)", () => {
  it("sends a fresh link to an invited address and the same answer, with no mail, to anyone else", async () => {
    const invited = "invited.client@harborbank.example";
    await t.build.accessLink(workspace, { email: invited, state: "used" });
    const known = await client().post("/auth/client-token/request", {
      email: "Invited.Client@HarborBank.example",
    });
    const unknown = await client().post("/auth/client-token/request", { email: "nobody@harborbank.example" });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.json()).toEqual(unknown.json());

    const message = await mail.next(invited);
    const { browser, post } = client();
    expect((await post("/auth/client-token/redeem", { token: linkSecretIn(message) })).status).toBe(200);
    expect((await browser.request("/api/v1/me")).json()).toMatchObject({ workspace_ids: [workspace.id] });
    const created = await system((trx) =>
      trx
        .selectFrom("client_tokens")
        .select(["origin", "email"])
        .where("email", "=", "nobody@harborbank.example")
        .execute(),
    );
    expect(created).toEqual([]);
  });

  it("sends nothing for a workspace whose latest link was revoked", async () => {
    const email = "withdrawn@harborbank.example";
    await t.build.accessLink(workspace, { email, state: "revoked" });
    expect((await client().post("/auth/client-token/request", { email })).status).toBe(202);
    // Give the job time to run, then check it created nothing.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const links = await system((trx) =>
      trx.selectFrom("client_tokens").select("origin").where("email", "=", email).execute(),
    );
    expect(links.map((link) => link.origin)).toEqual(["cli"]);
  });

  it("sends nothing for an archived workspace", async () => {
    const email = "archived.invitee@harborbank.example";
    const archived = await t.build.workspace(tenant, { name: "Archived SOC" });
    await t.build.accessLink(archived, { email, state: "used" });
    // Also invited to a workspace in use: its mail proves the job ran (it handles every workspace at once).
    await t.build.accessLink(workspace, { email, state: "used" });
    await system((trx) =>
      trx.updateTable("workspaces").set({ archived_at: new Date() }).where("id", "=", archived.id).execute(),
    );
    expect((await client().post("/auth/client-token/request", { email })).status).toBe(202);
    await mail.next(email);
    const links = await system((trx) =>
      trx
        .selectFrom("client_tokens")
        .select(["origin", "workspace_id"])
        .where("email", "=", email)
        .where("origin", "=", "self_service")
        .execute(),
    );
    expect(links).toEqual([{ origin: "self_service", workspace_id: workspace.id }]);
  });

  it("refuses header injection (400) and rate-limits one address (429)", async () => {
    const requester = client();
    expect(
      (await requester.post("/auth/client-token/request", { email: "a@b.example\r\nBcc: x@y.example" }))
        .status,
    ).toBe(400);
    const statuses: number[] = [];
    for (let index = 0; index <= rateLimits.linkRequests.points; index++) {
      statuses.push(
        (await requester.post("/auth/client-token/request", { email: `n${index}@x.example` })).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(1, -1).every((status) => status === 202)).toBe(true);
  });
});

describe("the console's list and revoke", () => {
  it("lists by status and 404s unknown ids", async () => {
    const used = await t.build.accessLink(workspace, { state: "used" });
    const onlyUsed = await analyst.request(`/api/workspaces/${workspace.id}/client-tokens?status=used`);
    const items = onlyUsed.json<AccessLinkList>().items;
    expect(items.map((item) => item.id)).toContain(used.id);
    expect(items.every((item) => item.status === "used")).toBe(true);
    expect((await analyst.request(`/api/workspaces/${unknownId()}/client-tokens`)).status).toBe(404);
    expect(
      (await analyst.request(`/api/client-tokens/${unknownId()}/revoke`, { method: "POST" })).status,
    ).toBe(404);
    expect((await customer.request(`/api/client-tokens/${used.id}/revoke`, { method: "POST" })).status).toBe(
      403,
    );
  });

  it("lists every workspace for the picker, with each tenant's domains", async () => {
    const answer = await analyst.request("/api/v1/admin/workspaces");
    const ids = answer.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([workspace.id, sibling.id, foreign.id]));
  });
});

describe("the access log of a link's session", () => {
  it("shows what happened in its workspace and its own doings, not the rest of the organisation", async () => {
    const colleague = await t.build.user(tenant, "customer_viewer", { name: "Org-wide Olivia" });
    const olivia = await t.build.signedIn(colleague, t.url);
    expect((await olivia.request("/api/v1/reports/dashboard")).status).toBe(200);
    const { secret, id } = await t.build.accessLink(workspace, { email: "log.reader@harborbank.example" });
    const { browser, post } = client();
    expect((await post("/auth/client-token/redeem", { token: secret })).status).toBe(200);
    expect((await browser.request("/api/v1/reports/dashboard")).status).toBe(200);

    const seen = (await browser.request("/api/v1/access-log?limit=200")).json<AccessLog>();
    expect(seen.items.map((item) => item.actor.name)).toContain("log.reader@harborbank.example");
    expect(seen.items.some((item) => item.actor.name === "Org-wide Olivia")).toBe(false);
    expect(seen.people.map((person) => person.id)).toContain(id);
    expect(seen.people.some((person) => person.name === "Org-wide Olivia")).toBe(false);

    // The organisation's own people see the link's use.
    const orgWide = (await olivia.request("/api/v1/access-log?limit=200")).json<AccessLog>();
    expect(
      orgWide.items.some((item) => item.actor.id === id && item.action === "client_token.redeemed"),
    ).toBe(true);
    // So do those limited to some workspaces (members), who still see the organisation-wide events.
    const member = await t.build.signedIn(
      await t.build.user(tenant, "customer_viewer", { workspaces: [workspace, sibling] }),
      t.url,
    );
    const memberView = (await member.request("/api/v1/access-log?limit=200")).json<AccessLog>();
    expect(memberView.items.some((item) => item.actor.id === id)).toBe(true);
    expect(memberView.items.some((item) => item.actor.name === "Org-wide Olivia")).toBe(true);
  });
});

describe("the development mailbox", () => {
  it("is not mounted when a mail server is configured", async () => {
    const answer = await analyst.request("/dev/mailbox");
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toContain("application/json");
  });

  it("is for signed-in staff only: anonymous to sign-in, customers 403", async () => {
    const app = await createTestApp({}, { listen: true });
    try {
      expect(app.config.mail.kind).toBe("dev-mailbox");
      const anonymous = await new BrowserClient(app.url).request("/dev/mailbox");
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get("location")).toBe("/auth/login?returnTo=%2Fdev%2Fmailbox");
      const viewer = await app.build.signedIn(
        await app.build.user(await app.build.tenant(), "customer_viewer"),
        app.url,
      );
      expect((await viewer.request("/dev/mailbox")).status).toBe(403);
      const staff = await app.build.signedIn(await app.build.user(null, "analyst"), app.url);
      const page = await staff.request("/dev/mailbox");
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect((await staff.request(`/dev/mailbox/${unknownId()}`)).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe("mail that cannot be delivered", () => {
  it("shows staff the failed attempt and the mail server's answer on the link", async () => {
    const refusing = await startMailCatcher({ refuse: true });
    const app = await createTestApp({ SMTP_URL: refusing.url, JOBS_ENABLED: "true" }, { listen: true });
    try {
      const space = await app.build.workspace(await app.build.tenant());
      const staff = await app.build.signedIn(await app.build.user(null, "admin"), app.url);
      const issued = await staff.request(`/api/workspaces/${space.id}/issue-client-token`, {
        json: { email: "bounce@example.test" },
      });
      const { tokenId } = issued.json<IssuedAccessLink>();
      let link: AccessLink | undefined;
      for (let tries = 0; tries < 50 && !(link?.mail.attempts ?? 0); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        const list = await staff.request(`/api/workspaces/${space.id}/client-tokens`);
        link = list.json<AccessLinkList>().items.find((item) => item.id === tokenId);
      }
      expect(link?.mail).toMatchObject({ status: "queued", attempts: 1 });
      expect(link?.mail.error).toMatch(/550/);

      // The last retry: the link's mail has failed for good, and its sealed secret is gone.
      const runScoped = createScopedRunner(app.database, TEST_APP_ROLE);
      const keys = await SessionKeys.import(app.config.session.secrets);
      const mailer = await createMailer({ config: app.config, runScoped, log: app.app.log });
      const service = createAccessLinkService({
        config: app.config,
        runScoped,
        sessions: createSessionService({ config: app.config, keys, runScoped }),
        sealKey: keys.linkSealKey,
        jobs: new JobQueue(app.database, app.config, app.app.log),
        mailer,
      });
      await expect(service.sendMail(tokenId, { retryCount: 5, retryLimit: 5 })).rejects.toThrow(/550/);
      await mailer.close();
      const final = (await staff.request(`/api/workspaces/${space.id}/client-tokens`))
        .json<AccessLinkList>()
        .items.find((item) => item.id === tokenId);
      expect(final?.mail).toMatchObject({ status: "failed" });
      const row = await withScope(app.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx
          .selectFrom("client_tokens")
          .select("mail_payload")
          .where("id", "=", tokenId)
          .executeTakeFirstOrThrow(),
      );
      expect(row.mail_payload).toBeNull();
    } finally {
      await app.close();
      await refusing.close();
    }
  });
});
