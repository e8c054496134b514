import {
  type AdvisoryReportView,
  type ClientViewQuery,
  type CreateEngagementBody,
  type EngagementClientView,
  type EngagementList,
  findingSeverities,
  findingStatuses,
  type Milestone,
  type MilestoneBody,
  type Phase,
  type PhaseBody,
  type PostUpdateBody,
  type StaffEngagement,
  type StaffEngagementList,
  type StaffEngagementListQuery,
  type UpdateEngagementBody,
  type UpdateMilestoneBody,
  type UpdatePhaseBody,
} from "../../../contracts/engagements";
import { type Actor, type Caller, requirePermission } from "../../auth/permissions";
import { portalScope, UUID } from "../../auth/scope";
import type { ScopedTransaction, TenantScope } from "../../db/scope";
import { AppError, notFound } from "../../errors";
import type { AssessmentData as AssessmentSnapshot } from "../reports/snapshot/snapshot";
import * as queries from "./engagements.queries";

const today = () => new Date().toISOString().slice(0, 10);
const percent = (done: number, total: number) => (total === 0 ? 0 : Math.floor((done * 100) / total));

export function toMilestone(row: queries.MilestoneRow, day = today()): Milestone {
  return {
    id: row.id,
    phaseId: row.phase_id,
    title: row.title,
    status: row.status,
    dueOn: row.due_on,
    completedAt: row.completed_at?.toISOString() ?? null,
    overdue: row.status !== "done" && row.due_on !== null && row.due_on < day,
    position: row.position,
  };
}

/** Phases in order, each with its milestones in order. */
export async function phasesWithMilestones(trx: ScopedTransaction, engagementId: string): Promise<Phase[]> {
  const [phases, milestones] = await Promise.all([
    queries.phasesOf(trx, engagementId),
    queries.milestonesOf(trx, engagementId),
  ]);
  const day = today();
  return phases.map((phase) => ({
    id: phase.id,
    name: phase.name,
    position: phase.position,
    milestones: milestones.filter((row) => row.phase_id === phase.id).map((row) => toMilestone(row, day)),
  }));
}

function progressOf(phases: Phase[]) {
  const all = phases.flatMap((phase) => phase.milestones);
  const done = all.filter((milestone) => milestone.status === "done").length;
  return { done, total: all.length, percentComplete: percent(done, all.length) };
}

type UpdateRow = Awaited<ReturnType<typeof queries.clientUpdates>>[number];
export const toUpdate = (row: UpdateRow) => ({
  id: row.id,
  body: row.body,
  author: row.author ?? null,
  createdAt: row.created_at.toISOString(),
});

/** `<iso>_<uuid>`: the keyset cursor of the update timeline. */
function parseCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  if (!cursor) return undefined;
  const [at, id] = cursor.split("_");
  const date = new Date(at ?? "");
  if (!id || !UUID.test(id) || Number.isNaN(date.getTime()))
    throw new AppError("bad_request", "Invalid updatesBefore cursor");
  return { at: date, id };
}

export function engagementScope(actor: Actor, viewedTenant?: string): TenantScope {
  return portalScope(actor, viewedTenant);
}

