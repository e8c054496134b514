import { type Kysely, sql } from "kysely";

/**
 * Every write that changes a dashboard figure announces the tenant it touched on the `portcullis_changes` channel
 * (`dashboard:<tenant id>`), at commit, to every server instance listening. Triggers rather than calls in the
 * code: no write path (ingestion, report generation, the console, a manual fix in SQL) can forget it.
 * PostgreSQL folds identical notifications of one transaction into one, so a batch of a thousand rows sends one.
 */
const announced: { table: string; tenantColumn: string }[] = [
  { table: "tenants", tenantColumn: "id" },
  { table: "reports", tenantColumn: "tenant_id" },
  { table: "incidents", tenantColumn: "tenant_id" },
  { table: "alert_daily_counts", tenantColumn: "tenant_id" },
  { table: "compliance_frameworks", tenantColumn: "tenant_id" },
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE FUNCTION portcullis_announce_dashboard_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('portcullis_changes', 'dashboard:' || (to_jsonb(NEW) ->> TG_ARGV[0]));
      END IF;
      IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('portcullis_changes', 'dashboard:' || (to_jsonb(OLD) ->> TG_ARGV[0]));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  for (const { table, tenantColumn } of announced) {
    await sql`CREATE TRIGGER announce_dashboard_change AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION portcullis_announce_dashboard_change(${sql.lit(tenantColumn)})`.execute(
      db,
    );
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of announced) {
    await sql`DROP TRIGGER announce_dashboard_change ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION portcullis_announce_dashboard_change()`.execute(db);
}
