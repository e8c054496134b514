import { createHash, randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { TEST_SESSION_SECRET } from "../../test/helpers/app";
import { loadConfig } from "../config";
import {
  createSessionService,
  refusalOf,
  type SessionClaims,
  SessionKeys,
  type StoredSession,
  scopeOfClaims,
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
    const base = customer();
    expect(await verifyClaims(base)).toEqual({ claims: base });
    const { workspace_ids: _all, ...noWorkspaces } = base;
    expect(await verifyClaims(noWorkspaces)).toEqual({ claims: noWorkspaces });
    const one = { ...noWorkspaces, workspace_id: randomUUID(), auth_method: "email" };
    expect(await verifyClaims(one)).toEqual({ claims: one });
    const list = { ...base, workspace_ids: [randomUUID(), randomUUID()], mfa: true };
    expect(await verifyClaims(list)).toEqual({ claims: list });
    const staff = { ...base, tenant_id: null, role: "analyst" };
    expect(await verifyClaims(staff)).toEqual({ claims: staff });
    expect(await verifyClaims({ ...staff, role: "admin" })).toHaveProperty("claims.role", "admin");
  });

  it.each([
    ["no subject", { sub: undefined }],
    ["a subject that is not text", { sub: 7 }],
    ["no sid", { sid: undefined }],
    ["a sid that is not a uuid", { sid: "1 or 1=1" }],
    ["a sid with more around it", { sid: `x${randomUUID()}` }],
    ["a sid in capitals", { sid: randomUUID().toUpperCase() }],
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
