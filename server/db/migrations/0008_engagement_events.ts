import { type Kysely, sql } from "kysely";
import type { MigrationContext } from "./index";

/**
 * Live engagements. Every change a client may see (a milestone saved, a client-visible update posted, the
 * engagement's status or phases changed) is recorded by a trigger in `engagement_events`, in the transaction that
 * made it, and announced at commit on `portcullis_changes` as `engagement:<engagement id>` (ids only). Each
 * instance's streams then read the new events, and what they name, in their subscriber's own scope: row-level
 * security applies to what is pushed. The event's `seq` is the stream's event id, so a client reconnecting with
 * Last-Event-ID gets what it missed (events are kept an hour; the replay promise is ten minutes).
 *
 * Internal updates record nothing and announce nothing: a client's stream cannot even learn that one was posted.
 *
 * An update keeps its author's name (`author_name`, filled from the user at insert): clients read updates in their
 * tenant's scope, where the provider's staff (who have no tenant) are not visible.
 *
 * Sessions ending (revoked, user disabled or role changed, access link revoked) are announced too
 * (`session:`, `user:`, `client_token:`), so an open stream closes at once.
 */
/** Workspace-scoped tables this migration adds (the catalogue test checks their row-level security). */
export const liveTables = ["engagement_events"] as const;

export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  await sql`CREATE TABLE engagement_events (
    seq bigserial PRIMARY KEY,
    tenant_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    engagement_id uuid NOT NULL,
    kind text NOT NULL CHECK (kind IN ('milestone', 'update', 'status', 'phases')),
    subject_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX engagement_events_engagement_idx ON engagement_events (engagement_id, seq)`.execute(
    db,
  );
  await sql`CREATE INDEX engagement_events_created_idx ON engagement_events (created_at)`.execute(db);
  const scope = `current_setting('app.all_tenants', true) = 'on' OR (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid AND (current_setting('app.workspace_ids', true) = '*' OR workspace_id = ANY (string_to_array(NULLIF(NULLIF(current_setting('app.workspace_ids', true), ''), '*'), ',')::uuid[])))`;
  await sql
    .raw(`ALTER TABLE engagement_events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE engagement_events FORCE ROW LEVEL SECURITY;
    CREATE POLICY scope ON engagement_events USING (${scope}) WITH CHECK (${scope})`)
    .execute(db);
  await sql`GRANT SELECT, INSERT, DELETE ON engagement_events TO ${sql.id(context.appRole)}`.execute(db);
  await sql`GRANT USAGE ON SEQUENCE engagement_events_seq_seq TO ${sql.id(context.appRole)}`.execute(db);

  await sql`ALTER TABLE engagement_updates ADD COLUMN author_name text`.execute(db);
  await sql`UPDATE engagement_updates u SET author_name = users.name FROM users WHERE users.id = u.author_id`.execute(
    db,
  );
  await sql`CREATE FUNCTION portcullis_update_author_name() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.author_name IS NULL AND NEW.author_id IS NOT NULL THEN
        SELECT name INTO NEW.author_name FROM users WHERE id = NEW.author_id;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER author_name BEFORE INSERT ON engagement_updates
    FOR EACH ROW EXECUTE FUNCTION portcullis_update_author_name()`.execute(db);

  // TG_ARGV[0]: the kind; TG_ARGV[1]: the column holding the engagement id; TG_ARGV[2]: 'subject' when the row's
  // own id is the event's subject.
  await sql`CREATE FUNCTION portcullis_engagement_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      row jsonb := to_jsonb(COALESCE(NEW, OLD));
      kind text := TG_ARGV[0];
      engagement uuid := (row ->> TG_ARGV[1])::uuid;
    BEGIN
      IF TG_TABLE_NAME = 'engagement_updates' AND (row ->> 'is_internal')::boolean THEN
        RETURN NULL;
      END IF;
      IF TG_OP = 'DELETE' AND kind = 'milestone' THEN
        kind := 'phases';
      END IF;
      INSERT INTO engagement_events (tenant_id, workspace_id, engagement_id, kind, subject_id)
      VALUES ((row ->> 'tenant_id')::uuid, (row ->> 'workspace_id')::uuid, engagement, kind,
              CASE WHEN TG_ARGV[2] = 'subject' AND TG_OP <> 'DELETE' THEN (row ->> 'id')::uuid END);
      PERFORM pg_notify('portcullis_changes', 'engagement:' || engagement);
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER engagement_event AFTER INSERT OR UPDATE OR DELETE ON engagement_milestones
    FOR EACH ROW EXECUTE FUNCTION portcullis_engagement_event('milestone', 'engagement_id', 'subject')`.execute(
    db,
  );
  await sql`CREATE TRIGGER engagement_event AFTER INSERT ON engagement_updates
    FOR EACH ROW EXECUTE FUNCTION portcullis_engagement_event('update', 'engagement_id', 'subject')`.execute(
    db,
  );
  await sql`CREATE TRIGGER engagement_event AFTER INSERT OR UPDATE OR DELETE ON engagement_phases
    FOR EACH ROW EXECUTE FUNCTION portcullis_engagement_event('phases', 'engagement_id', 'none')`.execute(db);
  // The engagement's own row: only what a client sees (internal notes change nothing for them).
  await sql`CREATE TRIGGER engagement_event AFTER UPDATE OF name, status, summary, starts_on, ends_on ON engagements
    FOR EACH ROW EXECUTE FUNCTION portcullis_engagement_event('status', 'id', 'none')`.execute(db);

  // One function per table: PL/pgSQL resolves NEW's fields when it evaluates them, and each table has its own.
  const ends = [
    ["sessions", "NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL", "session"],
    ["users", "NEW.disabled_at IS DISTINCT FROM OLD.disabled_at OR NEW.role <> OLD.role", "user"],
    ["client_tokens", "NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL", "client_token"],
  ] as const;
  for (const [table, condition, topic] of ends) {
    await sql
      .raw(`CREATE FUNCTION portcullis_announce_${table}_end() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF ${condition} THEN
            PERFORM pg_notify('portcullis_changes', '${topic}:' || NEW.id);
          END IF;
          RETURN NULL;
        END $$`)
      .execute(db);
  }
  for (const [table] of ends) {
    await sql
      .raw(`CREATE TRIGGER announce_session_end AFTER UPDATE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION portcullis_announce_${table}_end()`)
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["sessions", "users", "client_tokens"]) {
    await sql.raw(`DROP TRIGGER announce_session_end ON ${table}`).execute(db);
    await sql.raw(`DROP FUNCTION portcullis_announce_${table}_end()`).execute(db);
  }
  for (const table of ["engagement_milestones", "engagement_updates", "engagement_phases", "engagements"]) {
    await sql`DROP TRIGGER engagement_event ON ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION portcullis_engagement_event()`.execute(db);
  await sql`DROP TRIGGER author_name ON engagement_updates`.execute(db);
  await sql`DROP FUNCTION portcullis_update_author_name()`.execute(db);
  await sql`ALTER TABLE engagement_updates DROP COLUMN author_name`.execute(db);
  await sql`DROP TABLE engagement_events`.execute(db);
}
