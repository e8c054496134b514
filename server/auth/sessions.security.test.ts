/**
 * Attacks on session tokens (and state-changing requests from a foreign Origin), as real HTTP requests against the
 * running app.
 * Every hostile input is counted; the suite ends with `session-token attacks: N hostile inputs, A accepted, F 5xx`
 * and requires A = 0 and F = 0.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import {
  CompactSign,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  SignJWT,
} from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_SESSION_SECRET, type TestApp } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";
import { registeredRoutes } from "../../test/helpers/routes";
import { withScope } from "../db/scope";

const COOKIE = "portcullis_session";
const SESSION_TYP = "portcullis-session+jwt";
const REAL_KID = createHash("sha256").update(TEST_SESSION_SECRET).digest("hex").slice(0, 16);
const REAL_KEY = new TextEncoder().encode(TEST_SESSION_SECRET);
const EVIL = "https://evil.example";

let t: TestApp;
const tally = { hostile: 0, accepted: 0, serverErrors: 0 };

interface RawResponse {
  status: number;
  setCookies: string[];
  contentType: string;
  body: string;
}

/** A request with exactly the headers given (no cookie jar, no implicit Origin). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  const url = new URL(path, t.url);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        headers: body === undefined ? headers : { ...headers, "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            setCookies: response.headers["set-cookie"] ?? [],
            contentType: String(response.headers["content-type"] ?? ""),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

function me(token: string): Promise<RawResponse> {
  return raw("GET", "/api/v1/me", { cookie: `${COOKIE}=${token}`, accept: "application/json" });
}

/** Counts one hostile request: accepted = the server did what was asked (any 2xx/3xx). */
function count(response: RawResponse): RawResponse {
  tally.hostile++;
  if (response.status < 400) tally.accepted++;
  if (response.status >= 500) tally.serverErrors++;
  return response;
}

function expectCookieCleared(response: RawResponse) {
  const cleared = response.setCookies.filter((line) => line.startsWith(`${COOKIE}=`));
  expect(cleared, "a Set-Cookie that clears the session cookie").toHaveLength(1);
  const line = cleared[0]!;
  const maxAgeZero = /;\s*Max-Age=0(;|$)/i.test(line);
  const expires = /;\s*Expires=([^;]+)/i.exec(line)?.[1];
  const expiredDate = expires !== undefined && new Date(expires).getTime() < Date.now();
  expect(maxAgeZero || expiredDate, line).toBe(true);
  expect(line.startsWith(`${COOKIE}=;`), line).toBe(true);
}

function expectUnauthenticated(response: RawResponse, label: string) {
  expect(response.status, `${label}: ${response.body.slice(0, 200)}`).toBe(401);
  expect(response.contentType, label).toContain("application/json");
  const body = JSON.parse(response.body) as { error: string; message: unknown };
  expect(body.error, label).toBe("unauthenticated");
  expect(typeof body.message, label).toBe("string");
}

