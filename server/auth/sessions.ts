import { createHash, hkdfSync, randomBytes, webcrypto } from "node:crypto";
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { roles } from "../../contracts/auth";
import type { Config } from "../config";
import type { RunScoped, Scope, ScopedTransaction } from "../db/scope";
import type { AuthMethod, Role } from "../db/types";
import { preparedQuery } from "../db/unit-of-work";
import type { Actor } from "./permissions";
import { isStaffRole } from "./permissions";

/** Audience and header type pinned on every session token, so no other JWT of ours can stand in for one. */
const AUDIENCE = "portcullis";
const SESSION_TYPE = "portcullis-session+jwt";
/** last_seen_at is written at most this often, so a busy session does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const CLOCK_SKEW_SECONDS = 60;
/** How many verified session tokens one instance remembers (the oldest is forgotten first). */
const VERIFIED_TOKENS_KEPT = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type CryptoKey = webcrypto.CryptoKey;

interface SigningKey {
  kid: string;
  key: CryptoKey;
}

/**
 * HS256 keys: the first signs, every one verifies (rotation). The kid is a digest, never the secret. Keys are
 * imported once (as WebCrypto keys, which jose uses as they are), never per verification.
 */
export class SessionKeys {
  private constructor(
    readonly signing: SigningKey,
    private readonly byKid: Map<string, CryptoKey>,
    /** Seals an access link's secret until its email is sent (derived from the signing secret, never stored). */
    readonly linkSealKey: Buffer,
  ) {}

  static async import(secrets: string[]): Promise<SessionKeys> {
    // Development without SESSION_SECRETS: one random key for this process (sessions end on restart).
    const all = secrets.length > 0 ? secrets : [randomBytes(32).toString("base64url")];
    const keys = await Promise.all(
      all.map(async (secret) => ({
        kid: createHash("sha256").update(secret).digest("hex").slice(0, 16),
        key: await webcrypto.subtle.importKey(
          "raw",
          new TextEncoder().encode(secret),
          { name: "HMAC", hash: "SHA-256" },
          false,
          ["sign", "verify"],
        ),
      })),
    );
    const linkSealKey = Buffer.from(hkdfSync("sha256", all[0]!, "portcullis", "access-link-mail", 32));
    return new SessionKeys(keys[0]!, new Map(keys.map((k) => [k.kid, k.key])), linkSealKey);
  }

  keyFor(kid: unknown): CryptoKey {
    const key = typeof kid === "string" ? this.byKid.get(kid) : undefined;
    if (!key) throw new joseErrors.JWSSignatureVerificationFailed("unknown key id");
    return key;
  }
}

/** Signs a short-lived token of our own (session, sign-in state) with the current key. */
export async function signToken(
  keys: SessionKeys,
  typ: string,
  payload: JWTPayload,
  options: { issuer: string; audience: string; expiresAt: Date; subject?: string },
): Promise<string> {
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256", kid: keys.signing.kid, typ })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(Math.floor(options.expiresAt.getTime() / 1000));
  if (options.subject) jwt.setSubject(options.subject);
  return jwt.sign(keys.signing.key);
}

/**
 * Verifies one of our tokens, pinning algorithm, type, issuer and audience; anything else (alg none, RS256, an
 * embedded jwk, a foreign kid, tampering) is "invalid", and a genuine token past its `exp` is "expired" (jose
 * checks the signature before the claims). Never throws for hostile input.
 */
async function verifyJwt(
  keys: SessionKeys,
  typ: string,
  token: string,
  options: { issuer: string; audience: string },
): Promise<JWTPayload | "invalid" | "expired"> {
  if (token.length > 8192) return "invalid";
  try {
    const { payload } = await jwtVerify(token, (header) => keys.keyFor(header.kid), {
      algorithms: ["HS256"],
      typ,
      issuer: options.issuer,
      audience: options.audience,
      requiredClaims: ["exp", "iat"],
    });
    // jose accepts an iat in the future; a token "issued" later than now was not issued by us.
    if (typeof payload.iat !== "number" || payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS)
      return "invalid";
    return payload;
  } catch (error) {
    return error instanceof joseErrors.JWTExpired ? "expired" : "invalid";
  }
}

