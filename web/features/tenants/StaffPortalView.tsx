import { Briefcase, Eye, Settings, Signature } from "lucide-react";
import { Link } from "react-router";
import { buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { focusRing } from "../../components/focus";
import { LoadingState } from "../../components/LoadingState";
import { PageHeader } from "../../components/PageHeader";
import { hasPermission } from "../auth/me.types";
import { useCurrentUser } from "../auth/useMe";
import { portalViewPath, tenantPath } from "./api";
import { TenantPicker, useStaffTenants } from "./TenantPicker";

const withTenant = (path: string, tenantId: string) => `${path}?${new URLSearchParams({ tenant: tenantId })}`;

/** Staff on a portal page without a customer: choose whose portal to view. */
export function StaffTenantChooser({ title }: { title: string }) {
  return (
    <>
      <PageHeader
        title={title}
        description="Portal pages show one customer's data. Choose the customer whose portal you want to see."
      />
      <Card>
        <TenantPicker pathOf={portalViewPath} heading="Choose a tenant to view" />
      </Card>
    </>
  );
}

/**
 * Staff viewing one customer's portal (`?tenant=`): the pages that show a customer's data to staff, read-only,
 * as the customer sees it. The other portal pages read the signed-in customer's own session only.
 */
export function StaffPortalView({ title, tenantId }: { title: string; tenantId: string }) {
  const me = useCurrentUser();
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
  const links = [
    {
      to: withTenant("/customer-portal/engagements", tenant.id),
      label: "Engagements",
      icon: Briefcase,
      text: "Progress, milestones and updates, as the customer sees them.",
    },
    {
      to: withTenant("/customer-portal/proposals", tenant.id),
      label: "Proposals",
      icon: Signature,
      text: "Proposals and approval requests sent to the customer, and their decisions.",
    },
  ];
  return (
    <>
      <PageHeader
        title={`${tenant.name}: portal view`}
        description={`Workspaces: ${tenant.workspaces.join(", ")}`}
      />
      <p className="mb-4 flex items-center gap-2 rounded-lg border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900">
        <Eye className="size-4 shrink-0" aria-hidden="true" />
        You are viewing this customer's portal as provider staff: read-only, and the pages you open are
        recorded in the customer's access log.
      </p>
      <Card title="Open a portal page">
        <ul className="grid gap-3 sm:grid-cols-2">
          {links.map(({ to, label, icon: Icon, text }) => (
            <li key={label}>
              <Link
                to={to}
                className={`flex h-full items-start gap-3 rounded-lg border border-slate-200 p-4 text-sm hover:border-orange-300 hover:bg-orange-50/60 ${focusRing}`}
              >
                <Icon className="mt-0.5 size-5 shrink-0 text-orange-700" aria-hidden="true" />
                <span>
                  <span className="block font-medium text-slate-900">{label}</span>
                  <span className="block text-slate-600">{text}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="mt-4 text-sm text-slate-600">
          The dashboard, reports, compliance and access log pages show only a signed-in customer's own data.
        </p>
        <div className="mt-4 flex flex-wrap gap-2">
          <Link to="/customer-portal" className={buttonClasses("secondary")}>
            Choose another customer
          </Link>
          {hasPermission(me, "can_manage_settings") && (
            <Link to={tenantPath(tenant.id)} className={buttonClasses("secondary")}>
              <Settings className="size-4" aria-hidden="true" />
              Tenant settings
            </Link>
          )}
        </div>
      </Card>
    </>
  );
}