/** A hostile session cookie on GET /api/v1/me: 401 unauthenticated, cookie cleared, counted. */
async function attack(label: string, token: string): Promise<RawResponse> {
  const response = count(await me(token));
  expectUnauthenticated(response, label);
  expectCookieCleared(response);
  return response;
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** HS256 by hand: any header, any payload, any key. */
function hs256(header: Record<string, unknown>, payload: unknown, key: Uint8Array | string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac("sha256", key).update(input).digest("base64url")}`;
}

/** HS256 with jose, pinning every header field (kid, typ, and anything else). */
function joseHs256(header: Record<string, unknown>, payload: JWTPayload, key: Uint8Array): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", ...header }).sign(key);
}

interface SignedIn {
  client: BrowserClient;
  token: string;
  claims: JWTPayload & Record<string, unknown>;
}

async function signIn(subject: string): Promise<SignedIn> {
  const client = new BrowserClient(t.url);
  const { response } = await signInAs(client, subject);
  expect(response.status).toBe(200);
  const token = await client.cookie(COOKIE);
  if (!token) throw new Error(`no session cookie for ${subject}`);
  expect((await client.request("/api/v1/me")).status).toBe(200);
  return { client, token, claims: decodeJwt(token) as SignedIn["claims"] };
}

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

/** The genuine session the token attacks are built from; it stays valid throughout. */
let victim: SignedIn;
let contoso: { tenantId: string; workspaceId: string };

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  victim = await signIn("demo-northwind-viewer");
  contoso = await system(async (trx) => {
    const tenant = await trx
      .selectFrom("tenants")
      .select("id")
      .where("slug", "=", "contoso")
      .executeTakeFirstOrThrow();
    const workspace = await trx
      .selectFrom("workspaces")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .executeTakeFirstOrThrow();
    return { tenantId: tenant.id, workspaceId: workspace.id };
  });
});

afterAll(async () => {
  console.log(
    `session-token attacks: ${tally.hostile} hostile inputs, ${tally.accepted} accepted, ${tally.serverErrors} 5xx`,
  );
  await t?.close();
  expect(tally.hostile).toBeGreaterThanOrEqual(80);
  expect(tally.accepted).toBe(0);
  expect(tally.serverErrors).toBe(0);
});

describe("no session cookie", () => {
  const allRoutes = () => registeredRoutes(t.app);

  it("gets 401 on every /api route except the public ones", async () => {
    const routes = allRoutes();
    expect(routes).toContainEqual({ method: "GET", url: "/api/v1/me" });
    expect(routes).toContainEqual({ method: "GET", url: "/healthz" });
    // Public: health checks, sign-in, document verification, access-link redemption and the API reference.
    const isPublic = (url: string) => /\/(healthz|readyz|health|auth|verify|redeem|docs)(\/|$)/.test(url);
    const api = routes.filter((route) => route.url.startsWith("/api/") && !isPublic(route.url));
    expect(api.length).toBeGreaterThan(0);
    for (const route of api) {
      const path = route.url.replace(/:[^/]+/g, randomUUID()).replace(/\*/g, "x");
      const headers: Record<string, string> = { accept: "application/json" };
      let body: string | undefined;
      if (!["GET", "HEAD", "OPTIONS"].includes(route.method)) {
        headers.origin = t.url;
        headers["content-type"] = "application/json";
        body = "{}";
      }
      const response = await raw(route.method, path, headers, body);
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
      if (route.method !== "HEAD") expectUnauthenticated(response, `${route.method} ${route.url}`);
    }
  });

  it("treats an empty cookie value as no cookie", async () => {
    const response = count(await me(""));
    expectUnauthenticated(response, "empty cookie");
  });
});

describe("hostile session tokens", () => {
  /** The victim's claims re-signed: the properties a correct token has. */
  function genuine(): Record<string, unknown> {
    return { ...victim.claims };
  }
  const header = (extra: Record<string, unknown> = {}) => ({
    alg: "HS256",
    kid: REAL_KID,
    typ: SESSION_TYP,
    ...extra,
  });

  it("accepts the genuine cookie and a correctly forged token with a real sid (the control case)", async () => {
    expect((await me(victim.token)).status).toBe(200);
    // Forged with the real secret and kid: this must work, or every "only one property is wrong" case below
    // proves nothing.
    const now = Math.floor(Date.now() / 1000);
    const forged = await joseHs256(
      { kid: REAL_KID, typ: SESSION_TYP },
      { ...genuine(), iat: now, exp: now + 600 },
      REAL_KEY,
    );
    const response = await me(forged);
    expect(response.status, response.body).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      role: "customer_viewer",
      tenant: { slug: "northwind" },
    });
    const byHand = hs256(header(), genuine(), TEST_SESSION_SECRET);
    expect((await me(byHand)).status).toBe(200);
    expect(decodeProtectedHeader(victim.token)).toEqual({ alg: "HS256", kid: REAL_KID, typ: SESSION_TYP });
  });

  it("refuses alg none / None / NONE, with an empty or a missing signature", async () => {
    const [, , signature] = victim.token.split(".");
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      for (const kid of [REAL_KID, undefined]) {
        const head = b64({ alg, typ: SESSION_TYP, ...(kid ? { kid } : {}) });
        const body = b64(genuine());
        await attack(`alg ${alg}, empty signature`, `${head}.${body}.`);
        await attack(`alg ${alg}, missing signature`, `${head}.${body}`);
        await attack(`alg ${alg}, the original signature`, `${head}.${body}.${signature}`);
      }
    }
  });

  it("refuses another key, a flipped bit, truncation and an extra segment", async () => {
    await attack(
      "right kid, wrong secret",
      hs256(header(), genuine(), "not-the-secret-0123456789-abcdefghij"),
    );
    await attack(
      "right kid, wrong secret (jose)",
      await joseHs256(
        { kid: REAL_KID, typ: SESSION_TYP },
        genuine(),
        new TextEncoder().encode("x".repeat(48)),
      ),
    );
    const [head, body, signature] = victim.token.split(".") as [string, string, string];
    const bytes = Buffer.from(signature, "base64url");
    for (const bit of [0, 7, 100, bytes.length * 8 - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      await attack(`signature bit ${bit} flipped`, `${head}.${body}.${flipped.toString("base64url")}`);
    }
    await attack("signature truncated by one character", victim.token.slice(0, -1));
    await attack("signature halved", `${head}.${body}.${signature.slice(0, signature.length / 2)}`);
    await attack("token halved", victim.token.slice(0, Math.floor(victim.token.length / 2)));
    await attack("header only", head);
    await attack("extra segment", `${victim.token}.${signature}`);
    await attack("empty extra segment", `${victim.token}.`);
    await attack("JWE-like five segments", `${head}.${body}.${signature}.${signature}.${signature}`);
  });

  it("refuses malformed tokens built by hand", async () => {
    const body = b64(genuine());
    const cases: [string, string][] = [
      ["garbage", "garbage"],
      ["dots only", ".."],
      ["three empty segments", "..."],
      ["not base64", "!!!.@@@.###"],
      ["header not JSON", `${b64("not json")}.${body}.AAAA`],
      ["header a JSON array", `${b64([1, 2])}.${body}.AAAA`],
      ["payload null", hs256(header(), null, TEST_SESSION_SECRET)],
      ["payload a string", hs256(header(), "hello", TEST_SESSION_SECRET)],
      ["payload not JSON", `${b64(header())}.${b64("{{{")}.AAAA`],
      ["percent-encoded junk", "%E0%A4%A"],
      ["unicode", "ü.ö.ä"],
      ["12 KB of junk", "A".repeat(12 * 1024)],
    ];
    for (const [label, token] of cases) await attack(label, token);
  });

  it("refuses RS256, ES256, PS256 and HS256 signed with a public key", async () => {
    for (const alg of ["RS256", "ES256", "PS256", "EdDSA"] as const) {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const signed = await new SignJWT(genuine())
        .setProtectedHeader({ alg, kid: REAL_KID, typ: SESSION_TYP })
        .sign(privateKey);
      await attack(`${alg} with the real kid`, signed);
      if (alg !== "EdDSA") {
        // The classic confusion: the verifier's "key" is a public key, used as an HMAC secret.
        const pem = await exportSPKI(publicKey);
        await attack(`HS256 keyed with a ${alg} public key PEM`, hs256(header(), genuine(), pem));
        const jwkText = JSON.stringify(await exportJWK(publicKey));
        await attack(`HS256 keyed with a ${alg} public JWK`, hs256(header(), genuine(), jwkText));
      }
    }
  });

  it("refuses embedded jwk, jku, x5u and x5c headers", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = await exportJWK(publicKey);
    const rs = (extra: Record<string, unknown>) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(genuine())))
        .setProtectedHeader({ alg: "RS256", typ: SESSION_TYP, ...extra })
        .sign(privateKey);
    const attackerSecret = new TextEncoder().encode("attacker-chosen-secret-0123456789abcdef");
    const fakeCert = Buffer.from("not really a certificate").toString("base64");
    const embedded: [string, Record<string, unknown>][] = [
      ["jwk", { jwk }],
      ["jwk with the real kid", { jwk, kid: REAL_KID }],
      ["jku", { jku: `${EVIL}/jwks.json`, kid: "evil" }],
      ["jku with the real kid", { jku: `${EVIL}/jwks.json`, kid: REAL_KID }],
      ["x5u", { x5u: `${EVIL}/cert.pem`, kid: REAL_KID }],
      ["x5c", { x5c: [fakeCert], kid: REAL_KID }],
    ];
    for (const [label, extra] of embedded) {
      await attack(`RS256, embedded ${label}`, await rs(extra));
    }
    const octJwk = { kty: "oct", k: Buffer.from(attackerSecret).toString("base64url") };
    await attack(
      "HS256 with an embedded oct jwk",
      await joseHs256({ kid: REAL_KID, typ: SESSION_TYP, jwk: octJwk }, genuine(), attackerSecret),
    );
    await attack(
      "HS256 with an embedded oct jwk and no kid",
      hs256({ alg: "HS256", typ: SESSION_TYP, jwk: octJwk }, genuine(), attackerSecret),
    );
    await attack(
      "HS256 with jku pointing at the attacker",
      hs256(header({ jku: `${EVIL}/jwks.json` }), genuine(), attackerSecret),
    );
    await attack(
      "HS256 with x5u and x5c",
      hs256(header({ x5u: `${EVIL}/cert.pem`, x5c: [fakeCert] }), genuine(), attackerSecret),
    );
  });

  it("refuses a kid that is a path, SQL, 10 KB long or otherwise not ours, never with a 5xx", async () => {
    // Signed with the real secret: only the kid is wrong.
    const kids: unknown[] = [
      "../../etc/passwd",
      "/dev/null",
      "' OR 1=1 --",
      "'; DROP TABLE sessions; --",
      "k".repeat(10 * 1024),
      "__proto__",
      "constructor",
      `${REAL_KID} `,
      REAL_KID.toUpperCase(),
      "",
      123,
      null,
      [REAL_KID],
    ];
    for (const kid of kids) {
      const label = `kid ${JSON.stringify(kid).slice(0, 40)}`;
      await attack(label, hs256({ alg: "HS256", typ: SESSION_TYP, kid }, genuine(), TEST_SESSION_SECRET));
    }
    await attack("no kid", hs256({ alg: "HS256", typ: SESSION_TYP }, genuine(), TEST_SESSION_SECRET));
  });

  it("refuses claims edited under the old signature", async () => {
    const [head, , signature] = victim.token.split(".") as [string, string, string];
    const edits: [string, Record<string, unknown>][] = [
      ["tenant_id → contoso", { tenant_id: contoso.tenantId }],
      ["tenant_id → null (staff)", { tenant_id: null }],
      ["workspace_ids → contoso's workspace", { workspace_ids: [contoso.workspaceId] }],
      ["workspace_id → contoso's workspace", { workspace_id: contoso.workspaceId }],
      ["workspace_ids → *", { workspace_ids: "*" }],
      ["role → admin", { role: "admin" }],
      ["role → customer_approver", { role: "customer_approver" }],
      ["mfa → true", { mfa: !victim.claims.mfa }],
      ["sub → another user", { sub: randomUUID() }],
      ["sid → another session", { sid: randomUUID() }],
      ["exp → a year later", { exp: Math.floor(Date.now() / 1000) + 365 * 86_400 }],
    ];
    for (const [label, edit] of edits) {
      await attack(`edited ${label}`, `${head}.${b64({ ...genuine(), ...edit })}.${signature}`);
    }
    // Even with the real key, claims that disagree with the session row are refused: the row is the authority.
    for (const [label, edit] of edits.filter(([label]) => /tenant_id|role|mfa|sub|sid/.test(label))) {
      await attack(`re-signed ${label}`, hs256(header(), { ...genuine(), ...edit }, TEST_SESSION_SECRET));
    }
  });

  it("refuses expiry, not-before, issuer, audience and type errors (signed with the real key and kid)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { exp: _exp, ...noExp } = genuine();
    const { iat: _iat, ...noIat } = genuine();
    const { iss: _iss, ...noIss } = genuine();
    const { aud: _aud, ...noAud } = genuine();
    const { sid: _sid, ...noSid } = genuine();
    const payloads: [string, Record<string, unknown>][] = [
      ["exp in the past", { ...genuine(), iat: now - 7200, exp: now - 120 }],
      ["exp one second ago", { ...genuine(), exp: now - 1 }],
      ["nbf in the future", { ...genuine(), nbf: now + 3600 }],
      ["iat in the future", { ...genuine(), iat: now + 3600 }],
      ["exp missing", noExp],
      ["iat missing", noIat],
      ["iss foreign", { ...genuine(), iss: EVIL }],
      ["iss the identity provider", { ...genuine(), iss: `${t.url}/dev-idp` }],
      ["iss missing", noIss],
      ["aud foreign", { ...genuine(), aud: "evil" }],
      ["aud of the sign-in state token", { ...genuine(), aud: "portcullis-oidc" }],
      ["aud missing", noAud],
      ["exp not a number", { ...genuine(), exp: "never" }],
      ["sid of no session", { ...genuine(), sid: randomUUID() }],
      ["sid not a uuid", { ...genuine(), sid: "1 OR 1=1" }],
      ["sid missing", noSid],
    ];
    for (const [label, payload] of payloads) {
      await attack(label, hs256(header(), payload, TEST_SESSION_SECRET));
    }
    for (const typ of ["JWT", "portcullis-oidc-state+jwt", "at+jwt", undefined]) {
      await attack(
        `typ ${String(typ)}`,
        hs256({ alg: "HS256", kid: REAL_KID, ...(typ ? { typ } : {}) }, genuine(), TEST_SESSION_SECRET),
      );
    }
    await attack(
      "unencoded payload (b64: false)",
      hs256(header({ b64: false, crit: ["b64"] }), genuine(), TEST_SESSION_SECRET),
    );
    await attack("unknown crit header", hs256(header({ crit: ["exp"] }), genuine(), TEST_SESSION_SECRET));
    // The control case again, after all of that: the genuine session is still fine.
    expect((await me(victim.token)).status).toBe(200);
  });
});

describe("replayed cookies", () => {
  it("refuses a cookie replayed after logout", async () => {
    const session = await signIn("demo-northwind-approver");
    const logout = await session.client.request("/auth/logout", {
      json: {},
      headers: { accept: "application/json" },
    });
    expect(logout.status, logout.text).toBe(204);
    expect(await session.client.cookie(COOKIE)).toBeUndefined();
    await attack("replayed after logout", session.token);
    const revoked = await system((trx) =>
      trx
        .selectFrom("sessions")
        .select("revoked_at")
        .where("id", "=", String(session.claims.sid))
        .executeTakeFirstOrThrow(),
    );
    expect(revoked.revoked_at).not.toBeNull();
  });

  it("signs out on a POST /auth/logout without a body (a plain fetch)", async () => {
    const session = await signIn("demo-northwind-approver");
    const logout = await raw("POST", "/auth/logout", {
      cookie: `${COOKIE}=${session.token}`,
      accept: "application/json",
      origin: t.url,
    });
    expect(logout.status, logout.body).toBe(204);
    expectCookieCleared(logout);
    await attack("replayed after a bodiless logout", session.token);
  });

  it("refuses a cookie once the user is disabled", async () => {
    const session = await signIn("demo-contoso-viewer");
    const userId = String(session.claims.sub);
    await system((trx) =>
      trx.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", userId).execute(),
    );
    try {
      await attack("replayed after the user was disabled", session.token);
    } finally {
      await system((trx) =>
        trx.updateTable("users").set({ disabled_at: null }).where("id", "=", userId).execute(),
      );
    }
  });

  it("refuses a cookie once the user's role changed", async () => {
    const session = await signIn("demo-contoso-approver");
    const userId = String(session.claims.sub);
    expect(session.claims.role).toBe("customer_approver");
    await system((trx) =>
      trx.updateTable("users").set({ role: "customer_viewer" }).where("id", "=", userId).execute(),
    );
    try {
      await attack("replayed after a role change", session.token);
    } finally {
      await system((trx) =>
        trx.updateTable("users").set({ role: "customer_approver" }).where("id", "=", userId).execute(),
      );
    }
  });

  it("signs out everywhere: every session of that user, and only that user", async () => {
    const first = await signIn("demo-staff-analyst");
    const second = await signIn("demo-staff-analyst");
    const bystander = await signIn("demo-staff-admin");
    const logout = await first.client.request("/auth/logout", { form: { scope: "everywhere" } });
    expect(logout.status).toBe(303);
    await attack("first session after sign-out everywhere", first.token);
    await attack("other session after sign-out everywhere", second.token);
    expect((await second.client.request("/api/v1/me")).status).toBe(401);
    expect((await bystander.client.request("/api/v1/me")).status).toBe(200);
  });

  it("ends an idle session, and the refused request does not revive it", async () => {
    const idleMinutes = t.config.session.idleMinutes;
    expect(idleMinutes).toBe(30);
    const session = await signIn("demo-northwind-viewer");
    const sid = String(session.claims.sid);
    const setLastSeen = (minutesAgo: number) =>
      system((trx) =>
        trx
          .updateTable("sessions")
          .set({ last_seen_at: new Date(Date.now() - minutesAgo * 60_000) })
          .where("id", "=", sid)
          .execute(),
      );
    const lastSeen = async () =>
      (
        await system((trx) =>
          trx.selectFrom("sessions").select("last_seen_at").where("id", "=", sid).executeTakeFirstOrThrow(),
        )
      ).last_seen_at.getTime();

    // Just inside the window: still valid, and the request counts as activity.
    await setLastSeen(idleMinutes - 1);
    const before = await lastSeen();
    expect((await me(session.token)).status).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(before);

    await setLastSeen(idleMinutes + 1);
    const idleSince = await lastSeen();
    await attack("idle for 31 minutes", session.token);
    expect(await lastSeen()).toBe(idleSince);
    await attack("idle, asked a second time", session.token);
    expect(await lastSeen()).toBe(idleSince);
  });

  it("ends a session at its absolute expiry, whatever the token says", async () => {
    const session = await signIn("demo-northwind-viewer");
    expect(Number(session.claims.exp) * 1000).toBeGreaterThan(Date.now());
    await system((trx) =>
      trx
        .updateTable("sessions")
        .set({ expires_at: new Date(Date.now() - 60_000) })
        .where("id", "=", String(session.claims.sid))
        .execute(),
    );
    await attack("past the session's absolute expiry", session.token);
  });
});

describe("cross-origin state-changing requests", () => {
  it("refuses POST /auth/logout from a foreign Origin or without one, and the session survives", async () => {
    const session = await signIn("demo-northwind-viewer");
    const port = new URL(t.url).port;
    const origins: (string | undefined)[] = [
      EVIL,
      undefined,
      "null",
      `${t.url}.evil.example`,
      `${t.url}/`,
      `http://localhost:${port}`,
      `http://127.0.0.1:${Number(port) + 1}`,
      `https://127.0.0.1:${port}`,
    ];
    for (const origin of origins) {
      const headers: Record<string, string> = {
        cookie: `${COOKIE}=${session.token}`,
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
        ...(origin === undefined ? {} : { origin }),
      };
      const response = count(await raw("POST", "/auth/logout", headers, "scope=everywhere"));
      expect(response.status, `Origin ${String(origin)}`).toBe(403);
      expect(JSON.parse(response.body)).toMatchObject({ error: "forbidden" });
      expect((await me(session.token)).status, `session after Origin ${String(origin)}`).toBe(200);
    }
    // The same request from our own origin does sign out: the refusals above were the Origin, nothing else.
    const own = await raw(
      "POST",
      "/auth/logout",
      {
        cookie: `${COOKIE}=${session.token}`,
        accept: "application/json",
        "content-type": "application/x-www-form-urlencoded",
        origin: t.url,
      },
      "scope=this",
    );
    expect(own.status).toBe(204);
    expect((await me(session.token)).status).toBe(401);
  });

  it("refuses a cookie-carrying request from a foreign Origin whatever Authorization header rides along", async () => {
    const session = await signIn("demo-northwind-viewer");
    for (const authorization of ["x", "Bearer x", "Basic Zm9vOmJhcg==", "bearer pcl_fake"]) {
      const response = count(
        await raw("POST", "/auth/logout", {
          cookie: `${COOKIE}=${session.token}`,
          authorization,
          origin: EVIL,
          accept: "application/json",
        }),
      );
      expect(response.status, `Authorization: ${authorization}`).toBe(403);
      expect((await me(session.token)).status).toBe(200);
    }
    // Without a cookie there is no session to ride on: a bearer client's request is not an Origin matter.
    const bearerOnly = await raw("POST", "/auth/logout", { authorization: "Bearer x", origin: EVIL });
    expect(bearerOnly.status).toBe(204);
  });
});
