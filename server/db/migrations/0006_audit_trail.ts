import { type Kysely, sql } from "kysely";
import type { MigrationContext } from "./index";

/**
 * The audit trail: one row per API or sign-in request, append-only, tamper-evident.
 *
 * - `audit_events`: each row's `hash` is the SHA-256 of its own fields (seq included), computed by a trigger, and
 *   `txid` is the writing transaction's id, also set by the trigger: the application cannot choose either.
 * - `audit_seals`: every second one sealer (whichever instance holds a transaction advisory lock) seals the rows of
 *   every transaction that has ended since the last seal: all rows whose `txid` lies in `[txid_from, txid_to)`,
 *   where `txid_to` is the oldest transaction still running. Rows of a transaction that commits late fall into the
 *   next seal, so nothing waits on a lock on the request path. A seal records which seqs it covers, a digest of
 *   their hashes in seq order, the previous seal's hash and its own: a chain.
 *
 * The app role may insert and read both, never update or delete (the grants below). `server/audit/verify.ts`
 * recomputes every hash outside the database.
 *
 * The actor's name and role are kept as they were at the time: the customer's access log names provider staff,
 * whose user rows a customer's scope cannot read. The table of 0001 was never written to: it is replaced.
 */

/** Canonical text of a row's fields: each `<byte length>:<value>` (`-` for NULL), joined by `|`. */
const CANONICAL = (fields: string[]) =>
  fields
    .map(
      (field) =>
        `CASE WHEN ${field} IS NULL THEN '-' ELSE octet_length(${field})::text || ':' || ${field} END`,
    )
    .join(" || '|' || ");

/** The hashed fields of an audit row, in order; `server/audit/verify.ts` reads the same list. */
const EVENT_FIELDS = [
  "NEW.seq::text",
  "(extract(epoch from NEW.occurred_at) * 1000000)::bigint::text",
  "NEW.txid::text",
  "NEW.request_id",
  "NEW.actor_type",
  "NEW.actor_id",
  "NEW.actor_name",
  "NEW.actor_role",
  "NEW.tenant_id::text",
  "NEW.workspace_id::text",
  "NEW.action",
  "NEW.resource_type",
  "NEW.resource_id",
  "NEW.outcome",
  "NEW.http_status::text",
  "NEW.ip",
  "NEW.user_agent",
  "NEW.reason",
];

const SEAL_FIELDS = [
  "(extract(epoch from NEW.sealed_at) * 1000000)::bigint::text",
  "NEW.txid_from::text",
  "NEW.txid_to::text",
  "NEW.row_count::text",
  "NEW.seqs::text",
  "NEW.digest",
  "NEW.prev_hash",
];

export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const role = sql.id(context.appRole);
  await sql`DROP TABLE audit_events`.execute(db);
  await sql`CREATE TABLE audit_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    txid xid8 NOT NULL,
    request_id text NOT NULL CHECK (length(request_id) <= 100),
    actor_type text NOT NULL CHECK (actor_type IN ('user', 'client_token', 'api_key', 'system', 'anonymous')),
    actor_id text CHECK (length(actor_id) <= 100),
    actor_name text CHECK (length(actor_name) <= 200),
    actor_role text CHECK (actor_role ~ '^[a-z_]+$'),
    tenant_id uuid,
    workspace_id uuid,
    action text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
    resource_type text CHECK (resource_type ~ '^[a-z_]+$'),
    resource_id text CHECK (length(resource_id) <= 200),
    outcome text NOT NULL
      CHECK (outcome IN ('allowed', 'unauthenticated', 'denied', 'not_found', 'rejected', 'rate_limited', 'error')),
    http_status smallint NOT NULL CHECK (http_status BETWEEN 100 AND 599),
    ip text CHECK (length(ip) <= 100),
    user_agent text CHECK (length(user_agent) <= 512),
    reason text CHECK (length(reason) <= 200),
    hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
  )`.execute(db);
  await sql`CREATE INDEX audit_events_txid_idx ON audit_events (txid)`.execute(db);
  await sql`CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, seq)`.execute(db);
  await sql
    .raw(`CREATE FUNCTION portcullis_audit_event_hash() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.occurred_at := clock_timestamp();
      NEW.txid := pg_current_xact_id();
      NEW.hash := encode(sha256(convert_to(${CANONICAL(EVENT_FIELDS)}, 'UTF8')), 'hex');
      RETURN NEW;
    END $$`)
    .execute(db);
  await sql`CREATE TRIGGER hash_row BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION portcullis_audit_event_hash()`.execute(db);

  await sql`CREATE TABLE audit_seals (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sealed_at timestamptz NOT NULL,
    txid_from xid8 NOT NULL,
    txid_to xid8 NOT NULL,
    row_count integer NOT NULL CHECK (row_count > 0),
    seqs int8multirange NOT NULL,
    digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
    prev_hash text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
    CHECK (txid_from < txid_to)
  )`.execute(db);
  await sql
    .raw(`CREATE FUNCTION portcullis_audit_seal_hash() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.sealed_at := clock_timestamp();
      NEW.hash := encode(sha256(convert_to(${CANONICAL(SEAL_FIELDS)}, 'UTF8')), 'hex');
      RETURN NEW;
    END $$`)
    .execute(db);
  await sql`CREATE TRIGGER hash_seal BEFORE INSERT ON audit_seals
    FOR EACH ROW EXECUTE FUNCTION portcullis_audit_seal_hash()`.execute(db);

  // Retention removes the oldest sealed ranges; each removal leaves a checkpoint the chain continues from.
  await sql`CREATE TABLE audit_archives (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    archived_at timestamptz NOT NULL DEFAULT now(),
    through_seal bigint NOT NULL,
    txid_to xid8 NOT NULL,
    seal_hash text NOT NULL CHECK (seal_hash ~ '^[0-9a-f]{64}$'),
    sealed_at timestamptz NOT NULL,
    events bigint NOT NULL CHECK (events >= 0),
    seals bigint NOT NULL CHECK (seals >= 0)
  )`.execute(db);

  // A tenant reads its own events; seals (no tenant data, every tenant's hashes) only the provider scope.
  const allTenants = "current_setting('app.all_tenants', true) = 'on'";
  const tenant = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";
  for (const [table, predicate] of [
    ["audit_events", `${allTenants} OR tenant_id = ${tenant}`],
    ["audit_seals", allTenants],
  ] as const) {
    await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
    await sql
      .raw(`CREATE POLICY scope ON ${table} USING (${predicate}) WITH CHECK (${predicate})`)
      .execute(db);
    // Append-only for the application.
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO ${role}`.execute(db);
  }
  // Checkpoints are written by retention, which runs as the owner; the application only reads them.
  await sql.raw("ALTER TABLE audit_archives ENABLE ROW LEVEL SECURITY").execute(db);
  await sql.raw("ALTER TABLE audit_archives FORCE ROW LEVEL SECURITY").execute(db);
  await sql
    .raw(`CREATE POLICY scope ON audit_archives USING (${allTenants}) WITH CHECK (${allTenants})`)
    .execute(db);
  await sql`GRANT SELECT ON audit_archives TO ${role}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE audit_archives`.execute(db);
  await sql`DROP TABLE audit_seals`.execute(db);
  await sql`DROP FUNCTION portcullis_audit_seal_hash() CASCADE`.execute(db);
  await sql`DROP FUNCTION portcullis_audit_event_hash() CASCADE`.execute(db);
}
