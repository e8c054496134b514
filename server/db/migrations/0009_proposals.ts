import { type Kysely, sql } from "kysely";
import type { MigrationContext } from "./index";

/**
 * Proposals and approvals that clients sign in the portal.
 *
 * - An approval request (a decision on an engagement item: a milestone's completion, a deliverable, a change of
 *   scope) is a proposal of kind `approval` tied to an engagement: it is drafted, sent, signed or declined, and
 *   certified exactly like a proposal.
 * - `proposal_signers` names who must decide, chosen when the proposal is drafted: a customer user of the tenant,
 *   or an email address that gets an approver access link (`client_tokens.proposal_id` says which proposal the
 *   link was sent for, so its email and its landing page are the proposal's).
 * - `proposal_signatures` holds one decision per signer with its evidence. The app role may insert and read
 *   decisions, never change or remove one.
 * - Money is kept in integer minor units: each price line's `unit_price_minor` and `amount_minor`, and the total.
 *   Existing lines, written in whole currency units, are converted.
 * - `document_data` keeps what the PDF was rendered from (names as they were then), so the signed copy repeats the
 *   document exactly as it was shown even if a name changes later.
 * - When the last signer signs, `signed_pdf` (the document plus its signature certificate, sealed) and its SHA-256
 *   are stored on the proposal.
 */

/** Workspace-scoped tables this migration adds (the catalogue test checks their row-level security). */
export const proposalTables = ["proposal_signers"] as const;

const SCOPE = `current_setting('app.all_tenants', true) = 'on' OR (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid AND (current_setting('app.workspace_ids', true) = '*' OR workspace_id = ANY (string_to_array(NULLIF(NULLIF(current_setting('app.workspace_ids', true), ''), '*'), ',')::uuid[])))`;

