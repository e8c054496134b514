import { type Kysely, sql } from "kysely";
import type { AuditAction, AuditActorType, AuditOutcome, AuditResource } from "../../contracts/audit";
import type { RunScoped } from "../db/scope";
import type { DB } from "../db/types";
import { preparedQuery } from "../db/unit-of-work";

/** One audit row as the server writes it; the database adds seq, time, transaction id and hash. */
export interface AuditEvent {
  requestId: string;
  actorType: AuditActorType;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  tenantId: string | null;
  workspaceId: string | null;
  action: AuditAction;
  resourceType: AuditResource | null;
  resourceId: string | null;
  outcome: AuditOutcome;
  httpStatus: number;
  ip: string | null;
  userAgent: string | null;
  reason: string | null;
}

/** How a request ended, from the status it was answered with. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return "allowed";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "denied";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "error";
  return "rejected";
}

const USER_AGENT_MAX = 512;
const FREE_TEXT_MAX = 200;

/**
 * A header or parameter as an audit field: control characters removed (no forged log lines, no separators), and
 * bounded (a hostile client cannot make rows large). Empty becomes null.
 */
export function cleanText(value: string | undefined | null, max = FREE_TEXT_MAX): string | null {
  if (value == null) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "").slice(0, max);
  return clean === "" ? null : clean;
}

export const cleanUserAgent = (value: string | undefined) => cleanText(value, USER_AGENT_MAX);

const insertEvent = preparedQuery(
  "audit_append",
  15,
  (
    db,
    requestId: string,
    actorType: AuditActorType,
    actorId: string | null,
    actorName: string | null,
    actorRole: string | null,
    tenantId: string | null,
    workspaceId: string | null,
    action: string,
    resourceType: string | null,
    resourceId: string | null,
    outcome: AuditOutcome,
    httpStatus: number,
    ip: string | null,
    userAgent: string | null,
    reason: string | null,
  ) =>
    db.insertInto("audit_events").values({
      request_id: requestId,
      actor_type: actorType,
      actor_id: actorId,
      actor_name: actorName,
      actor_role: actorRole,
      tenant_id: tenantId,
      workspace_id: workspaceId,
      action,
      resource_type: resourceType,
      resource_id: resourceId,
      outcome,
      http_status: httpStatus,
      ip,
      user_agent: userAgent,
      reason,
    }),
);

/** Appends one event in `trx` (the request's own transaction, or a short one of its own). */
export async function appendEvent(trx: Kysely<DB>, event: AuditEvent): Promise<void> {
  await insertEvent(
    trx,
    event.requestId,
    event.actorType,
    event.actorId,
    event.actorName,
    event.actorRole,
    event.tenantId,
    event.workspaceId,
    event.action,
    event.resourceType,
    event.resourceId,
    event.outcome,
    event.httpStatus,
    event.ip,
    event.userAgent,
    event.reason,
  );
}

/**
 * Many events in one statement, sent as one JSON array (one prepared statement for any count; serialising a JSON
 * text is far cheaper for the server than fifteen escaped PostgreSQL arrays).
 */
const insertEvents = preparedQuery("audit_append_many", 1, (db, events: string) =>
  db
    .insertInto("audit_events")
    .columns([
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
    ])
    .expression(
      sql`select "requestId", "actorType", "actorId", "actorName", "actorRole", "tenantId", "workspaceId", action,
          "resourceType", "resourceId", outcome, "httpStatus", ip, "userAgent", reason
        from json_to_recordset(${events}::json) as e("requestId" text, "actorType" text, "actorId" text,
          "actorName" text, "actorRole" text, "tenantId" uuid, "workspaceId" uuid, action text, "resourceType" text,
          "resourceId" text, outcome text, "httpStatus" smallint, ip text, "userAgent" text, reason text)`,
    ),
);

async function appendEvents(trx: Kysely<DB>, events: AuditEvent[]): Promise<void> {
  await insertEvents(trx, JSON.stringify(events));
}

/** The most events one commit carries; more wait for the next. */
const MAX_BATCH = 500;

/**
 * Writes the events of requests that changed nothing (reads, refusals) with group commit: events that arrive while
 * a commit is under way are written together by the next one, and each `append` resolves only once its event is
 * committed. The answer waits for that, so every answer sent still has its durable row, but a burst of reads pays
 * for one synchronous commit (a disk flush) per batch instead of one per request.
 */
export function createAuditWriter(runScoped: RunScoped) {
  let queue: { event: AuditEvent; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      try {
        await runScoped({ kind: "system" }, (trx) =>
          appendEvents(
            trx,
            batch.map((item) => item.event),
          ),
        );
        for (const item of batch) item.resolve();
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
  }

  function kick(): void {
    if (flushing) return;
    flushing = flush().finally(() => {
      flushing = null;
      if (queue.length > 0) kick();
    });
  }

  return {
    append(event: AuditEvent): Promise<void> {
      const written = new Promise<void>((resolve, reject) => queue.push({ event, resolve, reject }));
      kick();
      return written;
    },
  };
}

export type AuditWriter = ReturnType<typeof createAuditWriter>;
