import { sql } from "kysely";
import { STORED_SCORE_DECIMALS } from "../../../contracts/compliance-score";
import type { AlertItem, ComplianceItem, IncidentItem } from "../../../contracts/ingest";
import type { ScopedTransaction } from "../../db/scope";

/** How many rows one INSERT carries (well under PostgreSQL's 65,535 parameters). */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) out.push(items.slice(start, start + CHUNK));
  return out;
}

export interface Target {
  tenantId: string;
  workspaceId: string;
}

/** What an upsert did: rows inserted, rows changed; the others were identical and left alone. */
export interface Upserted {
  created: number;
  updated: number;
}

const count = (rows: { inserted: boolean }[]): Upserted => {
  const created = rows.filter((row) => row.inserted).length;
  return { created, updated: rows.length - created };
};

// `xmax = 0` is true for a row this statement inserted, false for one it updated; a row whose values are the same
// as the stored ones is not updated at all (the WHERE of DO UPDATE), so it is not returned and nothing fires.

export async function upsertIncidents(
  trx: ScopedTransaction,
  target: Target,
  items: readonly IncidentItem[],
) {
  const returned: { inserted: boolean }[] = [];
  for (const chunk of chunks(items)) {
    const rows = await trx
      .insertInto("incidents")
      .values(
        chunk.map((item) => ({
          tenant_id: target.tenantId,
          workspace_id: target.workspaceId,
          external_id: item.externalId,
          title: item.title,
          severity: item.severity,
          status: item.status,
          detection: item.detection,
          mitre_tactic: item.mitreTactic ?? null,
          mitre_technique: item.mitreTechnique ?? null,
          opened_at: item.openedAt,
          acknowledged_at: item.acknowledgedAt ?? null,
          resolved_at: item.resolvedAt ?? null,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(["workspace_id", "external_id"])
          .doUpdateSet((eb) => ({
            title: eb.ref("excluded.title"),
            severity: eb.ref("excluded.severity"),
            status: eb.ref("excluded.status"),
            detection: eb.ref("excluded.detection"),
            mitre_tactic: eb.ref("excluded.mitre_tactic"),
            mitre_technique: eb.ref("excluded.mitre_technique"),
            opened_at: eb.ref("excluded.opened_at"),
            acknowledged_at: eb.ref("excluded.acknowledged_at"),
            resolved_at: eb.ref("excluded.resolved_at"),
          }))
          .where(
            sql<boolean>`(incidents.title, incidents.severity, incidents.status, incidents.detection, incidents.mitre_tactic, incidents.mitre_technique, incidents.opened_at, incidents.acknowledged_at, incidents.resolved_at) IS DISTINCT FROM (excluded.title, excluded.severity, excluded.status, excluded.detection, excluded.mitre_tactic, excluded.mitre_technique, excluded.opened_at, excluded.acknowledged_at, excluded.resolved_at)`,
          ),
      )
      .returning(sql<boolean>`xmax = 0`.as("inserted"))
      .execute();
    returned.push(...rows);
  }
  return count(returned);
}

export async function upsertAlerts(trx: ScopedTransaction, target: Target, items: readonly AlertItem[]) {
  const returned: { inserted: boolean }[] = [];
  for (const chunk of chunks(items)) {
    const rows = await trx
      .insertInto("alert_daily_counts")
      .values(
        chunk.map((item) => ({
          tenant_id: target.tenantId,
          workspace_id: target.workspaceId,
          day: item.day,
          detection: item.detection,
          severity: item.severity,
          count: item.count,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(["workspace_id", "day", "detection", "severity"])
          .doUpdateSet((eb) => ({ count: eb.ref("excluded.count") }))
          .where(sql<boolean>`alert_daily_counts.count IS DISTINCT FROM excluded.count`),
      )
      .returning(sql<boolean>`xmax = 0`.as("inserted"))
      .execute();
    returned.push(...rows);
  }
  return count(returned);
}

/**
 * Controls by framework and ref; a framework named for the first time is created. Each framework whose controls
 * changed gets its score again (passing / applicable, in percent) and today's point of its history.
 */
export async function upsertCompliance(
  trx: ScopedTransaction,
  target: Target,
  items: readonly ComplianceItem[],
) {
  const frameworks = new Map(items.map((item) => [item.framework, item.frameworkName]));
  await trx
    .insertInto("compliance_frameworks")
    .values(
      [...frameworks].map(([key, name]) => ({
        tenant_id: target.tenantId,
        workspace_id: target.workspaceId,
        key,
        name,
        // Set from the controls below.
        score: "0",
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(["workspace_id", "key"])
        .doUpdateSet((eb) => ({ name: eb.ref("excluded.name") }))
        .where(sql<boolean>`compliance_frameworks.name IS DISTINCT FROM excluded.name`),
    )
    .execute();
  const ids = new Map(
    (
      await trx
        .selectFrom("compliance_frameworks")
        .select(["id", "key"])
        .where("workspace_id", "=", target.workspaceId)
        .where("key", "in", [...frameworks.keys()])
        .execute()
    ).map((row) => [row.key, row.id]),
  );
  const returned: { inserted: boolean; framework_id: string }[] = [];
  for (const chunk of chunks(items)) {
    const rows = await trx
      .insertInto("compliance_controls")
      .values(
        chunk.map((item) => ({
          tenant_id: target.tenantId,
          workspace_id: target.workspaceId,
          framework_id: ids.get(item.framework)!,
          ref: item.ref,
          title: item.title,
          family: item.family,
          status: item.status,
          owner: item.owner ?? null,
          ...(item.assessedAt ? { last_assessed_at: new Date(item.assessedAt) } : {}),
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(["framework_id", "ref"])
          .doUpdateSet((eb) => ({
            title: eb.ref("excluded.title"),
            family: eb.ref("excluded.family"),
            status: eb.ref("excluded.status"),
            owner: eb.ref("excluded.owner"),
            last_assessed_at: eb.ref("excluded.last_assessed_at"),
          }))
          .where(
            // The assessment time moves with a changed result; the same result sent again is no change.
            sql<boolean>`(compliance_controls.title, compliance_controls.family, compliance_controls.status, compliance_controls.owner) IS DISTINCT FROM (excluded.title, excluded.family, excluded.status, excluded.owner)`,
          ),
      )
      .returning([sql<boolean>`xmax = 0`.as("inserted"), "framework_id"])
      .execute();
    returned.push(...rows);
  }
  const changed = [...new Set(returned.map((row) => row.framework_id))];
  if (changed.length > 0) {
    const scores = await trx
      .updateTable("compliance_frameworks")
      .set({
        score: sql<string>`(SELECT COALESCE(round(100.0 * count(*) FILTER (WHERE c.status = 'passing') / NULLIF(count(*) FILTER (WHERE c.status <> 'not_applicable'), 0), ${sql.lit(STORED_SCORE_DECIMALS)}), 0) FROM compliance_controls c WHERE c.framework_id = compliance_frameworks.id)`,
        updated_at: sql<Date>`now()`,
      })
      .where("id", "in", changed)
      .returning(["id", "score"])
      .execute();
    await trx
      .insertInto("compliance_score_history")
      .values(
        scores.map((row) => ({
          tenant_id: target.tenantId,
          workspace_id: target.workspaceId,
          framework_id: row.id,
          recorded_on: sql<string>`(now() AT TIME ZONE 'UTC')::date`,
          score: row.score,
        })),
      )
      .onConflict((conflict) =>
        conflict
          .columns(["framework_id", "recorded_on"])
          .doUpdateSet((eb) => ({ score: eb.ref("excluded.score") })),
      )
      .execute();
  }
  return count(returned);
}

export function findWorkspace(trx: ScopedTransaction, id: string) {
  return trx.selectFrom("workspaces").select(["id", "tenant_id"]).where("id", "=", id).executeTakeFirst();
}

// ---- keys ----

/** Keys with their creator's name; never the hash. */
const keysWithCreator = (trx: ScopedTransaction) =>
  trx
    .selectFrom("api_keys")
    .leftJoin("users", "users.id", "api_keys.created_by")
    .select([
      "api_keys.id",
      "api_keys.name",
      "api_keys.key_prefix",
      "api_keys.tenant_ids",
      "api_keys.created_at",
      "api_keys.last_used_at",
      "api_keys.revoked_at",
      "users.name as created_by_name",
    ]);

export function listKeys(trx: ScopedTransaction) {
  return keysWithCreator(trx).orderBy("api_keys.created_at", "desc").limit(500).execute();
}
export type KeyRow = Awaited<ReturnType<typeof listKeys>>[number];

export function findKey(trx: ScopedTransaction, id: string) {
  return keysWithCreator(trx).where("api_keys.id", "=", id).executeTakeFirst();
}

export function insertKey(
  trx: ScopedTransaction,
  key: { name: string; prefix: string; hash: Buffer; tenantIds: string[]; createdBy: string | null },
) {
  return trx
    .insertInto("api_keys")
    .values({
      name: key.name,
      key_prefix: key.prefix,
      key_hash: key.hash,
      tenant_ids: key.tenantIds,
      created_by: key.createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function revokeKey(trx: ScopedTransaction, id: string) {
  return trx
    .updateTable("api_keys")
    .set({ revoked_at: sql<Date>`COALESCE(revoked_at, now())` })
    .where("id", "=", id)
    .execute();
}

export function tenantNames(trx: ScopedTransaction, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return trx.selectFrom("tenants").select(["id", "name"]).where("id", "in", ids).execute();
}
