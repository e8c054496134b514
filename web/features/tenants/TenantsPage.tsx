import { ComingSoon } from "../../components/ComingSoon";

export function TenantsPage() {
  return <ComingSoon title="Tenants" description="Customer organisations and their workspaces." />;
}
