import { Eye, Settings } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { LoadingState } from "../../components/LoadingState";
import { PageHeader } from "../../components/PageHeader";
import { withTenant } from "../../lib/tenantPath";
import { hasPermission } from "../auth/me.types";
import { useCurrentUser } from "../auth/useMe";
import { portalViewPath, tenantPath } from "./api";
import { TenantPicker, useStaffTenants } from "./TenantPicker";

/** Staff on a portal page without a customer: choose whose portal to view. */
export function StaffTenantChooser({ title }: { title: string }) {
  // The customer's view of this same page.
  const { pathname } = useLocation();
  const pathOf = (tenantId: string) => withTenant(pathname, tenantId);
  return (
    <>
      <PageHeader
        title={title}
        description="Portal pages show one customer's data. Choose the customer whose portal you want to see."
      />
      <Card>
        <TenantPicker pathOf={pathOf} heading="Choose a tenant to view" />
      </Card>
    </>
  );
}

/**
 * Staff viewing one customer's portal (`?tenant=`): the page itself, as the customer sees it (its API calls carry
 * the tenant), under a notice that says whose portal this is, that it is read-only, and that the visit is in the
 * customer's access log.
 */
export function StaffPortalView({
  title,
  tenantId,
  children,
}: {
  title: string;
  tenantId: string;
  children: ReactNode;
}) {
  const me = useCurrentUser();
  // The same page without a customer: the chooser.
  const { pathname } = useLocation();
  const staffTenants = useStaffTenants();
  if (staffTenants.isPending) return <LoadingState label="Loading the customer…" />;
  const tenant = staffTenants.tenants?.find((candidate) => candidate.id === tenantId);
  if (!tenant) {
    return (
      <>
        <PageHeader
          title={title}
          description="This customer is unknown or has no active workspace. Choose another one."
        />
        <Card>
          <TenantPicker pathOf={portalViewPath} />
        </Card>
      </>
    );
  }
  return (
    <>
      <aside
        aria-label="Portal view"
        className="mb-6 flex flex-col gap-3 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-900 sm:flex-row sm:items-center sm:justify-between"
      >
        <p className="flex items-start gap-2">
          <Eye className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span>
            Viewing <strong className="font-semibold">{tenant.name}</strong>'s portal as provider staff:
            read-only, and recorded in the customer's access log.
          </span>
        </p>
        <span className="flex shrink-0 flex-wrap gap-2">
          <Link to={pathname} className={buttonClasses("secondary")}>
            Choose another customer
          </Link>
          {hasPermission(me, "can_manage_settings") && (
            <Link to={tenantPath(tenant.id)} className={buttonClasses("secondary")}>
              <Settings className="size-4" aria-hidden="true" />
              Tenant settings
            </Link>
          )}
        </span>
      </aside>
      {children}
    </>
  );
}
