import { type Kysely, sql } from "kysely";

/**
 * Emailed access links.
 *
 * - `client_tokens` learns how a link came to be (`origin`) and whether its email went out (`mail_*`). Until the
 *   mail is sent, `mail_payload` holds the link's secret sealed with AES-256-GCM under a key derived from the
 *   session signing secret (never stored in the database): the email is sent after the issuing transaction commits,
 *   by a job that may run on any instance and may have to retry. The payload is erased once the mail is sent, fails
 *   for good, or the link is used or revoked; from then on only the secret's SHA-256 remains.
 * - Addresses are kept in lower case, so "email me a link" finds every workspace an address was invited to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE client_tokens
    ADD COLUMN origin text NOT NULL DEFAULT 'staff' CHECK (origin IN ('staff', 'self_service', 'cli')),
    ADD COLUMN mail_status text NOT NULL DEFAULT 'queued'
      CHECK (mail_status IN ('queued', 'sent', 'failed', 'not_sent')),
    ADD COLUMN mail_attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN mail_sent_at timestamptz,
    ADD COLUMN mail_error text CHECK (length(mail_error) <= 500),
    ADD COLUMN mail_payload bytea,
    ADD CONSTRAINT client_tokens_email_lower CHECK (email = lower(email)),
    ADD CONSTRAINT client_tokens_payload_while_queued CHECK (mail_payload IS NULL OR mail_status = 'queued')`.execute(
    db,
  );
  await sql`CREATE INDEX client_tokens_email_idx ON client_tokens (email, workspace_id, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX client_tokens_mail_queued_idx ON client_tokens (created_at) WHERE mail_status = 'queued'`.execute(
    db,
  );
  await sql`CREATE INDEX dev_mailbox_created_idx ON dev_mailbox (created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX dev_mailbox_created_idx`.execute(db);
  await sql`DROP INDEX client_tokens_mail_queued_idx`.execute(db);
  await sql`DROP INDEX client_tokens_email_idx`.execute(db);
  await sql`ALTER TABLE client_tokens
    DROP CONSTRAINT client_tokens_payload_while_queued,
    DROP CONSTRAINT client_tokens_email_lower,
    DROP COLUMN mail_payload, DROP COLUMN mail_error, DROP COLUMN mail_sent_at, DROP COLUMN mail_attempts,
    DROP COLUMN mail_status, DROP COLUMN origin`.execute(db);
}
