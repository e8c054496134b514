import { RequireTenant } from "../../app/RequireTenant";
import { PageHeader } from "../../components/PageHeader";
import { ReportArchive } from "./ReportArchive";

export function ReportsPage() {
  return (
    <RequireTenant title="Reports">
      <PageHeader title="Reports" description="Search and download your organisation's security reports." />
      <ReportArchive />
    </RequireTenant>
  );
}
