import type {
  ComplianceStatus,
  ComplianceSummary,
  Control,
  ControlStatus,
  Framework,
  FrameworkDetail,
} from "../../../contracts/compliance";
import type { ProgressTone } from "../../components/ProgressBar";

export type { ComplianceStatus, ComplianceSummary, Control, ControlStatus, Framework, FrameworkDetail };
export type TrendPoint = Framework["trend"][number];

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

/** Each status's colour: green when compliant, orange at risk, red below. The thresholds are the server's. */
export const statusTone: Record<ComplianceStatus, ProgressTone> = {
  compliant: "success",
  at_risk: "warning",
  non_compliant: "danger",
};

export function frameworkPath(key: string): string {
  return `/customer-portal/compliance/${encodeURIComponent(key)}`;
}
