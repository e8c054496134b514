import {
  ADMIN_REPORT_PAGE_SIZE,
  type AdminReportItem,
  type AdminReportList,
  type AdminReportListQuery,
  type GenerateReportBody,
  REPORT_PERIOD_MAX_DAYS,
} from "../../../contracts/report-console";
import { type ReportType, reportDocumentLabels } from "../../../contracts/reports";
import { type Caller, requirePermission } from "../../auth/permissions";
import { UUID } from "../../auth/scope";
import { AppError, notFound } from "../../errors";
import * as queries from "./console.queries";
import type { ReportGeneration } from "./report-generation";
import { reportFile } from "./reports.service";

const DAY_MS = 86_400_000;

/** The customer whose trail an action on one of their reports joins (their access log shows it). */
export interface ReportAuditTenant {
  tenantId: string;
  workspaceId: string;
}

/** An action's answer, the tenant it concerns, and the generation to queue once its transaction has committed. */
export interface ReportAction {
  report: AdminReportItem;
  auditTenant: ReportAuditTenant;
  queueGeneration: (() => Promise<void>) | null;
}

function toItem(row: queries.AdminReportRow): AdminReportItem {
  return {
    id: row.id,
    title: row.title,
    reportType: row.report_type,
    tenant: { id: row.tenant_id, name: row.tenant_name },
    workspace: { id: row.workspace_id, name: row.workspace_name },
    engagementId: row.engagement_id,
    periodStart: row.period_start.toISOString(),
    periodEnd: row.period_end.toISOString(),
    status: row.status,
    published: row.is_published,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    generatedAt: row.generated_at?.toISOString() ?? null,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    requestedBy:
      row.requested_by && row.requested_by_name
        ? { id: row.requested_by, name: row.requested_by_name }
        : null,
  };
}

/** A `YYYY-MM-DD` day as midnight UTC; a day that does not exist (2026-02-30) is refused, not rolled over. */
function utcDay(value: string, field: string): Date {
  const day = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw new AppError("bad_request", `${field} is not a calendar day`);
  }
  return day;
}

const monthName = (day: Date) =>
  day.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const dayName = (day: Date) =>
  day.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "October 2026" for a calendar month, "2026" for a calendar year, else "1 Oct 2026 – 15 Nov 2026". */
export function periodText(start: Date, end: Date): string {
  const startsMonth = start.getUTCDate() === 1;
  const nextMonth = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  if (startsMonth && end.getTime() === nextMonth.getTime()) return monthName(start);
  const nextYear = new Date(Date.UTC(start.getUTCFullYear() + 1, 0, 1));
  if (startsMonth && start.getUTCMonth() === 0 && end.getTime() === nextYear.getTime()) {
    return String(start.getUTCFullYear());
  }
  return `${dayName(start)} – ${dayName(new Date(end.getTime() - DAY_MS))}`;
}

export function defaultTitle(type: ReportType, start: Date, end: Date): string {
  return `${reportDocumentLabels[type]} — ${periodText(start, end)}`;
}

/** The period a staff member asked for, checked: it ends after it starts, spans at most a year, has begun. */
function checkedPeriod(body: GenerateReportBody, now: Date) {
  const start = utcDay(body.periodStart, "periodStart");
  const end = utcDay(body.periodEnd, "periodEnd");
  if (end <= start) throw new AppError("bad_request", "The period must end after it starts");
  if ((end.getTime() - start.getTime()) / DAY_MS > REPORT_PERIOD_MAX_DAYS) {
    throw new AppError("bad_request", `A report covers at most ${REPORT_PERIOD_MAX_DAYS} days`);
  }
  if (start.getTime() > now.getTime()) {
    throw new AppError("bad_request", "The period has not started yet: there is nothing to report");
  }
  return { start, end };
}

/**
 * The console's reports across every tenant, for staff who generate them, in the provider scope (every tenant).
 * A new report takes its tenant from its workspace's row, never from the request; the composite foreign key on
 * (tenant_id, workspace_id) refuses any other pairing.
 */
