import { createHash, randomBytes } from "node:crypto";
import { type JWTPayload, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { Config } from "../config";
import type { RunScoped } from "../db/scope";
import type { AuthMethod, Role } from "../db/types";
import type { Actor } from "./permissions";
import { roles } from "./permissions";

/** Audience and header type pinned on every session token, so no other JWT of ours can stand in for one. */
const AUDIENCE = "portcullis";
const SESSION_TYPE = "portcullis-session+jwt";
/** last_seen_at is written at most this often, so a busy session does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const CLOCK_SKEW_SECONDS = 60;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface SigningKey {
  kid: string;
  key: Uint8Array;
}

/** HS256 keys: the first signs, every one verifies (rotation). The kid is a digest, never the secret. */
export class SessionKeys {
  readonly signing: SigningKey;
  private readonly byKid: Map<string, Uint8Array>;

  constructor(secrets: string[]) {
    // Development without SESSION_SECRETS: one random key for this process (sessions end on restart).
    const all = secrets.length > 0 ? secrets : [randomBytes(32).toString("base64url")];
    const keys = all.map((secret) => ({
      kid: createHash("sha256").update(secret).digest("hex").slice(0, 16),
      key: new TextEncoder().encode(secret),
    }));
    this.signing = keys[0]!;
    this.byKid = new Map(keys.map((k) => [k.kid, k.key]));
  }

  keyFor(kid: unknown): Uint8Array {
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
 * embedded jwk, a foreign kid, tampering, expiry) returns null. Never throws for hostile input.
 */
export async function verifyToken(
  keys: SessionKeys,
  typ: string,
  token: string,
  options: { issuer: string; audience: string },
): Promise<JWTPayload | null> {
  if (token.length > 8192) return null;
  try {
    const { payload } = await jwtVerify(token, (header) => keys.keyFor(header.kid), {
      algorithms: ["HS256"],
      typ,
      issuer: options.issuer,
      audience: options.audience,
      requiredClaims: ["exp", "iat"],
    });
    // jose accepts an iat in the future; a token "issued" later than now was not issued by us.
    if (typeof payload.iat !== "number" || payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) return null;
    return payload;
  } catch {
    return null;
  }
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
  if (tenant_id !== null && (typeof tenant_id !== "string" || !UUID.test(tenant_id))) return null;
  if (typeof role !== "string" || !(roles as readonly string[]).includes(role)) return null;
  if (auth_method !== "sso" && auth_method !== "email") return null;
  if (typeof mfa !== "boolean") return null;
  return {
    sub,
    sid,
    tenant_id,
    role: role as Role,
    auth_method,
    mfa,
    ...(workspace_ids !== undefined ? { workspace_ids: workspace_ids as string[] | "*" } : {}),
    ...(typeof workspace_id === "string" ? { workspace_id } : {}),
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

/**
 * Why a token opens no session: `invalid` (not ours, tampered with, or describing no session), `expired` (idle or
 * past its lifetime) or `ended` (signed out, signed out everywhere, user disabled, role changed, link revoked).
 */
export type SessionEnd = "invalid" | "expired" | "ended";

export type SessionCheck = { actor: Actor } | { reason: SessionEnd };

export interface SessionService {
  /** Stores the session row and returns the signed cookie value with its expiry. */
  create(input: NewSession): Promise<{ token: string; sessionId: string; expiresAt: Date }>;
  /** The Actor for a cookie value, or null when the token or its session is not valid now. */
  authenticate(token: string): Promise<Actor | null>;
  /** The same, saying why a token opens no session (the sign-in page tells the user). */
  check(token: string): Promise<SessionCheck>;
  revoke(sessionId: string): Promise<void>;
  revokeAllForUser(userId: string): Promise<number>;
}

interface StoredSession {
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
  user_role: Role | null;
  user_disabled_at: Date | null;
  token_revoked_at: Date | null;
}

function workspaceClaim(claims: SessionClaims): string {
  if (claims.workspace_id !== undefined) return claims.workspace_id;
  const ids = claims.workspace_ids;
  return ids === "*" || ids === undefined ? "*" : Array.isArray(ids) ? ids.join(",") : "";
}

/**
 * The row is the authority: the token must describe it exactly, and it must be live, not idle, not revoked.
 * Returns why the session is over, or null while it is valid.
 */
function sessionEnd(
  session: StoredSession,
  claims: SessionClaims,
  now: Date,
  idleMs: number,
): SessionEnd | null {
  if (
    session.role !== claims.role ||
    session.tenant_id !== claims.tenant_id ||
    session.auth_method !== claims.auth_method ||
    session.mfa !== claims.mfa ||
    workspaceClaim(claims) !== (session.workspace_ids ?? ["*"]).join(",") ||
    claims.sub !== (session.user_id ?? session.client_token_id)
  ) {
    return "invalid";
  }
  // Ended on purpose outranks timed out: it is the more useful thing to tell the user.
  if (session.revoked_at) return "ended";
  if (session.user_id) {
    // A disabled user or a changed role ends the session at once.
    if (session.user_disabled_at || session.user_role !== session.role) return "ended";
  } else if (session.token_revoked_at) {
    return "ended";
  }
  if (session.expires_at <= now || now.getTime() - session.last_seen_at.getTime() > idleMs) return "expired";
  return null;
}

export function createSessionService(deps: {
  config: Config;
  runScoped: RunScoped;
  keys: SessionKeys;
}): SessionService {
  const { config, runScoped, keys } = deps;
  const issuer = config.publicUrl;
  const idleMs = config.session.idleMinutes * 60_000;

  const service: SessionService = {
    async create(input) {
      const hours = Math.min(config.session.absoluteHours, input.maxHours ?? Number.POSITIVE_INFINITY);
      const expiresAt = new Date(Date.now() + hours * 3_600_000);
      const workspaceIds = input.workspaceIds === "all" ? null : [...input.workspaceIds];
      const row = await runScoped({ kind: "system" }, (trx) =>
        trx
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
          .executeTakeFirstOrThrow(),
      );
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

    async authenticate(token) {
      const result = await service.check(token);
      return "actor" in result ? result.actor : null;
    },

    async check(token) {
      const payload = await verifyToken(keys, SESSION_TYPE, token, { issuer, audience: AUDIENCE });
      const claims = payload && parseSessionClaims(payload);
      if (!claims) return { reason: "invalid" };

      const now = new Date();
      const session = await runScoped({ kind: "system" }, async (trx) => {
        const row = await trx
          .selectFrom("sessions")
          .leftJoin("users", "users.id", "sessions.user_id")
          .leftJoin("client_tokens", "client_tokens.id", "sessions.client_token_id")
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
          ])
          .where("sessions.id", "=", claims.sid)
          .executeTakeFirst();
        if (!row) return { reason: "invalid" as const };
        const end = sessionEnd(row, claims, now, idleMs);
        if (end) return { reason: end };
        if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
          await trx.updateTable("sessions").set({ last_seen_at: now }).where("id", "=", row.id).execute();
        }
        return row;
      });
      if ("reason" in session) return session;
      return {
        actor: {
          userId: session.user_id,
          clientTokenId: session.client_token_id,
          sessionId: session.id,
          name: session.user_name ?? session.token_email ?? "",
          email: session.user_email ?? session.token_email ?? "",
          role: session.role,
          tenantId: session.tenant_id,
          workspaceIds: session.workspace_ids ?? "all",
          authMethod: session.auth_method,
          mfa: session.mfa,
        },
      };
    },

    async revoke(sessionId) {
      await runScoped({ kind: "system" }, (trx) =>
        trx.updateTable("sessions").set({ revoked_at: new Date() }).where("id", "=", sessionId).execute(),
      );
    },

    async revokeAllForUser(userId) {
      const result = await runScoped({ kind: "system" }, (trx) =>
        trx
          .updateTable("sessions")
          .set({ revoked_at: new Date() })
          .where("user_id", "=", userId)
          .where("revoked_at", "is", null)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows);
    },
  };
  return service;
}
