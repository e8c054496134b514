import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AuthMethod, Role } from "../../contracts/auth";
import type { ReportStatus, ReportType } from "../../contracts/reports";

/** A timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A `date` column: read as 'YYYY-MM-DD' (see the type parser in connection.ts). */
type DateOnly = ColumnType<string, string, string>;
/** numeric: parsed to number on read. */
type Numeric = ColumnType<number, number | string, number | string>;
type Json<T> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

// The enumerations the API shares with its clients are declared once, in the contract.
export type { AuthMethod, ReportStatus, ReportType, Role };

export type Severity = "critical" | "high" | "medium" | "low";
export type SlaTargets = Record<Severity, { ack_minutes: number; resolve_hours: number }>;
/** One line of a proposal's price table; money in integer minor units (cents). */
export interface PriceLine {
  description: string;
  quantity: number;
  unit_price_minor: number;
  amount_minor: number;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  entra_tenant_ids: ColumnType<string[], string[] | undefined, string[]>;
  require_mfa: Generated<boolean>;
  allowed_email_domains: ColumnType<string[], string[] | undefined, string[]>;
  session_max_hours: Generated<number>;
  sla_targets: ColumnType<SlaTargets, string | undefined, string>;
  created_at: CreatedAt;
}

export interface WorkspacesTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  kind: "soc" | "advisory";
  description: Generated<string>;
  /** Set: read-only history, left out of pickers, no new access links. */
  archived_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  tenant_id: string | null;
  email: string;
  name: string;
  role: Role;
  idp_issuer: string;
  idp_subject: string;
  disabled_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface WorkspaceMembershipsTable {
  tenant_id: string;
  workspace_id: string;
  user_id: string;
  created_at: CreatedAt;
}

export interface ClientTokensTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  email: string;
  role: Generated<"customer_viewer" | "customer_approver">;
  token_hash: Buffer;
  issued_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  used_ip: string | null;
  revoked_at: Timestamp | null;
  origin: Generated<"staff" | "self_service" | "cli">;
  mail_status: Generated<"queued" | "sent" | "failed" | "not_sent">;
  mail_attempts: Generated<number>;
  mail_sent_at: Timestamp | null;
  mail_error: string | null;
  mail_payload: Buffer | null;
  /** Set when the link was sent to a proposal's signer: its email and landing page are the proposal's. */
  proposal_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string | null;
  client_token_id: string | null;
  tenant_id: string | null;
  workspace_ids: string[] | null;
  role: Role;
  auth_method: AuthMethod;
  mfa: Generated<boolean>;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ReportsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  report_type: ReportType;
  title: string;
  period_start: Timestamp;
  period_end: Timestamp;
  status: Generated<ReportStatus>;
  is_published: Generated<boolean>;
  engagement_id: string | null;
  generated_at: Timestamp | null;
  pdf: Buffer | null;
  size_bytes: number | null;
  sha256: string | null;
  data_snapshot: Json<unknown> | null;
  snapshot_sha256: string | null;
  error: string | null;
  attempts: Generated<number>;
  requested_by: string | null;
  created_at: CreatedAt;
}

export interface ComplianceFrameworksTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  key: string;
  name: string;
  score: Numeric;
  updated_at: Generated<Date>;
}

export interface ComplianceControlsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  framework_id: string;
  ref: string;
  title: string;
  family: string;
  status: "passing" | "failing" | "partial" | "not_applicable";
  owner: string | null;
  last_assessed_at: Generated<Date>;
}

export interface ComplianceScoreHistoryTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  framework_id: string;
  recorded_on: DateOnly;
  score: Numeric;
}

export interface IncidentsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  external_id: string;
  title: string;
  severity: Severity;
  status: "open" | "acknowledged" | "resolved";
  detection: string;
  mitre_tactic: string | null;
  mitre_technique: string | null;
  opened_at: Timestamp;
  acknowledged_at: Timestamp | null;
  resolved_at: Timestamp | null;
}

export interface AlertDailyCountsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  day: DateOnly;
  detection: string;
  severity: Severity | "info";
  count: number;
}

export interface DetectionCoverageTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  tactic: string;
  technique_id: string;
  technique_name: string;
  is_covered: boolean;
  rule_count: Generated<number>;
}

export interface EngagementsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  name: string;
  status: "planned" | "active" | "on_hold" | "completed";
  summary: Generated<string>;
  internal_notes: Generated<string>;
  starts_on: DateOnly | null;
  ends_on: DateOnly | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}

export interface EngagementPhasesTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  engagement_id: string;
  name: string;
  position: number;
}

export interface EngagementMilestonesTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  engagement_id: string;
  phase_id: string;
  title: string;
  status: "pending" | "in_progress" | "done" | "blocked";
  due_on: DateOnly | null;
  completed_at: Timestamp | null;
  position: number;
}

export interface EngagementUpdatesTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  engagement_id: string;
  author_id: string | null;
  body: string;
  is_internal: Generated<boolean>;
  created_at: CreatedAt;
  author_name: string | null;
}

export interface FindingsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  engagement_id: string;
  ref: string;
  title: string;
  severity: Severity | "info";
  status: Generated<"open" | "remediated" | "accepted">;
  description: string;
  remediation: string;
  created_at: CreatedAt;
}