/** `verifyJwt` for tokens whose failure needs no reason (the sign-in state cookie): the payload or null. */
export async function verifyToken(
  keys: SessionKeys,
  typ: string,
  token: string,
  options: { issuer: string; audience: string },
): Promise<JWTPayload | null> {
  const result = await verifyJwt(keys, typ, token, options);
  return typeof result === "string" ? null : result;
}

export interface SessionClaims {
  sub: string;
  sid: string;
  tenant_id: string | null;
  workspace_ids?: string[] | "*";
  workspace_id?: string;
  role: Role;
  auth_method: AuthMethod;
  mfa: boolean;
}

function parseSessionClaims(payload: JWTPayload): SessionClaims | null {
  const { sub, sid, tenant_id, role, auth_method, mfa, workspace_ids, workspace_id } = payload as Record<
    string,
    unknown
  >;
  if (typeof sub !== "string" || typeof sid !== "string" || !UUID.test(sid)) return null;
  if (tenant_id !== null && typeof tenant_id !== "string") return null;
  if (typeof role !== "string" || !(roles as readonly string[]).includes(role)) return null;
  // The transaction's scope is built from these claims, so they are checked as strictly as the scope itself:
  // a customer always has a tenant, staff never do, and workspaces are "*" or a list of uuids.
  if (tenant_id === null ? !isStaffRole(role as Role) : !UUID.test(tenant_id)) return null;
  if (auth_method !== "sso" && auth_method !== "email") return null;
  if (typeof mfa !== "boolean") return null;
  const isUuidList = (value: unknown): value is string[] =>
    Array.isArray(value) && value.every((id) => typeof id === "string" && UUID.test(id));
  if (workspace_ids !== undefined && workspace_ids !== "*" && !isUuidList(workspace_ids)) return null;
  if (workspace_id !== undefined && (typeof workspace_id !== "string" || !UUID.test(workspace_id)))
    return null;
  return {
    sub,
    sid,
    tenant_id,
    role: role as Role,
    auth_method,
    mfa,
    ...(workspace_ids !== undefined ? { workspace_ids } : {}),
    ...(workspace_id !== undefined ? { workspace_id } : {}),
  };
}

/** The row-level-security scope a session's transaction opens in, read from its verified token. */
export function scopeOfClaims(claims: SessionClaims): Scope {
  if (claims.tenant_id === null) return { kind: "provider" };
  const workspaces = claims.workspace_id !== undefined ? [claims.workspace_id] : claims.workspace_ids;
  return {
    kind: "tenant",
    tenantId: claims.tenant_id,
    workspaceIds: workspaces === undefined || workspaces === "*" ? "all" : workspaces,
  };
}

export function sessionCookieName(config: Config): string {
  // __Host- pins the cookie to this origin, path / and Secure: only possible over https.
  return config.isHttps ? "__Host-portcullis_session" : "portcullis_session";
}

export function sessionCookieOptions(config: Config, expiresAt?: Date) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.isHttps,
    ...(expiresAt ? { expires: expiresAt } : {}),
  };
}

export interface NewSession {
  userId: string | null;
  clientTokenId: string | null;
  tenantId: string | null;
  workspaceIds: readonly string[] | "all";
  role: Role;
  authMethod: AuthMethod;
  mfa: boolean;
  ip: string | null;
  userAgent: string | null;
  /** The tenant's own session lifetime, if shorter than the configured one. */
  maxHours?: number;
}

/** Why a token did not open a session: never ours or unreadable, past its time, or ended by someone. */
export type SessionRefusal = "invalid" | "expired" | "ended";

export type SessionCheck = { actor: Actor } | { refused: SessionRefusal };

