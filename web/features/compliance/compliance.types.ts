import type {
  ComplianceStatus,
  ComplianceSummary,
  Control,
  ControlStatus,
  Framework,
  FrameworkDetail,
} from "../../../contracts/compliance";
import { complianceStatusLabels } from "../../../contracts/compliance-score";
import type { ProgressTone } from "../../components/ProgressBar";

export type { ComplianceStatus, ComplianceSummary, Control, ControlStatus, Framework, FrameworkDetail };
export type TrendPoint = Framework["trend"][number];

export { complianceStatusLabels };

export const controlStatusLabels: Record<ControlStatus, string> = {
  passing: "Passing",
  failing: "Failing",
  partial: "Partial",
  not_applicable: "Not applicable",
};

/** Each status's colour: green when compliant, orange at risk, red below (`complianceBand` decides the status). */
export const statusTone: Record<ComplianceStatus, ProgressTone> = {
  compliant: "success",
  at_risk: "warning",
  non_compliant: "danger",
};

export function frameworkPath(key: string): string {
  return `/customer-portal/compliance/${encodeURIComponent(key)}`;
}
