import type { TSchema } from "typebox";
import { Compile } from "typebox/compile";
import {
  AlertItem,
  type ApiKeyList,
  type ApiKeySummary,
  ComplianceItem,
  type CreateApiKeyBody,
  type CreatedApiKey,
  IncidentItem,
  type IngestBody,
  type IngestKind,
  type IngestRejected,
  type IngestResult,
} from "../../../contracts/ingest";
import { type ApiKeyCaller, newApiKey } from "../../auth/api-keys";
import { type Caller, requirePermission } from "../../auth/permissions";
import { UUID } from "../../auth/scope";
import type { ScopedTransaction } from "../../db/scope";
import { AppError, notFound } from "../../errors";
import * as queries from "./ingest.queries";

type ItemError = IngestRejected["items"][number];

/** Each kind's item schema (compiled once) and its rules across items: a natural key appears once per batch. */
const kinds = {
  incidents: {
    check: Compile(IncidentItem as TSchema),
    keyOf: (item: IncidentItem) => item.externalId,
    keyName: "externalId",
    rules: (item: IncidentItem) =>
      item.status === "resolved" && !item.resolvedAt
        ? [{ path: "/resolvedAt", message: "a resolved incident needs resolvedAt" }]
        : [],
  },
  alerts: {
    check: Compile(AlertItem as TSchema),
    keyOf: (item: AlertItem) => `${item.day}|${item.detection}|${item.severity}`,
    keyName: "day, detection and severity",
    rules: () => [],
  },
  compliance: {
    check: Compile(ComplianceItem as TSchema),
    keyOf: (item: ComplianceItem) => `${item.framework}|${item.ref}`,
    keyName: "framework and ref",
    rules: () => [],
  },
} as const;

/** Every bad item with its reasons; none when the batch can be stored. */
function itemErrors(kind: IngestKind, items: readonly unknown[]): ItemError[] {
  const { check, keyOf, keyName, rules } = kinds[kind] as {
    check: ReturnType<typeof Compile>;
    keyOf: (item: never) => string;
    keyName: string;
    rules: (item: never) => { path: string; message: string }[];
  };
  const seen = new Map<string, number>();
  const frameworkNames = new Map<string, string>();
  const errors: ItemError[] = [];
  items.forEach((item, index) => {
    if (!check.Check(item)) {
      errors.push({
        index,
        errors: [...check.Errors(item)].slice(0, 10).map((error) => ({
          path: error.instancePath || "/",
          message: error.message,
        })),
      });
      return;
    }
    const found = [...rules(item as never)];
    const key = keyOf(item as never);
    const first = seen.get(key);
    if (first !== undefined) found.push({ path: "/", message: `same ${keyName} as item ${first}` });
    else seen.set(key, index);
    if (kind === "compliance") {
      const { framework, frameworkName } = item as ComplianceItem;
      const named = frameworkNames.get(framework);
      if (named !== undefined && named !== frameworkName) {
        found.push({ path: "/frameworkName", message: `framework ${framework} is also named "${named}"` });
      } else frameworkNames.set(framework, frameworkName);
    }
    if (found.length > 0) errors.push({ index, errors: found });
  });
  return errors;
}

function toSummary(row: queries.KeyRow, names: Map<string, string>): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.key_prefix,
    tenants: row.tenant_ids.map((id) => ({ id, name: names.get(id) ?? "(deleted tenant)" })),
    createdBy: row.created_by_name ?? null,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

export function createIngestService() {
  async function summaries(trx: ScopedTransaction, rows: queries.KeyRow[]) {
    const names = new Map(
      (await queries.tenantNames(trx, [...new Set(rows.flatMap((row) => row.tenant_ids))])).map((tenant) => [
        tenant.id,
        tenant.name,
      ]),
    );
    return rows.map((row) => toSummary(row, names));
  }

  return {
    /**
     * POST /api/v1/ingest/:kind — the whole batch or nothing. A workspace of a tenant the key may not write to
     * is a 404, like one that does not exist.
     */
    async ingest(
      { key, scoped }: ApiKeyCaller,
      kind: IngestKind,
      body: IngestBody,
    ): Promise<
      | { ok: true; result: IngestResult; tenantId: string }
      | { ok: false; items: ItemError[]; tenantId: string }
    > {
      const workspace = await scoped({ kind: "provider" }, (trx) =>
        queries.findWorkspace(trx, body.workspaceId),
      );
      if (!workspace || !key.tenantIds.includes(workspace.tenant_id)) throw notFound("Workspace");
      const errors = itemErrors(kind, body.items);
      if (errors.length > 0) return { ok: false, items: errors, tenantId: workspace.tenant_id };
      const target = { tenantId: workspace.tenant_id, workspaceId: workspace.id };
      // Written in the tenant's scope: row-level security holds every row to this tenant and workspace.
      const upserted = await scoped(
        { kind: "tenant", tenantId: workspace.tenant_id, workspaceIds: [workspace.id] },
        (trx) => {
          switch (kind) {
            case "incidents":
              return queries.upsertIncidents(trx, target, body.items as IncidentItem[]);
            case "alerts":
              return queries.upsertAlerts(trx, target, body.items as AlertItem[]);
            case "compliance":
              return queries.upsertCompliance(trx, target, body.items as ComplianceItem[]);
          }
        },
      );
      return {
        ok: true,
        tenantId: workspace.tenant_id,
        result: {
          workspaceId: workspace.id,
          received: body.items.length,
          ...upserted,
          unchanged: body.items.length - upserted.created - upserted.updated,
        },
      };
    },

    /** GET /api/v1/admin/api-keys */
    async list({ actor, scoped }: Caller): Promise<ApiKeyList> {
      requirePermission(actor, "can_manage_settings");
      return scoped({ kind: "provider" }, async (trx) => ({
        items: await summaries(trx, await queries.listKeys(trx)),
      }));
    },

    /** POST /api/v1/admin/api-keys — the key is in this answer only. */
    async create({ actor, scoped }: Caller, body: CreateApiKeyBody): Promise<CreatedApiKey> {
      requirePermission(actor, "can_manage_settings");
      return scoped({ kind: "provider" }, async (trx) => {
        const tenantIds = [...new Set(body.tenantIds)];
        const known = await queries.tenantNames(trx, tenantIds);
        if (known.length !== tenantIds.length) throw notFound("Tenant");
        const { key, shown, hash } = newApiKey();
        const { id } = await queries.insertKey(trx, {
          name: body.name.trim(),
          prefix: shown,
          hash,
          tenantIds,
          createdBy: actor.userId,
        });
        const row = await queries.findKey(trx, id);
        if (!row) throw new AppError("internal", "The new key was not stored");
        const [summary] = await summaries(trx, [row]);
        return { ...summary!, key };
      });
    },

    /** POST /api/v1/admin/api-keys/:id/revoke — the key stops working at its next request, on every instance. */
    async revoke({ actor, scoped }: Caller, id: string): Promise<ApiKeySummary> {
      requirePermission(actor, "can_manage_settings");
      if (!UUID.test(id)) throw notFound("API key");
      return scoped({ kind: "provider" }, async (trx) => {
        await queries.revokeKey(trx, id);
        const row = await queries.findKey(trx, id);
        if (!row) throw notFound("API key");
        const [summary] = await summaries(trx, [row]);
        return summary!;
      });
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
