/** Mirrors server/modules/compliance/compliance.schemas.ts. */
import type { ProgressTone } from "../../components/ProgressBar";

export type ComplianceStatus = "compliant" | "at_risk" | "non_compliant";
export type ControlStatus = "passing" | "failing" | "partial" | "not_applicable";

export interface TrendPoint {
  /** "YYYY-MM-DD" */
  date: string;
  score: number;
}

export interface Framework {
  id: string;
  /** URL key, e.g. "cmmc-l2". */
  key: string;
  name: string;
  workspace_id: string;
  workspace_name: string;
  score: number;
  status: ComplianceStatus;
  controls: Record<ControlStatus, number>;
  updated_at: string;
  trend: TrendPoint[];
}

/** `GET /api/v1/compliance` */
export interface ComplianceSummary {
  overall_score: number | null;
  overall_status: ComplianceStatus | null;
  frameworks: Framework[];
}

export interface Control {
  ref: string;
  title: string;
  family: string;
  status: ControlStatus;
  owner: string | null;
  last_assessed_at: string;
}

/** `GET /api/v1/compliance/:framework` */
export interface FrameworkDetail extends Framework {
  controls_list: Control[];
}

export const complianceStatusLabels: Record<ComplianceStatus, string> = {
  compliant: "Compliant",
  at_risk: "At risk",
  non_compliant: "Non-compliant",
};

export const controlStatusLabels: Record<ControlStatus, string> = {
  passing: "Passing",
  failing: "Failing",
  partial: "Partial",
  not_applicable: "Not applicable",
};

/** The seed's colours: green at 90 % and above, orange from 75 %, red below (SPEC §5.1 thresholds). */
export function scoreTone(score: number): ProgressTone {
  if (score >= 90) return "success";
  if (score >= 75) return "warning";
  return "danger";
}

export function frameworkPath(key: string): string {
  return `/customer-portal/compliance/${encodeURIComponent(key)}`;
}
