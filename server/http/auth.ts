import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Actor, hasPermission, type Permission } from "../auth/permissions";
import { type SessionService, sessionCookieName, sessionCookieOptions } from "../auth/sessions";
import type { Config } from "../config";
import { AppError } from "./errors";
import { setSignInNotice } from "./notice";

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
    /** Set by the auth plugin for routes that name a permission (or "authenticated"). */
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** What the route needs: a permission of the matrix, or just a valid session. Unset: public. */
    permission?: Permission | "authenticated";
    /** A public route that acts on no session (e.g. document verification): any Origin may call it. */
    allowCrossOrigin?: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type Authenticate = (request: FastifyRequest, reply: FastifyReply) => Promise<Actor | null>;

/** The Actor of a route that declared a permission; the preHandler has already refused anonymous requests. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError("unauthenticated", "Sign in to continue");
  return request.actor;
}

export function registerAuth(
  app: FastifyInstance,
  deps: { config: Config; sessions: SessionService },
): Authenticate {
  const { config, sessions } = deps;
  const cookieName = sessionCookieName(config);

  const authenticate: Authenticate = async (request, reply) => {
    const token = request.cookies[cookieName];
    if (!token) return null;
    const result = await sessions.check(token);
    if ("reason" in result) {
      // A cookie that no longer opens a session is cleared, so the browser stops sending it, and the sign-in
      // page will say why. A token that never opened a session (forged, signed with a retired key) gets no notice.
      reply.clearCookie(cookieName, sessionCookieOptions(config));
      if (result.reason !== "invalid") setSignInNotice(request, reply, config, result.reason);
      request.actor = null;
      return null;
    }
    request.actor = result.actor;
    return result.actor;
  };

  app.decorateRequest("actor", null);
  const protectedRoutes: ProtectedRoute[] = [];
  app.decorate("protectedRoutes", protectedRoutes);
  app.addHook("onRoute", (route) => {
    const permission = route.config?.permission;
    if (!permission) return;
    for (const method of [route.method].flat()) {
      if (method !== "HEAD") protectedRoutes.push({ method, url: route.url, permission });
    }
  });

  // Cookies ride along on cross-site form posts: a state-changing request must come from our own origin.
  // The embedded identity provider (/dev-idp) has its own CSRF protection; bearer-token clients carry no cookie.
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || request.url.startsWith("/dev-idp/")) return;
    if (request.headers.authorization || request.routeOptions.config.allowCrossOrigin) return;
    if (request.headers.origin !== config.publicUrl) {
      throw new AppError("forbidden", "Cross-origin request refused");
    }
  });

  app.addHook("preHandler", async (request, reply) => {
    const required = request.routeOptions.config.permission;
    if (!required) return;
    const actor = await authenticate(request, reply);
    if (!actor) throw new AppError("unauthenticated", "Sign in to continue");
    if (required !== "authenticated" && !hasPermission(actor.role, required)) {
      throw new AppError("forbidden", `Your role does not allow this (${required})`);
    }
  });

  return authenticate;
}
