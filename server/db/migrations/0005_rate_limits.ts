import { type Kysely, sql } from "kysely";
import type { MigrationContext } from "./index";

/**
 * Rate-limit counters (the rate-limiter-flexible PostgreSQL store's own layout), shared by every instance. They
 * hold request counts per client address and limit, never tenant data, so no row-level security applies.
 */
/** Tables that hold no tenant data and so carry no row-level security. */
export const unscopedTables = ["rate_limits"] as const;

export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  await sql`CREATE TABLE rate_limits (
    key varchar(255) PRIMARY KEY,
    points integer NOT NULL DEFAULT 0,
    expire bigint
  )`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO ${sql.id(context.appRole)}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE rate_limits`.execute(db);
}
