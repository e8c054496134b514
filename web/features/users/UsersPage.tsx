import { UserPlus, Users } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import type { UserSummary } from "../../../contracts/users";
import { Badge } from "../../components/Badge";
import { Button, buttonClasses } from "../../components/Button";
import { EmailAddress } from "../../components/EmailAddress";
import { EmptyState } from "../../components/EmptyState";
import { FilterField } from "../../components/FilterField";
import { LoadedList } from "../../components/LoadedList";
import { PageHeader } from "../../components/PageHeader";
import { Pagination } from "../../components/Pagination";
import { type Column, Table } from "../../components/Table";
import { formatDateTime, NO_VALUE } from "../../lib/format";
import { useCurrentUser } from "../auth/useMe";
import { useTenantNames } from "../tenants/api";
import { USERS_PAGE_SIZE, useUsers } from "./api";
import { InviteDialog } from "./InviteDialog";
import { roleLabels } from "./labels";
import { RoleDialog } from "./RoleDialog";
import { StatusDialog } from "./StatusDialog";

/** Wide enough for the users' table next to the sidebar; narrower screens get one card per user. */
const WIDE_SCREEN = "(min-width: 80rem)";
const STAFF = "staff";
/** The search waits for typing to pause this long before it asks the server. */
const SEARCH_DELAY_MS = 300;

/**
 * `/console/users`: one customer organisation's users, or the provider's staff; change a role, disable or enable,
 * invite a customer user. Listed are the people who sign in with single sign-on; a customer's email-link people
 * are on the access links page.
 */
export function UsersPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const tenant = searchParams.get("tenant") || STAFF;
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState("");
  const [isInviting, setInviting] = useState(false);
  const inviteButtonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQuery(search.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  return (
    <>
      <PageHeader
        title="Users"
        description="Who signs in with single sign-on, by organisation: their role, sign-ins and sessions. People invited by email link are on the Access links page."
        actions={
          <button
            ref={inviteButtonRef}
            type="button"
            className={buttonClasses("primary")}
            onClick={() => setInviting(true)}
          >
            <UserPlus className="size-4" aria-hidden="true" />
            Invite user
          </button>
        }
      />
      <search className="mb-4 grid gap-4 sm:grid-cols-2 lg:max-w-3xl">
        <TenantPicker
          value={tenant}
          onChange={(value) => {
            setSearchParams(value === STAFF ? {} : { tenant: value }, { replace: true });
          }}
        />
        <FilterField label="Search">
          {(control) => (
            <input
              {...control}
              type="search"
              maxLength={200}
              placeholder="Name or email address"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          )}
        </FilterField>
      </search>
      <UserList tenant={tenant} query={query} />
      <InviteDialog
        open={isInviting}
        tenantId={tenant === STAFF ? null : tenant}
        onClose={() => {
          setInviting(false);
          inviteButtonRef.current?.focus();
        }}
      />
    </>
  );
}

/** "Provider staff", then the customers by name. */
function TenantPicker({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const tenants = useTenantNames();
  return (
    <FilterField label="Organisation">
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          aria-busy={tenants.isPending || undefined}
        >
          <option value={STAFF}>Provider staff</option>
          {tenants.data && (
            <optgroup label="Customers">
              {tenants.data.items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </optgroup>
          )}
          {/* A tenant named in the address but not (yet) among the loaded names stays selectable. */}
          {value !== STAFF && tenants.data && !tenants.data.items.some((item) => item.id === value) && (
            <option value={value}>Selected organisation</option>
          )}
        </select>
      )}
    </FilterField>
  );
}

type Action = { kind: "role" | "status"; user: UserSummary };

