import { Badge, type BadgeTone } from "../../components/Badge";
import {
  type ComplianceStatus,
  type ControlStatus,
  complianceStatusLabels,
  controlStatusLabels,
} from "./compliance.types";

const complianceTones: Record<ComplianceStatus, BadgeTone> = {
  compliant: "success",
  at_risk: "warning",
  non_compliant: "danger",
};

const controlTones: Record<ControlStatus, BadgeTone> = {
  passing: "success",
  partial: "warning",
  failing: "danger",
  not_applicable: "neutral",
};

export function ComplianceStatusBadge({ status }: { status: ComplianceStatus }) {
  return <Badge tone={complianceTones[status]}>{complianceStatusLabels[status]}</Badge>;
}

export function ControlStatusBadge({ status }: { status: ControlStatus }) {
  return <Badge tone={controlTones[status]}>{controlStatusLabels[status]}</Badge>;
}
