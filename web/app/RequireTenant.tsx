import type { ReactNode } from "react";
import { useSearchParams } from "react-router";
import { useCurrentUser } from "../features/auth/useMe";
import { StaffPortalView, StaffTenantChooser } from "../features/tenants/StaffPortalView";

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
  const me = useCurrentUser();
  const [searchParams] = useSearchParams();
  if (me.tenant) return children;
  const tenantId = searchParams.get("tenant");
  if (tenantId) {
    return (
      <StaffPortalView title={title} tenantId={tenantId}>
        {children}
      </StaffPortalView>
    );
  }
  return <StaffTenantChooser title={title} />;
}
