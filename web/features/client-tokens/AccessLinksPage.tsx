import { CircleCheck, Link2, Send } from "lucide-react";
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import type { AccessLink, AccessLinkRole, AccessLinkStatus } from "../../../contracts/access-links";
import { Badge } from "../../components/Badge";
import { Button, buttonClasses, waitingClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { EmailAddress } from "../../components/EmailAddress";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { FilterField } from "../../components/FilterField";
import { LoadingState } from "../../components/LoadingState";
import { PageHeader } from "../../components/PageHeader";
import { SkeletonRows } from "../../components/Skeleton";
import { type Column, Table } from "../../components/Table";
import { isApiError } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import {
  useAccessLinks,
  useIssueAccessLink,
  useRevokeAccessLink,
  useWorkspaceOptions,
  type WorkspaceOption,
} from "./api";
import {
  accessLinkLifetimes,
  accessLinkMailLabels,
  accessLinkRoleLabels,
  accessLinkStatusLabels,
  DEFAULT_LIFETIME_HOURS,
  listOfDomains,
} from "./labels";

/** Wide enough for the links' table next to the sidebar; narrower screens get one card per link. */
const WIDE_SCREEN = "(min-width: 72rem)";

const statusFilters: AccessLinkStatus[] = ["unused", "used", "expired", "revoked"];

/** `/console/access-links`: email a customer a one-time link into one workspace; follow and revoke the links. */
export function AccessLinksPage() {
  const workspaces = useWorkspaceOptions();
  const [searchParams, setSearchParams] = useSearchParams();

  const header = (
    <PageHeader
      title="Access links"
      description="Email a customer a one-time link that signs them into one workspace, without an account at their identity provider."
    />
  );
  if (workspaces.isPending) {
    return (
      <>
        {header}
        <Card>
          <LoadingState label="Loading workspaces…" />
        </Card>
      </>
    );
  }
  if (workspaces.isError) {
    return (
      <>
        {header}
        <Card>
          <ErrorState
            what="the workspaces"
            error={workspaces.error}
            onRetry={() => void workspaces.refetch()}
          />
        </Card>
      </>
    );
  }
  const options = workspaces.data.items;
  if (options.length === 0) {
    return (
      <>
        {header}
        <Card>
          <EmptyState icon={Link2} title="No workspaces yet">
            Links open one customer workspace. Once a customer has one, you can send links into it here.
          </EmptyState>
        </Card>
      </>
    );
  }

  const workspace = options.find((option) => option.id === searchParams.get("workspace")) ?? options[0];
  const status = statusFilters.find((option) => option === searchParams.get("status")) ?? "";
  const setParam = (name: string, value: string) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  if (!workspace) return header;

  return (
    <>
      {header}
      <div className="space-y-6">
        <WorkspacePicker
          options={options}
          selected={workspace}
          onChange={(id) => setParam("workspace", id)}
        />
        {/* Keyed: another workspace starts with an empty form and no message about the previous one. */}
        <IssueForm key={workspace.id} workspace={workspace} />
        <Links
          key={`links-${workspace.id}`}
          workspace={workspace}
          status={status}
          onStatusChange={(value) => setParam("status", value)}
        />
      </div>
    </>
  );
}

/** The workspaces by tenant; the tenant's name is the group's label. */
function groupByTenant(options: WorkspaceOption[]): [tenantName: string, WorkspaceOption[]][] {
  const groups = new Map<string, { name: string; items: WorkspaceOption[] }>();
  for (const option of options) {
    const group = groups.get(option.tenantId) ?? { name: option.tenantName, items: [] };
    group.items.push(option);
    groups.set(option.tenantId, group);
  }
  return [...groups.values()].map((group) => [group.name, group.items]);
}

const kindLabels: Record<WorkspaceOption["kind"], string> = {
  soc: "Managed SOC workspace",
  advisory: "Advisory workspace",
};

function WorkspacePicker({
  options,
  selected,
  onChange,
}: {
  options: WorkspaceOption[];
  selected: WorkspaceOption;
  onChange: (id: string) => void;
}) {
  const hintId = useId();
  return (
    <FilterField label="Workspace" className="sm:max-w-md">
      {(control) => (
        <>
          <select
            {...control}
            value={selected.id}
            onChange={(event) => onChange(event.target.value)}
            aria-describedby={hintId}
          >
            {groupByTenant(options).map(([tenantName, items]) => (
              <optgroup key={tenantName} label={tenantName}>
                {items.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {/* A closed select shows the workspace only, and two customers may both have a "Managed SOC". */}
          <p id={hintId} className="mt-1 text-xs text-slate-600">
            {selected.tenantName} · {kindLabels[selected.kind]}
          </p>
        </>
      )}
    </FilterField>
  );
}

type Field = "email" | "expiresInHours" | "form";

/** Which field a 400's message is about: the address (its domain) or the lifetime; otherwise the whole form. */
function fieldOf(message: string): Field {
  if (/lifetime|hours|expir/i.test(message)) return "expiresInHours";
  if (/domain|e-?mail|address/i.test(message)) return "email";
  return "form";
}

/** Loose on purpose: the server checks the address exactly; this only catches what cannot be an address. */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function IssueForm({ workspace }: { workspace: WorkspaceOption }) {
  const emailHintId = useId();
  const emailErrorId = useId();
  const lifetimeErrorId = useId();
  const emailRef = useRef<HTMLInputElement>(null);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<AccessLinkRole>("customer_viewer");
  const [hours, setHours] = useState(DEFAULT_LIFETIME_HOURS);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const issue = useIssueAccessLink(workspace.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (issue.isPending) return;
    const address = email.trim();
    if (!LOOKS_LIKE_EMAIL.test(address)) {
      setErrors({ email: "Enter an email address, like name@example.com." });
      emailRef.current?.focus();
      return;
    }
    setErrors({});
    issue.mutate(
      { email: address, role, expiresInHours: hours },
      {
        onSuccess: () => setEmail(""),
        onError: (error) => {
          if (isApiError(error, 400)) {
            const field = fieldOf(error.message);
            setErrors({ [field]: error.message });
            if (field === "email") emailRef.current?.focus();
          } else if (isApiError(error, 404)) {
            setErrors({ form: "This workspace no longer exists. Reload the page to see the current ones." });
          } else {
            const requestId = isApiError(error) ? error.requestId : undefined;
            const message = isApiError(error) ? error.message : "The server could not be reached.";
            setErrors({ form: `${message}${requestId ? ` (request id ${requestId})` : ""}` });
          }
        },
      },
    );
  };

  const domains = workspace.allowedEmailDomains;
  const issued = issue.isSuccess ? issue.data : undefined;

  return (
    <Card title="Issue a link">
      <form noValidate onSubmit={submit} className="space-y-4">
        <p className="text-sm text-slate-600">
          The link is emailed to the customer and opens <strong>{workspace.name}</strong> for{" "}
          {workspace.tenantName}, once.
        </p>
        <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] lg:items-start">
          <FilterField label="Email address">
            {(control) => (
              <>
                <input
                  {...control}
                  ref={emailRef}
                  type="email"
                  autoComplete="off"
                  spellCheck={false}
                  required
                  value={email}
                  onChange={(event) => setEmail(event.target.value)}
                  placeholder={domains[0] ? `name@${domains[0]}` : "name@example.com"}
                  aria-invalid={errors.email ? true : undefined}
                  aria-describedby={errors.email ? `${emailErrorId} ${emailHintId}` : emailHintId}
                  className={`${control.className} aria-invalid:border-red-700`}
                />
                {errors.email && (
                  <p id={emailErrorId} className="mt-1 text-sm font-medium text-red-800">
                    {errors.email}
                  </p>
                )}
                <p id={emailHintId} className="mt-1 text-xs text-slate-600">
                  {domains.length > 0
                    ? `${workspace.tenantName} accepts addresses at ${listOfDomains(domains)} only.`
                    : `${workspace.tenantName} accepts any email domain.`}
                </p>
              </>
            )}
          </FilterField>
          <FilterField label="Role">
            {(control) => (
              <select
                {...control}
                value={role}
                onChange={(event) => setRole(event.target.value as AccessLinkRole)}
              >
                {Object.entries(accessLinkRoleLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
          <FilterField label="Link works for">
            {(control) => (
              <>
                <select
                  {...control}
                  value={hours}
                  onChange={(event) => setHours(Number(event.target.value))}
                  aria-invalid={errors.expiresInHours ? true : undefined}
                  aria-describedby={errors.expiresInHours ? lifetimeErrorId : undefined}
                  className={`${control.className} aria-invalid:border-red-700`}
                >
                  {accessLinkLifetimes.map((lifetime) => (
                    <option key={lifetime.hours} value={lifetime.hours}>
                      {lifetime.label}
                    </option>
                  ))}
                </select>
                {errors.expiresInHours && (
                  <p id={lifetimeErrorId} className="mt-1 text-sm font-medium text-red-800">
                    {errors.expiresInHours}
                  </p>
                )}
              </>
            )}
          </FilterField>
          <div className="lg:pt-6">
            <Button
              type="submit"
              // aria-disabled, not disabled: a disabled button loses focus (to the page's top) while it waits.
              aria-disabled={issue.isPending || undefined}
              className={`h-10 w-full lg:w-auto ${waitingClasses}`}
            >
              <Send className="size-4" aria-hidden="true" />
              {issue.isPending ? "Sending…" : "Send link"}
            </Button>
          </div>
        </div>
        {errors.form && (
          <p
            role="alert"
            className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
          >
            {errors.form}
          </p>
        )}
        <div role="status">
          {issued && !issue.isPending && (
            <p className="flex items-start gap-2 rounded-lg border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-900">
              <CircleCheck className="mt-0.5 size-4 shrink-0 text-green-700" aria-hidden="true" />
              <span>
                Link sent to <strong className="break-all">{issued.email}</strong> — expires{" "}
                {formatDateTime(issued.expiresAt)}.
              </span>
            </p>
          )}
        </div>
      </form>
    </Card>
  );
}

function Links({
  workspace,
  status,
  onStatusChange,
}: {
  workspace: WorkspaceOption;
  status: AccessLinkStatus | "";
  onStatusChange: (status: string) => void;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const links = useAccessLinks(workspace.id, status);
  const [announcement, setAnnouncement] = useState("");
  const revoke = useRevokeAccessLink(workspace.id);

  const revokeOf = (link: AccessLink): Omit<RevokeControlProps, "link"> => {
    const isThis = revoke.variables?.id === link.id;
    return {
      isPending: isThis && revoke.isPending,
      error:
        isThis && revoke.isError
          ? `${isApiError(revoke.error) ? revoke.error.message : "The server could not be reached."} Try again.`
          : null,
      onRevoke: (target) =>
        revoke.mutate(target, {
          onSuccess: () => {
            setAnnouncement(`The link for ${target.email} is revoked.`);
            // The row's buttons are gone: focus goes to the list, whose announcement says what happened.
            headingRef.current?.focus();
          },
        }),
    };
  };

  let body: ReactNode;
  if (links.isPending) {
    body = <SkeletonRows label="Loading links…" className="p-5" rowClassName="h-12 rounded-md" />;
  } else if (links.isError) {
    body = <ErrorState what="the links" error={links.error} onRetry={() => void links.refetch()} />;
  } else if (links.data.items.length === 0) {
    body = (
      <EmptyState
        icon={Link2}
        title={status ? `No ${accessLinkStatusLabels[status].label.toLowerCase()} links` : "No links yet"}
      >
        <p>
          {status
            ? "No link of this workspace has this status."
            : "Links you send for this workspace are listed here, with whether their email went out."}
        </p>
      </EmptyState>
    );
  } else {
    const items = links.data.items;
    body = (
      <div aria-busy={links.isPlaceholderData}>
        <LinkTable links={items} revokeOf={revokeOf} />
      </div>
    );
  }

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-col gap-3 border-b border-slate-200 px-5 py-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <h2
            id={headingId}
            ref={headingRef}
            tabIndex={-1}
            className="text-base font-semibold text-slate-900 focus:outline-none"
          >
            Links for {workspace.name}
          </h2>
          <p className="text-sm text-slate-600">{workspace.tenantName} · newest first</p>
        </div>
        <search className="sm:w-56">
          <FilterField label="Status">
            {(control) => (
              <select {...control} value={status} onChange={(event) => onStatusChange(event.target.value)}>
                <option value="">All statuses</option>
                {statusFilters.map((value) => (
                  <option key={value} value={value}>
                    {accessLinkStatusLabels[value].label}
                  </option>
                ))}
              </select>
            )}
          </FilterField>
        </search>
      </header>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {body}
    </section>
  );
}

interface LinkListProps {
  links: AccessLink[];
  revokeOf: (link: AccessLink) => Omit<RevokeControlProps, "link">;
}

function StatusBadge({ link }: { link: AccessLink }) {
  const { label, tone } = accessLinkStatusLabels[link.status];
  return <Badge tone={tone}>{label}</Badge>;
}

/** Whether the email went out; a failure says why, a retry how often it was tried. */
function MailState({ link }: { link: AccessLink }) {
  const { mail } = link;
  const { label, tone } = accessLinkMailLabels[mail.status];
  return (
    <div className="space-y-1">
      <Badge tone={tone}>{label}</Badge>
      {mail.status === "sent" && mail.sentAt && (
        <p className="text-xs whitespace-nowrap text-slate-600">
          <time dateTime={mail.sentAt}>{formatDateTime(mail.sentAt)}</time>
        </p>
      )}
      {mail.status === "queued" && mail.attempts > 0 && (
        <p className="text-xs text-slate-600">
          Retrying after {mail.attempts} failed {mail.attempts === 1 ? "attempt" : "attempts"}
        </p>
      )}
      {mail.status === "failed" && (
        <p className="text-xs text-slate-600">
          After {mail.attempts} {mail.attempts === 1 ? "attempt" : "attempts"}
        </p>
      )}
      {mail.error && mail.status !== "sent" && (
        <p className="text-xs break-words text-red-800">{mail.error}</p>
      )}
    </div>
  );
}

function issuerOf(link: AccessLink): string {
  if (link.origin === "self_service") return "Requested by the client";
  if (link.origin === "cli") return link.issuedBy ? `${link.issuedBy} (CLI)` : "Command line";
  return link.issuedBy ?? "Staff";
}

function Dates({ link }: { link: AccessLink }) {
  const rows: [string, string | null][] = [
    ["Created", link.createdAt],
    [link.status === "expired" ? "Expired" : "Expires", link.expiresAt],
    ["Used", link.usedAt],
    ["Revoked", link.revokedAt],
  ];
  return (
    <dl className="grid grid-cols-[3.5rem_auto] gap-x-2 gap-y-0.5 text-xs">
      {rows
        .filter((row): row is [string, string] => row[1] !== null)
        .map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-slate-800">
              <time dateTime={value}>{formatDateTime(value)}</time>
            </dd>
          </div>
        ))}
    </dl>
  );
}

function LinkTable({ links, revokeOf }: LinkListProps) {
  const columns: Column<AccessLink>[] = [
    {
      id: "recipient",
      header: "Recipient",
      isRowHeader: true,
      className: "min-w-48 font-normal",
      sortValue: (link) => link.email,
      cell: (link) => (
        <>
          <span className="block font-medium break-words text-slate-900">
            <EmailAddress email={link.email} />
          </span>
          <span className="block text-xs font-normal text-slate-600">{accessLinkRoleLabels[link.role]}</span>
        </>
      ),
    },
    {
      id: "status",
      header: "Status",
      sortValue: (link) => link.status,
      cell: (link) => <StatusBadge link={link} />,
    },
    { id: "mail", header: "Email", className: "max-w-48", cell: (link) => <MailState link={link} /> },
    { id: "issuer", header: "Issued by", sortValue: issuerOf, cell: issuerOf },
    { id: "dates", header: "Dates", className: "whitespace-nowrap", cell: (link) => <Dates link={link} /> },
    {
      id: "actions",
      header: "Actions",
      isActions: true,
      className: "w-44",
      cell: (link) => <RevokeControl link={link} {...revokeOf(link)} />,
    },
  ];
  return (
    <Table
      caption="Access links, newest first"
      columns={columns}
      rows={links}
      rowKey={(link) => link.id}
      empty={null}
      wideQuery={WIDE_SCREEN}
      className="rounded-b-xl"
    />
  );
}

interface RevokeControlProps {
  link: AccessLink;
  /** The revoke request for this link is on its way. */
  isPending: boolean;
  /** Why the last revoke of this link failed. */
  error: string | null;
  onRevoke: (link: AccessLink) => void;
}

/** Revoke, then a confirm step: revoking also ends a session the link opened. */
function RevokeControl({ link, isPending, error, onRevoke }: RevokeControlProps) {
  const [isConfirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the step: onto "Revoke link" when asked to confirm, back onto "Revoke" on cancel.
  useEffect(() => {
    if (isConfirming) confirmRef.current?.focus();
    else if (wasConfirming.current) revokeRef.current?.focus();
    wasConfirming.current = isConfirming;
  }, [isConfirming]);

  if (link.status !== "unused" && link.status !== "used") return null;

  if (!isConfirming) {
    return (
      <button
        ref={revokeRef}
        type="button"
        className={buttonClasses("secondary")}
        onClick={() => setConfirming(true)}
      >
        Revoke<span className="sr-only"> the link for {link.email}</span>
      </button>
    );
  }
  return (
    <div className="flex flex-col gap-2 text-left">
      <p className="text-xs text-slate-700">
        {link.status === "used"
          ? "Revoke it and end the session it opened?"
          : "Revoke it? It will no longer open the workspace."}
      </p>
      <div className="flex flex-wrap gap-2">
        <button
          ref={confirmRef}
          type="button"
          className={buttonClasses("primary", `whitespace-nowrap ${waitingClasses}`)}
          aria-disabled={isPending || undefined}
          onClick={() => {
            if (!isPending) onRevoke(link);
          }}
        >
          {isPending ? "Revoking…" : "Revoke link"}
          <span className="sr-only"> for {link.email}</span>
        </button>
        <button
          type="button"
          className={buttonClasses("secondary", waitingClasses)}
          aria-disabled={isPending || undefined}
          onClick={() => {
            if (!isPending) setConfirming(false);
          }}
        >
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}