function UserList({ tenant, query }: { tenant: string; query: string }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The page belongs to one organisation and search: another one starts again at page 1.
  const listKey = `${tenant}|${query}`;
  const [paging, setPaging] = useState({ listKey, page: 1 });
  const page = paging.listKey === listKey ? paging.page : 1;
  const users = useUsers(tenant, query, page);
  const me = useCurrentUser();
  const [action, setAction] = useState<Action | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const body = (
    <LoadedList query={users} loadingLabel="Loading users…" what="the users">
      {(data) => (
        <>
          <Table
            caption="Users, by name"
            columns={userColumns(me.user.id, (kind, user) => setAction({ kind, user }))}
            rows={data.items}
            rowKey={(user) => user.id}
            isSortable={data.items.length >= data.total}
            empty={
              <EmptyState icon={Users} title={query ? "No user matches" : "No users yet"}>
                {query
                  ? "Try another name or address."
                  : "People appear here after their first sign-in with single sign-on."}
              </EmptyState>
            }
            rowClassName={(user) => (user.disabledAt ? "bg-slate-100 text-slate-600" : "")}
            wideQuery={WIDE_SCREEN}
            className="rounded-b-xl"
          />
          {data.total > USERS_PAGE_SIZE && (
            <Pagination
              label="Pages of users"
              noun="users"
              page={page}
              pageSize={USERS_PAGE_SIZE}
              total={data.total}
              onPage={(next) => setPaging({ listKey, page: next })}
            />
          )}
        </>
      )}
    </LoadedList>
  );

  const title = users.data ? (users.data.tenant?.name ?? "Provider staff") : "Users";
  const total = users.data?.total ?? 0;
  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="border-b border-slate-200 px-5 py-4">
        <h2
          id={headingId}
          ref={headingRef}
          tabIndex={-1}
          className="text-base font-semibold text-slate-900 focus:outline-none"
        >
          {title}
        </h2>
        <p className="text-sm text-slate-600">
          {users.data ? `${total === 1 ? "1 user" : `${total} users`}; by name.` : "By name."}
        </p>
      </header>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {body}
      <RoleDialog
        user={action?.kind === "role" ? action.user : null}
        onClose={() => setAction(null)}
        onChanged={(message) => {
          setAnnouncement(message);
          setAction(null);
        }}
      />
      <StatusDialog
        user={action?.kind === "status" ? action.user : null}
        onClose={() => setAction(null)}
        onChanged={(message) => {
          setAnnouncement(message);
          setAction(null);
        }}
        // The row's button changed its name: focus goes to the list, whose announcement says what happened.
        onClosedAfterChange={() => headingRef.current?.focus()}
      />
    </section>
  );
}

function LastSignIn({ user }: { user: UserSummary }) {
  if (!user.lastSignInAt) return <>Never</>;
  return (
    <time dateTime={user.lastSignInAt} className="whitespace-nowrap">
      {formatDateTime(user.lastSignInAt)}
    </time>
  );
}

function Mfa({ user }: { user: UserSummary }) {
  if (user.mfa === null) {
    return (
      <>
        <span aria-hidden="true">{NO_VALUE}</span>
        <span className="sr-only">No sign-in yet</span>
      </>
    );
  }
  return user.mfa ? <Badge tone="success">Yes</Badge> : <Badge tone="warning">No</Badge>;
}

function Status({ user }: { user: UserSummary }) {
  if (user.disabledAt) {
    return (
      <span className="flex flex-col items-start gap-1">
        <Badge tone="danger">Disabled</Badge>
        <time dateTime={user.disabledAt} className="text-xs whitespace-nowrap text-slate-600">
          {formatDateTime(user.disabledAt)}
        </time>
      </span>
    );
  }
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone="success">Active</Badge>
      <span className="text-xs whitespace-nowrap text-slate-600">
        {user.activeSessions === 1 ? "1 session" : `${user.activeSessions} sessions`}
      </span>
    </span>
  );
}

const userColumns = (
  myId: string | null,
  onAction: (kind: Action["kind"], user: UserSummary) => void,
): Column<UserSummary>[] => [
  {
    id: "name",
    header: "Name",
    isRowHeader: true,
    sortValue: (user) => user.name,
    className: "min-w-36",
    cell: (user) => (
      <>
        {user.name}
        {user.id === myId && <span className="ml-2 text-xs font-normal text-slate-600">(you)</span>}
      </>
    ),
  },
  {
    id: "email",
    header: "Email",
    sortValue: (user) => user.email,
    cell: (user) => <EmailAddress email={user.email} />,
  },
  {
    id: "role",
    header: "Role",
    sortValue: (user) => roleLabels[user.role],
    cell: (user) => roleLabels[user.role],
  },
  { id: "method", header: "Method", cell: () => <abbr title="Single sign-on">SSO</abbr> },
  {
    id: "lastSignIn",
    header: "Last sign-in",
    sortValue: (user) => user.lastSignInAt,
    cell: (user) => <LastSignIn user={user} />,
  },
  { id: "mfa", header: "MFA", cell: (user) => <Mfa user={user} /> },
  {
    id: "status",
    header: "Status",
    sortValue: (user) => (user.disabledAt ? 1 : 0),
    cell: (user) => <Status user={user} />,
  },
  {
    id: "actions",
    header: "Actions",
    isActions: true,
    // Nobody changes or disables themselves (the server refuses it too): the provider keeps its admin.
    cell: (user) =>
      user.id === myId ? null : (
        <span className="inline-flex flex-wrap justify-end gap-2 whitespace-nowrap">
          <Button variant="secondary" onClick={() => onAction("role", user)}>
            Change role<span className="sr-only"> of {user.name}</span>
          </Button>
          <Button variant="secondary" onClick={() => onAction("status", user)}>
            {user.disabledAt ? "Enable" : "Disable"}
            <span className="sr-only"> {user.name}</span>
          </Button>
        </span>
      ),
  },
];
