import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AuditAction, AuditActorType, AuditResource } from "../../contracts/audit";
import {
  type AuditEvent,
  appendEvent,
  cleanText,
  cleanUserAgent,
  createAuditWriter,
  outcomeOf,
} from "../audit/events";
import { UUID } from "../auth/scope";
import type { RunScoped, ScopedTransaction } from "../db/scope";

/** What a route's requests are recorded as. */
export interface AuditDeclaration {
  action: AuditAction;
  /** Recorded instead of `action` when the answer is an error (a refused sign-in). */
  failedAction?: AuditAction;
  /** Recorded instead of both when the answer is 429 (too many failed attempts). */
  rateLimitedAction?: AuditAction;
  resource?: AuditResource;
  /** The URL parameter naming the resource; default `id`. */
  idParam?: string;
  /**
   * A GET that writes (marking a document viewed): its row is written in its own transaction, like every
   * POST's, so the change and its record commit together. Other GETs change nothing and their rows are group-committed.
   */
  writes?: boolean;
}

/** Who a request acted as when it carried no session (the sign-in that creates one). */
export interface AuditSubject {
  actorType: AuditActorType;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  tenantId: string | null;
  /** The one workspace the subject acted in (an access link's). */
  workspaceId?: string | null;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** How the route's requests appear in the audit trail. Every `/api/*` and `/auth/*` route declares it. */
    audit?: AuditDeclaration;
  }
  interface FastifyRequest {
    /** Set by a handler that signs someone in: the audit row names them although no session came with the request. */
    auditSubject: AuditSubject | null;
    /** Set by a handler that refuses with a reason worth keeping (why a sign-in failed). */
    auditReason: string | null;
    /**
     * Set by a staff handler that acted on one customer's data (changed a user's role, published a report): the
     * event joins that customer's trail, so their access log shows what the provider did. Only staff handlers set it.
     */
    auditTenant: { tenantId: string; workspaceId?: string | null } | null;
  }
  interface FastifyInstance {
    /** Every `/api/*` and `/auth/*` route with the action it records (null: declared none, a defect). */
    auditedRoutes: { method: string; url: string; action: AuditAction | null }[];
  }
}

const DOCS_PREFIX = "/api/docs";

/**
 * Requests to these paths are audited; pages, assets (the sign-in pages' stylesheet included), health checks and
 * the development identity provider are not.
 */
export function isAuditedPath(url: string): boolean {
  return url.startsWith("/api/") || (url.startsWith("/auth/") && !url.startsWith("/auth/assets/"));
}

/**
 * Writes the audit trail of the request pipeline: which event a request is (from its route's declaration, its
 * caller and its answer) and where it goes. A request that changed something (any method but GET and HEAD, or a
 * route declaring `writes`) and succeeded has its row written by `append` in its own transaction, so the change and
 * its record commit together. Every other request changed nothing (a read, or a refusal whose writes were rolled
 * back): its row goes through `appendAfter`, a group commit of its own, which the answer waits for.
 */
export interface AuditRecorder {
  eventOf(request: FastifyRequest, reply: FastifyReply): AuditEvent | null;
  /** Whether the request's row belongs in its own transaction (it may have changed something). */
  isInTransaction(request: FastifyRequest): boolean;
  append(trx: ScopedTransaction, event: AuditEvent): Promise<void>;
  appendAfter(event: AuditEvent): Promise<void>;
}

export function registerAudit(
  app: FastifyInstance,
  deps: { runScoped: RunScoped; enabled: boolean },
): AuditRecorder {
  app.decorateRequest("auditSubject", null);
  app.decorateRequest("auditReason", null);
  app.decorateRequest("auditTenant", null);
  const audited: FastifyInstance["auditedRoutes"] = [];
  app.decorate("auditedRoutes", audited);
  app.addHook("onRoute", (route) => {
    if (!isAuditedPath(route.url)) return;
    // The reference pages of the API document come from a plugin: one declaration for all of them.
    if (!route.config?.audit && route.url.startsWith(DOCS_PREFIX)) {
      route.config = { ...route.config, audit: { action: "api.docs" } };
    }
    for (const method of [route.method].flat()) {
      if (method !== "HEAD")
        audited.push({ method, url: route.url, action: route.config?.audit?.action ?? null });
    }
  });

  function eventOf(request: FastifyRequest, reply: FastifyReply): AuditEvent | null {
    if (!deps.enabled || !isAuditedPath(request.url)) return null;
    const declaration = request.routeOptions.config?.audit;
    const status = reply.statusCode;
    const failed = status >= 400;
    const action: AuditAction =
      (status === 429 ? declaration?.rateLimitedAction : undefined) ??
      (failed ? declaration?.failedAction : undefined) ??
      declaration?.action ??
      "api.unmatched";
    const params = (request.params ?? {}) as Record<string, unknown>;
    const rawId = declaration?.resource ? params[declaration.idParam ?? "id"] : undefined;
    const query = (request.query ?? {}) as Record<string, unknown>;
    // Staff viewing one customer's portal: the event belongs to that customer's trail. (Only staff: nobody else
    // can write into a tenant's trail by naming it.) A console route's `tenant` is a filter of the provider's own
    // lists, not a visit: its handler sets `auditTenant` when it acts on the customer's data.
    const isConsoleRoute = request.routeOptions.url?.startsWith("/api/v1/admin/") ?? false;
    const viewedTenant =
      !isConsoleRoute && typeof query.tenant === "string" && UUID.test(query.tenant) ? query.tenant : null;

    const actor = request.caller?.actor;
    let actorType: AuditActorType = "anonymous";
    let actorId: string | null = null;
    let actorName: string | null = null;
    let actorRole: string | null = null;
    let tenantId: string | null = null;
    let workspaceId: string | null = null;
    if (actor) {
      actorType = actor.authMethod === "email" ? "client_token" : "user";
      actorId = actor.authMethod === "email" ? actor.clientTokenId : actor.userId;
      actorName = cleanText(actor.name);
      actorRole = actor.role;
      tenantId = actor.tenant ? actor.tenant.id : (request.auditTenant?.tenantId ?? viewedTenant);
      workspaceId =
        actor.workspaceIds !== "all" && actor.workspaceIds.length === 1
          ? actor.workspaceIds[0]!
          : (request.auditTenant?.workspaceId ?? null);
    } else if (request.auditSubject) {
      ({ actorType, actorId, actorRole, tenantId } = request.auditSubject);
      workspaceId = request.auditSubject.workspaceId ?? null;
      actorName = cleanText(request.auditSubject.actorName);
    }
    return {
      requestId: request.id,
      actorType,
      actorId,
      actorName,
      actorRole,
      tenantId,
      workspaceId,
      action,
      resourceType: declaration?.resource ?? null,
      resourceId: typeof rawId === "string" ? cleanText(rawId) : null,
      outcome: outcomeOf(status),
      httpStatus: status,
      ip: cleanText(request.ip, 100),
      userAgent: cleanUserAgent(request.headers["user-agent"]),
      reason: cleanText(request.auditReason),
    };
  }

  const writer = createAuditWriter(deps.runScoped);
  return {
    eventOf,
    isInTransaction: (request) =>
      !(request.method === "GET" || request.method === "HEAD") ||
      request.routeOptions.config?.audit?.writes === true,
    append: appendEvent,
    appendAfter: writer.append,
  };
}
