import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import { type ExternalIdp, startExternalIdp } from "../../test/helpers/idp";
import { findFreePort } from "../../test/helpers/process";
import { withScope } from "../db/scope";
import { createRelyingParty } from "./oidc/relying-party";
import { safeReturnTo } from "./return-to";

const SESSION = "portcullis_session";
const STATE = "portcullis_oidc";

/** Runs the flow up to the identity provider's redirect back, without following it. */
async function callbackUrlFor(client: BrowserClient, subject: string): Promise<string> {
  const { response: page } = await client.follow("/auth/login");
  const action =
    /<form method="post" action="([^"]+)">\s*<input type="hidden" name="account" value="([^"]+)">/g;
  const form = [...page.text.matchAll(action)].find((match) => match[2] === subject);
  if (!form) throw new Error(`no form for ${subject}`);
  let response = await client.request(new URL(form[1]!, page.url).href, { form: { account: subject } });
  for (let hop = 0; hop < 10; hop++) {
    const location = new URL(response.headers.get("location") ?? "", response.url).href;
    if (location.includes("/auth/callback")) return location;
    response = await client.request(location);
  }
  throw new Error("never redirected to /auth/callback");
}

describe("OIDC callback attacks (embedded identity provider)", () => {
  let t: TestApp;
  let attempts = 0;
  let fiveHundreds = 0;

  const expectRefused = async (client: BrowserClient, url: string, status = 400) => {
    attempts++;
    const response = await client.request(url);
    if (response.status >= 500) fiveHundreds++;
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await client.cookie(SESSION)).toBeUndefined();
    return response;
  };

  beforeAll(async () => {
    t = await createTestApp({}, { listen: true });
  });

  afterAll(async () => {
    console.log(`oidc callback attacks: ${attempts} hostile inputs, ${fiveHundreds} 5xx`);
    await t?.close();
  });

  it("refuses a callback without the sign-in state cookie", async () => {
    const victim = new BrowserClient(t.url);
    const callback = await callbackUrlFor(victim, "demo-northwind-viewer");
    const attacker = new BrowserClient(t.url);
    await expectRefused(attacker, callback);
  });

  it("refuses a callback whose state does not match", async () => {
    const client = new BrowserClient(t.url);
    const callback = new URL(await callbackUrlFor(client, "demo-northwind-viewer"));
    callback.searchParams.set("state", "forged-state");
    const response = await expectRefused(client, callback.href);
    expect(response.text).toContain("could not be verified");
    callback.searchParams.delete("state");
    await expectRefused(client, callback.href);
  });

  it("refuses a replayed authorization code", async () => {
    const client = new BrowserClient(t.url);
    const callback = await callbackUrlFor(client, "demo-northwind-viewer");
    const state = await client.cookie(STATE, "/auth/callback");
    const first = await client.request(callback);
    expect(first.status).toBe(303);
    // The browser's state cookie is restored, so only the code's single use stops the replay.
    await client.jar.setCookie(`${STATE}=${state}; Path=/auth`, t.url);
    const replay = new BrowserClient(t.url);
    await replay.jar.setCookie(`${STATE}=${state}; Path=/auth`, t.url);
    await expectRefused(replay, callback);
  });

  it("refuses a code obtained in another browser's sign-in (state and PKCE verifier belong to the victim)", async () => {
    const victim = new BrowserClient(t.url);
    const callback = await callbackUrlFor(victim, "demo-northwind-approver");
    const attacker = new BrowserClient(t.url);
    await attacker.follow("/auth/login"); // the attacker's own, genuine state cookie
    expect(await attacker.cookie(STATE, "/auth/callback")).toBeDefined();
    await expectRefused(attacker, callback);
  });

  it("refuses an ID token whose nonce is not the one this browser's sign-in asked for", async () => {
    // The authorization request is rewritten in flight: the provider issues a token for another nonce.
    const client = new BrowserClient(t.url);
    const login = await client.request("/auth/login");
    const authorize = new URL(login.headers.get("location") ?? "", t.url);
    authorize.searchParams.set("nonce", "attacker-chosen-nonce");
    const { response: page } = await client.follow(authorize.href);
    const form =
      /<form method="post" action="([^"]+)">\s*<input type="hidden" name="account" value="demo-northwind-viewer">/.exec(
        page.text,
      );
    let response = await client.request(new URL(form![1]!, page.url).href, {
      form: { account: "demo-northwind-viewer" },
    });
    while (response.status >= 300 && response.status < 400) {
      const next = new URL(response.headers.get("location") ?? "", response.url).href;
      if (next.includes("/auth/callback")) {
        const refused = await expectRefused(client, next);
        expect(refused.text).toContain("could not be verified");
        return;
      }
      response = await client.request(next);
    }
    throw new Error("never reached /auth/callback");
  });

  it("refuses a forged or foreign state cookie", async () => {
    const client = new BrowserClient(t.url);
    const callback = await callbackUrlFor(client, "demo-northwind-viewer");
    await client.jar.setCookie(`${STATE}=eyJhbGciOiJub25lIn0.eyJzdGF0ZSI6IngifQ.; Path=/auth`, t.url);
    await expectRefused(client, callback);
  });

  it("reports an error answered by the identity provider as a 400 page", async () => {
    const client = new BrowserClient(t.url);
    await client.follow("/auth/login");
    await expectRefused(client, "/auth/callback?error=access_denied&state=x");
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "https:evil.example",
    "%2F%2Fevil.example",
    "/%2F%2Fevil.example",
    "javascript:alert(1)",
    "/%5Cevil.example",
    " //evil.example",
  ])("keeps returnTo=%s on the portal", async (returnTo) => {
    const client = new BrowserClient(t.url);
    const { response } = await signInAs(client, "demo-northwind-viewer", returnTo);
    attempts++;
    const landed = new URL(response.url);
    expect(landed.origin).toBe(t.url);
    expect(landed.pathname).toBe("/customer-portal");
  });

  it("honours a same-origin returnTo path", async () => {
    const client = new BrowserClient(t.url);
    const { response } = await signInAs(
      client,
      "demo-northwind-viewer",
      "/customer-portal/reports?type=sla_performance",
    );
    expect(new URL(response.url).pathname + new URL(response.url).search).toBe(
      "/customer-portal/reports?type=sla_performance",
    );
  });

  it("refuses sign-in without MFA when the tenant requires it, and allows it with MFA", async () => {
    await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
      trx.updateTable("tenants").set({ require_mfa: true }).where("slug", "=", "northwind").execute(),
    );
    try {
      const withoutMfa = new BrowserClient(t.url);
      const { response } = await signInAs(withoutMfa, "demo-northwind-viewer");
      attempts++;
      expect(response.status).toBe(403);
      expect(response.text).toContain("requires multi-factor authentication");
      expect(await withoutMfa.cookie(SESSION)).toBeUndefined();

      const withMfa = new BrowserClient(t.url);
      await signInAs(withMfa, "demo-northwind-approver");
      const me = await withMfa.request("/api/v1/me");
      expect(me.json()).toMatchObject({ role: "customer_approver", mfa: true });
    } finally {
      await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
        trx.updateTable("tenants").set({ require_mfa: false }).where("slug", "=", "northwind").execute(),
      );
    }
  });

  it("has its identity provider require PKCE of every authorization request", async () => {
    const client = new BrowserClient(t.url);
    const authorize = new URL((await client.request("/auth/login")).headers.get("location") ?? "", t.url);
    expect(authorize.searchParams.get("code_challenge")).toBeTruthy();
    authorize.searchParams.delete("code_challenge");
    authorize.searchParams.delete("code_challenge_method");
    const response = await client.request(authorize.href);
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get("location") ?? "", t.url);
    expect(back.pathname).toBe("/auth/callback");
    expect(back.searchParams.get("error")).toBe("invalid_request");
    expect(back.searchParams.get("error_description")).toMatch(/PKCE/);
  });

  it("has its identity provider answer an unknown client with a plain-text error page of its own", async () => {
    const client = new BrowserClient(t.url);
    const authorize = new URL((await client.request("/auth/login")).headers.get("location") ?? "", t.url);
    authorize.searchParams.set("client_id", "nobody");
    const response = await client.request(authorize.href);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.text).toMatch(/^Sign-in error at the identity provider: invalid_client \(.+\)$/);
  });

  it("has its identity provider sign with a key made for this process, and sign its cookies", async () => {
    const client = new BrowserClient(t.url);
    const discovery = await client.request("/dev-idp/.well-known/openid-configuration");
    const { jwks_uri } = discovery.json<{ jwks_uri: string }>();
    const { keys } = (await client.request(jwks_uri)).json<{ keys: { kid: string; alg: string }[] }>();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ alg: "RS256", kid: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const authorize = (await client.request("/auth/login")).headers.get("location") ?? "";
    const interaction = await client.request(new URL(authorize, t.url).href);
    const names = interaction.headers.getSetCookie().map((cookie) => cookie.split("=")[0]);
    expect(names).toContain("_interaction.sig");
  });
});

