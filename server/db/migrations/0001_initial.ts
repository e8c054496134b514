import { type Kysely, sql } from "kysely";
import type { MigrationContext } from "./index";

/*
 * The whole product's schema (tenancy, people, reports, compliance, SOC data, engagements, proposals, audit) and
 * its row-level security.
 *
 * Tenancy: every customer-visible row carries tenant_id and, where it lives in a workspace, workspace_id, with a
 * composite foreign key (tenant_id, workspace_id) -> workspaces so a row can never point into another tenant's
 * workspace. Request transactions run as the non-owner app role (see withScope); policies read the scope from
 * transaction-local settings and a missing setting matches nothing.
 */

const tables = sql.raw(`
CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  entra_tenant_ids text[] NOT NULL DEFAULT '{}',
  require_mfa boolean NOT NULL DEFAULT false,
  allowed_email_domains text[] NOT NULL DEFAULT '{}',
  session_max_hours integer NOT NULL DEFAULT 12 CHECK (session_max_hours BETWEEN 1 AND 168),
  sla_targets jsonb NOT NULL DEFAULT '{"critical":{"ack_minutes":15,"resolve_hours":4},"high":{"ack_minutes":30,"resolve_hours":24},"medium":{"ack_minutes":240,"resolve_hours":72},"low":{"ack_minutes":1440,"resolve_hours":168}}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('soc', 'advisory')),
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('customer_viewer', 'customer_approver', 'analyst', 'admin')),
  idp_issuer text NOT NULL,
  idp_subject text NOT NULL,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (idp_issuer, idp_subject),
  -- provider staff have no tenant; customers always have one
  CHECK ((role IN ('analyst', 'admin')) = (tenant_id IS NULL))
);
CREATE INDEX users_tenant_idx ON users (tenant_id);

CREATE TABLE workspace_memberships (
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX workspace_memberships_user_idx ON workspace_memberships (user_id);

CREATE TABLE client_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
  role text NOT NULL DEFAULT 'customer_viewer' CHECK (role IN ('customer_viewer', 'customer_approver')),
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  issued_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_ip text,
  revoked_at timestamptz,
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX client_tokens_workspace_idx ON client_tokens (tenant_id, workspace_id, created_at DESC);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES users (id) ON DELETE CASCADE,
  client_token_id uuid REFERENCES client_tokens (id) ON DELETE CASCADE,
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  workspace_ids uuid[],
  role text NOT NULL CHECK (role IN ('customer_viewer', 'customer_approver', 'analyst', 'admin')),
  auth_method text NOT NULL CHECK (auth_method IN ('sso', 'email')),
  mfa boolean NOT NULL DEFAULT false,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (user_id IS NOT NULL OR client_token_id IS NOT NULL)
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  report_type text NOT NULL CHECK (report_type IN
    ('executive_monthly', 'sla_performance', 'compliance_status', 'detection_coverage', 'assessment')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  period_start timestamptz NOT NULL,
  period_end timestamptz NOT NULL CHECK (period_end > period_start),
  status text NOT NULL DEFAULT 'generating' CHECK (status IN ('generating', 'completed', 'failed')),
  is_published boolean NOT NULL DEFAULT true,
  engagement_id uuid,
  generated_at timestamptz,
  pdf bytea,
  size_bytes integer,
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  data_snapshot jsonb,
  snapshot_sha256 text CHECK (snapshot_sha256 ~ '^[0-9a-f]{64}$'),
  error text,
  attempts integer NOT NULL DEFAULT 0,
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  CHECK (status <> 'completed' OR (pdf IS NOT NULL AND sha256 IS NOT NULL AND generated_at IS NOT NULL))
);
CREATE INDEX reports_scope_idx ON reports (tenant_id, workspace_id, created_at DESC);
CREATE INDEX reports_sha256_idx ON reports (sha256) WHERE sha256 IS NOT NULL;

CREATE TABLE compliance_frameworks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL,
  score numeric(5, 2) NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, key),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE compliance_controls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  framework_id uuid NOT NULL,
  ref text NOT NULL,
  title text NOT NULL,
  family text NOT NULL,
  status text NOT NULL CHECK (status IN ('passing', 'failing', 'partial', 'not_applicable')),
  owner text,
  last_assessed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (framework_id, ref),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, framework_id) REFERENCES compliance_frameworks (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE compliance_score_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  framework_id uuid NOT NULL,
  recorded_on date NOT NULL,
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  UNIQUE (framework_id, recorded_on),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, framework_id) REFERENCES compliance_frameworks (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  external_id text NOT NULL,
  title text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  detection text NOT NULL,
  mitre_tactic text,
  mitre_technique text,
  opened_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  UNIQUE (workspace_id, external_id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  CHECK (status <> 'resolved' OR resolved_at IS NOT NULL)
);
CREATE INDEX incidents_scope_idx ON incidents (tenant_id, workspace_id, opened_at DESC);

CREATE TABLE alert_daily_counts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  day date NOT NULL,
  detection text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  count integer NOT NULL CHECK (count >= 0),
  UNIQUE (workspace_id, day, detection, severity),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX alert_daily_counts_scope_idx ON alert_daily_counts (tenant_id, workspace_id, day);

CREATE TABLE detection_coverage (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  tactic text NOT NULL,
  technique_id text NOT NULL CHECK (technique_id ~ '^T[0-9]{4}(\\.[0-9]{3})?$'),
  technique_name text NOT NULL,
  is_covered boolean NOT NULL,
  rule_count integer NOT NULL DEFAULT 0 CHECK (rule_count >= 0),
  UNIQUE (workspace_id, technique_id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE engagements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('planned', 'active', 'on_hold', 'completed')),
  summary text NOT NULL DEFAULT '',
  internal_notes text NOT NULL DEFAULT '',
  starts_on date,
  ends_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE engagement_phases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  name text NOT NULL,
  position integer NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE engagement_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  phase_id uuid NOT NULL,
  title text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'in_progress', 'done', 'blocked')),
  due_on date,
  completed_at timestamptz,
  position integer NOT NULL,
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, phase_id) REFERENCES engagement_phases (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE engagement_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  body text NOT NULL,
  is_internal boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE findings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  engagement_id uuid NOT NULL,
  ref text NOT NULL,
  title text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'remediated', 'accepted')),
  description text NOT NULL,
  remediation text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (engagement_id, ref),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, engagement_id) REFERENCES engagements (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE proposals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  title text NOT NULL,
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  body_md text NOT NULL,
  price_lines jsonb NOT NULL DEFAULT '[]',
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'sent', 'viewed', 'signed', 'declined', 'expired', 'superseded')),
  pdf bytea,
  sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  supersedes_id uuid REFERENCES proposals (id) ON DELETE SET NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  viewed_at timestamptz,
  expires_at timestamptz,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE proposal_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  proposal_id uuid NOT NULL,
  decision text NOT NULL CHECK (decision IN ('signed', 'declined')),
  signer_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  signer_client_token_id uuid REFERENCES client_tokens (id) ON DELETE SET NULL,
  signer_email text NOT NULL,
  auth_method text NOT NULL CHECK (auth_method IN ('sso', 'email')),
  session_id uuid,
  typed_name text,
  reason text,
  consent_text_version text,
  document_sha256 text NOT NULL CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
  ip text,
  user_agent text,
  signed_at timestamptz NOT NULL DEFAULT now(),
  signed_pdf bytea,
  signed_sha256 text CHECK (signed_sha256 ~ '^[0-9a-f]{64}$'),
  UNIQUE (proposal_id, signer_email),
  FOREIGN KEY (tenant_id, workspace_id) REFERENCES workspaces (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, proposal_id) REFERENCES proposals (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE audit_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  request_id text,
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'client_token', 'api_key', 'system')),
  actor_id text,
  tenant_id uuid,
  workspace_id uuid,
  action text NOT NULL,
  resource_type text,
  resource_id text,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied', 'not_found', 'error')),
  http_status integer,
  ip text,
  user_agent text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_events_tenant_idx ON audit_events (tenant_id, seq);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  key_prefix text NOT NULL,
  key_hash bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
  tenant_ids uuid[] NOT NULL,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE dev_mailbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  from_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  created_at timestamptz NOT NULL DEFAULT now()
);
`);