export interface ProposalsTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  title: string;
  version: Generated<number>;
  body_md: string;
  price_lines: ColumnType<PriceLine[], string | undefined, string>;
  currency: Generated<string>;
  status: Generated<"draft" | "sent" | "viewed" | "signed" | "declined" | "expired" | "superseded">;
  pdf: Buffer | null;
  sha256: string | null;
  supersedes_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  viewed_at: Timestamp | null;
  expires_at: Timestamp | null;
  kind: Generated<"proposal" | "approval">;
  engagement_id: string | null;
  subject: "milestone" | "deliverable" | "scope_change" | null;
  subject_id: string | null;
  /** bigint: read as a string by pg; written as a number. */
  total_minor: ColumnType<string, number | undefined, number>;
  /** The time printed in the document (its CreationDate): the last time the draft was rendered. */
  prepared_at: Timestamp | null;
  /** What the PDF was rendered from (JSON). */
  document_data: ColumnType<unknown, string | null | undefined, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  decided_at: Timestamp | null;
  signed_pdf: Buffer | null;
  signed_sha256: string | null;
}

export interface ProposalSignersTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  proposal_id: string;
  email: string;
  name: string;
  user_id: string | null;
  client_token_id: string | null;
  position: number;
  notified_at: Timestamp | null;
  viewed_at: Timestamp | null;
}

export interface ProposalSignaturesTable {
  id: Generated<string>;
  tenant_id: string;
  workspace_id: string;
  proposal_id: string;
  decision: "signed" | "declined";
  signer_user_id: string | null;
  signer_client_token_id: string | null;
  signer_email: string;
  auth_method: AuthMethod;
  session_id: string | null;
  typed_name: string | null;
  reason: string | null;
  consent_text_version: string | null;
  document_sha256: string;
  ip: string | null;
  user_agent: string | null;
  signed_at: Generated<Date>;
  signer_id: string;
  signer_name: string;
  consent_sha256: string | null;
  mfa: Generated<boolean>;
}

export interface AuditEventsTable {
  seq: ColumnType<number, never, never>;
  /** Set by the database (a trigger): the moment the row was written. */
  occurred_at: ColumnType<Date, never, never>;
  /** Set by the database: the writing transaction's id (xid8, as text). */
  txid: ColumnType<string, never, never>;
  request_id: string;
  actor_type: "user" | "client_token" | "api_key" | "system" | "anonymous";
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  tenant_id: string | null;
  workspace_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: "allowed" | "unauthenticated" | "denied" | "not_found" | "rejected" | "rate_limited" | "error";
  http_status: number;
  ip: string | null;
  user_agent: string | null;
  reason: string | null;
  /** Set by the database: SHA-256 of the row's fields. */
  hash: ColumnType<string, never, never>;
}

export interface AuditArchivesTable {
  id: ColumnType<number, never, never>;
  archived_at: ColumnType<Date, never, never>;
  through_seal: number;
  txid_to: string;
  seal_hash: string;
  sealed_at: Date;
  events: number;
  seals: number;
}

export interface AuditSealsTable {
  id: ColumnType<number, never, never>;
  sealed_at: ColumnType<Date, never, never>;
  txid_from: string;
  txid_to: string;
  row_count: number;
  /** int8multirange, as text: `{[1,5),[7,8)}`. */
  seqs: string;
  digest: string;
  prev_hash: string;
  hash: ColumnType<string, never, never>;
}

export interface ApiKeysTable {
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: Buffer;
  tenant_ids: string[];
  created_by: string | null;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface DevMailboxTable {
  id: Generated<string>;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: CreatedAt;
}

export interface EngagementEventsTable {
  seq: ColumnType<string, never, never>;
  tenant_id: string;
  workspace_id: string;
  engagement_id: string;
  kind: "milestone" | "update" | "status" | "phases";
  subject_id: string | null;
  created_at: CreatedAt;
}

export interface DB {
  tenants: TenantsTable;
  workspaces: WorkspacesTable;
  users: UsersTable;
  workspace_memberships: WorkspaceMembershipsTable;
  client_tokens: ClientTokensTable;
  engagement_events: EngagementEventsTable;
  sessions: SessionsTable;
  reports: ReportsTable;
  compliance_frameworks: ComplianceFrameworksTable;
  compliance_controls: ComplianceControlsTable;
  compliance_score_history: ComplianceScoreHistoryTable;
  incidents: IncidentsTable;
  alert_daily_counts: AlertDailyCountsTable;
  detection_coverage: DetectionCoverageTable;
  engagements: EngagementsTable;
  engagement_phases: EngagementPhasesTable;
  engagement_milestones: EngagementMilestonesTable;
  engagement_updates: EngagementUpdatesTable;
  findings: FindingsTable;
  proposals: ProposalsTable;
  proposal_signatures: ProposalSignaturesTable;
  proposal_signers: ProposalSignersTable;
  audit_events: AuditEventsTable;
  audit_seals: AuditSealsTable;
  audit_archives: AuditArchivesTable;
  api_keys: ApiKeysTable;
  dev_mailbox: DevMailboxTable;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
export type Workspace = Selectable<WorkspacesTable>;
export type User = Selectable<UsersTable>;
export type Report = Selectable<ReportsTable>;
