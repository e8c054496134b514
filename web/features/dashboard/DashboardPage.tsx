import { ComingSoon } from "../../components/ComingSoon";

export function DashboardPage() {
  return (
    <ComingSoon
      title="Dashboard"
      description="Your security operations at a glance: incidents, alerts, compliance and recent reports."
    />
  );
}
