import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuditAction } from "../../../contracts/audit";
import {
  ApiKeyList,
  ApiKeyParams,
  ApiKeySummary,
  CreateApiKeyBody,
  CreatedApiKey,
  INGEST_MAX_ITEMS,
  IngestBody,
  type IngestKind,
  IngestRejected,
  IngestResult,
  ingestKinds,
} from "../../../contracts/ingest";
import { callerOf, keyCallerOf } from "../../http/auth";
import { errorAnswer } from "../../http/openapi";
import type { IngestService } from "./ingest.service";

/** A full batch (1,000 items) of long texts fits; anything bigger is refused before it is parsed. */
const INGEST_BODY_LIMIT = 2 * 1024 * 1024;

const examples: Record<IngestKind, unknown> = {
  incidents: {
    externalId: "SIEM-48213",
    title: "Impossible travel sign-in for a finance user",
    severity: "high",
    status: "acknowledged",
    detection: "Entra ID impossible travel",
    mitreTactic: "Initial Access",
    mitreTechnique: "T1078.004",
    openedAt: "2026-11-29T08:14:00Z",
    acknowledgedAt: "2026-11-29T08:21:00Z",
  },
  alerts: { day: "2026-11-29", detection: "EDR malware blocked", severity: "medium", count: 42 },
  compliance: {
    framework: "nist-800-53",
    frameworkName: "NIST SP 800-53",
    ref: "AC-2",
    title: "Account Management",
    family: "Access Control",
    status: "passing",
  },
};

export const ingestRoutes =
  (ingest: IngestService): FastifyPluginAsyncTypebox =>
  async (app) => {
    for (const kind of ingestKinds) {
      app.post(
        `/api/v1/ingest/${kind}`,
        {
          bodyLimit: INGEST_BODY_LIMIT,
          config: { apiKey: true, audit: { action: `ingest.${kind}` as AuditAction } },
          schema: {
            description: `Stores up to ${INGEST_MAX_ITEMS} ${kind} items in one workspace, with an API key (\`Authorization: Bearer pcik_…\`) scoped to the workspace's tenant. The batch is stored whole or not at all: any bad item refuses it (422) with each bad item's index and reasons. Items are upserted by their natural key, so a replayed batch changes nothing. Each item looks like: \`${JSON.stringify(examples[kind])}\``,
            body: IngestBody,
            response: {
              200: IngestResult,
              401: errorAnswer("No API key, an unknown or a revoked one."),
              404: errorAnswer(
                "The workspace does not exist or belongs to a tenant the key may not write to.",
              ),
              422: IngestRejected,
              429: errorAnswer("Too many batches for this key; see Retry-After."),
            },
          },
        },
        async (request, reply) => {
          const outcome = await ingest.ingest(keyCallerOf(request), kind, request.body);
          if (request.auditSubject) {
            request.auditSubject.tenantId = outcome.tenantId;
            request.auditSubject.workspaceId = request.body.workspaceId;
          }
          if (!outcome.ok) {
            request.auditReason = `${outcome.items.length} invalid item(s)`;
            return reply.status(422).send({
              error: "invalid_items" as const,
              message: `${outcome.items.length} of ${request.body.items.length} items are invalid; nothing was stored`,
              requestId: request.id,
              items: outcome.items,
            });
          }
          return outcome.result;
        },
      );
    }

    const settings = (action: AuditAction, withResource = false) => ({
      permission: "can_manage_settings" as const,
      audit: withResource ? { action, resource: "api_key" as const } : { action },
    });

    app.get(
      "/api/v1/admin/api-keys",
      {
        config: settings("admin.api_key_list"),
        schema: {
          description: "Ingestion keys: prefix, tenants, last use, revocation.",
          response: { 200: ApiKeyList },
        },
      },
      async (request) => ingest.list(callerOf(request)),
    );

    app.post(
      "/api/v1/admin/api-keys",
      {
        config: settings("admin.api_key_create"),
        schema: {
          description:
            "Creates an ingestion key for the named tenants. The key is in this answer only; the portal keeps its SHA-256.",
          body: CreateApiKeyBody,
          response: { 201: CreatedApiKey },
        },
      },
      async (request, reply) => reply.status(201).send(await ingest.create(callerOf(request), request.body)),
    );

    app.post(
      "/api/v1/admin/api-keys/:id/revoke",
      {
        config: settings("admin.api_key_revoke", true),
        schema: {
          description: "Revokes a key: its next request is refused (401), on every instance.",
          params: ApiKeyParams,
          response: { 200: ApiKeySummary },
        },
      },
      async (request) => ingest.revoke(callerOf(request), request.params.id),
    );
  };
