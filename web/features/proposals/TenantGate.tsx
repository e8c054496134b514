import { Signature } from "lucide-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { PageHeader } from "../../components/PageHeader";
import { useViewedTenant } from "../engagements/TenantView";

/**
 * Whose proposals the portal page shows: a customer's own (from the session), or, for provider staff, the
 * customer named by `?tenant=<id>`. Staff without one are shown where to pick a proposal instead of an API error.
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
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <EmptyState icon={Signature} title="Choose a customer's proposal to view">
          <p>
            Portal pages show one customer's data. Open a proposal in the console and choose “View as client”
            to see it the way the customer does.
          </p>
          <Link to="/console/proposals" className={buttonClasses("secondary", "mt-4")}>
            Go to the proposals console
          </Link>
        </EmptyState>
      </Card>
    </>
  );
}
