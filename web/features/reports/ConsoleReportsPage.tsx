import { ComingSoon } from "../../components/ComingSoon";

export function ConsoleReportsPage() {
  return <ComingSoon title="Reports" description="Generate, publish and share reports across tenants." />;
}
