import { Building } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { buttonClasses } from "../components/Button";
import { Card } from "../components/Card";
import { EmptyState } from "../components/EmptyState";
import { PageHeader } from "../components/PageHeader";
import { useCurrentUser } from "../features/auth/useMe";

interface RequireTenantProps {
  /** The page's own heading, kept so the page is still recognisable. */
  title: string;
  children: ReactNode;
}

/**
 * Portal pages show one customer's data. Customers have their tenant in the session; provider staff have none
 * and must pick the tenant to view (the API answers 400 without `?tenant=`), which the console will offer.
 */
export function RequireTenant({ title, children }: RequireTenantProps) {
  const me = useCurrentUser();
  if (me.tenant) return children;
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <EmptyState icon={Building} title="Choose a tenant to view">
          <p>
            Portal pages show one customer's data. As provider staff, pick the customer whose portal you want
            to see.
          </p>
          <Link to="/console/tenants" className={buttonClasses("secondary", "mt-4")}>
            Go to tenants
          </Link>
        </EmptyState>
      </Card>
    </>
  );
}
