import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import {
  AccessLink,
  AccessLinkList,
  AccessLinkListQuery,
  AccessLinkPreview,
  AccessLinkRedeemed,
  AccessLinkRequestBody,
  AccessLinkRequested,
  AccessLinkSecretBody,
  IssueAccessLinkBody,
  IssuedAccessLink,
  WorkspaceOptions,
} from "../../../contracts/access-links";
import { DEFAULT_LANDING } from "../../auth/return-to";
import { sessionCookieName, sessionCookieOptions } from "../../auth/sessions";
import type { Config } from "../../config";
import { AppError } from "../../errors";
import { afterCommit, callerOf } from "../../http/auth";
import { errorAnswer } from "../../http/openapi";
import type { RateLimiter } from "../../http/rate-limit";
import type { AccessLinkService, LinkCheck } from "./access-links.service";

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** One answer for every link that does not open, whatever the reason (kept in the audit trail only). */
const LINK_REFUSED =
  "This link cannot be used: it may have been used already, have expired or have been revoked. Ask for a new one.";
const REQUEST_ANSWER =
  "If this address has access to the portal, a link is on its way. It can take a minute to arrive; check your spam folder too.";

export interface AccessLinkRoutesDeps {
  config: Config;
  rateLimiter: RateLimiter;
}

