import { type ComplianceStatus, complianceBand } from "../../contracts/compliance-score";

/*
 * The report look: slate greys with one orange accent, Helvetica (built into every PDF reader, so nothing is
 * embedded and the output stays small and deterministic). Every building block takes its colours from here.
 */

export const colors = {
  ink: "#0f172a",
  heading: "#1e293b",
  text: "#334155",
  muted: "#64748b",
  faint: "#94a3b8",
  rule: "#cbd5e1",
  grid: "#e2e8f0",
  panel: "#f1f5f9",
  zebra: "#f8fafc",
  white: "#ffffff",
  accent: "#c2410c",
  accentSoft: "#ffedd5",
  accentLight: "#fdba74",
  good: "#15803d",
  warn: "#ea580c",
  bad: "#b91c1c",
} as const;

/** Chart series colours, in order: accent first, then slates that stay distinguishable in greyscale print. */
export const palette = ["#c2410c", "#334155", "#94a3b8", "#fb923c", "#64748b", "#fed7aa", "#1e293b"] as const;

export const severityColors = {
  critical: "#7f1d1d",
  high: "#dc2626",
  medium: "#f59e0b",
  low: "#94a3b8",
  info: "#cbd5e1",
} as const;

export const fonts = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
} as const;

export const fontSizes = {
  body: 9.5,
  small: 8,
  tiny: 7,
  h1: 17,
  h2: 12.5,
  h3: 10.5,
} as const;

/** Vertical rhythm: the gaps between blocks, in points. */
export const spacing = {
  block: 14,
  paragraph: 8,
  tight: 4,
} as const;

/** Each compliance band's colour: green when compliant, orange at risk, red below. */
export const complianceColors: Record<ComplianceStatus, string> = {
  compliant: colors.good,
  at_risk: colors.warn,
  non_compliant: colors.bad,
};

/** A percentage coloured by the compliance bands (the portal's thresholds): green, orange or red. */
export function scoreColor(value: number): string {
  return complianceColors[complianceBand(value)];
}