export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await sql`UPDATE proposals SET price_lines = COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
        'description', line->>'description',
        'quantity', (line->>'quantity')::numeric,
        'unit_price_minor', round((line->>'unit_price')::numeric * 100)::bigint,
        'amount_minor', round((line->>'quantity')::numeric * (line->>'unit_price')::numeric * 100)::bigint))
      FROM jsonb_array_elements(price_lines) AS line), '[]'::jsonb)`.execute(db);
  await sql`ALTER TABLE proposals
    ADD COLUMN kind text NOT NULL DEFAULT 'proposal' CHECK (kind IN ('proposal', 'approval')),
    ADD COLUMN engagement_id uuid,
    ADD COLUMN subject text CHECK (subject IN ('milestone', 'deliverable', 'scope_change')),
    ADD COLUMN subject_id uuid,
    ADD COLUMN total_minor bigint NOT NULL DEFAULT 0 CHECK (total_minor >= 0),
    ADD COLUMN prepared_at timestamptz,
    ADD COLUMN document_data jsonb,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN decided_at timestamptz,
    ADD COLUMN signed_pdf bytea,
    ADD COLUMN signed_sha256 text CHECK (signed_sha256 ~ '^[0-9a-f]{64}$'),
    ADD CONSTRAINT proposals_engagement_fk FOREIGN KEY (tenant_id, engagement_id)
      REFERENCES engagements (tenant_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT proposals_approval_shape
      CHECK ((kind = 'approval') = (engagement_id IS NOT NULL AND subject IS NOT NULL)),
    ADD CONSTRAINT proposals_title_length CHECK (length(title) BETWEEN 1 AND 200),
    ADD CONSTRAINT proposals_body_length CHECK (length(body_md) <= 50000),
    ADD CONSTRAINT proposals_one_revision UNIQUE (supersedes_id)`.execute(db);
  await sql`UPDATE proposals SET total_minor = COALESCE((
      SELECT sum((line->>'amount_minor')::bigint) FROM jsonb_array_elements(price_lines) AS line), 0)`.execute(
    db,
  );
  await sql`CREATE INDEX proposals_workspace_idx ON proposals (tenant_id, workspace_id, created_at DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX proposals_engagement_idx ON proposals (engagement_id) WHERE engagement_id IS NOT NULL`.execute(
    db,
  );

  await sql`CREATE TABLE proposal_signers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL,
    workspace_id uuid NOT NULL,
    proposal_id uuid NOT NULL,
    email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    user_id uuid REFERENCES users (id) ON DELETE SET NULL,
    client_token_id uuid REFERENCES client_tokens (id) ON DELETE SET NULL,
    position integer NOT NULL,
    notified_at timestamptz,
    viewed_at timestamptz,
    UNIQUE (proposal_id, email),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, proposal_id) REFERENCES proposals (tenant_id, id) ON DELETE CASCADE
  )`.execute(db);
  await sql`CREATE INDEX proposal_signers_proposal_idx ON proposal_signers (proposal_id, position)`.execute(
    db,
  );
  await sql
    .raw(`ALTER TABLE proposal_signers ENABLE ROW LEVEL SECURITY;
    ALTER TABLE proposal_signers FORCE ROW LEVEL SECURITY;
    CREATE POLICY scope ON proposal_signers USING (${SCOPE}) WITH CHECK (${SCOPE})`)
    .execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON proposal_signers TO ${app}`.execute(db);

  await sql`ALTER TABLE proposal_signatures
    DROP COLUMN signed_pdf,
    DROP COLUMN signed_sha256,
    ADD COLUMN signer_id uuid NOT NULL,
    ADD COLUMN signer_name text NOT NULL CHECK (length(signer_name) BETWEEN 1 AND 200),
    ADD COLUMN consent_sha256 text CHECK (consent_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN mfa boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT proposal_signatures_signer_fk FOREIGN KEY (tenant_id, signer_id)
      REFERENCES proposal_signers (tenant_id, id) ON DELETE CASCADE,
    ADD CONSTRAINT proposal_signatures_one_decision UNIQUE (signer_id),
    ADD CONSTRAINT proposal_signatures_typed_name CHECK (length(typed_name) <= 200),
    ADD CONSTRAINT proposal_signatures_reason CHECK (length(reason) <= 2000),
    ADD CONSTRAINT proposal_signatures_email_lower CHECK (signer_email = lower(signer_email))`.execute(db);
  // A decision is evidence: once written it is never changed or removed by the application.
  await sql`REVOKE UPDATE, DELETE ON proposal_signatures FROM ${app}`.execute(db);

  await sql`ALTER TABLE client_tokens
    ADD COLUMN proposal_id uuid REFERENCES proposals (id) ON DELETE SET NULL`.execute(db);
}

export async function down(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const app = sql.id(context.appRole);
  await sql`ALTER TABLE client_tokens DROP COLUMN proposal_id`.execute(db);
  await sql`GRANT UPDATE, DELETE ON proposal_signatures TO ${app}`.execute(db);
  await sql`ALTER TABLE proposal_signatures
    DROP CONSTRAINT proposal_signatures_email_lower,
    DROP CONSTRAINT proposal_signatures_reason,
    DROP CONSTRAINT proposal_signatures_typed_name,
    DROP CONSTRAINT proposal_signatures_one_decision,
    DROP CONSTRAINT proposal_signatures_signer_fk,
    DROP COLUMN mfa,
    DROP COLUMN consent_sha256,
    DROP COLUMN signer_name,
    DROP COLUMN signer_id,
    ADD COLUMN signed_pdf bytea,
    ADD COLUMN signed_sha256 text CHECK (signed_sha256 ~ '^[0-9a-f]{64}$')`.execute(db);
  await sql`DROP TABLE proposal_signers`.execute(db);
  await sql`DROP INDEX proposals_engagement_idx`.execute(db);
  await sql`DROP INDEX proposals_workspace_idx`.execute(db);
  await sql`ALTER TABLE proposals
    DROP CONSTRAINT proposals_one_revision,
    DROP CONSTRAINT proposals_body_length,
    DROP CONSTRAINT proposals_title_length,
    DROP CONSTRAINT proposals_approval_shape,
    DROP CONSTRAINT proposals_engagement_fk,
    DROP COLUMN signed_sha256,
    DROP COLUMN signed_pdf,
    DROP COLUMN decided_at,
    DROP COLUMN updated_at,
    DROP COLUMN document_data,
    DROP COLUMN prepared_at,
    DROP COLUMN total_minor,
    DROP COLUMN subject_id,
    DROP COLUMN subject,
    DROP COLUMN engagement_id,
    DROP COLUMN kind`.execute(db);
  await sql`UPDATE proposals SET price_lines = COALESCE((
      SELECT jsonb_agg(jsonb_build_object(
        'description', line->>'description',
        'quantity', (line->>'quantity')::numeric,
        'unit_price', (line->>'unit_price_minor')::numeric / 100))
      FROM jsonb_array_elements(price_lines) AS line), '[]'::jsonb)`.execute(db);
}