export interface SessionService {
  /** Stores the session row (in `trx`) and returns the signed cookie value with its expiry. */
  create(
    trx: ScopedTransaction,
    input: NewSession,
  ): Promise<{ token: string; sessionId: string; expiresAt: Date }>;
  /** The token's claims when its signature, type, issuer, audience and lifetime hold; no database access. */
  verify(token: string): Promise<{ claims: SessionClaims } | { refused: SessionRefusal }>;
  /** The Actor for verified claims, checked against the session row inside the request's transaction. */
  check(trx: ScopedTransaction, claims: SessionClaims, now?: Date): Promise<SessionCheck>;
  /** `verify` then `check` in a transaction of its own (page requests, which open no unit of work). */
  checkToken(token: string): Promise<SessionCheck>;
  revoke(trx: ScopedTransaction, sessionId: string): Promise<void>;
  revokeAllForUser(trx: ScopedTransaction, userId: string): Promise<number>;
}

export interface StoredSession {
  id: string;
  user_id: string | null;
  client_token_id: string | null;
  tenant_id: string | null;
  workspace_ids: string[] | null;
  role: Role;
  auth_method: AuthMethod;
  mfa: boolean;
  expires_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date;
  user_name: string | null;
  user_email: string | null;
  user_role: Role | null;
  user_disabled_at: Date | null;
  token_email: string | null;
  token_revoked_at: Date | null;
  tenant_name: string | null;
  tenant_slug: string | null;
}

/** The session row with everything the Actor needs, in one prepared statement (runs in the session's own scope). */
const findSession = preparedQuery("session_check", 1, (db, sessionId: string) =>
  db
    .selectFrom("sessions")
    .leftJoin("users", "users.id", "sessions.user_id")
    .leftJoin("client_tokens", "client_tokens.id", "sessions.client_token_id")
    .leftJoin("tenants", "tenants.id", "sessions.tenant_id")
    .select([
      "sessions.id",
      "sessions.user_id",
      "sessions.client_token_id",
      "sessions.tenant_id",
      "sessions.workspace_ids",
      "sessions.role",
      "sessions.auth_method",
      "sessions.mfa",
      "sessions.expires_at",
      "sessions.revoked_at",
      "sessions.last_seen_at",
      "users.name as user_name",
      "users.email as user_email",
      "users.role as user_role",
      "users.disabled_at as user_disabled_at",
      "client_tokens.email as token_email",
      "client_tokens.revoked_at as token_revoked_at",
      "tenants.name as tenant_name",
      "tenants.slug as tenant_slug",
    ])
    .where("sessions.id", "=", sessionId),
);

const touchSession = preparedQuery("session_touch", 2, (db, sessionId: string, now: Date) =>
  db.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", sessionId),
);

function workspaceClaim(claims: SessionClaims): string {
  if (claims.workspace_id !== undefined) return claims.workspace_id;
  const ids = claims.workspace_ids;
  return ids === "*" || ids === undefined ? "*" : ids.join(",");
}

/**
 * The row is the authority: the token must describe it exactly, and it must be live, not idle, not revoked.
 * Returns why not, or null when the session is valid.
 */
export function refusalOf(
  session: StoredSession | undefined,
  claims: SessionClaims,
  now: Date,
  idleMs: number,
): SessionRefusal | null {
  if (!session) return "invalid";
  if (
    session.role !== claims.role ||
    session.tenant_id !== claims.tenant_id ||
    session.auth_method !== claims.auth_method ||
    session.mfa !== claims.mfa ||
    workspaceClaim(claims) !== (session.workspace_ids ?? ["*"]).join(",")
  ) {
    return "invalid";
  }
  if (session.user_id) {
    if (claims.sub !== session.user_id) return "invalid";
    // A disabled user or a changed role ends the session at once.
    if (session.user_disabled_at || session.user_role !== session.role) return "ended";
  } else {
    if (claims.sub !== session.client_token_id) return "invalid";
    if (session.token_revoked_at) return "ended";
  }
  if (session.revoked_at) return "ended";
  if (session.expires_at <= now || now.getTime() - session.last_seen_at.getTime() > idleMs) return "expired";
  return null;
}

