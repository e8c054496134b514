import { createHash, randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type BuiltTenant,
  type BuiltUser,
  type BuiltWorkspace,
  createFactories,
  type Factories,
} from "../../test/factories";
import { TEST_SESSION_SECRET } from "../../test/helpers/app";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { createTestDatabase, type TestDatabase } from "../../test/helpers/database";
import { loadConfig } from "../config";
import { createScopedRunner, type ScopedTransaction, withScope } from "../db/scope";
import {
  createSessionService,
  type NewSession,
  refusalOf,
  type SessionClaims,
  SessionKeys,
  type SessionService,
  type StoredSession,
  scopeOfClaims,
  sessionCookieName,
  sessionCookieOptions,
  signToken,
  verifyToken,
} from "./sessions";

const config = loadConfig({ SESSION_SECRETS: TEST_SESSION_SECRET, PUBLIC_URL: "http://portal.test" });

async function service() {
  const keys = await SessionKeys.import(config.session.secrets);
  const sessions = createSessionService({
    config,
    keys,
    runScoped: () => Promise.reject(new Error("no database in this test")),
  });
  return { keys, sessions };
}

function claims() {
  return {
    sid: randomUUID(),
    tenant_id: randomUUID(),
    role: "customer_viewer",
    auth_method: "sso",
    mfa: false,
    workspace_ids: "*",
  };
}

