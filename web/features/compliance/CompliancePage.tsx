import { ComingSoon } from "../../components/ComingSoon";

export function CompliancePage() {
  return <ComingSoon title="Compliance" description="Your posture against each compliance framework." />;
}
