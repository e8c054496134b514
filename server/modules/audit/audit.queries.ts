import type { ExpressionBuilder, SelectQueryBuilder } from "kysely";
import type { AuditAction, AuditOutcome } from "../../../contracts/audit";
import { UUID } from "../../auth/scope";
import type { ScopedTransaction } from "../../db/scope";
import type { DB } from "../../db/types";

export interface AuditFilters {
  from?: string;
  to?: string;
  tenant?: string;
  actor?: string;
  action?: AuditAction;
  outcome?: AuditOutcome;
  status?: number;
  /**
   * A customer limited to some workspaces: the events recorded in those workspaces and the tenant-wide ones (a
   * colleague's sign-in, staff viewing the organisation).
   */
  workspaceIds?: readonly string[];
  /**
   * A session opened by an emailed access link (this is its link's id): a guest of one workspace sees what happened
   * in that workspace and its own doings, never the rest of the organisation's activity.
   */
  linkSession?: string;
}

/** The `workspaceIds`/`linkSession` condition, shared by the event list and the list of people in it. */
function limitToWorkspaces<O>(
  query: SelectQueryBuilder<DB, "audit_events", O>,
  filters: Pick<AuditFilters, "workspaceIds" | "linkSession">,
): SelectQueryBuilder<DB, "audit_events", O> {
  if (!filters.workspaceIds) return query;
  const ids = [...filters.workspaceIds];
  const others = filters.linkSession
    ? (eb: ExpressionBuilder<DB, "audit_events">) => eb("audit_events.actor_id", "=", filters.linkSession!)
    : (eb: ExpressionBuilder<DB, "audit_events">) => eb("audit_events.workspace_id", "is", null);
  return query.where((eb) =>
    eb.or([...(ids.length > 0 ? [eb("audit_events.workspace_id", "in", ids)] : []), others(eb)]),
  );
}

/** An event's columns as the audit log and its exports show them (everything but the hash chain's). */
export const eventColumns = [
  "seq",
  "occurred_at",
  "request_id",
  "actor_type",
  "actor_id",
  "actor_name",
  "actor_role",
  "tenant_id",
  "workspace_id",
  "action",
  "resource_type",
  "resource_id",
  "outcome",
  "http_status",
  "ip",
  "user_agent",
  "reason",
] as const;

function filtered(trx: ScopedTransaction, filters: AuditFilters) {
  let query = trx.selectFrom("audit_events");
  if (filters.from) query = query.where("occurred_at", ">=", new Date(filters.from));
  if (filters.to) query = query.where("occurred_at", "<", new Date(filters.to));
  if (filters.tenant) query = query.where("tenant_id", "=", filters.tenant);
  if (filters.actor) query = query.where("actor_id", "=", filters.actor);
  if (filters.action) query = query.where("action", "=", filters.action);
  if (filters.outcome) query = query.where("outcome", "=", filters.outcome);
  if (filters.status) query = query.where("http_status", "=", filters.status);
  return limitToWorkspaces(query, filters);
}

/** A page of events, newest first: those older than `before` (keyset on seq, never an offset). */
export function eventsBefore(
  trx: ScopedTransaction,
  filters: AuditFilters,
  page: { before?: number; limit: number },
) {
  let query = filtered(trx, filters).select(eventColumns);
  if (page.before) query = query.where("seq", "<", page.before);
  return query.orderBy("seq", "desc").limit(page.limit).execute();
}

/** A page of events, oldest first, after `after` (exports walk the whole trail this way). */
export function eventsAfter(
  trx: ScopedTransaction,
  filters: AuditFilters,
  page: { after: number; limit: number },
) {
  return filtered(trx, filters)
    .select(eventColumns)
    .where("seq", ">", page.after)
    .orderBy("seq", "asc")
    .limit(page.limit)
    .execute();
}

export type EventRecord = Awaited<ReturnType<typeof eventsBefore>>[number];

/**
 * The titles of the resources a page of a customer's events names, as the customer's own scope sees them (a
 * report of another tenant has no title here), and only of what the customer may see: an unpublished report or a
 * draft proposal keeps its title to itself, even when staff opened it or someone guessed its id.
 */
export async function resourceTitles(
  trx: ScopedTransaction,
  events: Pick<EventRecord, "resource_type" | "resource_id">[],
): Promise<Map<string, string>> {
  const reportIds = [
    ...new Set(
      events
        .filter((event) => event.resource_type === "report" && UUID.test(event.resource_id ?? ""))
        .map((event) => event.resource_id!),
    ),
  ];
  const frameworkKeys = [
    ...new Set(
      events
        .filter((event) => event.resource_type === "compliance_framework" && event.resource_id)
        .map((event) => event.resource_id!),
    ),
  ];
  const engagementIds = [
    ...new Set(
      events
        .filter((event) => event.resource_type === "engagement" && UUID.test(event.resource_id ?? ""))
        .map((event) => event.resource_id!),
    ),
  ];
  const proposalIds = [
    ...new Set(
      events
        .filter((event) => event.resource_type === "proposal" && UUID.test(event.resource_id ?? ""))
        .map((event) => event.resource_id!),
    ),
  ];
  const titles = new Map<string, string>();
  if (proposalIds.length > 0) {
    const proposals = await trx
      .selectFrom("proposals")
      .select(["id", "title", "version"])
      .where("id", "in", proposalIds)
      .where("status", "<>", "draft")
      .execute();
    for (const proposal of proposals) {
      titles.set(`proposal:${proposal.id}`, `${proposal.title} (version ${proposal.version})`);
    }
  }
  if (engagementIds.length > 0) {
    const engagements = await trx
      .selectFrom("engagements")
      .select(["id", "name"])
      .where("id", "in", engagementIds)
      .execute();
    for (const engagement of engagements) titles.set(`engagement:${engagement.id}`, engagement.name);
  }
  if (reportIds.length > 0) {
    const reports = await trx
      .selectFrom("reports")
      .select(["id", "title"])
      .where("id", "in", reportIds)
      .where("is_published", "=", true)
      .execute();
    for (const report of reports) titles.set(`report:${report.id}`, report.title);
  }
  if (frameworkKeys.length > 0) {
    const frameworks = await trx
      .selectFrom("compliance_frameworks")
      .select(["key", "name"])
      .where("key", "in", frameworkKeys)
      .execute();
    for (const framework of frameworks) titles.set(`compliance_framework:${framework.key}`, framework.name);
  }
  return titles;
}

/** The people who appear in a tenant's events (latest name each), for the access log's filter. */
export function peopleInTrail(
  trx: ScopedTransaction,
  tenantId: string,
  limits: Pick<AuditFilters, "workspaceIds" | "linkSession"> = {},
) {
  return limitToWorkspaces(trx.selectFrom("audit_events"), limits)
    .select(["actor_id", "actor_name"])
    .distinctOn("actor_id")
    .where("tenant_id", "=", tenantId)
    .where("actor_id", "is not", null)
    .orderBy("actor_id")
    .orderBy("seq", "desc")
    .limit(200)
    .execute();
}

/** Whether the tenant exists in the transaction's scope (a tenant scope sees only its own). */
export async function tenantExists(trx: ScopedTransaction, tenantId: string): Promise<boolean> {
  const row = await trx.selectFrom("tenants").select("id").where("id", "=", tenantId).executeTakeFirst();
  return row !== undefined;
}
