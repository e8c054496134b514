import { createHash } from "node:crypto";
import type { ComplianceStatus } from "../../../../contracts/compliance";
import type { ScopedTransaction } from "../../../db/scope";
import type { ReportType, Severity, SlaTargets } from "../../../db/types";
import type { ReportContext } from "./snapshot.queries";

/*
 * The data snapshot a report is rendered from: plain JSON, taken once at generation time. The PDF is a pure
 * function of it (see `renderReport` in report-types.ts), and its SHA-256 over the canonical JSON is printed in every page footer and
 * stored with the report, so a document can later be tied to exactly the figures it shows.
 */

export const SNAPSHOT_VERSION = 1;

export type AlertSeverity = Severity | "info";
export type FindingSeverity = Severity | "info";
export type FindingStatus = "open" | "remediated" | "accepted";

export type SeverityCounts = Record<Severity, number>;
export type AlertSeverityCounts = Record<AlertSeverity, number>;

export interface MonthlyIncidentCount {
  /** "YYYY-MM" */
  month: string;
  total: number;
  by_severity: SeverityCounts;
}

export interface NotableIncident {
  external_id: string;
  title: string;
  severity: Severity;
  status: "open" | "acknowledged" | "resolved";
  detection: string;
  opened_at: string;
  /** Minutes from open to acknowledgement; null when not acknowledged. */
  ack_minutes: number | null;
  /** Hours from open to resolution; null when not resolved. */
  resolve_hours: number | null;
}

export interface ResponseBySeverity {
  severity: Severity;
  /** Incidents acknowledged during the period, their mean time to acknowledge, and the share within target. */
  acknowledged: number;
  mtta_minutes: number | null;
  ack_target_minutes: number;
  ack_within_pct: number | null;
  /** Incidents resolved during the period, their mean time to resolve, and the share within target. */
  resolved: number;
  mttr_hours: number | null;
  resolve_target_hours: number;
  resolve_within_pct: number | null;
}

export interface FrameworkScore {
  key: string;
  name: string;
  /** Score at the end of the period (latest recorded score on or before it). */
  score: number;
  status: ComplianceStatus;
  /** Score at the end of the previous period, when one was recorded. */
  previous_score: number | null;
  /** Recorded scores over the twelve months up to the period end, oldest first. */
  trend: { date: string; score: number }[];
}

export interface ExecutiveMonthlyData {
  previous_period: { start: string; end: string };
  incidents: {
    total: number;
    previous_total: number;
    by_severity: SeverityCounts;
    previous_by_severity: SeverityCounts;
    /** Opened before the period end and not resolved by then. */
    open_at_period_end: number;
    open_at_period_end_by_severity: SeverityCounts;
    top_detections: { detection: string; count: number }[];
    by_tactic: { tactic: string; count: number }[];
    /** Twelve calendar months ending with the period's last month. */
    monthly: MonthlyIncidentCount[];
    /** Critical and high incidents opened during the period, oldest first. */
    notable: NotableIncident[];
  };
  alerts: {
    total: number;
    previous_total: number;
    daily_average: number;
    by_severity: AlertSeverityCounts;
    previous_by_severity: AlertSeverityCounts;
    daily: { day: string; total: number; by_severity: AlertSeverityCounts }[];
    peak_day: { day: string; total: number } | null;
    top_detections: { detection: string; severity: AlertSeverity; count: number; previous_count: number }[];
    /** Incidents per 100 alerts. */
    escalation_rate_pct: number | null;
  };
  response: {
    /** Mean hours from open to resolve, over incidents resolved during the period. */
    mttr_hours: number | null;
    previous_mttr_hours: number | null;
    /** Mean minutes from open to acknowledge, over incidents acknowledged during the period. */
    mtta_minutes: number | null;
    previous_mtta_minutes: number | null;
    resolved: number;
    by_severity: ResponseBySeverity[];
  };
  compliance: {
    average_score: number | null;
    frameworks: FrameworkScore[];
  };
  /** Percentage change from the previous period; null when the previous value is zero or unknown. */
  deltas: {
    incidents_pct: number | null;
    alerts_pct: number | null;
    mttr_pct: number | null;
    mtta_pct: number | null;
  };
}