describe("session token verification", () => {
  it("remembers a verified token, yet refuses it once it expires", async () => {
    const { keys, sessions } = await service();
    const expiresAt = new Date(Date.now() + 1500);
    const token = await signToken(keys, "portcullis-session+jwt", claims(), {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt,
      subject: randomUUID(),
    });
    expect(await sessions.verify(token)).toHaveProperty("claims");
    expect(await sessions.verify(token)).toHaveProperty("claims");
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    expect(await sessions.verify(token)).toEqual({ refused: "expired" });
    expect(await sessions.verify(token)).toEqual({ refused: "expired" });
  });

  it("refuses a token that was never verified, however often it is sent", async () => {
    const { keys, sessions } = await service();
    const token = await signToken(keys, "portcullis-session+jwt", claims(), {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt: new Date(Date.now() + 60_000),
      subject: randomUUID(),
    });
    const [head, body, signature] = token.split(".") as [string, string, string];
    const tampered = `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "AB" : "AA"}`;
    for (let attempt = 0; attempt < 3; attempt++)
      expect(await sessions.verify(tampered)).toEqual({ refused: "invalid" });
    expect(await sessions.verify(token)).toHaveProperty("claims");
  });

  const signFor = (keys: SessionKeys, expiresAt = new Date(Date.now() + 60_000)) =>
    signToken(keys, "portcullis-session+jwt", claims(), {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt,
      subject: randomUUID(),
    });

  it("checks a token's signature once, then answers from memory", async () => {
    const { keys, sessions } = await service();
    const token = await signFor(keys);
    const keyFor = vi.spyOn(keys, "keyFor");
    expect(await sessions.verify(token)).toHaveProperty("claims");
    expect(keyFor).toHaveBeenCalledTimes(1);
    expect(await sessions.verify(token)).toHaveProperty("claims");
    expect(keyFor).toHaveBeenCalledTimes(1);
  });

  it("remembers at most 10,000 verified tokens, forgetting the oldest first", async () => {
    const { keys, sessions } = await service();
    const tokens = await Promise.all(Array.from({ length: 10_001 }, () => signFor(keys)));
    const keyFor = vi.spyOn(keys, "keyFor");
    for (const token of tokens) await sessions.verify(token);
    expect(keyFor).toHaveBeenCalledTimes(10_001);
    // The second oldest is still remembered; the oldest was forgotten to make room and is verified again.
    expect(await sessions.verify(tokens[1]!)).toHaveProperty("claims");
    expect(keyFor).toHaveBeenCalledTimes(10_001);
    expect(await sessions.verify(tokens[0]!)).toHaveProperty("claims");
    expect(keyFor).toHaveBeenCalledTimes(10_002);
  });

  it("refuses a remembered token from the very millisecond of its expiry, as verification would", async () => {
    const { keys, sessions } = await service();
    const start = Math.floor(Date.now() / 1000) * 1000;
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    try {
      const expiresAt = new Date(start + 10_000);
      const token = await signFor(keys, expiresAt);
      expect(await sessions.verify(token)).toHaveProperty("claims");
      vi.setSystemTime(expiresAt.getTime() - 1);
      expect(await sessions.verify(token)).toHaveProperty("claims");
      vi.setSystemTime(expiresAt);
      expect(await sessions.verify(token)).toEqual({ refused: "expired" });
      // A fresh service (nothing remembered) says the same at the same moment.
      const fresh = createSessionService({
        config,
        keys,
        runScoped: () => Promise.reject(new Error("none")),
      });
      expect(await fresh.verify(token)).toEqual({ refused: "expired" });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("session claims", () => {
  const now = () => Math.floor(Date.now() / 1000);
  async function verifyClaims(payload: Record<string, unknown>) {
    const { keys, sessions } = await service();
    const token = await signToken(keys, "portcullis-session+jwt", payload, {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt: new Date(Date.now() + 60_000),
      ...(typeof payload.sub === "string" ? { subject: payload.sub } : {}),
    });
    return sessions.verify(token);
  }
  const customer = () => ({ ...claims(), sub: randomUUID() });

  it("returns exactly the claims it checked, workspaces only as the token names them", async () => {
    // Strictly equal: no claim the token does not carry appears, not even as `undefined`.
    const base = customer();
    expect(await verifyClaims(base)).toStrictEqual({ claims: base });
    const { workspace_ids: _all, ...noWorkspaces } = base;
    expect(await verifyClaims(noWorkspaces)).toStrictEqual({ claims: noWorkspaces });
    const one = { ...noWorkspaces, workspace_id: randomUUID(), auth_method: "email" };
    expect(await verifyClaims(one)).toStrictEqual({ claims: one });
    const list = { ...base, workspace_ids: [randomUUID(), randomUUID()], mfa: true };
    expect(await verifyClaims(list)).toStrictEqual({ claims: list });
    const staff = { ...base, tenant_id: null, role: "analyst" };
    expect(await verifyClaims(staff)).toStrictEqual({ claims: staff });
    expect(await verifyClaims({ ...staff, role: "admin" })).toHaveProperty("claims.role", "admin");
  });

  it.each([
    ["no subject", { sub: undefined }],
    ["a subject that is not text", { sub: 7 }],
    ["no sid", { sid: undefined }],
    ["a sid that is not a uuid", { sid: "1 or 1=1" }],
    ["a sid with more around it", { sid: `x${randomUUID()}` }],
    ["a sid in capitals", { sid: randomUUID().toUpperCase() }],
    // A list of one uuid reads as that uuid once turned into text: each claim must be text itself.
    ["a sid that is a list holding a uuid", { sid: [randomUUID()] }],
    ["a tenant that is a list holding a uuid", { tenant_id: [randomUUID()] }],
    ["a workspace list holding a list", { workspace_ids: [[randomUUID()]] }],
    ["a single workspace that is a list holding a uuid", { workspace_id: [randomUUID()] }],
    ["a tenant that is not text", { tenant_id: 42 }],
    ["no tenant claim at all", { tenant_id: undefined }],
    ["a tenant that is not a uuid", { tenant_id: "northwind" }],
    ["a tenant with a suffix", { tenant_id: `${randomUUID()}0` }],
    ["a customer without a tenant", { tenant_id: null }],
    ["an approver without a tenant", { tenant_id: null, role: "customer_approver" }],
    ["an unknown role", { role: "root" }],
    ["a role that is not text", { role: ["admin"] }],
    ["no role", { role: undefined }],
    ["an unknown auth method", { auth_method: "password" }],
    ["no auth method", { auth_method: undefined }],
    ["mfa as text", { mfa: "true" }],
    ["no mfa", { mfa: undefined }],
    ["workspaces as 'all'", { workspace_ids: "all" }],
    ["workspaces as one id", { workspace_ids: randomUUID() }],
    ["a workspace that is not a uuid", { workspace_ids: [randomUUID(), "x"] }],
    ["a workspace that is not text", { workspace_ids: [42] }],
    ["a single workspace that is not a uuid", { workspace_id: "x" }],
    ["a single workspace that is not text", { workspace_id: 42 }],
  ])("refuses a genuinely signed token with %s", async (_, edit) => {
    expect(await verifyClaims({ ...customer(), ...edit })).toEqual({ refused: "invalid" });
  });

  it("refuses a token issued in the future, beyond a minute of clock skew", async () => {
    const { keys, sessions } = await service();
    const sign = (iat: number) =>
      new SignJWT(customer())
        .setProtectedHeader({ alg: "HS256", kid: keys.signing.kid, typ: "portcullis-session+jwt" })
        .setIssuer(config.publicUrl)
        .setAudience("portcullis")
        .setSubject(randomUUID())
        .setIssuedAt(iat)
        .setExpirationTime(now() + 3600)
        .sign(keys.signing.key);
    expect(await sessions.verify(await sign(now() + 300))).toEqual({ refused: "invalid" });
    expect(await sessions.verify(await sign(now() + 30))).toHaveProperty("claims");
  });

  it("takes a token issued exactly a minute ahead, not a second more", async () => {
    const { keys, sessions } = await service();
    const start = Math.floor(Date.now() / 1000);
    vi.useFakeTimers({ toFake: ["Date"], now: start * 1000 });
    try {
      const sign = (iat: number) =>
        new SignJWT(customer())
          .setProtectedHeader({ alg: "HS256", kid: keys.signing.kid, typ: "portcullis-session+jwt" })
          .setIssuer(config.publicUrl)
          .setAudience("portcullis")
          .setSubject(randomUUID())
          .setIssuedAt(iat)
          .setExpirationTime(start + 3600)
          .sign(keys.signing.key);
      expect(await sessions.verify(await sign(start + 60))).toHaveProperty("claims");
      expect(await sessions.verify(await sign(start + 61))).toEqual({ refused: "invalid" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("takes a token of up to 8192 characters and refuses a longer one before verifying it", async () => {
    const { keys, sessions } = await service();
    const base = customer();
    const tokenOf = (padding: number) =>
      signToken(
        keys,
        "portcullis-session+jwt",
        { ...base, padding: "x".repeat(padding) },
        {
          issuer: config.publicUrl,
          audience: "portcullis",
          expiresAt: new Date(Date.now() + 60_000),
          subject: base.sub,
        },
      );
    // The longest genuine token the limit allows, and the shortest one past it.
    let padding = 5000;
    while ((await tokenOf(padding + 1)).length <= 8192) padding++;
    const longest = await tokenOf(padding);
    const tooLong = await tokenOf(padding + 1);
    expect(longest.length).toBeGreaterThanOrEqual(8190);
    expect(longest.length).toBeLessThanOrEqual(8192);
    expect(tooLong.length).toBeGreaterThan(8192);
    expect(await sessions.verify(longest)).toHaveProperty("claims");
    expect(await sessions.verify(tooLong)).toEqual({ refused: "invalid" });
  });
});

describe("session keys", () => {
  const sign = (keys: SessionKeys) =>
    signToken(keys, "portcullis-session+jwt", claims(), {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt: new Date(Date.now() + 60_000),
      subject: randomUUID(),
    });
  const serviceWith = (keys: SessionKeys) =>
    createSessionService({ config, keys, runScoped: () => Promise.reject(new Error("no database")) });

  it("signs with the first secret and verifies with every one (rotation), naming the key by a digest", async () => {
    const old = await SessionKeys.import(["old-secret-0123456789-0123456789-abc"]);
    const rotated = await SessionKeys.import([
      "new-secret-0123456789-0123456789-abc",
      "old-secret-0123456789-0123456789-abc",
    ]);
    expect(await serviceWith(rotated).verify(await sign(old))).toHaveProperty("claims");
    expect(await serviceWith(old).verify(await sign(rotated))).toEqual({ refused: "invalid" });
    const kid = decodeProtectedHeader(await sign(rotated)).kid;
    expect(kid).toBe(
      createHash("sha256").update("new-secret-0123456789-0123456789-abc").digest("hex").slice(0, 16),
    );
    expect(kid).not.toBe(decodeProtectedHeader(await sign(old)).kid);
  });

  it("without configured secrets, signs with a random key of this process only", async () => {
    const first = await SessionKeys.import([]);
    const second = await SessionKeys.import([]);
    const token = await sign(first);
    expect(await serviceWith(first).verify(token)).toHaveProperty("claims");
    expect(await serviceWith(second).verify(token)).toEqual({ refused: "invalid" });
  });

  it("reads sign-in state tokens back only with the same type, issuer and audience", async () => {
    const keys = await SessionKeys.import(config.session.secrets);
    const options = { issuer: config.publicUrl, audience: "portcullis-oidc" };
    const token = await signToken(
      keys,
      "state+jwt",
      { nonce: "n" },
      { ...options, expiresAt: new Date(Date.now() + 60_000) },
    );
    expect(await verifyToken(keys, "state+jwt", token, options)).toMatchObject({
      nonce: "n",
      aud: "portcullis-oidc",
    });
    expect(await verifyToken(keys, "other+jwt", token, options)).toBeNull();
    expect(await verifyToken(keys, "state+jwt", token, { ...options, audience: "portcullis" })).toBeNull();
    expect(
      await verifyToken(keys, "state+jwt", token, { ...options, issuer: "http://other.test" }),
    ).toBeNull();
    expect(decodeJwt(token).sub).toBeUndefined();
  });
});

describe("the session cookie", () => {
  it("is __Host- prefixed and Secure over https, and plain over http", () => {
    const https = { ...config, isHttps: true };
    expect(sessionCookieName(https)).toBe("__Host-portcullis_session");
    expect(sessionCookieOptions(https)).toStrictEqual({
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: true,
    });
    expect(sessionCookieName(config)).toBe("portcullis_session");
    expect(sessionCookieOptions(config)).toStrictEqual({
      path: "/",
      httpOnly: true,
      sameSite: "lax",
      secure: false,
    });
  });

  it("lasts until the session's expiry when given one, and no longer than the browser session otherwise", () => {
    const expiresAt = new Date("2026-11-02T20:00:00Z");
    expect(sessionCookieOptions(config, expiresAt)).toMatchObject({ expires: expiresAt });
    expect(sessionCookieOptions(config)).not.toHaveProperty("expires");
  });
});

describe("the scope of a session's claims", () => {
  const base = {
    sub: randomUUID(),
    sid: randomUUID(),
    role: "customer_viewer",
    auth_method: "sso",
    mfa: false,
  } as const;
  const tenantId = randomUUID();

  it("is every tenant for staff", () => {
    expect(scopeOfClaims({ ...base, role: "admin", tenant_id: null, workspace_ids: "*" })).toEqual({
      kind: "provider",
    });
  });

  it("is the customer's tenant, with the workspaces the token names", () => {
    const one = randomUUID();
    const list = [randomUUID(), randomUUID()];
    expect(scopeOfClaims({ ...base, tenant_id: tenantId, workspace_ids: "*" })).toEqual({
      kind: "tenant",
      tenantId,
      workspaceIds: "all",
    });
    expect(scopeOfClaims({ ...base, tenant_id: tenantId })).toEqual({
      kind: "tenant",
      tenantId,
      workspaceIds: "all",
    });
    expect(scopeOfClaims({ ...base, tenant_id: tenantId, workspace_ids: list })).toEqual({
      kind: "tenant",
      tenantId,
      workspaceIds: list,
    });
    expect(scopeOfClaims({ ...base, tenant_id: tenantId, workspace_id: one, workspace_ids: "*" })).toEqual({
      kind: "tenant",
      tenantId,
      workspaceIds: [one],
    });
  });
});

describe("a session row against its token", () => {
  const idleMs = 30 * 60_000;
  const now = new Date("2026-11-02T12:00:00Z");
  const userId = randomUUID();
  const tenantId = randomUUID();
  const workspace = randomUUID();

  function row(overrides: Partial<StoredSession> = {}): StoredSession {
    return {
      id: randomUUID(),
      user_id: userId,
      client_token_id: null,
      tenant_id: tenantId,
      workspace_ids: null,
      role: "customer_viewer",
      auth_method: "sso",
      mfa: false,
      expires_at: new Date(now.getTime() + 3_600_000),
      revoked_at: null,
      last_seen_at: new Date(now.getTime() - 60_000),
      user_name: "Vera",
      user_email: "vera@example.org",
      user_role: "customer_viewer",
      user_disabled_at: null,
      token_email: null,
      token_revoked_at: null,
      tenant_name: "Northwind",
      tenant_slug: "northwind",
      ...overrides,
    };
  }
  const token = (overrides: Partial<SessionClaims> = {}): SessionClaims => ({
    sub: userId,
    sid: randomUUID(),
    tenant_id: tenantId,
    role: "customer_viewer",
    auth_method: "sso",
    mfa: false,
    workspace_ids: "*",
    ...overrides,
  });

  it("accepts a live session its token describes exactly", () => {
    expect(refusalOf(row(), token(), now, idleMs)).toBeNull();
    expect(refusalOf(row(), token({ workspace_ids: undefined }), now, idleMs)).toBeNull();
    const listed = row({ workspace_ids: [workspace, tenantId] });
    expect(refusalOf(listed, token({ workspace_ids: [workspace, tenantId] }), now, idleMs)).toBeNull();
    const single = row({ workspace_ids: [workspace], auth_method: "email" });
    expect(
      refusalOf(single, token({ workspace_id: workspace, auth_method: "email" }), now, idleMs),
    ).toBeNull();
  });

  it("calls a missing row invalid", () => {
    expect(refusalOf(undefined, token(), now, idleMs)).toBe("invalid");
  });

  it.each([
    ["role", token({ role: "customer_approver" })],
    ["tenant", token({ tenant_id: randomUUID() })],
    ["auth method", token({ auth_method: "email" })],
    ["mfa", token({ mfa: true })],
    ["workspaces (a list for all)", token({ workspace_ids: [workspace] })],
    ["workspaces (one for all)", token({ workspace_id: workspace })],
    ["subject", token({ sub: randomUUID() })],
  ])("calls a token that differs from its row in %s invalid", (_, claims) => {
    expect(refusalOf(row(), claims, now, idleMs)).toBe("invalid");
  });

  it("compares a workspace list exactly, order included", () => {
    const listed = row({ workspace_ids: [workspace, tenantId] });
    for (const workspace_ids of [["*"], [workspace], [tenantId, workspace], "*" as const]) {
      expect(refusalOf(listed, token({ workspace_ids }), now, idleMs)).toBe("invalid");
    }
  });

  it("ends the session of a disabled user, or of a user whose role changed", () => {
    expect(refusalOf(row({ user_disabled_at: now }), token(), now, idleMs)).toBe("ended");
    expect(refusalOf(row({ user_role: "customer_approver" }), token(), now, idleMs)).toBe("ended");
  });

  it("holds an access link's session to its token: subject, revocation", () => {
    const tokenId = randomUUID();
    const linkRow = row({
      user_id: null,
      client_token_id: tokenId,
      user_role: null,
      token_email: "guest@example.org",
    });
    expect(refusalOf(linkRow, token({ sub: tokenId }), now, idleMs)).toBeNull();
    expect(refusalOf(linkRow, token({ sub: userId }), now, idleMs)).toBe("invalid");
    expect(refusalOf({ ...linkRow, token_revoked_at: now }, token({ sub: tokenId }), now, idleMs)).toBe(
      "ended",
    );
    expect(refusalOf({ ...linkRow, revoked_at: now }, token({ sub: tokenId }), now, idleMs)).toBe("ended");
  });

  it("ends a revoked session before calling it expired", () => {
    expect(refusalOf(row({ revoked_at: now, expires_at: new Date(0) }), token(), now, idleMs)).toBe("ended");
  });

  it("expires a session at its absolute end, and after exactly more than the idle time", () => {
    expect(refusalOf(row({ expires_at: now }), token(), now, idleMs)).toBe("expired");
    expect(refusalOf(row({ expires_at: new Date(now.getTime() + 1) }), token(), now, idleMs)).toBeNull();
    const lastSeen = (ms: number) => row({ last_seen_at: new Date(now.getTime() - ms) });
    expect(refusalOf(lastSeen(idleMs), token(), now, idleMs)).toBeNull();
    expect(refusalOf(lastSeen(idleMs + 1), token(), now, idleMs)).toBe("expired");
  });
});

describe("sessions in the database", () => {
  let database: TestDatabase;
  let build: Factories;
  let sessions: SessionService;
  let tenant: BuiltTenant;
  let workspace: BuiltWorkspace;
  let viewer: BuiltUser;
  const system = <T>(fn: (trx: ScopedTransaction) => Promise<T>) =>
    withScope(database, TEST_APP_ROLE, { kind: "system" }, fn);

  beforeAll(async () => {
    database = await createTestDatabase();
    build = createFactories(database, config);
    sessions = createSessionService({
      config,
      keys: await SessionKeys.import(config.session.secrets),
      runScoped: createScopedRunner(database, TEST_APP_ROLE),
    });
    tenant = await build.tenant();
    workspace = await build.workspace(tenant);
    viewer = await build.user(tenant, "customer_viewer");
  });

  afterAll(async () => {
    await database?.close();
  });

  const create = (overrides: Partial<NewSession> = {}) =>
    system((trx) =>
      sessions.create(trx, {
        userId: viewer.id,
        clientTokenId: null,
        tenantId: tenant.id,
        workspaceIds: "all",
        role: "customer_viewer",
        authMethod: "sso",
        mfa: false,
        ip: "192.0.2.1",
        userAgent: "test",
        ...overrides,
      }),
    );
  const stored = (sessionId: string) =>
    system((trx) =>
      trx.selectFrom("sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow(),
    );

  it("stores the session and signs a token that opens it, with the user and tenant as the actor", async () => {
    const before = Date.now();
    const { token, sessionId, expiresAt } = await create();
    const hours = config.session.absoluteHours;
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + hours * 3_600_000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + hours * 3_600_000);
    const row = await stored(sessionId);
    expect(row).toMatchObject({
      user_id: viewer.id,
      tenant_id: tenant.id,
      workspace_ids: null,
      ip: "192.0.2.1",
    });
    expect(row.expires_at.getTime()).toBe(expiresAt.getTime());
    expect(decodeJwt(token)).toMatchObject({
      sub: viewer.id,
      sid: sessionId,
      workspace_ids: "*",
      exp: Math.floor(expiresAt.getTime() / 1000),
    });
    expect(await sessions.checkToken(token)).toEqual({
      actor: {
        userId: viewer.id,
        clientTokenId: null,
        sessionId,
        name: viewer.name,
        email: viewer.email,
        role: "customer_viewer",
        tenant: { id: tenant.id, name: tenant.name, slug: tenant.slug },
        workspaceIds: "all",
        authMethod: "sso",
        mfa: false,
      },
    });
  });

  it("keeps a tenant's shorter session lifetime, never a longer one", async () => {
    const shorter = await create({ maxHours: 2 });
    expect(shorter.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
    expect(shorter.expiresAt.getTime() - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
    const longer = await create({ maxHours: config.session.absoluteHours + 10 });
    expect(longer.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(
      config.session.absoluteHours * 3_600_000,
    );
  });

  it("names one workspace in an access link's token, and a list in a signed-in user's", async () => {
    const email = await create({ authMethod: "email", workspaceIds: [workspace.id] });
    expect(decodeJwt(email.token)).toMatchObject({ workspace_id: workspace.id });
    expect(decodeJwt(email.token).workspace_ids).toBeUndefined();
    const sso = await create({ workspaceIds: [workspace.id] });
    expect(decodeJwt(sso.token)).toMatchObject({ workspace_ids: [workspace.id] });
    expect(decodeJwt(sso.token).workspace_id).toBeUndefined();
    expect((await stored(sso.sessionId)).workspace_ids).toEqual([workspace.id]);
    for (const { token } of [email, sso]) {
      expect(await sessions.checkToken(token)).toMatchObject({ actor: { workspaceIds: [workspace.id] } });
    }
  });

  it("names the workspaces as a list in an access link's session over several workspaces, or all", async () => {
    const second = await build.workspace(tenant);
    const several = await create({ authMethod: "email", workspaceIds: [workspace.id, second.id] });
    expect(decodeJwt(several.token)).toMatchObject({ workspace_ids: [workspace.id, second.id] });
    expect(decodeJwt(several.token).workspace_id).toBeUndefined();
    expect(await sessions.checkToken(several.token)).toMatchObject({
      actor: { workspaceIds: [workspace.id, second.id] },
    });
    const all = await create({ authMethod: "email", workspaceIds: "all" });
    expect(decodeJwt(all.token)).toMatchObject({ workspace_ids: "*" });
    expect(await sessions.checkToken(all.token)).toMatchObject({ actor: { workspaceIds: "all" } });
  });

  it("keeps at most 512 characters of the user agent, and none when there is none", async () => {
    const long = await create({ userAgent: "u".repeat(600) });
    expect((await stored(long.sessionId)).user_agent).toBe("u".repeat(512));
    const none = await create({ userAgent: null });
    expect((await stored(none.sessionId)).user_agent).toBeNull();
  });

  it("opens an access link's session as its token and address", async () => {
    const clientToken = await system((trx) =>
      trx
        .insertInto("client_tokens")
        .values({
          tenant_id: tenant.id,
          workspace_id: workspace.id,
          email: "guest@example.org",
          token_hash: createHash("sha256").update(randomUUID()).digest(),
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const { token, sessionId } = await create({
      userId: null,
      clientTokenId: clientToken.id,
      authMethod: "email",
      workspaceIds: [workspace.id],
    });
    expect(decodeJwt(token).sub).toBe(clientToken.id);
    expect(await sessions.checkToken(token)).toMatchObject({
      actor: {
        userId: null,
        clientTokenId: clientToken.id,
        sessionId,
        name: "guest@example.org",
        email: "guest@example.org",
        authMethod: "email",
      },
    });
    await system((trx) =>
      trx
        .updateTable("client_tokens")
        .set({ revoked_at: new Date() })
        .where("id", "=", clientToken.id)
        .execute(),
    );
    expect(await sessions.checkToken(token)).toEqual({ refused: "ended" });
  });

  it("writes last_seen_at at most once a minute", async () => {
    const { token, sessionId } = await create();
    const verified = await sessions.verify(token);
    if (!("claims" in verified)) throw new Error("not verified");
    const created = (await stored(sessionId)).last_seen_at.getTime();
    const checkAt = (at: number) =>
      withScope(database, TEST_APP_ROLE, scopeOfClaims(verified.claims), (trx) =>
        sessions.check(trx, verified.claims, new Date(at)),
      );
    expect(await checkAt(created + 60_000)).toHaveProperty("actor");
    expect((await stored(sessionId)).last_seen_at.getTime()).toBe(created);
    expect(await checkAt(created + 60_001)).toHaveProperty("actor");
    expect((await stored(sessionId)).last_seen_at.getTime()).toBe(created + 60_001);
  });

  it("refuses a token whose session row is gone or past its end, and revokes one session or all of a user's live ones", async () => {
    const other = await build.user(tenant, "customer_viewer");
    const mine = [await create(), await create(), await create()];
    const theirs = await create({ userId: other.id });
    await system((trx) => sessions.revoke(trx, mine[0]!.sessionId));
    expect(await sessions.checkToken(mine[0]!.token)).toEqual({ refused: "ended" });
    expect(await sessions.checkToken(mine[1]!.token)).toHaveProperty("actor");
    const ended = await system((trx) => sessions.revokeAllForUser(trx, viewer.id));
    expect(ended).toBeGreaterThanOrEqual(2);
    expect(await system((trx) => sessions.revokeAllForUser(trx, viewer.id))).toBe(0);
    for (const { token } of mine) expect(await sessions.checkToken(token)).toEqual({ refused: "ended" });
    expect(await sessions.checkToken(theirs.token)).toHaveProperty("actor");
    expect(await sessions.checkToken("not.a.token")).toEqual({ refused: "invalid" });
  });
});
