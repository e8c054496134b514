import { Briefcase, Eye } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useSearchParams } from "react-router";
import { buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";
import { PageHeader } from "../../components/PageHeader";
import { useCurrentUser } from "../auth/useMe";

/**
 * Whose engagements the portal page shows. A customer's come from the session (no `tenant` sent); provider staff
 * name the customer with `?tenant=<id>` in the page's address, which the page passes on to the API.
 */
export function useViewedTenant(): { tenant: string | undefined; mustChoose: boolean } {
  const me = useCurrentUser();
  const [searchParams] = useSearchParams();
  if (me.tenant) return { tenant: undefined, mustChoose: false };
  const tenant = searchParams.get("tenant") ?? "";
  return { tenant: tenant || undefined, mustChoose: tenant === "" };
}

/** `?tenant=…` for links between the portal's engagement pages when staff view a customer; "" otherwise. */
export function tenantSearch(tenant: string | undefined): string {
  return tenant ? `?${new URLSearchParams({ tenant })}` : "";
}

interface TenantGateProps {
  title: string;
  children: (tenant: string | undefined) => ReactNode;
}

/** Staff without `?tenant=` are shown where to pick a customer's engagement instead of an API error. */
export function EngagementTenantGate({ title, children }: TenantGateProps) {
  const { tenant, mustChoose } = useViewedTenant();
  if (!mustChoose) return children(tenant);
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <EmptyState icon={Briefcase} title="Choose a customer's engagement to view">
          <p>
            Portal pages show one customer's data. Open an engagement in the console and choose “View as
            client” to see it the way the customer does.
          </p>
          <Link to="/console/engagements" className={buttonClasses("secondary", "mt-4")}>
            Go to the engagements console
          </Link>
        </EmptyState>
      </Card>
    </>
  );
}

/** Above a portal page that staff view as the client: what the client does not see, and the way back. */
export function ClientViewNotice({
  consolePath,
  consoleLabel,
  children,
}: {
  consolePath: string;
  /** The link back to the console, e.g. "Open in the console". */
  consoleLabel: string;
  children: ReactNode;
}) {
  return (
    <p className="mb-4 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border border-sky-200 bg-sky-50 px-4 py-2 text-sm text-sky-900">
      <Eye className="size-4 shrink-0" aria-hidden="true" />
      <span>{children}</span>
      <Link to={consolePath} className={`rounded font-medium underline ${focusRing}`}>
        {consoleLabel}
      </Link>
    </p>
  );
}