/**
 * Row visibility, by what a table is scoped to. Unset settings read as NULL, which matches nothing.
 * PostgreSQL does not short-circuit OR, so '*' must also become NULL before the uuid[] cast.
 */
const ALL_TENANTS = "current_setting('app.all_tenants', true) = 'on'";
const TENANT = "NULLIF(current_setting('app.tenant_id', true), '')::uuid";
const WORKSPACES =
  "(current_setting('app.workspace_ids', true) = '*' OR %COL% = ANY (string_to_array(NULLIF(NULLIF(current_setting('app.workspace_ids', true), ''), '*'), ',')::uuid[]))";

export const tenantTables = ["users", "sessions"] as const;
export const workspaceTables = [
  "workspace_memberships",
  "client_tokens",
  "reports",
  "compliance_frameworks",
  "compliance_controls",
  "compliance_score_history",
  "incidents",
  "alert_daily_counts",
  "detection_coverage",
  "engagements",
  "engagement_phases",
  "engagement_milestones",
  "engagement_updates",
  "findings",
  "proposals",
  "proposal_signatures",
] as const;
/** Provider-side tables: visible only in the provider/system scope. */
export const providerTables = ["api_keys", "dev_mailbox"] as const;

function policies(): string {
  const statements: string[] = [];
  const protect = (table: string, predicate: string) => {
    statements.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY scope ON ${table} USING (${predicate}) WITH CHECK (${predicate})`,
    );
  };
  protect("tenants", `${ALL_TENANTS} OR id = ${TENANT}`);
  protect("workspaces", `${ALL_TENANTS} OR (tenant_id = ${TENANT} AND ${WORKSPACES.replace("%COL%", "id")})`);
  for (const table of tenantTables) protect(table, `${ALL_TENANTS} OR tenant_id = ${TENANT}`);
  for (const table of workspaceTables) {
    protect(
      table,
      `${ALL_TENANTS} OR (tenant_id = ${TENANT} AND ${WORKSPACES.replace("%COL%", "workspace_id")})`,
    );
  }
  for (const table of providerTables) protect(table, ALL_TENANTS);
  // Audit rows: a tenant sees its own; the chain itself is appended through audit_append() (later migration).
  protect("audit_events", `${ALL_TENANTS} OR tenant_id = ${TENANT}`);
  return statements.join(";\n");
}

function grants(role: string): string {
  const all = ["tenants", "workspaces", ...tenantTables, ...workspaceTables, ...providerTables];
  return [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ${all.join(", ")} TO ${role}`,
    // The audit trail is append-only for the application.
    `GRANT SELECT, INSERT ON audit_events TO ${role}`,
  ].join(";\n");
}

export async function up(db: Kysely<unknown>, context: MigrationContext): Promise<void> {
  const role = context.appRole;
  // Roles are cluster-wide: another database on the same server may have created it already (or be doing so).
  await sql
    .raw(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`)
    .execute(db);
  // The connecting (owner) role must be allowed to SET ROLE to the app role.
  await sql
    .raw(`DO $$ BEGIN
      EXECUTE format('GRANT ${role} TO %I', current_user);
    EXCEPTION WHEN others THEN NULL;
    END $$`)
    .execute(db);
  await tables.execute(db);
  await sql.raw(policies()).execute(db);
  await sql.raw(grants(role)).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("The initial migration cannot be reverted; restore from a backup instead.");
}