export interface DurationStats {
  mean: number;
  median: number;
  p90: number;
}

export interface SlaSeverityRow {
  severity: Severity;
  incidents: number;
  ack_target_minutes: number;
  resolve_target_hours: number;
  acknowledged: number;
  resolved: number;
  ack_minutes: DurationStats | null;
  resolve_hours: DurationStats | null;
  /** Met / (met + missed); incidents still inside their window at generation time are not counted yet. */
  ack_within_pct: number | null;
  resolve_within_pct: number | null;
  ack_breaches: number;
  resolve_breaches: number;
}

export interface SlaBreach {
  external_id: string;
  title: string;
  severity: Severity;
  status: "open" | "acknowledged" | "resolved";
  opened_at: string;
  missed: "acknowledge" | "resolve" | "both";
  /** Measured time, or the time elapsed at generation when the step has not happened yet. */
  ack_minutes: number | null;
  resolve_hours: number | null;
  ack_target_minutes: number;
  resolve_target_hours: number;
  /** The step has not happened yet and is already past its target. */
  still_open: boolean;
}

export interface SlaPerformanceData {
  targets: SlaTargets;
  totals: {
    incidents: number;
    ack_within_pct: number | null;
    resolve_within_pct: number | null;
    /** Incidents that missed at least one target. */
    breached_incidents: number;
    ack_breaches: number;
    resolve_breaches: number;
  };
  by_severity: SlaSeverityRow[];
  monthly: {
    month: string;
    incidents: number;
    ack_within_pct: number | null;
    resolve_within_pct: number | null;
    breached_incidents: number;
  }[];
  breaches: SlaBreach[];
}

export interface ControlCounts {
  passing: number;
  failing: number;
  partial: number;
  not_applicable: number;
  total: number;
}

export interface ComplianceFrameworkDetail {
  key: string;
  name: string;
  score: number;
  status: ComplianceStatus;
  score_at_period_start: number | null;
  /** Today's score, from the current control assessment. */
  current_score: number;
  /** Recorded scores over the twelve months up to the period end, oldest first. */
  trend: { date: string; score: number }[];
  controls: ControlCounts;
  families: ({ family: string } & ControlCounts)[];
}

export interface ComplianceIssue {
  framework_key: string;
  framework_name: string;
  ref: string;
  title: string;
  family: string;
  status: "failing" | "partial";
  owner: string | null;
  last_assessed_at: string;
}

export interface ComplianceStatusData {
  average_score: number | null;
  frameworks: ComplianceFrameworkDetail[];
  /** Failing controls first, then partial ones; by framework and reference. */
  issues: ComplianceIssue[];
}

export interface TacticCoverage {
  tactic_id: string;
  tactic: string;
  techniques: number;
  covered: number;
  coverage_pct: number;
  rules: number;
}

export interface DetectionCoverageData {
  techniques_total: number;
  techniques_covered: number;
  coverage_pct: number;
  rules_total: number;
  tactics: TacticCoverage[];
  gaps: { technique_id: string; technique_name: string; tactic: string }[];
  incidents_in_period: number;
  /** ATT&CK techniques seen in the period's incidents, and whether a detection covers them. */
  observed: {
    technique_id: string;
    technique_name: string | null;
    tactic: string | null;
    incidents: number;
    covered: boolean | null;
  }[];
}

export interface AssessmentFinding {
  ref: string;
  title: string;
  severity: FindingSeverity;
  status: FindingStatus;
  description: string;
  remediation: string;
  reported_on: string;
}

export interface AssessmentData {
  engagement: {
    name: string;
    status: "planned" | "active" | "on_hold" | "completed";
    summary: string;
    starts_on: string | null;
    ends_on: string | null;
  };
  progress: {
    milestones_total: number;
    milestones_done: number;
    percent_complete: number;
    phases: { name: string; milestones: number; done: number }[];
  };
  findings_total: number;
  by_severity: Record<FindingSeverity, number>;
  by_status: Record<FindingStatus, number>;
  /** Most severe first, then by reference. */
  findings: AssessmentFinding[];
}

