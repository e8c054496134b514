/*
 * How a compliance score is read and rounded, defined once for the server (API, reports, ingestion, demo data)
 * and the web app. Plain data and functions with no imports, so the web app can import them as values.
 */

export const complianceStatuses = ["compliant", "at_risk", "non_compliant"] as const;
export type ComplianceStatus = (typeof complianceStatuses)[number];

/** Compliant at 90 % and above, at risk from 75 %, non-compliant below 75 %. */
export const complianceThresholds = { compliant: 90, atRisk: 75 } as const;

/** The band a score (in percent) falls in. The same thresholds colour other percentages (SLA, coverage). */
export function complianceBand(score: number): ComplianceStatus {
  if (score >= complianceThresholds.compliant) return "compliant";
  if (score >= complianceThresholds.atRisk) return "at_risk";
  return "non_compliant";
}

export const complianceStatusLabels: Record<ComplianceStatus, string> = {
  compliant: "Compliant",
  at_risk: "At risk",
  non_compliant: "Non-compliant",
};

/** A framework's stored score keeps this many decimals. */
export const STORED_SCORE_DECIMALS = 2;

/** The score a framework's controls imply: passing / applicable in percent, two decimals; 0 with none applicable. */
export function scoreOfControls(passing: number, applicable: number): number {
  return applicable === 0 ? 0 : Math.round((10_000 * passing) / applicable) / 100;
}

/**
 * A score (or an average of scores) as the portal and the reports show it: one decimal, halves rounded away from
 * zero on the decimal value (84.15 → 84.2, although 84.15 × 10 is 841.4999… in binary).
 */
export function roundScore(score: number): number {
  const rounded = Math.round(Math.abs(score) * 10 + 1e-9) / 10;
  return score < 0 ? -rounded : rounded;
}

/** A score kept as stored: two decimals. */
export function roundStoredScore(score: number): number {
  return Math.round(score * 100) / 100;
}
