import type { ReactNode } from "react";
import { useViewedTenant } from "../../app/viewedTenant";
import { StaffTenantChooser } from "../tenants/StaffPortalView";

/**
 * Whose proposals the portal page shows: a customer's own (from the session), or, for provider staff, the
 * customer named by `?tenant=<id>`. Staff without one choose a customer instead of getting an API error.
 */
export function ProposalTenantGate({
  title,
  children,
}: {
  title: string;
  children: (tenant: string | undefined) => ReactNode;
}) {
  const { tenant, mustChoose } = useViewedTenant();
  if (!mustChoose) return children(tenant);
  return <StaffTenantChooser title={title} />;
}
