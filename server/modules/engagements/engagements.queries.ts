import { sql } from "kysely";
import type { ScopedTransaction } from "../../db/scope";

/** Engagements visible in the transaction's scope, with milestone counts. */
export function listEngagements(
  trx: ScopedTransaction,
  filters: { tenantId?: string; workspaceId?: string } = {},
) {
  let query = trx
    .selectFrom("engagements")
    .innerJoin("workspaces", "workspaces.id", "engagements.workspace_id")
    .innerJoin("tenants", "tenants.id", "engagements.tenant_id")
    .select([
      "engagements.id",
      "engagements.name",
      "engagements.status",
      "engagements.tenant_id",
      "engagements.workspace_id",
      "engagements.starts_on",
      "engagements.ends_on",
      "engagements.updated_at",
      "workspaces.name as workspace_name",
      "tenants.name as tenant_name",
      (eb) =>
        eb
          .selectFrom("engagement_milestones")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("engagement_milestones.engagement_id", "=", "engagements.id")
          .as("milestones_total"),
      (eb) =>
        eb
          .selectFrom("engagement_milestones")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("engagement_milestones.engagement_id", "=", "engagements.id")
          .where("engagement_milestones.status", "=", "done")
          .as("milestones_done"),
    ]);
  if (filters.tenantId) query = query.where("engagements.tenant_id", "=", filters.tenantId);
  if (filters.workspaceId) query = query.where("engagements.workspace_id", "=", filters.workspaceId);
  return query.orderBy("engagements.starts_on", "desc").orderBy("engagements.name").limit(500).execute();
}

export function findEngagement(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("engagements")
    .innerJoin("workspaces", "workspaces.id", "engagements.workspace_id")
    .innerJoin("tenants", "tenants.id", "engagements.tenant_id")
    .select([
      "engagements.id",
      "engagements.name",
      "engagements.status",
      "engagements.summary",
      "engagements.internal_notes",
      "engagements.tenant_id",
      "engagements.workspace_id",
      "engagements.starts_on",
      "engagements.ends_on",
      "engagements.updated_at",
      "workspaces.name as workspace_name",
      "tenants.name as tenant_name",
    ])
    .where("engagements.id", "=", id)
    .executeTakeFirst();
}

export function phasesOf(trx: ScopedTransaction, engagementId: string) {
  return trx
    .selectFrom("engagement_phases")
    .select(["id", "name", "position"])
    .where("engagement_id", "=", engagementId)
    .orderBy("position")
    .orderBy("name")
    .execute();
}

const milestoneColumns = [
  "engagement_milestones.id",
  "engagement_milestones.phase_id",
  "engagement_milestones.title",
  "engagement_milestones.status",
  "engagement_milestones.due_on",
  "engagement_milestones.completed_at",
  "engagement_milestones.position",
] as const;

export function milestonesOf(trx: ScopedTransaction, engagementId: string) {
  return trx
    .selectFrom("engagement_milestones")
    .select(milestoneColumns)
    .where("engagement_id", "=", engagementId)
    .orderBy("position")
    .orderBy("title")
    .execute();
}

export type MilestoneRow = Awaited<ReturnType<typeof milestonesOf>>[number];

export function findMilestone(trx: ScopedTransaction, engagementId: string, id: string) {
  return trx
    .selectFrom("engagement_milestones")
    .select(milestoneColumns)
    .where("engagement_id", "=", engagementId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export function milestoneCounts(trx: ScopedTransaction, engagementId: string) {
  return trx
    .selectFrom("engagement_milestones")
    .select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`(count(*) FILTER (WHERE status = 'done'))::int`.as("done"),
    ])
    .where("engagement_id", "=", engagementId)
    .executeTakeFirstOrThrow();
}

const updateColumns = [
  "engagement_updates.id",
  "engagement_updates.body",
  "engagement_updates.created_at",
  "engagement_updates.is_internal",
  "engagement_updates.author_name as author",
] as const;

/** Client-visible updates, newest first, older than the cursor `(created_at, id)`. */
export function clientUpdates(
  trx: ScopedTransaction,
  engagementId: string,
  page: { before?: { at: Date; id: string }; limit: number },
) {
  let query = trx
    .selectFrom("engagement_updates")
    .select(updateColumns)
    .where("engagement_updates.engagement_id", "=", engagementId)
    .where("engagement_updates.is_internal", "=", false);
  if (page.before) {
    const { at, id } = page.before;
    query = query.where(
      sql<boolean>`(engagement_updates.created_at, engagement_updates.id) < (${at}, ${id}::uuid)`,
    );
  }
  return query
    .orderBy("engagement_updates.created_at", "desc")
    .orderBy("engagement_updates.id", "desc")
    .limit(page.limit)
    .execute();
}

export function findClientUpdate(trx: ScopedTransaction, engagementId: string, id: string) {
  return trx
    .selectFrom("engagement_updates")
    .select(updateColumns)
    .where("engagement_updates.engagement_id", "=", engagementId)
    .where("engagement_updates.id", "=", id)
    .where("engagement_updates.is_internal", "=", false)
    .executeTakeFirst();
}

/** Every update, internal ones included (staff). */
export function allUpdates(trx: ScopedTransaction, engagementId: string) {
  return trx
    .selectFrom("engagement_updates")
    .select(updateColumns)
    .where("engagement_updates.engagement_id", "=", engagementId)
    .orderBy("engagement_updates.created_at", "desc")
    .limit(500)
    .execute();
}

/** The engagement's reports a client may see (published). */
export function deliverablesOf(trx: ScopedTransaction, engagementId: string) {
  return trx
    .selectFrom("reports")
    .select(["id", "title", "status", "period_start", "period_end", "generated_at"])
    .where("engagement_id", "=", engagementId)
    .where("is_published", "=", true)
    .orderBy("period_end", "desc")
    .execute();
}

/** Events after `afterSeq`, oldest first (what a stream has not delivered yet). */
export function eventsAfter(trx: ScopedTransaction, engagementId: string, afterSeq: string) {
  return trx
    .selectFrom("engagement_events")
    .select(["seq", "kind", "subject_id"])
    .where("engagement_id", "=", engagementId)
    .where("seq", ">", afterSeq as never)
    .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
    .orderBy("seq")
    .limit(500)
    .execute();
}

export type EventRow = Awaited<ReturnType<typeof eventsAfter>>[number];

/** The newest event's seq (a fresh stream starts after it) and the oldest still kept (to detect a gap). */
export function eventBounds(trx: ScopedTransaction, engagementId: string) {
  return trx
    .selectFrom("engagement_events")
    .select([
      sql<string | null>`max(seq)::text`.as("newest"),
      sql<string | null>`min(seq)::text`.as("oldest"),
    ])
    .where("engagement_id", "=", engagementId)
    .executeTakeFirstOrThrow();
}

/** An assessment report with its engagement's name and snapshot. */
export function findAdvisoryReport(trx: ScopedTransaction, id: string, options: { publishedOnly: boolean }) {
  let query = trx
    .selectFrom("reports")
    .leftJoin("engagements", "engagements.id", "reports.engagement_id")
    .select([
      "reports.id",
      "reports.title",
      "reports.status",
      "reports.engagement_id",
      "reports.period_start",
      "reports.period_end",
      "reports.generated_at",
      "reports.data_snapshot",
      "engagements.name as engagement_name",
    ])
    .where("reports.id", "=", id)
    .where("reports.report_type", "=", "assessment");
  if (options.publishedOnly) query = query.where("reports.is_published", "=", true);
  return query.executeTakeFirst();
}