function actorOf(session: StoredSession): Actor {
  return {
    userId: session.user_id,
    clientTokenId: session.client_token_id,
    sessionId: session.id,
    name: session.user_name ?? session.token_email ?? "",
    email: session.user_email ?? session.token_email ?? "",
    role: session.role,
    tenant:
      session.tenant_id && session.tenant_name !== null && session.tenant_slug !== null
        ? { id: session.tenant_id, name: session.tenant_name, slug: session.tenant_slug }
        : null,
    workspaceIds: session.workspace_ids ?? "all",
    authMethod: session.auth_method,
    mfa: session.mfa,
  };
}

export function createSessionService(deps: {
  config: Config;
  keys: SessionKeys;
  runScoped: RunScoped;
}): SessionService {
  const { config, keys, runScoped } = deps;
  const issuer = config.publicUrl;
  const idleMs = config.session.idleMinutes * 60_000;

  // A browser sends the same cookie with every request: its signature is verified once, and what verification
  // established (the claims, the expiry) is remembered for that exact token string. Nothing else is: every
  // request still checks the session row, so ending a session takes effect at once.
  const verified = new Map<string, { claims: SessionClaims; expiresAt: number }>();
  const remember = (token: string, claims: SessionClaims, expiresAt: number) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, expiresAt });
  };

  const service: SessionService = {
    async create(trx, input) {
      const hours = Math.min(config.session.absoluteHours, input.maxHours ?? Number.POSITIVE_INFINITY);
      const expiresAt = new Date(Date.now() + hours * 3_600_000);
      const workspaceIds = input.workspaceIds === "all" ? null : [...input.workspaceIds];
      const row = await trx
        .insertInto("sessions")
        .values({
          user_id: input.userId,
          client_token_id: input.clientTokenId,
          tenant_id: input.tenantId,
          workspace_ids: workspaceIds,
          role: input.role,
          auth_method: input.authMethod,
          mfa: input.mfa,
          ip: input.ip,
          user_agent: input.userAgent?.slice(0, 512) ?? null,
          expires_at: expiresAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const claims: Omit<SessionClaims, "sub"> = {
        sid: row.id,
        tenant_id: input.tenantId,
        role: input.role,
        auth_method: input.authMethod,
        mfa: input.mfa,
        ...(input.authMethod === "email" && workspaceIds?.length === 1
          ? { workspace_id: workspaceIds[0]! }
          : { workspace_ids: workspaceIds ?? "*" }),
      };
      const subject = input.userId ?? input.clientTokenId ?? row.id;
      const token = await signToken(keys, SESSION_TYPE, claims, {
        issuer,
        audience: AUDIENCE,
        expiresAt,
        subject,
      });
      return { token, sessionId: row.id, expiresAt };
    },

    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt > Date.now()) return { claims: known.claims };
        verified.delete(token);
        return { refused: "expired" };
      }
      const payload = await verifyJwt(keys, SESSION_TYPE, token, { issuer, audience: AUDIENCE });
      if (typeof payload === "string") return { refused: payload };
      const claims = parseSessionClaims(payload);
      if (!claims) return { refused: "invalid" };
      remember(token, claims, (payload.exp as number) * 1000);
      return { claims };
    },

    async check(trx, claims, now = new Date()) {
      const [session] = await findSession(trx, claims.sid);
      const refused = refusalOf(session, claims, now, idleMs);
      if (refused || !session) return { refused: refused ?? "invalid" };
      // last_seen_at is written at most once a minute, so a busy session does not write on every request.
      if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS)
        await touchSession(trx, session.id, now);
      return { actor: actorOf(session) };
    },

    async checkToken(token) {
      const verified = await service.verify(token);
      if ("refused" in verified) return verified;
      return runScoped(scopeOfClaims(verified.claims), (trx) => service.check(trx, verified.claims));
    },

    async revoke(trx, sessionId) {
      await trx.updateTable("sessions").set({ revoked_at: new Date() }).where("id", "=", sessionId).execute();
    },

    async revokeAllForUser(trx, userId) {
      const result = await trx
        .updateTable("sessions")
        .set({ revoked_at: new Date() })
        .where("user_id", "=", userId)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
  return service;
}