export function createReportConsoleService(deps: { reportGeneration: Pick<ReportGeneration, "enqueue"> }) {
  const { reportGeneration } = deps;
  const queue = (id: string) => () => reportGeneration.enqueue([id]);

  async function reread({ scoped }: Caller, id: string): Promise<AdminReportItem> {
    const row = await scoped({ kind: "provider" }, (trx) => queries.findReport(trx, id));
    if (!row) throw notFound("Report");
    return toItem(row);
  }

  /** The report's row, locked until the request's transaction ends; an unknown or malformed id is a 404. */
  async function locked({ scoped }: Caller, id: string) {
    const row = UUID.test(id)
      ? await scoped({ kind: "provider" }, (trx) => queries.lockReport(trx, id))
      : undefined;
    if (!row) throw notFound("Report");
    return row;
  }

  return {
    /** GET /api/v1/admin/reports — newest first, published or not. */
    async list({ actor, scoped }: Caller, query: AdminReportListQuery): Promise<AdminReportList> {
      requirePermission(actor, "can_generate_reports");
      const page = query.page ?? 1;
      const { items, total } = await scoped({ kind: "provider" }, (trx) =>
        queries.findReports(
          trx,
          {
            tenantId: query.tenant,
            workspaceId: query.workspace,
            status: query.status,
            published: query.published,
          },
          { limit: ADMIN_REPORT_PAGE_SIZE, offset: (page - 1) * ADMIN_REPORT_PAGE_SIZE },
        ),
      );
      return { items: items.map(toItem), total, page, pageSize: ADMIN_REPORT_PAGE_SIZE };
    },

    /**
     * POST /api/v1/admin/reports — the row is created as `generating` in the request's transaction; its job is
     * queued once that has committed. Unpublished unless asked: the analyst checks the PDF, then publishes.
     */
    async generate(caller: Caller, body: GenerateReportBody, now = new Date()): Promise<ReportAction> {
      const { actor, scoped } = caller;
      requirePermission(actor, "can_generate_reports");
      const { start, end } = checkedPeriod(body, now);
      const isAssessment = body.reportType === "assessment";
      if (isAssessment && !body.engagementId) {
        throw new AppError(
          "bad_request",
          "An assessment report needs the engagement it covers (engagementId)",
        );
      }
      if (!isAssessment && body.engagementId) {
        throw new AppError("bad_request", "Only an assessment report covers an engagement");
      }
      const title = body.title?.trim() || defaultTitle(body.reportType, start, end);
      // 404, not 400: an unknown workspace and one the caller may not see must answer alike.
      const workspace = await scoped({ kind: "provider" }, (trx) =>
        queries.findWorkspace(trx, body.workspaceId),
      );
      if (!workspace) throw notFound("Workspace");
      // An archived workspace is read-only history: nothing new is made in it.
      if (workspace.archived_at) throw new AppError("conflict", "This workspace is archived");
      const { id } = await scoped({ kind: "provider" }, async (trx) => {
        if (body.engagementId && !(await queries.hasEngagement(trx, workspace.id, body.engagementId))) {
          throw notFound("Engagement");
        }
        // Requested by a person, so the scheduler's once-per-period rule (for rows nobody requested) never refuses it.
        return queries.insertReport(trx, {
          tenantId: workspace.tenant_id,
          workspaceId: workspace.id,
          reportType: body.reportType,
          title,
          periodStart: start,
          periodEnd: end,
          engagementId: body.engagementId ?? null,
          isPublished: body.publish ?? false,
          requestedBy: actor.userId,
        });
      });
      return {
        report: await reread(caller, id),
        auditTenant: { tenantId: workspace.tenant_id, workspaceId: workspace.id },
        queueGeneration: queue(id),
      };
    },

    /**
     * POST /api/v1/admin/reports/:id/regenerate — a completed or failed report is rendered again from fresh data
     * (for a failed one: a retry). Its old PDF is dropped at once; a published report stays listed for its
     * customer, as generating, with nothing to download until the new PDF is ready.
     */
    async regenerate(caller: Caller, id: string): Promise<ReportAction> {
      requirePermission(caller.actor, "can_generate_reports");
      const row = await locked(caller, id);
      if (row.status === "generating")
        throw new AppError("conflict", "This report is already being generated");
      await caller.scoped({ kind: "provider" }, (trx) => queries.restartGeneration(trx, row.id));
      return {
        report: await reread(caller, row.id),
        auditTenant: { tenantId: row.tenant_id, workspaceId: row.workspace_id },
        queueGeneration: queue(row.id),
      };
    },

    /**
     * GET /api/v1/admin/reports/:id/pdf — any report's PDF, unpublished ones included, so staff check it before
     * publishing. `isPublished` says whether the download belongs in the customer's trail too.
     */
    async pdf({ actor, scoped }: Caller, id: string) {
      requirePermission(actor, "can_generate_reports");
      const row = UUID.test(id)
        ? await scoped({ kind: "provider" }, (trx) => queries.findReportPdf(trx, id))
        : undefined;
      if (!row) throw notFound("Report");
      return {
        file: reportFile(row),
        auditTenant: { tenantId: row.tenant_id, workspaceId: row.workspace_id },
        isPublished: row.is_published,
      };
    },

    /** POST /api/v1/admin/reports/:id/publish and /unpublish — only a completed report can be published. */
    async setPublished(caller: Caller, id: string, isPublished: boolean): Promise<ReportAction> {
      requirePermission(caller.actor, "can_generate_reports");
      const row = await locked(caller, id);
      if (isPublished && row.status !== "completed") {
        throw new AppError(
          "conflict",
          row.status === "failed"
            ? "A report that failed to generate cannot be published: generate it again first"
            : "This report is still being generated: publish it once it is ready",
        );
      }
      await caller.scoped({ kind: "provider" }, (trx) => queries.setPublished(trx, row.id, isPublished));
      return {
        report: await reread(caller, row.id),
        auditTenant: { tenantId: row.tenant_id, workspaceId: row.workspace_id },
        queueGeneration: null,
      };
    },
  };
}

export type ReportConsoleService = ReturnType<typeof createReportConsoleService>;
