import { lazy, type ReactNode, Suspense } from "react";
import { LoadingState } from "../components/LoadingState";
import { useViewedTenant } from "./viewedTenant";

// Staff only: a customer's pages never download the picker or the staff notice.
const StaffPortalView = lazy(() =>
  import("../features/tenants/StaffPortalView").then((module) => ({ default: module.StaffPortalView })),
);
const StaffTenantChooser = lazy(() =>
  import("../features/tenants/StaffPortalView").then((module) => ({ default: module.StaffTenantChooser })),
);

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
  if (!mustChoose && !tenant) return children;
  return (
    <Suspense fallback={<LoadingState />}>
      {mustChoose ? (
        <StaffTenantChooser title={title} />
      ) : (
        <StaffPortalView title={title} tenantId={tenant ?? ""}>
          {children}
        </StaffPortalView>
      )}
    </Suspense>
  );
}

/**
 * A portal page that hands the customer on to its queries: a customer's own (from the session, `undefined`), or,
 * for provider staff, the customer named by `?tenant=<id>`. Staff without one choose a customer first.
 */
export function TenantGate({
  title,
  children,
}: {
  title: string;
  children: (tenant: string | undefined) => ReactNode;
}) {
  const { tenant, mustChoose } = useViewedTenant();
  if (!mustChoose) return children(tenant);
  return (
    <Suspense fallback={<LoadingState />}>
      <StaffTenantChooser title={title} />
    </Suspense>
  );
}
