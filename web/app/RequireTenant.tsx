import type { ReactNode } from "react";
import { StaffPortalView, StaffTenantChooser } from "../features/tenants/StaffPortalView";
import { useViewedTenant } from "./viewedTenant";

interface RequireTenantProps {
  /** The page's own heading, kept so the page is still recognisable. */
  title: string;
  children: ReactNode;
}

/**
 * Portal pages show one customer's data. Customers have their tenant in the session; provider staff have none:
 * they choose a customer here, and with `?tenant=` see the page as that customer does (read-only), never an API
 * error.
 */
export function RequireTenant({ title, children }: RequireTenantProps) {
  const { tenant, mustChoose } = useViewedTenant();
  if (mustChoose) return <StaffTenantChooser title={title} />;
  if (!tenant) return children;
  return (
    <StaffPortalView title={title} tenantId={tenant}>
      {children}
    </StaffPortalView>
  );
}
