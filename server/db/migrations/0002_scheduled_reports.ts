import { type Kysely, sql } from "kysely";

/** A scheduled report (no requester) exists once per workspace, type and period, however often the schedule fires. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNIQUE INDEX reports_scheduled_once ON reports (workspace_id, report_type, period_start, period_end)
    WHERE requested_by IS NULL`.execute(db);
  await sql`CREATE INDEX reports_generating_idx ON reports (created_at) WHERE status = 'generating'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX reports_scheduled_once`.execute(db);
  await sql`DROP INDEX reports_generating_idx`.execute(db);
}
