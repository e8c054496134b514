import { Building } from "lucide-react";
import { useParams } from "react-router";
import type { TenantDetail } from "../../../contracts/tenants";
import { BackLink } from "../../components/BackLink";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { LoadedPage } from "../../components/LoadedPage";
import { PageHeader } from "../../components/PageHeader";
import { formatCount, formatDate } from "../../lib/format";
import { useTenant, useUpdateTenant } from "./api";
import { TenantForm } from "./TenantForm";
import { PortalViewLink } from "./TenantsPage";
import { WorkspaceList } from "./WorkspaceList";

/** `/console/tenants/:id`: one customer's settings and workspaces. */
export function TenantPage() {
  const id = useParams().id ?? "";
  const tenant = useTenant(id);
  return (
    <>
      <BackLink to="/console/tenants">All tenants</BackLink>
      <LoadedPage
        query={tenant}
        title="Tenant"
        loadingLabel="Loading the tenant…"
        what="this tenant"
        notFoundTitle="Tenant not found"
        notFound={
          <EmptyState icon={Building} title="This tenant does not exist">
            Check the link, or find the tenant in the list.
          </EmptyState>
        }
      >
        {(data) => <TenantDetailView key={data.id} tenant={data} />}
      </LoadedPage>
    </>
  );
}

function TenantDetailView({ tenant }: { tenant: TenantDetail }) {
  const update = useUpdateTenant(tenant.id);
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={`${tenant.slug} · ${formatCount(tenant.users)} ${tenant.users === 1 ? "user" : "users"} · created ${formatDate(tenant.created_at)}`}
        actions={<PortalViewLink tenant={tenant} />}
      />
      <div className="space-y-6">
        <Card title="Settings">
          <TenantForm
            tenant={tenant}
            isSaving={update.isPending}
            submitLabel="Save settings"
            savingLabel="Saving…"
            onSubmit={(body) => update.mutateAsync(body)}
          />
        </Card>
        <WorkspaceList tenant={tenant} />
      </div>
    </>
  );
}