export function createEngagementService() {
  /** A staff edit: the engagement must exist; the answer is the staff view after the change. */
  async function staffView(trx: ScopedTransaction, id: string): Promise<StaffEngagement> {
    const engagement = UUID.test(id) ? await queries.findEngagement(trx, id) : undefined;
    if (!engagement) throw notFound("Engagement");
    const [phases, updates] = await Promise.all([phasesWithMilestones(trx, id), queries.allUpdates(trx, id)]);
    return {
      id: engagement.id,
      name: engagement.name,
      status: engagement.status,
      summary: engagement.summary,
      internalNotes: engagement.internal_notes,
      tenantId: engagement.tenant_id,
      tenantName: engagement.tenant_name,
      workspaceId: engagement.workspace_id,
      workspaceName: engagement.workspace_name,
      startsOn: engagement.starts_on,
      endsOn: engagement.ends_on,
      updatedAt: engagement.updated_at.toISOString(),
      percentComplete: progressOf(phases).percentComplete,
      phases,
      updates: updates.map((row) => ({ ...toUpdate(row), internal: row.is_internal })),
    };
  }

  async function requireEngagement(trx: ScopedTransaction, id: string) {
    const engagement = UUID.test(id) ? await queries.findEngagement(trx, id) : undefined;
    if (!engagement) throw notFound("Engagement");
    return engagement;
  }

  const touch = (trx: ScopedTransaction, id: string) =>
    trx.updateTable("engagements").set({ updated_at: new Date() }).where("id", "=", id).execute();

  /** Runs a staff edit in the provider scope and answers the staff view. */
  const edit = async (
    { actor, scoped }: Caller,
    id: string,
    change: (
      trx: ScopedTransaction,
      engagement: Awaited<ReturnType<typeof requireEngagement>>,
    ) => Promise<void>,
  ) => {
    requirePermission(actor, "can_manage_engagements");
    return scoped({ kind: "provider" }, async (trx) => {
      const engagement = await requireEngagement(trx, id);
      await change(trx, engagement);
      return staffView(trx, id);
    });
  };

  return {
    /** GET /api/engagements — the caller's engagements (staff: the tenant they view). */
    async list({ actor, scoped }: Caller, viewedTenant?: string): Promise<EngagementList> {
      requirePermission(actor, "can_view_engagements");
      const rows = await scoped(portalScope(actor, viewedTenant), (trx) => queries.listEngagements(trx));
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          status: row.status,
          workspaceId: row.workspace_id,
          workspaceName: row.workspace_name,
          startsOn: row.starts_on,
          endsOn: row.ends_on,
          percentComplete: percent(row.milestones_done ?? 0, row.milestones_total ?? 0),
          milestones: { done: row.milestones_done ?? 0, total: row.milestones_total ?? 0 },
          updatedAt: row.updated_at.toISOString(),
        })),
      };
    },

    /** GET /api/engagements/:id/client-view — never internal notes or internal updates. */
    async clientView(
      { actor, scoped }: Caller,
      id: string,
      query: ClientViewQuery,
    ): Promise<EngagementClientView> {
      requirePermission(actor, "can_view_engagements");
      const before = parseCursor(query.updatesBefore);
      const limit = query.updatesLimit ?? 20;
      return scoped(portalScope(actor, query.tenant), async (trx) => {
        const engagement = await requireEngagement(trx, id);
        const [phases, updates, deliverables] = await Promise.all([
          phasesWithMilestones(trx, id),
          queries.clientUpdates(trx, id, { ...(before ? { before } : {}), limit: limit + 1 }),
          queries.deliverablesOf(trx, id),
        ]);
        const page = updates.slice(0, limit);
        const last = page[page.length - 1];
        return {
          id: engagement.id,
          name: engagement.name,
          status: engagement.status,
          summary: engagement.summary,
          workspaceId: engagement.workspace_id,
          workspaceName: engagement.workspace_name,
          startsOn: engagement.starts_on,
          endsOn: engagement.ends_on,
          updatedAt: engagement.updated_at.toISOString(),
          percentComplete: progressOf(phases).percentComplete,
          phases,
          updates: {
            items: page.map(toUpdate),
            nextBefore: updates.length > limit && last ? `${last.created_at.toISOString()}_${last.id}` : null,
          },
          deliverables: deliverables.map((row) => ({
            id: row.id,
            title: row.title,
            status: row.status,
            periodStart: row.period_start.toISOString().slice(0, 10),
            periodEnd: row.period_end.toISOString().slice(0, 10),
            generatedAt: row.generated_at?.toISOString() ?? null,
          })),
        };
      });
    },

    /**
     * Where a stream of this engagement starts: the scope it reads in and the engagement's event log bounds (in
     * the request's own transaction); 404 when the engagement is not visible in that scope.
     */
    async streamStart({ actor, scoped }: Caller, id: string, viewedTenant?: string) {
      requirePermission(actor, "can_view_engagements");
      const scope = portalScope(actor, viewedTenant);
      const bounds = await scoped(scope, async (trx) => {
        await requireEngagement(trx, id);
        return queries.eventBounds(trx, id);
      });
      return { scope, newest: Number(bounds.newest ?? 0), oldest: Number(bounds.oldest ?? 0) };
    },

    /**
     * GET /api/sa-reports/reports/:id/client-view — an assessment report's findings as its snapshot recorded them
     * when it was generated (what the PDF says); published reports only for customers.
     */
    async advisoryReport(
      { actor, scoped }: Caller,
      id: string,
      viewedTenant?: string,
    ): Promise<AdvisoryReportView> {
      requirePermission(actor, "can_view_reports");
      const report = UUID.test(id)
        ? await scoped(portalScope(actor, viewedTenant), (trx) =>
            queries.findAdvisoryReport(trx, id, { publishedOnly: actor.tenant !== null }),
          )
        : undefined;
      if (!report) throw notFound("Report");
      const data = (report.data_snapshot as { data?: AssessmentSnapshot } | null)?.data;
      const zero = <K extends string>(keys: readonly K[]) =>
        Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
      return {
        id: report.id,
        title: report.title,
        status: report.status,
        engagement:
          report.engagement_id && report.engagement_name
            ? { id: report.engagement_id, name: report.engagement_name }
            : null,
        periodStart: report.period_start.toISOString().slice(0, 10),
        periodEnd: report.period_end.toISOString().slice(0, 10),
        generatedAt: report.generated_at?.toISOString() ?? null,
        executiveSummary: data?.engagement.summary ?? "",
        findingsBySeverity: { ...zero(findingSeverities), ...(data?.by_severity ?? {}) },
        findingsByStatus: { ...zero(findingStatuses), ...(data?.by_status ?? {}) },
        findings: (data?.findings ?? []).map(({ ref, title, severity, status, remediation }) => ({
          ref,
          title,
          severity,
          status,
          remediation,
        })),
        pdfUrl: report.status === "completed" ? `/api/v1/reports/${report.id}/pdf` : null,
      };
    },

    /** GET /api/v1/admin/engagements */
    async staffList(
      { actor, scoped }: Caller,
      query: StaffEngagementListQuery,
    ): Promise<StaffEngagementList> {
      requirePermission(actor, "can_manage_engagements");
      const rows = await scoped({ kind: "provider" }, (trx) =>
        queries.listEngagements(trx, {
          ...(query.tenant ? { tenantId: query.tenant } : {}),
          ...(query.workspace ? { workspaceId: query.workspace } : {}),
        }),
      );
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          status: row.status,
          tenantId: row.tenant_id,
          tenantName: row.tenant_name,
          workspaceId: row.workspace_id,
          workspaceName: row.workspace_name,
          percentComplete: percent(row.milestones_done ?? 0, row.milestones_total ?? 0),
          updatedAt: row.updated_at.toISOString(),
        })),
      };
    },

    async staffGet({ actor, scoped }: Caller, id: string): Promise<StaffEngagement> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, (trx) => staffView(trx, id));
    },

    async create({ actor, scoped }: Caller, body: CreateEngagementBody): Promise<StaffEngagement> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        const workspace = await trx
          .selectFrom("workspaces")
          .select(["id", "tenant_id"])
          .where("id", "=", body.workspaceId)
          .executeTakeFirst();
        if (!workspace) throw new AppError("bad_request", "No such workspace");
        const row = await trx
          .insertInto("engagements")
          .values({
            tenant_id: workspace.tenant_id,
            workspace_id: workspace.id,
            name: body.name,
            summary: body.summary ?? "",
            status: body.status ?? "planned",
            starts_on: body.startsOn ?? null,
            ends_on: body.endsOn ?? null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return staffView(trx, row.id);
      });
    },

    update(caller: Caller, id: string, body: UpdateEngagementBody) {
      return edit(caller, id, async (trx) => {
        await trx
          .updateTable("engagements")
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.summary !== undefined ? { summary: body.summary } : {}),
            ...(body.internalNotes !== undefined ? { internal_notes: body.internalNotes } : {}),
            ...(body.status !== undefined ? { status: body.status } : {}),
            ...(body.startsOn !== undefined ? { starts_on: body.startsOn } : {}),
            ...(body.endsOn !== undefined ? { ends_on: body.endsOn } : {}),
            updated_at: new Date(),
          })
          .where("id", "=", id)
          .execute();
      });
    },

    addPhase(caller: Caller, id: string, body: PhaseBody) {
      return edit(caller, id, async (trx, engagement) => {
        const phases = await queries.phasesOf(trx, id);
        await trx
          .insertInto("engagement_phases")
          .values({
            tenant_id: engagement.tenant_id,
            workspace_id: engagement.workspace_id,
            engagement_id: id,
            name: body.name,
            position: body.position ?? (phases.at(-1)?.position ?? -1) + 1,
          })
          .execute();
        await touch(trx, id);
      });
    },

    updatePhase(caller: Caller, id: string, phaseId: string, body: UpdatePhaseBody) {
      return edit(caller, id, async (trx) => {
        const phases = await queries.phasesOf(trx, id);
        const index = phases.findIndex((phase) => phase.id === phaseId);
        if (index < 0) throw notFound("Phase");
        if (body.name !== undefined) {
          await trx
            .updateTable("engagement_phases")
            .set({ name: body.name })
            .where("id", "=", phaseId)
            .execute();
        }
        if (body.position !== undefined)
          await reorder(trx, "engagement_phases", phases, index, body.position);
        await touch(trx, id);
      });
    },

    addMilestone(caller: Caller, id: string, body: MilestoneBody) {
      return edit(caller, id, async (trx, engagement) => {
        const phases = await queries.phasesOf(trx, id);
        if (!phases.some((phase) => phase.id === body.phaseId))
          throw new AppError("bad_request", "No such phase");
        const siblings = (await queries.milestonesOf(trx, id)).filter((row) => row.phase_id === body.phaseId);
        const status = body.status ?? "pending";
        await trx
          .insertInto("engagement_milestones")
          .values({
            tenant_id: engagement.tenant_id,
            workspace_id: engagement.workspace_id,
            engagement_id: id,
            phase_id: body.phaseId,
            title: body.title,
            status,
            due_on: body.dueOn ?? null,
            completed_at: status === "done" ? new Date() : null,
            position: body.position ?? (siblings.at(-1)?.position ?? -1) + 1,
          })
          .execute();
        await touch(trx, id);
      });
    },

    updateMilestone(caller: Caller, id: string, milestoneId: string, body: UpdateMilestoneBody) {
      return edit(caller, id, async (trx) => {
        const milestone = UUID.test(milestoneId)
          ? await queries.findMilestone(trx, id, milestoneId)
          : undefined;
        if (!milestone) throw notFound("Milestone");
        if (body.phaseId !== undefined) {
          const phases = await queries.phasesOf(trx, id);
          if (!phases.some((phase) => phase.id === body.phaseId))
            throw new AppError("bad_request", "No such phase");
        }
        const status = body.status ?? milestone.status;
        await trx
          .updateTable("engagement_milestones")
          .set({
            ...(body.title !== undefined ? { title: body.title } : {}),
            ...(body.phaseId !== undefined ? { phase_id: body.phaseId } : {}),
            ...(body.dueOn !== undefined ? { due_on: body.dueOn } : {}),
            ...(body.status !== undefined ? { status } : {}),
            // Done keeps the moment it was first done; anything else has no completion.
            completed_at: status === "done" ? (milestone.completed_at ?? new Date()) : null,
          })
          .where("id", "=", milestoneId)
          .execute();
        if (body.position !== undefined) {
          const siblings = (await queries.milestonesOf(trx, id)).filter(
            (row) => row.phase_id === (body.phaseId ?? milestone.phase_id),
          );
          const index = siblings.findIndex((row) => row.id === milestoneId);
          await reorder(trx, "engagement_milestones", siblings, index, body.position);
        }
        await touch(trx, id);
      });
    },

    postUpdate(caller: Caller, id: string, body: PostUpdateBody) {
      return edit(caller, id, async (trx, engagement) => {
        await trx
          .insertInto("engagement_updates")
          .values({
            tenant_id: engagement.tenant_id,
            workspace_id: engagement.workspace_id,
            engagement_id: id,
            author_id: caller.actor.userId,
            body: body.body,
            is_internal: body.internal ?? false,
          })
          .execute();
        if (!body.internal) await touch(trx, id);
      });
    },
  };
}

/** Moves item `index` to `position` (0-based) and renumbers the list 0…n-1. */
async function reorder(
  trx: ScopedTransaction,
  table: "engagement_phases" | "engagement_milestones",
  items: { id: string; position: number }[],
  index: number,
  position: number,
): Promise<void> {
  const order = [...items];
  const [moved] = order.splice(index, 1);
  if (!moved) return;
  order.splice(Math.min(position, order.length), 0, moved);
  for (const [at, item] of order.entries()) {
    if (item.position !== at)
      await trx.updateTable(table).set({ position: at }).where("id", "=", item.id).execute();
  }
}

export type EngagementService = ReturnType<typeof createEngagementService>;
