import { Building, ChevronRight } from "lucide-react";
import { type ReactNode, useId, useMemo, useState } from "react";
import { Link } from "react-router";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { focusRing } from "../../components/focus";
import { SkeletonRows } from "../../components/Skeleton";
import { useWorkspaceOptions, type WorkspaceOption } from "../client-tokens/api";

/** With more customers than this, the picker offers a filter. */
const FILTER_FROM = 8;

export interface PickableTenant {
  id: string;
  name: string;
  workspaces: string[];
}

/** Customers with at least one active workspace (what a portal view can show), by name. */
export function tenantsOf(options: readonly WorkspaceOption[]): PickableTenant[] {
  const byId = new Map<string, PickableTenant>();
  for (const option of options) {
    const tenant = byId.get(option.tenantId) ?? {
      id: option.tenantId,
      name: option.tenantName,
      workspaces: [],
    };
    tenant.workspaces.push(option.name);
    byId.set(option.tenantId, tenant);
  }
  return [...byId.values()];
}

/**
 * Provider staff choose whose portal to view. Every staff role may list the workspaces (the access links' picker
 * reads the same list), so analysts and admins see the same customers; archived workspaces are left out.
 */
export function useStaffTenants() {
  const options = useWorkspaceOptions();
  const tenants = useMemo(() => (options.data ? tenantsOf(options.data.items) : undefined), [options.data]);
  return { ...options, tenants };
}

interface TenantPickerProps {
  /** Where choosing a tenant leads. */
  pathOf: (tenantId: string) => string;
  heading?: string;
}

/** A list of customers, each a link to its portal view; filterable when there are many. */
export function TenantPicker({ pathOf, heading = "Customers" }: TenantPickerProps) {
  const filterId = useId();
  const headingId = useId();
  const [filter, setFilter] = useState("");
  const staffTenants = useStaffTenants();

  let body: ReactNode;
  if (staffTenants.isPending) {
    body = <SkeletonRows label="Loading customers…" rows={3} rowClassName="h-14 rounded-lg" />;
  } else if (staffTenants.isError) {
    body = (
      <ErrorState
        what="the customers"
        error={staffTenants.error}
        onRetry={() => void staffTenants.refetch()}
      />
    );
  } else {
    const all = staffTenants.tenants ?? [];
    const needle = filter.trim().toLowerCase();
    const shown = needle ? all.filter((tenant) => tenant.name.toLowerCase().includes(needle)) : all;
    body = (
      <>
        {all.length > FILTER_FROM && (
          <div className="mb-3 max-w-sm">
            <label htmlFor={filterId} className="block text-sm font-medium text-slate-700">
              Filter customers
            </label>
            <input
              id={filterId}
              type="search"
              autoComplete="off"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              className={`mt-1 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm ${focusRing}`}
            />
          </div>
        )}
        {shown.length === 0 ? (
          <EmptyState icon={Building} title={needle ? "No customer matches" : "No customers yet"}>
            {needle
              ? `No customer's name contains “${filter.trim()}”.`
              : "A customer appears here once it has an active workspace."}
          </EmptyState>
        ) : (
          <ul aria-labelledby={headingId} className="grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
            {shown.map((tenant) => (
              <li key={tenant.id} className="min-w-0">
                <Link
                  to={pathOf(tenant.id)}
                  className={`flex items-center justify-between gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm hover:border-orange-300 hover:bg-orange-50/60 ${focusRing}`}
                >
                  <span className="min-w-0">
                    <span className="block font-medium break-words text-slate-900">{tenant.name}</span>
                    <span className="block text-xs break-words text-slate-600">
                      {tenant.workspaces.join(", ")}
                    </span>
                  </span>
                  <ChevronRight className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }

  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="mb-3 text-base font-semibold text-slate-900">
        {heading}
      </h2>
      {body}
    </section>
  );
}
