import { type Kysely, sql } from "kysely";

/**
 * Archived workspaces. An archived workspace is read-only history: it stays with its tenant, and customers keep
 * seeing what was delivered in it, but it is left out of the console's pickers and no new access link leads to it.
 * Archiving is reversible (the column is cleared).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE workspaces ADD COLUMN archived_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE workspaces DROP COLUMN archived_at`.execute(db);
}