describe("OIDC identity rules (an external OpenID provider)", () => {
  const CUSTOMER_TID = "6f1c2a7e-3b9d-4e58-9a41-0c7d5e2b8f13"; // the seeded Northwind directory
  const PROVIDER_TID = "0d5a3c91-8e2f-4b7a-a6c4-51f9e8d2b370";
  const FOREIGN_TID = "99999999-9999-4999-8999-999999999999";
  const account = (
    subject: string,
    tid: string,
    roles: string[],
    mfa = false,
    email = `${subject}@example.org`,
  ) => ({
    subject,
    email,
    name: subject,
    tid,
    roles,
    mfa,
  });
  let t: TestApp;
  let idp: ExternalIdp;

  beforeAll(async () => {
    const port = await findFreePort();
    idp = await startExternalIdp({
      redirectUri: `http://127.0.0.1:${port}/auth/callback`,
      accounts: [
        account("good-viewer", CUSTOMER_TID, ["Portal.Viewer"], true),
        account("no-roles", CUSTOMER_TID, []),
        account("unknown-role", CUSTOMER_TID, ["Portal.SuperUser", "Owner"]),
        account("foreign-directory", FOREIGN_TID, ["Portal.Viewer"]),
        account("customer-posing-as-admin", CUSTOMER_TID, ["Portal.Admin"]),
        account("real-staff", PROVIDER_TID, ["Portal.Analyst"]),
        account("unmapped-directory", "11111111-1111-4111-8111-111111111111", ["Portal.Viewer"]),
        // A directory that releases no email, preferred_username or upn claim.
        account("no-email", CUSTOMER_TID, ["Portal.Viewer"], false, ""),
      ],
    });
    t = await createTestApp(
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SSO_PROVIDER: "oidc",
        SSO_ISSUER: idp.issuer,
        SSO_CLIENT_ID: idp.clientId,
        SSO_CLIENT_SECRET: idp.clientSecret,
        SSO_TENANT_IDS: [CUSTOMER_TID, PROVIDER_TID, "11111111-1111-4111-8111-111111111111"].join(","),
        SSO_STAFF_TENANT_IDS: PROVIDER_TID,
      },
      { listen: true, port },
    );
  });

  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  it("does not mount the development identity provider when a real one is configured", async () => {
    const response = await new BrowserClient(t.url).request("/dev-idp/.well-known/openid-configuration");
    expect(response.status).toBe(404);
  });

  it("signs in an allowed user with a mapped role, keyed by the real issuer", async () => {
    const client = new BrowserClient(t.url);
    const { response } = await signInAs(client, "good-viewer");
    expect(new URL(response.url).pathname).toBe("/customer-portal");
    const me = await client.request("/api/v1/me");
    expect(me.json()).toMatchObject({
      role: "customer_viewer",
      auth_method: "sso",
      mfa: true,
      tenant: { slug: "northwind" },
    });
    const user = await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
      trx
        .selectFrom("users")
        .select(["idp_issuer", "tenant_id"])
        .where("idp_subject", "=", "good-viewer")
        .executeTakeFirst(),
    );
    expect(user?.idp_issuer).toBe(idp.issuer);
  });

  it.each([
    ["no-roles", "no portal role"],
    ["unknown-role", "no portal role"],
    ["foreign-directory", "not allowed to sign in"],
    ["customer-posing-as-admin", "Staff roles are only accepted from the provider"],
    ["unmapped-directory", "not set up in this portal"],
    ["no-email", "did not send an email address"],
  ])("refuses %s with a 403 page that says why", async (subject, why) => {
    const client = new BrowserClient(t.url);
    const { response } = await signInAs(client, subject);
    expect(response.status).toBe(403);
    expect(response.text).toContain(why);
    expect(await client.cookie(SESSION)).toBeUndefined();
    const users = await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, (trx) =>
      trx.selectFrom("users").select("id").where("idp_subject", "=", subject).execute(),
    );
    expect(users).toEqual([]);
  });

  it("accepts staff roles from the provider's own directory", async () => {
    const client = new BrowserClient(t.url);
    await signInAs(client, "real-staff");
    const me = await client.request("/api/v1/me");
    expect(me.json()).toMatchObject({ role: "analyst", tenant: null, auth_method: "sso" });
  });
});

