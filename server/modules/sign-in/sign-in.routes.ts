import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { type IdentityRules, resolveIdentity } from "../../auth/oidc/identity";
import type { LoginChecks, RelyingParty } from "../../auth/oidc/relying-party";
import { completeSignIn } from "../../auth/oidc/sign-in";
import { safeReturnTo } from "../../auth/return-to";
import { sessionScope } from "../../auth/scope";
import {
  type SessionKeys,
  type SessionService,
  sessionCookieName,
  sessionCookieOptions,
  signToken,
  verifyToken,
} from "../../auth/sessions";
import type { Config } from "../../config";
import type { RunScoped } from "../../db/scope";
import { callerOf } from "../../http/auth";
import { setSignInNotice } from "../../http/notice";
import { htmlPage, noBody } from "../../http/openapi";
import { sendMessagePage } from "../../http/page";

const STATE_COOKIE = "portcullis_oidc";
const STATE_TYPE = "portcullis-oidc-state+jwt";
const STATE_AUDIENCE = "portcullis-oidc";
const STATE_LIFETIME_MS = 10 * 60_000;

export interface AuthRoutesDeps {
  config: Config;
  runScoped: RunScoped;
  keys: SessionKeys;
  sessions: SessionService;
  relyingParty: RelyingParty;
  rules: IdentityRules;
  issuers: string[];
}

interface StatePayload extends LoginChecks {
  returnTo: string;
}

function stateCookieOptions(config: Config) {
  return { path: "/auth", httpOnly: true, sameSite: "lax" as const, secure: config.isHttps };
}

function clientIp(request: FastifyRequest): string {
  return request.ip;
}

