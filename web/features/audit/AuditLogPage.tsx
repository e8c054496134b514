import { ComingSoon } from "../../components/ComingSoon";

export function AuditLogPage() {
  return (
    <ComingSoon
      title="Audit log"
      description="Tamper-evident record of every sign-in, download and change."
    />
  );
}
