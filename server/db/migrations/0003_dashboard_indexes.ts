import { type Kysely, sql } from "kysely";

/** The dashboard counts unresolved incidents and averages recent resolutions: index just those rows. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX incidents_unresolved_idx ON incidents (tenant_id, workspace_id) WHERE status <> 'resolved'`.execute(
    db,
  );
  await sql`CREATE INDEX incidents_resolved_at_idx ON incidents (tenant_id, resolved_at) WHERE resolved_at IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX incidents_unresolved_idx`.execute(db);
  await sql`DROP INDEX incidents_resolved_at_idx`.execute(db);
}