describe("an identity provider whose issuer is not the configured one", () => {
  it("refuses to sign in (the issuer is validated exactly)", async () => {
    const port = await findFreePort();
    const idp = await startExternalIdp({
      redirectUri: `http://127.0.0.1:${port}/auth/callback`,
      accounts: [],
    });
    // Same server, other spelling: discovery answers with issuer http://127.0.0.1:…, not http://localhost:….
    const t = await createTestApp(
      {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SSO_PROVIDER: "oidc",
        SSO_ISSUER: idp.issuer.replace("127.0.0.1", "localhost"),
        SSO_CLIENT_ID: idp.clientId,
        SSO_CLIENT_SECRET: idp.clientSecret,
      },
      { listen: true, port },
    );
    try {
      const response = await new BrowserClient(t.url).request("/auth/login");
      expect(response.status).toBe(503);
      expect(response.headers.get("location")).toBeNull();
    } finally {
      await t.close();
      await idp.close();
    }
  });
});

describe("safeReturnTo", () => {
  it("keeps same-origin paths and drops everything else", () => {
    const origin = "https://portal.example.com";
    expect(safeReturnTo("/customer-portal/reports?q=1#top", origin)).toBe("/customer-portal/reports?q=1#top");
    for (const hostile of [
      "//x.example",
      "/\\x.example",
      "https://x.example/",
      "x",
      "",
      "/%2f%2fx.example",
      "/\t/x",
    ]) {
      expect(safeReturnTo(hostile, origin)).toBe("/customer-portal");
    }
    expect(safeReturnTo(undefined, origin)).toBe("/customer-portal");
    expect(safeReturnTo(`/${"a".repeat(3000)}`, origin)).toBe("/customer-portal");
  });
});