export const accessLinkRoutes =
  (links: AccessLinkService, deps: AccessLinkRoutesDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { config, rateLimiter } = deps;

    app.get(
      "/api/v1/admin/workspaces",
      {
        config: { permission: "can_issue_client_tokens", audit: { action: "admin.workspace_list" } },
        schema: {
          description: "Every customer workspace, with its tenant and the tenant's allowed email domains.",
          response: { 200: WorkspaceOptions },
        },
      },
      async (request) => links.listWorkspaces(callerOf(request)),
    );

    app.post(
      "/api/workspaces/:id/issue-client-token",
      {
        config: {
          permission: "can_issue_client_tokens",
          audit: { action: "client_token.issued", resource: "workspace" },
        },
        schema: {
          description:
            "Creates a one-time access link to this workspace and emails it (after this request commits). The link's secret is only in the email.",
          params: IdParams,
          body: IssueAccessLinkBody,
          response: {
            201: IssuedAccessLink,
            400: errorAnswer(
              "The address is not in the tenant's allowed domains, or the lifetime is too long.",
            ),
          },
        },
      },
      async (request, reply) => {
        const { issued, queueMail } = await links.issue(callerOf(request), request.params.id, request.body);
        afterCommit(request, queueMail);
        return reply.status(201).send(issued);
      },
    );

    app.get(
      "/api/workspaces/:id/client-tokens",
      {
        config: {
          permission: "can_issue_client_tokens",
          audit: { action: "client_token.list", resource: "workspace" },
        },
        schema: {
          description: "The workspace's access links, newest first, with their state and email delivery.",
          params: IdParams,
          querystring: AccessLinkListQuery,
          response: { 200: AccessLinkList },
        },
      },
      async (request) => links.list(callerOf(request), request.params.id, request.query),
    );

    app.post(
      "/api/client-tokens/:id/revoke",
      {
        config: {
          permission: "can_issue_client_tokens",
          audit: { action: "client_token.revoked", resource: "client_token" },
        },
        schema: {
          description:
            "Revokes an access link: unused, it never opens; used, the session it opened ends at its next request.",
          params: IdParams,
          response: { 200: AccessLink },
        },
      },
      async (request) => links.revoke(callerOf(request), request.params.id),
    );

    /**
     * A failed check counts against the client address (10 per 5 minutes); past that every attempt is refused
     * before the link is even looked at. Successes count nothing.
     */
    async function checked<T>(
      request: FastifyRequest,
      reply: FastifyReply,
      attempt: () => Promise<LinkCheck<T>>,
    ): Promise<T> {
      await rateLimiter.ensureAllowed(reply, "linkFailures", request.ip);
      const result = await attempt();
      if (result.ok) return result.value;
      await rateLimiter.count("linkFailures", request.ip);
      request.auditReason = `access link ${result.reason}`;
      request.auditSubject = {
        actorType: "anonymous",
        actorId: null,
        actorName: null,
        actorRole: null,
        // A link of theirs tried again (used, revoked, expired) belongs in the customer's own trail.
        tenantId: result.tenantId,
        workspaceId: result.workspaceId,
      };
      throw new AppError("unauthenticated", LINK_REFUSED);
    }

    const linkRefusals = {
      401: errorAnswer("The link is unknown, malformed, used, expired or revoked (one answer for all)."),
      429: errorAnswer("Too many links that did not open from this address: wait for Retry-After seconds."),
    };

    app.post(
      "/auth/client-token/preview",
      {
        config: {
          audit: {
            action: "client_token.previewed",
            failedAction: "client_token.redeem_failed",
            rateLimitedAction: "client_token.rate_limited",
          },
        },
        schema: {
          description:
            "What an access link opens (provider, organisation, workspace, address), for the access page. Does not use the link.",
          body: AccessLinkSecretBody,
          response: { 200: AccessLinkPreview, ...linkRefusals },
        },
      },
      async (request, reply) => {
        const preview = await checked(request, reply, () => links.preview(request.body.token));
        return reply.header("cache-control", "no-store").send(preview);
      },
    );

    app.post(
      "/auth/client-token/redeem",
      {
        config: {
          audit: {
            action: "client_token.redeemed",
            failedAction: "client_token.redeem_failed",
            rateLimitedAction: "client_token.rate_limited",
          },
        },
        schema: {
          description:
            "Uses an access link (once) and starts a session for its one workspace, with the link's role. Only POST redeems: opening the link (GET) never does, so mail scanners cannot use it up.",
          body: AccessLinkSecretBody,
          response: { 200: AccessLinkRedeemed, ...linkRefusals },
        },
      },
      async (request, reply) => {
        const redeemed = await checked(request, reply, () =>
          links.redeem(request.body.token, {
            ip: request.ip,
            userAgent: request.headers["user-agent"] ?? null,
          }),
        );
        const { link } = redeemed;
        request.auditSubject = {
          actorType: "client_token",
          actorId: link.id,
          actorName: link.email,
          actorRole: link.role,
          tenantId: link.tenantId,
          workspaceId: link.workspaceId,
        };
        reply.setCookie(
          sessionCookieName(config),
          redeemed.token,
          sessionCookieOptions(config, redeemed.expiresAt),
        );
        return reply.header("cache-control", "no-store").send({
          // A signer's link lands on the proposal it was sent for.
          redirectTo: link.proposalId ? `/customer-portal/proposals/${link.proposalId}` : DEFAULT_LANDING,
          workspaceId: link.workspaceId,
          role: link.role,
        });
      },
    );

    app.post(
      "/auth/client-token/request",
      {
        config: {
          audit: { action: "client_token.requested", rateLimitedAction: "client_token.rate_limited" },
        },
        schema: {
          description:
            "Emails a fresh access link for each workspace this address was invited to (and still may enter). Always the same answer, whether or not the address has access.",
          body: AccessLinkRequestBody,
          response: {
            202: AccessLinkRequested,
            429: errorAnswer("Too many requests from this client address: wait for Retry-After seconds."),
          },
        },
      },
      async (request, reply) => {
        await rateLimiter.consume(reply, "linkRequests", request.ip);
        const email = request.body.email.toLowerCase();
        // Over the per-address limit the answer is the same; nothing is sent. Either way the answer is given
        // before anything is looked up (a job does that), so its timing says nothing about the address either.
        if (await rateLimiter.tryConsume("linkRequestsPerAddress", email)) {
          await links.queueRequest(email, request.body.workspaceHint);
        }
        return reply.status(202).header("cache-control", "no-store").send({ message: REQUEST_ANSWER });
      },
    );
  };
