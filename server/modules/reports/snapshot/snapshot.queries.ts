import { sql } from "kysely";
import { complianceBand, roundScore } from "../../../../contracts/compliance-score";
import { ATTACK_TACTICS } from "../../../db/attack";
import type { ScopedTransaction } from "../../../db/scope";
import type { Severity, SlaTargets } from "../../../db/types";
import type {
  AlertSeverity,
  AlertSeverityCounts,
  AssessmentData,
  AssessmentFinding,
  ComplianceFrameworkDetail,
  ComplianceIssue,
  ComplianceStatusData,
  ControlCounts,
  DetectionCoverageData,
  DurationStats,
  ExecutiveMonthlyData,
  FindingSeverity,
  FindingStatus,
  FrameworkScore,
  NotableIncident,
  ResponseBySeverity,
  SeverityCounts,
  SlaBreach,
  SlaPerformanceData,
  SlaSeverityRow,
  TacticCoverage,
} from "./snapshot";

/*
 * The queries behind each report type's snapshot. Every query names the tenant and the workspace explicitly on
 * top of row-level security, and orders its rows, so the same data always yields the same snapshot (and hash).
 * Periods are half-open: [start, end).
 */

export interface ReportContext {
  tenantId: string;
  workspaceId: string;
  start: Date;
  end: Date;
  /** "Now" for the snapshot: how long a not-yet-acknowledged incident has been waiting, for instance. */
  generatedAt: Date;
  slaTargets: SlaTargets;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];
const ALERT_SEVERITIES: readonly AlertSeverity[] = ["critical", "high", "medium", "low", "info"];
const FINDING_SEVERITIES: readonly FindingSeverity[] = ["critical", "high", "medium", "low", "info"];
const DEFAULT_SLA_TARGETS: SlaTargets = {
  critical: { ack_minutes: 15, resolve_hours: 4 },
  high: { ack_minutes: 30, resolve_hours: 24 },
  medium: { ack_minutes: 240, resolve_hours: 72 },
  low: { ack_minutes: 1440, resolve_hours: 168 },
};

// ---------------------------------------------------------------------------------------------------------------
// Arithmetic and dates

/** One decimal, half away from zero: how scores are rounded, and with them every figure of a snapshot. */
const round1 = roundScore;

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round1(value);
}

/** Percentile with linear interpolation between closest ranks (what PostgreSQL's percentile_cont computes). */
function percentile(sorted: readonly number[], fraction: number): number {
  const position = (sorted.length - 1) * fraction;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}

function durationStats(values: readonly number[]): DurationStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    mean: round1(mean(sorted) ?? 0),
    median: round1(percentile(sorted, 0.5)),
    p90: round1(percentile(sorted, 0.9)),
  };
}

function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : round1((100 * part) / whole);
}

function percentChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return round1((100 * (current - previous)) / previous);
}

function dateOnly(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last calendar day a half-open period ending at `end` covers. */
function lastDayOf(end: Date): string {
  return dateOnly(new Date(end.getTime() - 1));
}

/** The same calendar day a year earlier. */
function yearBefore(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate()));
}

function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

function isMonthStart(date: Date): boolean {
  return (
    date.getUTCDate() === 1 &&
    date.getUTCHours() === 0 &&
    date.getUTCMinutes() === 0 &&
    date.getUTCSeconds() === 0 &&
    date.getUTCMilliseconds() === 0
  );
}

/** The period just before: the same number of calendar months for month-aligned periods, else the same length. */
function previousPeriod(start: Date, end: Date): { start: Date; end: Date } {
  if (isMonthStart(start) && isMonthStart(end)) {
    const months =
      end.getUTCFullYear() * 12 + end.getUTCMonth() - (start.getUTCFullYear() * 12 + start.getUTCMonth());
    return { start: new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - months, 1)), end: start };
  }
  return { start: new Date(start.getTime() - (end.getTime() - start.getTime())), end: start };
}

/** The `count` month keys ("YYYY-MM") ending with the month of the period's last day, oldest first. */
function monthsEnding(end: Date, count: number): string[] {
  const last = new Date(end.getTime() - 1);
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back--) {
    months.push(monthKey(new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - back, 1))));
  }
  return months;
}