describe("the relying party's discovery", () => {
  /** A bare OpenID provider's discovery document, counting how often it is asked, failing while `down`. */
  async function discoveryServer() {
    const state = { hits: 0, down: false, issuer: "" };
    const server = http.createServer((request, response) => {
      state.hits++;
      if (state.down || request.url !== "/.well-known/openid-configuration") {
        response.writeHead(503).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          issuer: state.issuer,
          authorization_endpoint: `${state.issuer}/auth`,
          token_endpoint: `${state.issuer}/token`,
          jwks_uri: `${state.issuer}/jwks`,
          response_types_supported: ["code"],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { state, close: () => new Promise((resolve) => server.close(resolve)) };
  }
  const settings = (issuers: string[]) => ({
    issuers,
    clientId: "client",
    clientSecret: "secret",
    redirectUri: "http://127.0.0.1:1/auth/callback",
  });

  it("never contacts an issuer it was not given", async () => {
    const idp = await discoveryServer();
    try {
      const party = createRelyingParty(settings(["http://127.0.0.1:1/allowed"]));
      await expect(party.startLogin(idp.state.issuer)).rejects.toThrow("issuer not allowed");
      expect(idp.state.hits).toBe(0);
    } finally {
      await idp.close();
    }
  });

  it("discovers an issuer once, and again only after a failed discovery", async () => {
    const idp = await discoveryServer();
    try {
      const party = createRelyingParty(settings([idp.state.issuer]));
      idp.state.down = true;
      await expect(party.startLogin(idp.state.issuer)).rejects.toThrow();
      expect(idp.state.hits).toBe(1);
      idp.state.down = false;
      const first = await party.startLogin(idp.state.issuer);
      expect(first.url.href.startsWith(`${idp.state.issuer}/auth?`)).toBe(true);
      expect(first.url.searchParams.get("code_challenge_method")).toBe("S256");
      expect(idp.state.hits).toBe(2);
      await party.startLogin(idp.state.issuer);
      expect(idp.state.hits).toBe(2);
    } finally {
      await idp.close();
    }
  });
});
