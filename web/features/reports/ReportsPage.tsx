import { ComingSoon } from "../../components/ComingSoon";

export function ReportsPage() {
  return (
    <ComingSoon title="Reports" description="Search and download your organisation's security reports." />
  );
}
