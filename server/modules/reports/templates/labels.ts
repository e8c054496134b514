import { complianceStatusLabels } from "../../../../contracts/compliance-score";
import { reportDocumentLabels } from "../../../../contracts/report-types";
import {
  formatDate,
  formatDecimal,
  formatInteger,
  formatMonthLong,
  formatPercent,
  formatPeriod,
  formatSignedPercent,
  lastDayOf,
} from "../../../pdf/format";
import { colors, complianceColors, severityColors } from "../../../pdf/theme";
import type { FindingSeverity, FindingStatus } from "../snapshot/snapshot";

/* How the reports word and colour recurring things: severities, statuses, periods, changes. */

/** The label printed on a report's cover and header, by type (declared with the type in `contracts/report-types.ts`). */
export const REPORT_TYPE_LABELS = reportDocumentLabels;

export const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Informational",
};

export function severityColor(severity: FindingSeverity): string {
  return severityColors[severity];
}

export const COMPLIANCE_STATUS_LABELS = complianceStatusLabels;

export const COMPLIANCE_STATUS_COLORS = complianceColors;

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = {
  open: "Open",
  remediated: "Remediated",
  accepted: "Risk accepted",
};

export const FINDING_STATUS_COLORS: Record<FindingStatus, string> = {
  open: colors.accent,
  remediated: colors.good,
  accepted: colors.muted,
};

export const INCIDENT_STATUS_LABELS = {
  open: "Open",
  acknowledged: "Investigating",
  resolved: "Resolved",
} as const;

function isMonthStart(date: Date): boolean {
  return date.getUTCDate() === 1 && date.getTime() % 86_400_000 === 0;
}

/** "October 2026" for a calendar month, "Q3 2026" for a quarter, else the date range. */
export function periodLabel(start: string, end: string): string {
  const from = new Date(start);
  const to = new Date(end);
  if (isMonthStart(from) && isMonthStart(to)) {
    const months =
      to.getUTCFullYear() * 12 + to.getUTCMonth() - (from.getUTCFullYear() * 12 + from.getUTCMonth());
    if (months === 1) return formatMonthLong(from);
    if (months === 3 && from.getUTCMonth() % 3 === 0) {
      return `Q${Math.floor(from.getUTCMonth() / 3) + 1} ${from.getUTCFullYear()}`;
    }
    if (months === 12 && from.getUTCMonth() === 0) return String(from.getUTCFullYear());
  }
  return formatPeriod(start, end);
}

/** Short form of a period's last day, e.g. for "open at October 31". */
export function periodEndLabel(end: string): string {
  return formatDate(lastDayOf(end));
}

/** "+12.5% vs September 2026", or "no prior data" when there is nothing to compare with. */
export function changeText(percent: number | null, against: string): string {
  if (percent === null) return `no comparison with ${against}`;
  if (percent === 0) return `unchanged vs ${against}`;
  return `${formatSignedPercent(percent)} vs ${against}`;
}

/** `changeText` for a tile, where there is no room to name the period that has no data. */
export function tileChangeText(percent: number | null, against: string): string {
  return percent === null ? "nothing to compare with" : changeText(percent, against);
}

/** Green when the figure moved the good way, red when the bad way. */
export function changeTone(percent: number | null, lowerIsBetter = true): "good" | "bad" | "neutral" {
  if (percent === null || percent === 0) return "neutral";
  return percent < 0 === lowerIsBetter ? "good" : "bad";
}

/** "1 incident", "1,204 incidents". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatInteger(count)} ${count === 1 ? singular : plural}`;
}

/** "up 12.5%" / "down 3.0%" / "unchanged", for prose. */
export function movement(percent: number | null): string {
  if (percent === null) return "not comparable";
  if (percent === 0) return "unchanged";
  return `${percent > 0 ? "up" : "down"} ${formatSignedPercent(Math.abs(percent)).replace("+", "")}`;
}

/** Percentage change from `previous` to `current`; null when there is nothing to compare with. */
export function percentChange(current: number, previous: number): number | null {
  return previous === 0 ? null : (100 * (current - previous)) / previous;
}

/** A table cell for the change between two figures: "+12.5%", or "n/a". */
export function changeCell(current: number | null, previous: number | null): string {
  if (current === null || previous === null) return "n/a";
  const change = percentChange(current, previous);
  return change === null ? "n/a" : formatSignedPercent(change);
}

export function hoursOrNa(value: number | null): string {
  return value === null ? "n/a" : `${formatDecimal(value)} h`;
}

export function minutesOrNa(value: number | null): string {
  return value === null ? "n/a" : `${formatDecimal(value)} min`;
}

export function percentOrNa(value: number | null): string {
  return value === null ? "n/a" : formatPercent(value);
}
