import type {
  AccessLog,
  AccessLogEntry,
  AccessLogQuery,
  AuditEventItem,
  AuditExportQuery,
  AuditList,
  AuditListQuery,
  AuditVerification,
} from "../../../contracts/audit";
import type { Role } from "../../../contracts/auth";
import { verifyAuditTrail } from "../../audit/verify";
import { type Caller, isStaffRole, requirePermission } from "../../auth/permissions";
import { portalScope } from "../../auth/scope";
import type { RunScoped, TenantScope } from "../../db/scope";
import { notFound } from "../../errors";
import * as queries from "./audit.queries";
import { csvLine, describeAction } from "./descriptions";

/** Rows read per transaction while exporting: memory stays constant however long the trail is. */
const EXPORT_PAGE = 2000;

function itemOf(row: queries.EventRecord): AuditEventItem {
  return { ...row, occurred_at: row.occurred_at.toISOString() };
}

const exportColumns = queries.eventColumns satisfies readonly (keyof AuditEventItem)[];

/** Lines joined into chunks of about 64 KB: one socket write per chunk rather than per line. */
async function* inChunks(lines: AsyncIterable<string>): AsyncIterable<string> {
  let chunk = "";
  for await (const line of lines) {
    chunk += line;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

const isStaff = (role: string | null) => role !== null && isStaffRole(role as Role);

export function createAuditService(deps: { runScoped: RunScoped; providerName: string }) {
  const { runScoped, providerName } = deps;

  /** Every event matching `filters`, oldest first, one short transaction per page. */
  async function* allEvents(scope: TenantScope | { kind: "provider" }, filters: queries.AuditFilters) {
    let after = 0;
    for (;;) {
      const page = await runScoped(scope, (trx) =>
        queries.eventsAfter(trx, filters, { after, limit: EXPORT_PAGE }),
      );
      yield* page;
      if (page.length < EXPORT_PAGE) return;
      after = page[page.length - 1]!.seq;
    }
  }

  function accessEntry(row: queries.EventRecord, titles: Map<string, string>): AccessLogEntry {
    const title = titles.get(`${row.resource_type}:${row.resource_id}`) ?? null;
    const staff = isStaff(row.actor_role);
    const name =
      row.actor_type === "anonymous"
        ? "Someone not signed in"
        : staff
          ? `${row.actor_name ?? "Provider staff"} (${providerName})`
          : (row.actor_name ?? "Unknown");
    return {
      seq: row.seq,
      occurred_at: row.occurred_at.toISOString(),
      actor: { id: row.actor_id, name, is_provider_staff: staff },
      action: row.action,
      description: describeAction(row.action, title),
      outcome: row.outcome,
      ip: staff ? null : row.ip,
      user_agent: staff ? null : row.user_agent,
    };
  }

  /**
   * A customer's own organisation (and workspaces), or the one a staff member names, and the log's filters in it.
   */
  function accessScope(caller: Caller, query: Pick<AccessLogQuery, "tenant" | "actor" | "action">) {
    const scope = portalScope(caller.actor, query.tenant);
    const filters: queries.AuditFilters = {
      tenant: scope.tenantId,
      ...(scope.workspaceIds !== "all" ? { workspaceIds: scope.workspaceIds } : {}),
      ...(caller.actor.authMethod === "email" && caller.actor.clientTokenId
        ? { linkSession: caller.actor.clientTokenId }
        : {}),
      ...(query.actor ? { actor: query.actor } : {}),
      ...(query.action ? { action: query.action } : {}),
    };
    return { scope, filters };
  }

  return {
    /** GET /api/v1/admin/audit — the provider's whole trail, filtered, newest first. */
    async listEvents({ actor, scoped }: Caller, query: AuditListQuery): Promise<AuditList> {
      requirePermission(actor, "can_view_audit_log");
      const limit = query.limit ?? 50;
      const { before, limit: _limit, ...filters } = query;
      const rows = await scoped({ kind: "provider" }, (trx) =>
        queries.eventsBefore(trx, filters, { ...(before ? { before } : {}), limit: limit + 1 }),
      );
      const page = rows.slice(0, limit);
      return {
        items: page.map(itemOf),
        next_before: rows.length > limit ? page[page.length - 1]!.seq : null,
      };
    },

    /** GET /api/v1/admin/audit/verify — the same walk as `portcullis audit verify`. */
    async verify({ actor, scoped }: Caller): Promise<AuditVerification> {
      requirePermission(actor, "can_view_audit_log");
      return scoped({ kind: "provider" }, verifyAuditTrail);
    },

    /** GET /api/v1/admin/audit/export — every matching event as CSV or JSON Lines, streamed. */
    exportEvents({ actor }: Caller, query: AuditExportQuery): AsyncIterable<string> {
      requirePermission(actor, "can_view_audit_log");
      const { format = "csv", ...filters } = query;
      return inChunks(
        (async function* () {
          if (format === "csv") yield csvLine([...exportColumns]);
          for await (const row of allEvents({ kind: "provider" }, filters)) {
            const item = itemOf(row);
            yield format === "csv"
              ? csvLine(exportColumns.map((column) => item[column]))
              : `${JSON.stringify(item)}\n`;
          }
        })(),
      );
    },

    /** GET /api/v1/access-log — who accessed the organisation's data: its own people and the provider's staff. */
    async accessLog(caller: Caller, query: AccessLogQuery): Promise<AccessLog> {
      requirePermission(caller.actor, "can_view_access_log");
      const { scope, filters } = accessScope(caller, query);
      const limit = query.limit ?? 50;
      return caller.scoped(scope, async (trx) => {
        // Staff name the tenant: one that does not exist is a 404, as on every portal page.
        if (!(await queries.tenantExists(trx, scope.tenantId))) throw notFound("Tenant");
        const rows = await queries.eventsBefore(trx, filters, {
          ...(query.before ? { before: query.before } : {}),
          limit: limit + 1,
        });
        const page = rows.slice(0, limit);
        const titles = await queries.resourceTitles(trx, page);
        const people = await queries.peopleInTrail(trx, scope.tenantId, filters);
        return {
          items: page.map((row) => accessEntry(row, titles)),
          next_before: rows.length > limit ? page[page.length - 1]!.seq : null,
          people: people.map((person) => ({ id: person.actor_id!, name: person.actor_name ?? "Unknown" })),
        };
      });
    },

    /** GET /api/v1/access-log/export — the same log as CSV, streamed. */
    async accessLogExport(
      caller: Caller,
      query: Pick<AccessLogQuery, "tenant" | "actor" | "action">,
    ): Promise<AsyncIterable<string>> {
      requirePermission(caller.actor, "can_view_access_log");
      const { scope, filters } = accessScope(caller, query);
      // Checked before the answer starts: a stream cannot become a 404 halfway.
      if (!(await caller.scoped(scope, (trx) => queries.tenantExists(trx, scope.tenantId)))) {
        throw notFound("Tenant");
      }
      return inChunks(
        (async function* () {
          yield csvLine([
            "time",
            "person",
            "provider_staff",
            "action",
            "description",
            "outcome",
            "ip",
            "user_agent",
          ]);
          let batch: queries.EventRecord[] = [];
          const flush = async function* () {
            const titles = await runScoped(scope, (trx) => queries.resourceTitles(trx, batch));
            for (const row of batch) {
              const entry = accessEntry(row, titles);
              yield csvLine([
                entry.occurred_at,
                entry.actor.name,
                entry.actor.is_provider_staff ? "yes" : "no",
                entry.action,
                entry.description,
                entry.outcome,
                entry.ip,
                entry.user_agent,
              ]);
            }
            batch = [];
          };
          for await (const row of allEvents(scope, filters)) {
            batch.push(row);
            if (batch.length >= EXPORT_PAGE) yield* flush();
          }
          yield* flush();
        })(),
      );
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
