import { Building, Eye } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { TenantSummary } from "../../../contracts/tenants";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";
import { LoadedList } from "../../components/LoadedList";
import { NewItemButton } from "../../components/NewItemButton";
import { PageHeader } from "../../components/PageHeader";
import { Pagination } from "../../components/Pagination";
import { type Column, Table } from "../../components/Table";
import { formatCount, formatDate } from "../../lib/format";
import { portalViewPath, tenantPath, useCreateTenant, useTenantList } from "./api";
import { TenantForm } from "./TenantForm";

/** How long typing in the search waits before asking the server. */
const SEARCH_DELAY_MS = 250;

/** `/console/tenants`: the provider's customers, searchable, and a form for a new one. */
export function TenantsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const q = searchParams.get("q") ?? "";
  const page = Math.max(1, Number(searchParams.get("page")) || 1);
  const [isCreating, setCreating] = useState(false);
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const create = useCreateTenant();

  const setSearch = (next: { q?: string; page?: number }) =>
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        const query = next.q ?? q;
        if (query) params.set("q", query);
        else params.delete("q");
        const nextPage = next.page ?? 1;
        if (nextPage > 1) params.set("page", String(nextPage));
        else params.delete("page");
        return params;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Customer organisations: how their people sign in, where access links may go, and their workspaces."
        actions={
          <NewItemButton
            buttonRef={newButtonRef}
            isOpen={isCreating}
            onToggle={() => setCreating((open) => !open)}
          >
            New tenant
          </NewItemButton>
        }
      />
      {isCreating && (
        <div className="mb-6">
          <Card title="New tenant">
            <TenantForm
              isFocusedOnOpen
              isSaving={create.isPending}
              submitLabel="Create tenant"
              savingLabel="Creating…"
              onSubmit={(body) => create.mutateAsync(body).then((tenant) => navigate(tenantPath(tenant.id)))}
              onCancel={() => {
                setCreating(false);
                newButtonRef.current?.focus();
              }}
            />
          </Card>
        </div>
      )}
      <TenantListPanel
        q={q}
        page={page}
        onSearch={(text) => setSearch({ q: text })}
        onPage={(n) => setSearch({ page: n })}
      />
    </>
  );
}

interface TenantListPanelProps {
  q: string;
  page: number;
  onSearch: (q: string) => void;
  onPage: (page: number) => void;
}

function TenantListPanel({ q, page, onSearch, onPage }: TenantListPanelProps) {
  const headingId = useId();
  const searchId = useId();
  const [text, setText] = useState(q);
  const tenants = useTenantList(q, page);

  // Typing searches once the typist pauses; the address keeps the search, so a reload or a link shows the same.
  useEffect(() => {
    if (text.trim() === q) return;
    const timer = setTimeout(() => onSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, q, onSearch]);

  const body = (
    <LoadedList query={tenants} loadingLabel="Loading tenants…" what="the tenants">
      {({ items, total, page_size: pageSize }) => (
        <>
          <Table
            caption="Tenants"
            columns={tenantColumns}
            rows={items}
            rowKey={(tenant) => tenant.id}
            isSortable={total <= pageSize}
            empty={
              <EmptyState icon={Building} title={q ? "No tenant matches" : "No tenants yet"}>
                {q
                  ? `No tenant's name or slug contains “${q}”.`
                  : "Create one with “New tenant” for each customer organisation."}
              </EmptyState>
            }
            className="rounded-b-xl"
          />
          {total > pageSize && (
            <Pagination
              label="Pages of tenants"
              noun="tenants"
              page={page}
              pageSize={pageSize}
              total={total}
              onPage={onPage}
            />
          )}
        </>
      )}
    </LoadedList>
  );

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-end justify-between gap-4 border-b border-slate-200 px-5 py-4">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            Customers
          </h2>
          <p className="text-sm text-slate-600">By name.</p>
        </div>
        <div className="w-full sm:w-72">
          <label htmlFor={searchId} className="block text-sm font-medium text-slate-700">
            Search by name or slug
          </label>
          <input
            id={searchId}
            type="search"
            autoComplete="off"
            maxLength={200}
            value={text}
            onChange={(event) => setText(event.target.value)}
            className={`mt-1 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm ${focusRing}`}
          />
        </div>
      </header>
      {body}
    </section>
  );
}

const tenantColumns: Column<TenantSummary>[] = [
  {
    id: "name",
    header: "Name",
    isRowHeader: true,
    sortValue: (tenant) => tenant.name,
    className: "min-w-48",
    cell: (tenant) => (
      <Link to={tenantPath(tenant.id)} className={`rounded text-orange-800 hover:underline ${focusRing}`}>
        {tenant.name}
      </Link>
    ),
  },
  {
    id: "slug",
    header: "Slug",
    sortValue: (tenant) => tenant.slug,
    cell: (tenant) => <code className="font-mono text-xs break-all">{tenant.slug}</code>,
  },
  {
    id: "workspaces",
    header: "Workspaces",
    sortValue: (tenant) => tenant.workspaces,
    cell: (tenant) => formatCount(tenant.workspaces),
  },
  {
    id: "users",
    header: "Users",
    sortValue: (tenant) => tenant.users,
    cell: (tenant) => formatCount(tenant.users),
  },
  {
    id: "mfa",
    header: "MFA required",
    sortValue: (tenant) => (tenant.require_mfa ? 0 : 1),
    cell: (tenant) =>
      tenant.require_mfa ? (
        <Badge tone="success">Required</Badge>
      ) : (
        <Badge tone="neutral">Not required</Badge>
      ),
  },
  {
    id: "created",
    header: "Created",
    sortValue: (tenant) => tenant.created_at,
    cell: (tenant) => (
      <time dateTime={tenant.created_at} className="whitespace-nowrap">
        {formatDate(tenant.created_at)}
      </time>
    ),
  },
  {
    id: "actions",
    header: "Actions",
    isActions: true,
    cell: (tenant) => <PortalViewLink tenant={tenant} />,
  },
];

/** The customer's portal as staff see it (read-only). */
export function PortalViewLink({ tenant }: { tenant: { id: string; name: string } }) {
  return (
    <Link
      to={portalViewPath(tenant.id)}
      className={`inline-flex items-center gap-1.5 rounded text-sm font-medium whitespace-nowrap text-orange-800 hover:underline ${focusRing}`}
    >
      <Eye className="size-4" aria-hidden="true" />
      Open portal view<span className="sr-only"> of {tenant.name}</span>
    </Link>
  );
}
