import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type ApiKeyCaller, bearerKeyOf, findActiveApiKey } from "../auth/api-keys";
import { type Caller, hasPermission, type Permission } from "../auth/permissions";
import {
  type SessionRefusal,
  type SessionService,
  scopeOfClaims,
  sessionCookieName,
  sessionCookieOptions,
} from "../auth/sessions";
import type { Config } from "../config";
import type { Database } from "../db/connection";
import { UnitOfWork } from "../db/scope";
import { AppError } from "../errors";
import type { AuditRecorder } from "./audit";
import { type PageSession, setSignInNotice, signInNoticeOf } from "./notice";

/** A route that needs a session, and what for; collected as routes are declared. */
export interface ProtectedRoute {
  method: string;
  url: string;
  permission: Permission | "authenticated";
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route that names a permission: the matrix as the API enforces it (tests walk it, docs list it). */
    protectedRoutes: ProtectedRoute[];
  }
  interface FastifyRequest {
    /** The signed-in caller, set before the handler of a route that reads the session. */
    caller: Caller | null;
    /** The API key a route with `config.apiKey` was called with, and the request's unit of work. */
    keyCaller: ApiKeyCaller | null;
    /** The request's transaction, ended (committed or rolled back) just before the answer is sent. */
    unitOfWork: UnitOfWork | null;
    /** Work to start once the request's transaction has committed (queueing an email); see `afterCommit`. */
    committed: (() => Promise<unknown>)[] | null;
  }
  interface FastifyContextConfig {
    /** What the route needs: a permission of the matrix, or just a valid session. Unset: public. */
    permission?: Permission | "authenticated";
    /** The route acts on the session if there is one and works without one (signing out). */
    optionalSession?: boolean;
    /** A public route that acts on no session (e.g. document verification): any Origin may call it. */
    allowCrossOrigin?: boolean;
    /** The route is called by machines with an API key (`Authorization: Bearer <key>`), never with a session. */
    apiKey?: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const refusalMessages: Record<SessionRefusal, string> = {
  invalid: "Sign in to continue",
  expired: "Your session expired. Sign in again to continue.",
  ended: "Your session was ended. Sign in again to continue.",
};

/** The caller of a route that declared a permission; the pipeline has already refused anonymous requests. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError("unauthenticated", refusalMessages.invalid);
  return request.caller;
}

/** The API key caller of a route that declared `config.apiKey`; the pipeline has already refused the others. */
export function keyCallerOf(request: FastifyRequest): ApiKeyCaller {
  if (!request.keyCaller)
    throw new AppError("unauthenticated", "Send a valid API key: Authorization: Bearer <key>");
  return request.keyCaller;
}

/**
 * Runs `work` once the request's unit of work has committed, before the answer is sent (a job enqueued for a row
 * the transaction wrote, which another instance may pick up at once). Nothing runs if the request fails. A failure
 * of `work` is logged, not answered: the change it follows is already committed.
 */
export function afterCommit(request: FastifyRequest, work: () => Promise<unknown>): void {
  if (!request.unitOfWork) throw new Error("afterCommit needs the request's unit of work");
  request.committed ??= [];
  request.committed.push(work);
}

/**
 * The request pipeline's authentication half. For a route that declares `config.permission`:
 *   cookie → token verified (no database) → ONE transaction opened in the token's scope → the session row checked
 *   inside it → permission checked against the matrix → handler (same transaction) → commit before the answer
 *   is sent (rollback for an error answer).
 * A token's scope is trusted only because its signature is; the row still decides whether the session is live.
 */
export function registerAuth(
  app: FastifyInstance,
  deps: { config: Config; database: Database; sessions: SessionService; audit: AuditRecorder },
): PageSessionCheck {
  const { config, database, sessions, audit } = deps;
  const cookieName = sessionCookieName(config);

  app.decorateRequest("caller", null);
  app.decorateRequest("keyCaller", null);
  app.decorateRequest("unitOfWork", null);
  app.decorateRequest("committed", null);
  const protectedRoutes: ProtectedRoute[] = [];
  app.decorate("protectedRoutes", protectedRoutes);
  app.addHook("onRoute", (route) => {
    const permission = route.config?.permission;
    if (!permission) return;
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") protectedRoutes.push({ method, url: route.url, permission });
    }
  });

  // Cookies ride along on cross-site form posts: a state-changing request must come from our own origin. Only a
  // request that authenticates by bearer token and carries no session cookie is exempt (it cannot be forged by a
  // browser); the embedded identity provider (/dev-idp) has its own CSRF protection.
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || request.url.startsWith("/dev-idp/")) return;
    const { allowCrossOrigin, apiKey } = request.routeOptions.config;
    if (allowCrossOrigin) return;
    const isBearer = /^Bearer\s/i.test(request.headers.authorization ?? "");
    if ((isBearer || apiKey) && request.cookies[cookieName] === undefined) return;
    if (request.headers.origin !== config.publicUrl) {
      throw new AppError("forbidden", "Cross-origin request refused");
    }
  });

  /**
   * A cookie that no longer opens a session is cleared, so the browser stops sending it, and the next sign-in page
   * says why. A token that never opened a session (forged, signed with a retired key) gets no notice.
   */
  const refuse = (request: FastifyRequest, reply: FastifyReply, reason: SessionRefusal) => {
    reply.clearCookie(cookieName, sessionCookieOptions(config));
    if (reason !== "invalid") setSignInNotice(request, reply, config, reason);
  };

  // Before the request's body and query are validated: a caller without a session or the permission learns
  // nothing of what a route would accept (401 and 403 come first, then 400).
  app.addHook("preValidation", async (request, reply) => {
    const { permission, optionalSession, apiKey } = request.routeOptions.config;
    if (apiKey) {
      // A key belongs in the header: in the URL it would end up in logs, proxies and browser history.
      const query = (request.query ?? {}) as Record<string, unknown>;
      if (Object.keys(query).some((name) => /key|token|secret|auth/i.test(name))) {
        throw new AppError("bad_request", "Send the API key in the Authorization header, never in the URL");
      }
      const key = bearerKeyOf(request.headers.authorization);
      if (!key) throw new AppError("unauthenticated", "Send a valid API key: Authorization: Bearer <key>");
      // The key is looked up in the provider scope; the handler narrows to the tenant it writes to.
      const unit = await UnitOfWork.begin(database.pool, config.appRole, { kind: "provider" });
      request.unitOfWork = unit;
      const active = await findActiveApiKey(unit.db, key);
      if (!active) throw new AppError("unauthenticated", "This API key is unknown or revoked");
      request.keyCaller = { key: active, scoped: unit.run };
      request.auditSubject = {
        actorType: "api_key",
        actorId: active.id,
        actorName: `${active.name} (${active.prefix}…)`,
        actorRole: null,
        tenantId: null,
      };
      return;
    }
    if (!permission && !optionalSession) return;
    const token = request.cookies[cookieName];
    if (!token) {
      if (optionalSession) return;
      throw new AppError("unauthenticated", refusalMessages.invalid);
    }
    const verified = await sessions.verify(token);
    let refusal: SessionRefusal;
    if ("claims" in verified) {
      const unit = await UnitOfWork.begin(database.pool, config.appRole, scopeOfClaims(verified.claims));
      request.unitOfWork = unit;
      const checked = await sessions.check(unit.db, verified.claims);
      if ("actor" in checked) {
        const { actor } = checked;
        if (permission && permission !== "authenticated" && !hasPermission(actor.role, permission)) {
          throw new AppError("forbidden", `Your role does not allow this (${permission})`);
        }
        request.caller = { actor, scoped: unit.run };
        return;
      }
      refusal = checked.refused;
    } else {
      refusal = verified.refused;
    }
    refuse(request, reply, refusal);
    if (!optionalSession) throw new AppError("unauthenticated", refusalMessages[refusal]);
  });

  // The unit of work ends before the first byte leaves: a successful answer is sent only once its writes and its
  // audit row are committed (a failed commit becomes an error answer instead), and an error answer's writes are
  // rolled back. A request that changed nothing has its row group-committed after its transaction ends (see
  // AuditRecorder); the answer still waits for it.
  app.addHook("onSend", async (request, reply, payload) => {
    const unit = request.unitOfWork;
    const { permission, optionalSession, apiKey } = request.routeOptions.config;
    if (permission || optionalSession || apiKey) {
      // What depends on the session must never be stored by a browser or a shared cache.
      if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    }
    const event = audit.eventOf(request, reply);
    const succeeded = reply.statusCode < 400;
    let recorded = false;
    if (unit?.isOpen) {
      if (succeeded) {
        if (event && audit.isInTransaction(request)) {
          await audit.append(unit.db, event);
          recorded = true;
        }
        await unit.commit();
        for (const work of request.committed ?? []) {
          await work().catch((error: unknown) =>
            request.log.error({ err: error, requestId: request.id }, "work after commit failed"),
          );
        }
      } else {
        await unit.rollback();
      }
    }
    if (event && !recorded) {
      // An error answer is sent even if its row cannot be written (the database is the likely cause of both).
      await audit.appendAfter(event).catch((error: unknown) => {
        if (succeeded) throw error;
        request.log.error({ err: error, requestId: request.id }, "audit event not recorded");
      });
    }
    return payload;
  });
  // A request whose answer never reached onSend (the client went away, an error while sending): roll back.
  app.addHook("onResponse", async (request) => {
    if (request.unitOfWork?.isOpen) await request.unitOfWork.rollback();
  });

  // A page request opens no unit of work: its session is checked in a transaction of its own. Without a live
  // session the sign-in page says why, if it knows (a notice left by signing out, or set just now).
  return async (request, reply) => {
    const token = request.cookies[cookieName];
    if (token) {
      const checked = await sessions.checkToken(token);
      if ("actor" in checked) return { actor: checked.actor };
      refuse(request, reply, checked.refused);
    }
    return { notice: signInNoticeOf(request) };
  };
}

/** Whether a page request has a valid session, and if not, why the sign-in page is shown. */
export type PageSessionCheck = (request: FastifyRequest, reply: FastifyReply) => Promise<PageSession>;