/** Month keys from the period's first month to its last. */
function monthsWithin(start: Date, end: Date): string[] {
  const months: string[] = [];
  const last = monthKey(new Date(end.getTime() - 1));
  for (let month = 0; month < 1200; month++) {
    const key = monthKey(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + month, 1)));
    months.push(key);
    if (key >= last) break;
  }
  return months;
}

function severityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

function alertSeverityCounts(): AlertSeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

const severityRank = (severity: string) => {
  const index = (FINDING_SEVERITIES as readonly string[]).indexOf(severity);
  return index === -1 ? FINDING_SEVERITIES.length : index;
};

/** "AC-2" before "AC-11": compares digit runs as numbers. */
function naturalCompare(a: string, b: string): number {
  const chunks = (value: string) => value.match(/\d+|\D+/g) ?? [];
  const left = chunks(a);
  const right = chunks(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] ?? "";
    const y = right[i] ?? "";
    if (x === y) continue;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    if (bothNumbers && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

function targetsFor(targets: SlaTargets, severity: Severity): { ack_minutes: number; resolve_hours: number } {
  const configured = targets?.[severity];
  const fallback = DEFAULT_SLA_TARGETS[severity];
  return {
    ack_minutes: typeof configured?.ack_minutes === "number" ? configured.ack_minutes : fallback.ack_minutes,
    resolve_hours:
      typeof configured?.resolve_hours === "number" ? configured.resolve_hours : fallback.resolve_hours,
  };
}

function tacticName(id: string | null): string | null {
  if (id === null) return null;
  return ATTACK_TACTICS.find((tactic) => tactic.id === id)?.name ?? id;
}

function inPeriod(date: Date | null, start: Date, end: Date): date is Date {
  return date !== null && date.getTime() >= start.getTime() && date.getTime() < end.getTime();
}

// ---------------------------------------------------------------------------------------------------------------
// Shared reads

/** Latest recorded score on or before a day, per framework. */
function scoreOnOrBefore(
  history: readonly { framework_id: string; recorded_on: string; score: number }[],
  frameworkId: string,
  day: string,
): number | null {
  let found: { recorded_on: string; score: number } | null = null;
  for (const row of history) {
    if (row.framework_id !== frameworkId || row.recorded_on > day) continue;
    if (found === null || row.recorded_on > found.recorded_on) found = row;
  }
  return found === null ? null : found.score;
}

async function readFrameworks(trx: ScopedTransaction, context: ReportContext) {
  return trx
    .selectFrom("compliance_frameworks")
    .select(["id", "key", "name", "score"])
    .where("tenant_id", "=", context.tenantId)
    .where("workspace_id", "=", context.workspaceId)
    .orderBy("name")
    .orderBy("key")
    .execute();
}

async function readScoreHistory(
  trx: ScopedTransaction,
  context: ReportContext,
  fromDay: string,
  toDay: string,
) {
  return trx
    .selectFrom("compliance_score_history")
    .select(["framework_id", "recorded_on", "score"])
    .where("tenant_id", "=", context.tenantId)
    .where("workspace_id", "=", context.workspaceId)
    .where("recorded_on", ">=", fromDay)
    .where("recorded_on", "<=", toDay)
    .orderBy("framework_id")
    .orderBy("recorded_on")
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// executive_monthly

export async function collectExecutiveMonthly(
  trx: ScopedTransaction,
  context: ReportContext,
): Promise<ExecutiveMonthlyData> {
  const { tenantId, workspaceId, start, end } = context;
  const previous = previousPeriod(start, end);
  const trendMonths = monthsEnding(end, 12);

  const opened = await trx
    .selectFrom("incidents")
    .select([
      "external_id",
      "title",
      "severity",
      "status",
      "detection",
      "mitre_tactic",
      "opened_at",
      "acknowledged_at",
      "resolved_at",
    ])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("opened_at", ">=", previous.start)
    .where("opened_at", "<", end)
    .orderBy("opened_at")
    .orderBy("external_id")
    .execute();
  const current = opened.filter((row) => row.opened_at.getTime() >= start.getTime());
  const before = opened.filter((row) => row.opened_at.getTime() < start.getTime());

  const bySeverity = severityCounts();
  for (const row of current) bySeverity[row.severity]++;
  const previousBySeverity = severityCounts();
  for (const row of before) previousBySeverity[row.severity]++;

  const tally = (keys: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  };
  const topDetections = tally(current.map((row) => row.detection))
    .slice(0, 8)
    .map(([detection, count]) => ({ detection, count }));
  const byTactic = tally(current.map((row) => tacticName(row.mitre_tactic) ?? "Unmapped")).map(
    ([tactic, count]) => ({ tactic, count }),
  );

  const notable: NotableIncident[] = current
    .filter((row) => row.severity === "critical" || row.severity === "high")
    .map((row) => ({
      external_id: row.external_id,
      title: row.title,
      severity: row.severity,
      status: row.status,
      detection: row.detection,
      opened_at: row.opened_at.toISOString(),
      ack_minutes:
        row.acknowledged_at === null
          ? null
          : round1((row.acknowledged_at.getTime() - row.opened_at.getTime()) / MINUTE),
      resolve_hours:
        row.resolved_at === null
          ? null
          : round1((row.resolved_at.getTime() - row.opened_at.getTime()) / HOUR),
    }));

  const month = sql<string>`to_char(opened_at at time zone 'UTC', 'YYYY-MM')`;
  const monthlyRows = await trx
    .selectFrom("incidents")
    .select([month.as("month"), "severity", sql<number>`count(*)::int`.as("count")])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("opened_at", ">=", new Date(`${trendMonths[0]}-01T00:00:00Z`))
    .where("opened_at", "<", end)
    .groupBy([month, "severity"])
    .execute();
  const monthly = trendMonths.map((key) => {
    const counts = severityCounts();
    for (const row of monthlyRows) if (row.month === key) counts[row.severity] += row.count;
    return { month: key, total: SEVERITIES.reduce((sum, s) => sum + counts[s], 0), by_severity: counts };
  });

  const openRows = await trx
    .selectFrom("incidents")
    .select(["severity", sql<number>`count(*)::int`.as("count")])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("opened_at", "<", end)
    .where((eb) => eb.or([eb("resolved_at", "is", null), eb("resolved_at", ">=", end)]))
    .groupBy("severity")
    .execute();
  const openBySeverity = severityCounts();
  for (const row of openRows) openBySeverity[row.severity] += row.count;

  // Response times: incidents acknowledged or resolved during either period.
  const handled = await trx
    .selectFrom("incidents")
    .select(["severity", "opened_at", "acknowledged_at", "resolved_at"])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where((eb) =>
      eb.or([
        eb.and([eb("resolved_at", ">=", previous.start), eb("resolved_at", "<", end)]),
        eb.and([eb("acknowledged_at", ">=", previous.start), eb("acknowledged_at", "<", end)]),
      ]),
    )
    .orderBy("opened_at")
    .execute();
  const resolveHours = (from: Date, to: Date, severity?: Severity) =>
    handled
      .filter(
        (row) => inPeriod(row.resolved_at, from, to) && (severity === undefined || row.severity === severity),
      )
      .map((row) => ((row.resolved_at as Date).getTime() - row.opened_at.getTime()) / HOUR);
  const ackMinutes = (from: Date, to: Date, severity?: Severity) =>
    handled
      .filter(
        (row) =>
          inPeriod(row.acknowledged_at, from, to) && (severity === undefined || row.severity === severity),
      )
      .map((row) => ((row.acknowledged_at as Date).getTime() - row.opened_at.getTime()) / MINUTE);

  const mttr = mean(resolveHours(start, end));
  const previousMttr = mean(resolveHours(previous.start, previous.end));
  const mtta = mean(ackMinutes(start, end));
  const previousMtta = mean(ackMinutes(previous.start, previous.end));
  const responseBySeverity: ResponseBySeverity[] = SEVERITIES.map((severity) => {
    const targets = targetsFor(context.slaTargets, severity);
    const resolved = resolveHours(start, end, severity);
    const acknowledged = ackMinutes(start, end, severity);
    return {
      severity,
      acknowledged: acknowledged.length,
      mtta_minutes: roundOrNull(mean(acknowledged)),
      ack_target_minutes: targets.ack_minutes,
      ack_within_pct: percentOf(
        acknowledged.filter((minutes) => minutes <= targets.ack_minutes).length,
        acknowledged.length,
      ),
      resolved: resolved.length,
      mttr_hours: roundOrNull(mean(resolved)),
      resolve_target_hours: targets.resolve_hours,
      resolve_within_pct: percentOf(
        resolved.filter((hours) => hours <= targets.resolve_hours).length,
        resolved.length,
      ),
    };
  });

  // Alerts: daily totals by severity, and per detection, for both periods.
  const firstDay = dateOnly(start);
  const dailyRows = await trx
    .selectFrom("alert_daily_counts")
    .select(["day", "severity", sql<number>`sum("count")::int`.as("count")])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("day", ">=", dateOnly(previous.start))
    .where("day", "<=", lastDayOf(end))
    .groupBy(["day", "severity"])
    .orderBy("day")
    .orderBy("severity")
    .execute();
  const alertsBySeverity = alertSeverityCounts();
  const previousAlertsBySeverity = alertSeverityCounts();
  const dailyTotals = new Map<string, AlertSeverityCounts>();
  for (let day = new Date(start); day.getTime() < end.getTime(); day = new Date(day.getTime() + 24 * HOUR)) {
    dailyTotals.set(dateOnly(day), alertSeverityCounts());
  }
  for (const row of dailyRows) {
    if (row.day >= firstDay) {
      alertsBySeverity[row.severity] += row.count;
      const counts = dailyTotals.get(row.day);
      if (counts) counts[row.severity] += row.count;
    } else {
      previousAlertsBySeverity[row.severity] += row.count;
    }
  }
  const sumCounts = (counts: AlertSeverityCounts) => ALERT_SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
  const daily = [...dailyTotals.entries()].map(([day, counts]) => ({
    day,
    total: sumCounts(counts),
    by_severity: counts,
  }));
  const alertTotal = sumCounts(alertsBySeverity);
  const previousAlertTotal = sumCounts(previousAlertsBySeverity);
  const peak = daily.reduce<{ day: string; total: number } | null>(
    (best, day) => (best === null || day.total > best.total ? { day: day.day, total: day.total } : best),
    null,
  );

  const detectionRows = await trx
    .selectFrom("alert_daily_counts")
    .select([
      "detection",
      "severity",
      sql<number>`coalesce(sum("count") filter (where day >= ${firstDay}), 0)::int`.as("current"),
      sql<number>`coalesce(sum("count") filter (where day < ${firstDay}), 0)::int`.as("previous"),
    ])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("day", ">=", dateOnly(previous.start))
    .where("day", "<=", lastDayOf(end))
    .groupBy(["detection", "severity"])
    .execute();
  const alertDetections = detectionRows
    .map((row) => ({
      detection: row.detection,
      severity: row.severity,
      count: row.current,
      previous_count: row.previous,
    }))
    .filter((row) => row.count > 0)
    .sort((a, b) => b.count - a.count || (a.detection < b.detection ? -1 : 1))
    .slice(0, 10);

  const frameworks = await readFrameworks(trx, context);
  // A framework may go a while without a new score: look back a year for the latest one.
  const history = await readScoreHistory(
    trx,
    context,
    dateOnly(new Date(Date.UTC(previous.start.getUTCFullYear() - 1, previous.start.getUTCMonth(), 1))),
    lastDayOf(end),
  );
  const frameworkScores: FrameworkScore[] = frameworks.map((framework) => {
    const score = scoreOnOrBefore(history, framework.id, lastDayOf(end)) ?? framework.score;
    return {
      key: framework.key,
      name: framework.name,
      score: round1(score),
      status: complianceBand(score),
      previous_score: roundOrNull(scoreOnOrBefore(history, framework.id, lastDayOf(start))),
      trend: history
        .filter((row) => row.framework_id === framework.id && row.recorded_on > dateOnly(yearBefore(end)))
        .map((row) => ({ date: row.recorded_on, score: round1(row.score) })),
    };
  });
  const averageScore = mean(frameworkScores.map((framework) => framework.score));

  return {
    previous_period: { start: previous.start.toISOString(), end: previous.end.toISOString() },
    incidents: {
      total: current.length,
      previous_total: before.length,
      by_severity: bySeverity,
      previous_by_severity: previousBySeverity,
      open_at_period_end: SEVERITIES.reduce((sum, s) => sum + openBySeverity[s], 0),
      open_at_period_end_by_severity: openBySeverity,
      top_detections: topDetections,
      by_tactic: byTactic,
      monthly,
      notable,
    },
    alerts: {
      total: alertTotal,
      previous_total: previousAlertTotal,
      daily_average: daily.length === 0 ? 0 : round1(alertTotal / daily.length),
      by_severity: alertsBySeverity,
      previous_by_severity: previousAlertsBySeverity,
      daily,
      peak_day: peak,
      top_detections: alertDetections,
      escalation_rate_pct: alertTotal === 0 ? null : Math.round((10_000 * current.length) / alertTotal) / 100,
    },
    response: {
      mttr_hours: roundOrNull(mttr),
      previous_mttr_hours: roundOrNull(previousMttr),
      mtta_minutes: roundOrNull(mtta),
      previous_mtta_minutes: roundOrNull(previousMtta),
      resolved: resolveHours(start, end).length,
      by_severity: responseBySeverity,
    },
    compliance: {
      average_score: roundOrNull(averageScore),
      frameworks: frameworkScores,
    },
    deltas: {
      incidents_pct: percentChange(current.length, before.length),
      alerts_pct: percentChange(alertTotal, previousAlertTotal),
      mttr_pct: percentChange(mttr, previousMttr),
      mtta_pct: percentChange(mtta, previousMtta),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// sla_performance

type Outcome = "met" | "missed" | "pending";

export async function collectSlaPerformance(
  trx: ScopedTransaction,
  context: ReportContext,
): Promise<SlaPerformanceData> {
  const { tenantId, workspaceId, start, end, generatedAt } = context;
  const incidents = await trx
    .selectFrom("incidents")
    .select(["external_id", "title", "severity", "status", "opened_at", "acknowledged_at", "resolved_at"])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("opened_at", ">=", start)
    .where("opened_at", "<", end)
    .orderBy("opened_at")
    .orderBy("external_id")
    .execute();

  const evaluated = incidents.map((incident) => {
    const targets = targetsFor(context.slaTargets, incident.severity);
    const opened = incident.opened_at.getTime();
    // Resolving an incident also acknowledges it.
    const acknowledgedAt = incident.acknowledged_at ?? incident.resolved_at;
    const ackMinutes = acknowledgedAt === null ? null : (acknowledgedAt.getTime() - opened) / MINUTE;
    const resolveHours =
      incident.resolved_at === null ? null : (incident.resolved_at.getTime() - opened) / HOUR;
    const waitingMinutes = (generatedAt.getTime() - opened) / MINUTE;
    const ack: Outcome =
      ackMinutes !== null
        ? ackMinutes <= targets.ack_minutes
          ? "met"
          : "missed"
        : waitingMinutes > targets.ack_minutes
          ? "missed"
          : "pending";
    const resolve: Outcome =
      resolveHours !== null
        ? resolveHours <= targets.resolve_hours
          ? "met"
          : "missed"
        : waitingMinutes / 60 > targets.resolve_hours
          ? "missed"
          : "pending";
    return { incident, targets, ackMinutes, resolveHours, waitingMinutes, ack, resolve };
  });

  const withinPct = (outcomes: readonly Outcome[]) => {
    const met = outcomes.filter((outcome) => outcome === "met").length;
    const missed = outcomes.filter((outcome) => outcome === "missed").length;
    return percentOf(met, met + missed);
  };

  const bySeverity: SlaSeverityRow[] = SEVERITIES.map((severity) => {
    const rows = evaluated.filter((row) => row.incident.severity === severity);
    const targets = targetsFor(context.slaTargets, severity);
    const acks = rows.flatMap((row) => (row.ackMinutes === null ? [] : [row.ackMinutes]));
    const resolves = rows.flatMap((row) => (row.resolveHours === null ? [] : [row.resolveHours]));
    return {
      severity,
      incidents: rows.length,
      ack_target_minutes: targets.ack_minutes,
      resolve_target_hours: targets.resolve_hours,
      acknowledged: acks.length,
      resolved: resolves.length,
      ack_minutes: durationStats(acks),
      resolve_hours: durationStats(resolves),
      ack_within_pct: withinPct(rows.map((row) => row.ack)),
      resolve_within_pct: withinPct(rows.map((row) => row.resolve)),
      ack_breaches: rows.filter((row) => row.ack === "missed").length,
      resolve_breaches: rows.filter((row) => row.resolve === "missed").length,
    };
  });

  const breached = evaluated.filter((row) => row.ack === "missed" || row.resolve === "missed");
  const breaches: SlaBreach[] = [...breached]
    .sort(
      (a, b) =>
        severityRank(a.incident.severity) - severityRank(b.incident.severity) ||
        a.incident.opened_at.getTime() - b.incident.opened_at.getTime() ||
        (a.incident.external_id < b.incident.external_id ? -1 : 1),
    )
    .map((row) => {
      const stillOpen =
        (row.ack === "missed" && row.ackMinutes === null) ||
        (row.resolve === "missed" && row.resolveHours === null);
      return {
        external_id: row.incident.external_id,
        title: row.incident.title,
        severity: row.incident.severity,
        status: row.incident.status,
        opened_at: row.incident.opened_at.toISOString(),
        missed:
          row.ack === "missed" && row.resolve === "missed"
            ? "both"
            : row.ack === "missed"
              ? "acknowledge"
              : "resolve",
        ack_minutes: round1(row.ackMinutes ?? row.waitingMinutes),
        resolve_hours: round1(row.resolveHours ?? row.waitingMinutes / 60),
        ack_target_minutes: row.targets.ack_minutes,
        resolve_target_hours: row.targets.resolve_hours,
        still_open: stillOpen,
      };
    });

  const monthly = monthsWithin(start, end).map((month) => {
    const rows = evaluated.filter((row) => monthKey(row.incident.opened_at) === month);
    return {
      month,
      incidents: rows.length,
      ack_within_pct: withinPct(rows.map((row) => row.ack)),
      resolve_within_pct: withinPct(rows.map((row) => row.resolve)),
      breached_incidents: rows.filter((row) => row.ack === "missed" || row.resolve === "missed").length,
    };
  });

  return {
    targets: Object.fromEntries(
      SEVERITIES.map((severity) => [severity, targetsFor(context.slaTargets, severity)]),
    ) as SlaTargets,
    totals: {
      incidents: evaluated.length,
      ack_within_pct: withinPct(evaluated.map((row) => row.ack)),
      resolve_within_pct: withinPct(evaluated.map((row) => row.resolve)),
      breached_incidents: breached.length,
      ack_breaches: evaluated.filter((row) => row.ack === "missed").length,
      resolve_breaches: evaluated.filter((row) => row.resolve === "missed").length,
    },
    by_severity: bySeverity,
    monthly,
    breaches,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// compliance_status

function controlCounts(statuses: readonly string[]): ControlCounts {
  const counts: ControlCounts = {
    passing: 0,
    failing: 0,
    partial: 0,
    not_applicable: 0,
    total: statuses.length,
  };
  for (const status of statuses) {
    if (status === "passing" || status === "failing" || status === "partial" || status === "not_applicable") {
      counts[status]++;
    }
  }
  return counts;
}

export async function collectComplianceStatus(
  trx: ScopedTransaction,
  context: ReportContext,
): Promise<ComplianceStatusData> {
  const { tenantId, workspaceId, start, end } = context;
  const frameworks = await readFrameworks(trx, context);
  const lastDay = lastDayOf(end);
  const trendStart = yearBefore(end);
  const history = await readScoreHistory(
    trx,
    context,
    dateOnly(new Date(Math.min(trendStart.getTime(), start.getTime()) - 366 * 24 * HOUR)),
    lastDay,
  );
  const controls = await trx
    .selectFrom("compliance_controls")
    .select(["framework_id", "ref", "title", "family", "status", "owner", "last_assessed_at"])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .execute();

  const details: ComplianceFrameworkDetail[] = frameworks.map((framework) => {
    const own = controls.filter((control) => control.framework_id === framework.id);
    const score = scoreOnOrBefore(history, framework.id, lastDay) ?? framework.score;
    const families = [...new Set(own.map((control) => control.family))].sort();
    return {
      key: framework.key,
      name: framework.name,
      score: round1(score),
      status: complianceBand(score),
      score_at_period_start: roundOrNull(scoreOnOrBefore(history, framework.id, lastDayOf(start))),
      current_score: round1(framework.score),
      trend: history
        .filter((row) => row.framework_id === framework.id && row.recorded_on > dateOnly(trendStart))
        .map((row) => ({ date: row.recorded_on, score: round1(row.score) })),
      controls: controlCounts(own.map((control) => control.status)),
      families: families.map((family) => ({
        family,
        ...controlCounts(own.filter((control) => control.family === family).map((control) => control.status)),
      })),
    };
  });

  const frameworkById = new Map(frameworks.map((framework) => [framework.id, framework]));
  const issues: ComplianceIssue[] = controls
    .filter((control) => control.status === "failing" || control.status === "partial")
    .map((control) => {
      const framework = frameworkById.get(control.framework_id);
      return {
        framework_key: framework?.key ?? "",
        framework_name: framework?.name ?? "",
        ref: control.ref,
        title: control.title,
        family: control.family,
        status: control.status as "failing" | "partial",
        owner: control.owner,
        last_assessed_at: control.last_assessed_at.toISOString(),
      };
    })
    .sort(
      (a, b) =>
        (a.status === b.status ? 0 : a.status === "failing" ? -1 : 1) ||
        (a.framework_name < b.framework_name ? -1 : a.framework_name > b.framework_name ? 1 : 0) ||
        naturalCompare(a.ref, b.ref),
    );

  return {
    average_score: roundOrNull(mean(details.map((framework) => framework.score))),
    frameworks: details,
    issues,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// detection_coverage

export async function collectDetectionCoverage(
  trx: ScopedTransaction,
  context: ReportContext,
): Promise<DetectionCoverageData> {
  const { tenantId, workspaceId, start, end } = context;
  const techniques = await trx
    .selectFrom("detection_coverage")
    .select(["tactic", "technique_id", "technique_name", "is_covered", "rule_count"])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .orderBy("technique_id")
    .execute();

  const knownOrder: readonly string[] = ATTACK_TACTICS.map((tactic) => tactic.name);
  const extra = [...new Set(techniques.map((row) => row.tactic))]
    .filter((name) => !knownOrder.includes(name))
    .sort();
  const order = [...knownOrder, ...extra];
  const tactics: TacticCoverage[] = order
    .map((name) => {
      const rows = techniques.filter((row) => row.tactic === name);
      const covered = rows.filter((row) => row.is_covered).length;
      return {
        tactic_id: ATTACK_TACTICS.find((tactic) => tactic.name === name)?.id ?? "",
        tactic: name,
        techniques: rows.length,
        covered,
        coverage_pct: percentOf(covered, rows.length) ?? 0,
        rules: rows.reduce((sum, row) => sum + row.rule_count, 0),
      };
    })
    .filter((tactic) => tactic.techniques > 0);

  const gaps = techniques
    .filter((row) => !row.is_covered)
    .sort(
      (a, b) =>
        order.indexOf(a.tactic) - order.indexOf(b.tactic) || naturalCompare(a.technique_id, b.technique_id),
    )
    .map((row) => ({
      technique_id: row.technique_id,
      technique_name: row.technique_name,
      tactic: row.tactic,
    }));

  const observedRows = await trx
    .selectFrom("incidents")
    .select(["mitre_technique", "mitre_tactic", sql<number>`count(*)::int`.as("count")])
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .where("opened_at", ">=", start)
    .where("opened_at", "<", end)
    .groupBy(["mitre_technique", "mitre_tactic"])
    .execute();
  const byTechnique = new Map(techniques.map((row) => [row.technique_id, row]));
  const observedMap = new Map<string, { tactic: string | null; incidents: number }>();
  let incidentsInPeriod = 0;
  for (const row of observedRows) {
    incidentsInPeriod += row.count;
    if (row.mitre_technique === null) continue;
    const entry = observedMap.get(row.mitre_technique) ?? {
      tactic: tacticName(row.mitre_tactic),
      incidents: 0,
    };
    entry.incidents += row.count;
    observedMap.set(row.mitre_technique, entry);
  }
  const observed = [...observedMap.entries()]
    .map(([techniqueId, entry]) => {
      const known = byTechnique.get(techniqueId);
      return {
        technique_id: techniqueId,
        technique_name: known?.technique_name ?? null,
        tactic: known?.tactic ?? entry.tactic,
        incidents: entry.incidents,
        covered: known === undefined ? null : known.is_covered,
      };
    })
    .sort((a, b) => b.incidents - a.incidents || naturalCompare(a.technique_id, b.technique_id));

  const covered = techniques.filter((row) => row.is_covered).length;
  return {
    techniques_total: techniques.length,
    techniques_covered: covered,
    coverage_pct: percentOf(covered, techniques.length) ?? 0,
    rules_total: techniques.reduce((sum, row) => sum + row.rule_count, 0),
    tactics,
    gaps,
    incidents_in_period: incidentsInPeriod,
    observed,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// assessment

export async function collectAssessment(
  trx: ScopedTransaction,
  context: ReportContext,
  engagementId: string,
): Promise<AssessmentData> {
  const { tenantId, workspaceId } = context;
  // Internal notes and internal timeline updates never reach a customer document: only these columns are read.
  const engagement = await trx
    .selectFrom("engagements")
    .select(["name", "status", "summary", "starts_on", "ends_on"])
    .where("id", "=", engagementId)
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
  if (!engagement) throw new Error(`engagement ${engagementId} is not in the report's workspace`);

  const phases = await trx
    .selectFrom("engagement_phases")
    .select(["id", "name", "position"])
    .where("engagement_id", "=", engagementId)
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .orderBy("position")
    .execute();
  const milestones = await trx
    .selectFrom("engagement_milestones")
    .select(["phase_id", "status"])
    .where("engagement_id", "=", engagementId)
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .execute();
  const rows = await trx
    .selectFrom("findings")
    .select(["ref", "title", "severity", "status", "description", "remediation", "created_at"])
    .where("engagement_id", "=", engagementId)
    .where("tenant_id", "=", tenantId)
    .where("workspace_id", "=", workspaceId)
    .execute();

  const findings: AssessmentFinding[] = rows
    .map((row) => ({
      ref: row.ref,
      title: row.title,
      severity: row.severity,
      status: row.status,
      description: row.description,
      remediation: row.remediation,
      reported_on: dateOnly(row.created_at),
    }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || naturalCompare(a.ref, b.ref));
  const bySeverity: Record<FindingSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  const byStatus: Record<FindingStatus, number> = { open: 0, remediated: 0, accepted: 0 };
  for (const finding of findings) {
    bySeverity[finding.severity]++;
    byStatus[finding.status]++;
  }
  const done = milestones.filter((milestone) => milestone.status === "done").length;
  return {
    engagement: {
      name: engagement.name,
      status: engagement.status,
      summary: engagement.summary,
      starts_on: engagement.starts_on,
      ends_on: engagement.ends_on,
    },
    progress: {
      milestones_total: milestones.length,
      milestones_done: done,
      percent_complete: percentOf(done, milestones.length) ?? 0,
      phases: phases.map((phase) => {
        const own = milestones.filter((milestone) => milestone.phase_id === phase.id);
        return {
          name: phase.name,
          milestones: own.length,
          done: own.filter((milestone) => milestone.status === "done").length,
        };
      }),
    },
    findings_total: findings.length,
    by_severity: bySeverity,
    by_status: byStatus,
    findings,
  };
}