export interface SnapshotCommon {
  version: typeof SNAPSHOT_VERSION;
  report_id: string;
  title: string;
  tenant_id: string;
  tenant_name: string;
  workspace_id: string;
  workspace_name: string;
  provider_name: string;
  /** Half-open period [period_start, period_end), ISO 8601 UTC. */
  period_start: string;
  period_end: string;
  generated_at: string;
}

export type ReportSnapshot =
  | (SnapshotCommon & { report_type: "executive_monthly"; data: ExecutiveMonthlyData })
  | (SnapshotCommon & { report_type: "sla_performance"; data: SlaPerformanceData })
  | (SnapshotCommon & { report_type: "compliance_status"; data: ComplianceStatusData })
  | (SnapshotCommon & { report_type: "detection_coverage"; data: DetectionCoverageData })
  | (SnapshotCommon & { report_type: "assessment"; data: AssessmentData });

export type SnapshotOf<Type extends ReportType> = Extract<ReportSnapshot, { report_type: Type }>;

export interface ReportToSnapshot {
  id: string;
  tenant_id: string;
  workspace_id: string;
  report_type: ReportType;
  title: string;
  period_start: Date;
  period_end: Date;
  engagement_id: string | null;
}

/** What every snapshot starts with, and what its collector reads the period's data with. */
export interface SnapshotFrame {
  common: SnapshotCommon;
  context: ReportContext;
}

/**
 * Reads the report's tenant and workspace. `trx` must already be scoped to the report's tenant; every query still
 * filters by tenant and workspace itself (defence in depth).
 */
export async function readSnapshotFrame(
  trx: ScopedTransaction,
  report: ReportToSnapshot,
  options: { providerName: string; generatedAt: Date },
): Promise<SnapshotFrame> {
  const tenant = await trx
    .selectFrom("tenants")
    .select(["name", "sla_targets"])
    .where("id", "=", report.tenant_id)
    .executeTakeFirst();
  const workspace = await trx
    .selectFrom("workspaces")
    .select("name")
    .where("id", "=", report.workspace_id)
    .where("tenant_id", "=", report.tenant_id)
    .executeTakeFirst();
  if (!tenant || !workspace) {
    throw new Error(`report ${report.id}: its tenant or workspace is not visible in this scope`);
  }
  return {
    context: {
      tenantId: report.tenant_id,
      workspaceId: report.workspace_id,
      start: report.period_start,
      end: report.period_end,
      generatedAt: options.generatedAt,
      slaTargets: tenant.sla_targets,
    },
    common: {
      version: SNAPSHOT_VERSION,
      report_id: report.id,
      title: report.title,
      tenant_id: report.tenant_id,
      tenant_name: tenant.name,
      workspace_id: report.workspace_id,
      workspace_name: workspace.name,
      provider_name: options.providerName,
      period_start: report.period_start.toISOString(),
      period_end: report.period_end.toISOString(),
      generated_at: options.generatedAt.toISOString(),
    },
  };
}

function writeCanonical(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is not a finite number`);
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => writeCanonical(item === undefined ? null : item, `${path}[${index}]`)).join(",")}]`;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) {
        throw new TypeError(`canonicalJson: ${path} is not a plain object`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${writeCanonical(record[key], `${path}.${key}`)}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has unsupported type ${typeof value}`);
  }
}

/**
 * JSON with object keys sorted (recursively) and no whitespace: one value, one string. Undefined properties are
 * left out; dates, NaN, Infinity and class instances are refused rather than silently converted.
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical(value, "$");
}

/** Hex SHA-256 of the snapshot's canonical JSON. */
export function snapshotSha256(snapshot: ReportSnapshot): string {
  return createHash("sha256").update(canonicalJson(snapshot), "utf8").digest("hex");
}
