import { createHash } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { sql } from "kysely";
import type { Config } from "../../config";
import type { RunScoped } from "../../db/scope";
import type { JobQueue } from "../../jobs/queue";
import { buildReportSnapshot, renderReport } from "./report-types";
import { snapshotSha256 } from "./snapshot/snapshot";

export const GENERATE_REPORT_QUEUE = "report.generate";
export const MONTHLY_SCHEDULE_QUEUE = "report.schedule-monthly";
const RETRY_LIMIT = 4;

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/**
 * Report generation in the background: a report row is created as `generating` (in the caller's transaction),
 * a job is enqueued after commit, and a worker renders the PDF from a data snapshot and stores bytes, size and
 * SHA-256. The final UPDATE only moves a report out of `generating`, so a job that runs twice (a worker killed
 * mid-job, then retried) completes the report exactly once.
 */
export function createReportGeneration(deps: {
  config: Config;
  runScoped: RunScoped;
  jobs: JobQueue;
  log: FastifyBaseLogger;
}) {
  const { config, runScoped, jobs, log } = deps;

  async function generate(reportId: string): Promise<"completed" | "skipped"> {
    const report = await runScoped({ kind: "system" }, (trx) =>
      trx
        .selectFrom("reports")
        .select([
          "id",
          "tenant_id",
          "workspace_id",
          "report_type",
          "title",
          "period_start",
          "period_end",
          "engagement_id",
          "status",
        ])
        .where("id", "=", reportId)
        .executeTakeFirst(),
    );
    if (report?.status !== "generating") return "skipped";

    // The snapshot is read in the report's own tenant and workspace scope: it cannot include anyone else's rows.
    const scope = {
      kind: "tenant" as const,
      tenantId: report.tenant_id,
      workspaceIds: [report.workspace_id],
    };
    const generatedAt = new Date();
    const snapshot = await runScoped(scope, (trx) =>
      buildReportSnapshot(trx, report, { providerName: config.providerName, generatedAt }),
    );
    // Rendering happens outside any transaction.
    const pdf = await renderReport(snapshot);
    const updated = await runScoped(scope, (trx) =>
      trx
        .updateTable("reports")
        .set({
          status: "completed",
          pdf,
          size_bytes: pdf.length,
          sha256: sha256(pdf),
          data_snapshot: JSON.stringify(snapshot),
          snapshot_sha256: snapshotSha256(snapshot),
          generated_at: generatedAt,
          error: null,
          attempts: sql`attempts + 1`,
        })
        .where("id", "=", report.id)
        .where("status", "=", "generating")
        .executeTakeFirst(),
    );
    return Number(updated.numUpdatedRows) === 1 ? "completed" : "skipped";
  }

  async function recordFailure(reportId: string, error: Error, isFinal: boolean): Promise<void> {
    await runScoped({ kind: "system" }, (trx) =>
      trx
        .updateTable("reports")
        .set({
          error: error.message.slice(0, 2000),
          attempts: sql`attempts + 1`,
          ...(isFinal ? { status: "failed" as const } : {}),
        })
        .where("id", "=", reportId)
        .where("status", "=", "generating")
        .execute(),
    );
  }

  /** Enqueues reports (after their rows are committed); one job per report at a time. */
  async function enqueue(reportIds: string[]): Promise<void> {
    await jobs.sendMany(
      GENERATE_REPORT_QUEUE,
      reportIds.map((reportId) => ({ data: { reportId }, singletonKey: reportId })),
    );
  }

  /**
   * Creates last month's executive report for every SOC workspace in use (not archived) that lacks one, and
   * enqueues them.
   */
  async function scheduleMonthly(now = new Date()): Promise<number> {
    const periodEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const month = periodStart.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
    const created = await runScoped({ kind: "system" }, async (trx) => {
      const { rows } = await sql<{ id: string }>`
        insert into reports (tenant_id, workspace_id, report_type, title, period_start, period_end)
        select w.tenant_id, w.id, 'executive_monthly', ${`Executive Summary — ${month}`}, ${periodStart}, ${periodEnd}
        from workspaces w where w.kind = 'soc' and w.archived_at is null
        on conflict (workspace_id, report_type, period_start, period_end) where requested_by is null do nothing
        returning id`.execute(trx);
      return rows.map((row) => row.id);
    });
    await enqueue(created);
    return created.length;
  }

  jobs.define<{ reportId: string }>({
    name: GENERATE_REPORT_QUEUE,
    retryLimit: RETRY_LIMIT,
    retryDelay: 5,
    // Rendering is CPU-bound and in-process: two workers keep both cores of a small machine busy.
    concurrency: 2,
    async handler({ reportId }, attempt) {
      try {
        const outcome = await generate(reportId);
        log.info({ reportId, outcome }, "report generation");
      } catch (error) {
        const isFinal = attempt.retryCount >= attempt.retryLimit;
        log.error({ err: error, reportId, retry: attempt.retryCount, isFinal }, "report generation failed");
        await recordFailure(reportId, error as Error, isFinal);
        throw error; // pg-boss retries with backoff until the limit
      }
    },
  });

  jobs.define<Record<string, never>>({
    name: MONTHLY_SCHEDULE_QUEUE,
    retryLimit: 3,
    retryDelay: 60,
    async handler() {
      const count = await scheduleMonthly();
      log.info({ count }, "monthly executive reports scheduled");
    },
  });

  return {
    generate,
    enqueue,
    scheduleMonthly,
    /** Re-enqueues every report still `generating` (demo data, or work whose enqueue was lost in a crash). */
    async recover(): Promise<number> {
      const pending = await runScoped({ kind: "system" }, (trx) =>
        trx
          .selectFrom("reports")
          .select("id")
          .where("status", "=", "generating")
          .orderBy("created_at")
          .execute(),
      );
      await enqueue(pending.map((row) => row.id));
      return pending.length;
    },
    /** First of every month, 03:00 UTC. */
    async startSchedules(): Promise<void> {
      await jobs.schedule(MONTHLY_SCHEDULE_QUEUE, "0 3 1 * *");
    },
  };
}

export type ReportGeneration = ReturnType<typeof createReportGeneration>;
