import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { decodeJwt } from "jose";
import { Type } from "typebox";
import { TenantView } from "../../../contracts/common";
import {
  AdvisoryReportView,
  ClientViewQuery,
  CreateEngagementBody,
  EngagementClientView,
  EngagementList,
  EngagementParams,
  MilestoneBody,
  PhaseBody,
  PostUpdateBody,
  StaffEngagement,
  StaffEngagementList,
  StaffEngagementListQuery,
  SubResourceParams,
  UpdateEngagementBody,
  UpdateMilestoneBody,
  UpdatePhaseBody,
} from "../../../contracts/engagements";
import { sessionCookieName } from "../../auth/sessions";
import type { Config } from "../../config";
import { callerOf } from "../../http/auth";
import { errorAnswer } from "../../http/openapi";
import type { EngagementService } from "./engagements.service";
import type { EngagementStreams } from "./live";

const resource = { resource: "engagement" as const };

export const engagementRoutes =
  (
    engagements: EngagementService,
    deps: { config: Config; streams: EngagementStreams },
  ): FastifyPluginAsyncTypebox =>
  async (app) => {
    const { config, streams } = deps;

    app.get(
      "/api/engagements",
      {
        config: { permission: "can_view_engagements", audit: { action: "engagement.list" } },
        schema: {
          description:
            "The caller's engagements with their progress (a session from an access link: its one workspace).",
          querystring: TenantView,
          response: { 200: EngagementList },
        },
      },
      async (request) => engagements.list(callerOf(request), request.query.tenant),
    );

    app.get(
      "/api/engagements/:id/client-view",
      {
        config: { permission: "can_view_engagements", audit: { action: "engagement.view", ...resource } },
        schema: {
          description:
            "An engagement as its client sees it: phases and milestones, progress, the update timeline (newest first, paged), deliverables. Internal notes and updates are never part of it.",
          params: EngagementParams,
          querystring: ClientViewQuery,
          response: { 200: EngagementClientView },
        },
      },
      async (request) => engagements.clientView(callerOf(request), request.params.id, request.query),
    );

    app.get(
      "/api/engagements/:id/events",
      {
        config: { permission: "can_view_engagements", audit: { action: "engagement.stream", ...resource } },
        schema: {
          description:
            "Server-Sent Events of the engagement's changes as they are saved, on any instance: `milestone`, `progress`, `update`, `status`, `phases` (and `resync`: read the client view again). Each has an `id`; a reconnect with Last-Event-ID within ten minutes gets what it missed. A comment every 15 s. The stream ends when the session does. 429 over the stream limits.",
          params: EngagementParams,
          querystring: TenantView,
          response: {
            200: {
              description: "text/event-stream",
              content: { "text/event-stream": { schema: Type.String() } },
            },
            429: errorAnswer("Too many live streams for this session or this server."),
          },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const start = await engagements.streamStart(caller, request.params.id, request.query.tenant);
        const lastEventId = request.headers["last-event-id"];
        const token = request.cookies[sessionCookieName(config)] ?? "";
        const out = streams.open({
          ...start,
          // The token was verified by the pipeline; its expiry ends the stream.
          sessionExpiresAt: (decodeJwt(token).exp ?? 0) * 1000,
          engagementId: request.params.id,
          actor: caller.actor,
          token,
          lastEventId: typeof lastEventId === "string" ? lastEventId : undefined,
        });
        request.raw.on("close", () => out.destroy());
        return (
          reply
            .header("content-type", "text/event-stream; charset=utf-8")
            .header("cache-control", "no-store")
            .header("x-accel-buffering", "no")
            // A stream is sent as it is (the 200 schema only documents it).
            .send(out as unknown as string)
        );
      },
    );

    app.get(
      "/api/sa-reports/reports/:id/client-view",
      {
        config: { permission: "can_view_reports", audit: { action: "report.view", resource: "report" } },
        schema: {
          description:
            "An advisory (assessment) report as the client reads it: engagement, period, executive summary, findings by severity and status, the findings a client may see, and the PDF's address.",
          params: EngagementParams,
          querystring: TenantView,
          response: { 200: AdvisoryReportView },
        },
      },
      async (request) =>
        engagements.advisoryReport(callerOf(request), request.params.id, request.query.tenant),
    );

    const manage = (action: Parameters<typeof auditOf>[0]) => ({
      permission: "can_manage_engagements" as const,
      audit: auditOf(action),
    });

    app.get(
      "/api/v1/admin/engagements",
      {
        config: { permission: "can_manage_engagements", audit: { action: "admin.engagement_list" } },
        schema: { querystring: StaffEngagementListQuery, response: { 200: StaffEngagementList } },
      },
      async (request) => engagements.staffList(callerOf(request), request.query),
    );

    app.post(
      "/api/v1/admin/engagements",
      {
        config: { permission: "can_manage_engagements", audit: { action: "admin.engagement_create" } },
        schema: { body: CreateEngagementBody, response: { 201: StaffEngagement } },
      },
      async (request, reply) =>
        reply.status(201).send(await engagements.create(callerOf(request), request.body)),
    );

    app.get(
      "/api/v1/admin/engagements/:id",
      {
        config: manage("admin.engagement_view"),
        schema: {
          description: "An engagement as staff edit it: internal notes and internal updates included.",
          params: EngagementParams,
          response: { 200: StaffEngagement },
        },
      },
      async (request) => engagements.staffGet(callerOf(request), request.params.id),
    );

    app.patch(
      "/api/v1/admin/engagements/:id",
      {
        config: manage("admin.engagement_update"),
        schema: { params: EngagementParams, body: UpdateEngagementBody, response: { 200: StaffEngagement } },
      },
      async (request) => engagements.update(callerOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/v1/admin/engagements/:id/phases",
      {
        config: manage("admin.engagement_phase"),
        schema: { params: EngagementParams, body: PhaseBody, response: { 201: StaffEngagement } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await engagements.addPhase(callerOf(request), request.params.id, request.body)),
    );

    app.patch(
      "/api/v1/admin/engagements/:id/phases/:itemId",
      {
        config: manage("admin.engagement_phase"),
        schema: { params: SubResourceParams, body: UpdatePhaseBody, response: { 200: StaffEngagement } },
      },
      async (request) =>
        engagements.updatePhase(callerOf(request), request.params.id, request.params.itemId, request.body),
    );

    app.post(
      "/api/v1/admin/engagements/:id/milestones",
      {
        config: manage("admin.engagement_milestone"),
        schema: { params: EngagementParams, body: MilestoneBody, response: { 201: StaffEngagement } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await engagements.addMilestone(callerOf(request), request.params.id, request.body)),
    );

    app.patch(
      "/api/v1/admin/engagements/:id/milestones/:itemId",
      {
        config: manage("admin.engagement_milestone"),
        schema: { params: SubResourceParams, body: UpdateMilestoneBody, response: { 200: StaffEngagement } },
      },
      async (request) =>
        engagements.updateMilestone(
          callerOf(request),
          request.params.id,
          request.params.itemId,
          request.body,
        ),
    );

    app.post(
      "/api/v1/admin/engagements/:id/updates",
      {
        config: manage("admin.engagement_post_update"),
        schema: { params: EngagementParams, body: PostUpdateBody, response: { 201: StaffEngagement } },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await engagements.postUpdate(callerOf(request), request.params.id, request.body)),
    );
  };

function auditOf(
  action:
    | "admin.engagement_view"
    | "admin.engagement_update"
    | "admin.engagement_phase"
    | "admin.engagement_milestone"
    | "admin.engagement_post_update",
) {
  return { action, ...resource };
}