export async function registerAuthRoutes(app: FastifyInstance, deps: AuthRoutesDeps): Promise<void> {
  const { config, keys, sessions, relyingParty, rules, issuers } = deps;

  const Login = Type.Object({
    returnTo: Type.Optional(Type.String({ maxLength: 2000 })),
    /** Which allowed directory to sign in with (multi-tenant Entra); defaults to the first. */
    tenant: Type.Optional(Type.String({ maxLength: 100 })),
  });

  app.get(
    "/auth/login",
    {
      config: { audit: { action: "auth.login_start" } },
      schema: {
        description:
          "Starts sign-in: sends the browser to the identity provider (OpenID Connect with PKCE, state and nonce).",
        querystring: Login,
        response: {
          302: noBody("To the identity provider's sign-in page."),
          503: htmlPage("The identity provider cannot be reached."),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as { returnTo?: string; tenant?: string };
      const issuer =
        (query.tenant &&
          issuers.find((candidate) => candidate.includes(`/${query.tenant?.toLowerCase()}/`))) ||
        issuers[0]!;
      let login: Awaited<ReturnType<RelyingParty["startLogin"]>>;
      try {
        login = await relyingParty.startLogin(issuer);
      } catch (error) {
        request.log.error({ err: error, issuer }, "identity provider discovery failed");
        return sendMessagePage(
          reply,
          503,
          "Sign-in is unavailable",
          "The identity provider cannot be reached right now. Try again in a minute.",
        );
      }
      const payload: StatePayload = {
        ...login.checks,
        returnTo: safeReturnTo(query.returnTo, config.publicUrl),
      };
      const state = await signToken(
        keys,
        STATE_TYPE,
        { ...payload },
        {
          issuer: config.publicUrl,
          audience: STATE_AUDIENCE,
          expiresAt: new Date(Date.now() + STATE_LIFETIME_MS),
        },
      );
      reply.setCookie(STATE_COOKIE, state, {
        ...stateCookieOptions(config),
        maxAge: STATE_LIFETIME_MS / 1000,
      });
      return reply.header("cache-control", "no-store").redirect(login.url.href, 302);
    },
  );

  const Callback = Type.Object({
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    state: Type.Optional(Type.String({ maxLength: 1024 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 2000 })),
    iss: Type.Optional(Type.String({ maxLength: 500 })),
    session_state: Type.Optional(Type.String({ maxLength: 500 })),
  });

  app.get(
    "/auth/callback",
    {
      config: { audit: { action: "auth.login", failedAction: "auth.login_failed" } },
      schema: {
        description:
          "Where the identity provider sends the browser back: verifies the answer and starts a session.",
        querystring: Callback,
        response: {
          303: noBody(
            "Signed in: to the page the sign-in started from (a same-origin path), with the session cookie.",
          ),
          400: htmlPage(
            "The sign-in attempt expired, was started elsewhere, or its answer could not be verified.",
          ),
          403: htmlPage("Signed in at the identity provider, but without access to this portal (and why)."),
        },
      },
    },
    async (request, reply) => {
      const query = request.query as { error?: string };
      const refuse = (status: number, heading: string, message: string) => {
        request.auditReason = heading;
        reply.clearCookie(STATE_COOKIE, stateCookieOptions(config));
        return sendMessagePage(reply, status, heading, message, {
          href: "/auth/login",
          label: "Start again",
        });
      };
      if (query.error) {
        return refuse(400, "Sign-in did not complete", `The identity provider answered: ${query.error}.`);
      }

      const raw = request.cookies[STATE_COOKIE];
      const payload = raw
        ? await verifyToken(keys, STATE_TYPE, raw, { issuer: config.publicUrl, audience: STATE_AUDIENCE })
        : null;
      const checks = payload as (StatePayload & Record<string, unknown>) | null;
      if (!checks || typeof checks.state !== "string" || typeof checks.codeVerifier !== "string") {
        return refuse(
          400,
          "Sign-in expired",
          "This sign-in attempt expired or was started in another browser. Start again.",
        );
      }

      let claims: Record<string, unknown>;
      try {
        claims = await relyingParty.finishLogin(new URL(request.url, config.publicUrl), checks);
      } catch (error) {
        // Wrong state, replayed code, PKCE mismatch, bad nonce/aud/iss/signature: all the same to the user.
        request.log.warn({ reason: (error as Error).message }, "sign-in callback rejected");
        return refuse(
          400,
          "Sign-in could not be verified",
          "The answer from the identity provider could not be verified. Start again.",
        );
      }

      const identity = resolveIdentity(claims, rules);
      if (!identity.ok) return refuse(403, "No access to this portal", identity.reason);
      // The user row and the session row are written together: one sign-in, one transaction.
      const signedIn = await deps.runScoped({ kind: "system" }, async (trx) => {
        const result = await completeSignIn(trx, identity.identity);
        if (!result.ok) return result;
        const { user } = result;
        const session = await sessions.create(trx, {
          userId: user.userId,
          clientTokenId: null,
          tenantId: user.tenantId,
          workspaceIds: user.workspaceIds,
          role: user.role,
          authMethod: "sso",
          mfa: user.mfa,
          ip: clientIp(request),
          userAgent: request.headers["user-agent"] ?? null,
          ...(user.sessionMaxHours ? { maxHours: user.sessionMaxHours } : {}),
        });
        return { ok: true as const, session, user };
      });
      if (!signedIn.ok) return refuse(403, "No access to this portal", signedIn.reason);
      const { session, user } = signedIn;
      request.auditSubject = {
        actorType: "user",
        actorId: user.userId,
        actorName: identity.identity.name,
        actorRole: user.role,
        tenantId: user.tenantId,
      };
      reply.clearCookie(STATE_COOKIE, stateCookieOptions(config));
      reply.setCookie(
        sessionCookieName(config),
        session.token,
        sessionCookieOptions(config, session.expiresAt),
      );
      return reply
        .header("cache-control", "no-store")
        .redirect(safeReturnTo(checks.returnTo, config.publicUrl), 303);
    },
  );

  // Body optional (a plain form post or an empty fetch): `scope=everywhere` ends every session of the user.
  app.post(
    "/auth/logout",
    {
      config: { optionalSession: true, audit: { action: "auth.logout" } },
      schema: {
        description:
          "Signs out: ends this session, or every session of the user with the form field `scope=everywhere`.",
        response: {
          204: noBody("Signed out (a script's request)."),
          303: noBody("Signed out (a form post): to the portal's front page."),
        },
      },
    },
    async (request, reply) => {
      if (request.caller) {
        const { actor, scoped } = callerOf(request);
        const body = request.body as { scope?: unknown } | null | undefined;
        const everywhere = typeof body === "object" && body?.scope === "everywhere";
        await scoped(sessionScope(actor), async (trx) => {
          if (everywhere && actor.userId) await sessions.revokeAllForUser(trx, actor.userId);
          else await sessions.revoke(trx, actor.sessionId);
        });
      }
      reply.clearCookie(sessionCookieName(config), sessionCookieOptions(config));
      setSignInNotice(request, reply, config, "signed_out");
      return respondSignedOut(request, reply);
    },
  );
}

function respondSignedOut(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // A form post navigates: send the browser home. A fetch gets an empty answer.
  if ((request.headers.accept ?? "").includes("text/html")) return reply.redirect("/", 303);
  return reply.status(204).send();
}
