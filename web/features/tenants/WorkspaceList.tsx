import { Archive, ArchiveRestore, LayoutGrid } from "lucide-react";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import {
  WORKSPACE_DESCRIPTION_MAX_LENGTH,
  WORKSPACE_NAME_MAX_LENGTH,
  type WorkspaceKind,
  workspaceKinds,
} from "../../../contracts/tenant-rules";
import type { TenantDetail, WorkspaceItem } from "../../../contracts/tenants";
import { Badge } from "../../components/Badge";
import { Button, waitingClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { Dialog, DialogActions } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { FieldError, FormError } from "../../components/FormMessages";
import { focusRing } from "../../components/focus";
import { NewItemButton } from "../../components/NewItemButton";
import { type Column, Table } from "../../components/Table";
import { isApiError } from "../../lib/api";
import { formatCount, formatDate } from "../../lib/format";
import { useCreateWorkspace, useUpdateWorkspace } from "./api";

export const kindLabels: Record<WorkspaceKind, string> = { soc: "SOC", advisory: "Advisory" };

const inputClasses = `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm aria-invalid:border-red-700 disabled:bg-slate-100 ${focusRing}`;

/** Greys an archived workspace's row or card; its text stays at ≥ 4.5:1 on the grey. */
const archivedClasses = "bg-slate-100 text-slate-600";

function messageOf(error: unknown): string {
  if (!isApiError(error)) return "The server could not be reached. Try again.";
  if (error.status === 404) return "This workspace or tenant no longer exists. Reload the page.";
  if (error.status >= 500 && error.requestId) return `${error.message} (request id ${error.requestId})`;
  return error.message;
}

/** The tenant's workspaces: create, rename and describe, archive and bring back. */
export function WorkspaceList({ tenant }: { tenant: TenantDetail }) {
  const [isCreating, setCreating] = useState(false);
  const [editing, setEditing] = useState<WorkspaceItem | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const update = useUpdateWorkspace(tenant.id);
  const [archiveFailure, setArchiveFailure] = useState<string | null>(null);

  const setArchived = (workspace: WorkspaceItem, archived: boolean) => {
    setArchiveFailure(null);
    update.mutate(
      { id: workspace.id, archived },
      {
        onSuccess: () => setAnnouncement(`${workspace.name} is ${archived ? "archived" : "active again"}.`),
        onError: (error) => setArchiveFailure(messageOf(error)),
      },
    );
  };

  const columns: Column<WorkspaceItem>[] = [
    {
      id: "name",
      header: "Name",
      isRowHeader: true,
      sortValue: (workspace) => workspace.name,
      className: "min-w-48",
      cell: (workspace) => (
        <>
          <span className="block">{workspace.name}</span>
          {workspace.description && (
            <span className="block text-xs font-normal text-slate-600">{workspace.description}</span>
          )}
        </>
      ),
    },
    {
      id: "kind",
      header: "Kind",
      sortValue: (workspace) => kindLabels[workspace.kind],
      cell: (workspace) => kindLabels[workspace.kind],
    },
    {
      id: "reports",
      header: "Reports",
      sortValue: (workspace) => workspace.reports,
      cell: (workspace) => formatCount(workspace.reports),
    },
    {
      id: "engagements",
      header: "Engagements",
      sortValue: (workspace) => workspace.engagements,
      cell: (workspace) => formatCount(workspace.engagements),
    },
    {
      id: "status",
      header: "Status",
      sortValue: (workspace) => (workspace.archived_at ? 1 : 0),
      cell: (workspace) =>
        workspace.archived_at ? (
          <span className="flex flex-col items-start gap-1">
            <Badge tone="neutral">Archived</Badge>
            <time dateTime={workspace.archived_at} className="text-xs whitespace-nowrap text-slate-600">
              {formatDate(workspace.archived_at)}
            </time>
          </span>
        ) : (
          <Badge tone="success">Active</Badge>
        ),
    },
    {
      id: "actions",
      header: "Actions",
      isActions: true,
      cell: (workspace) => (
        <span className="inline-flex flex-wrap justify-end gap-2 lg:flex-nowrap">
          <Button variant="secondary" onClick={() => setEditing(workspace)}>
            Edit<span className="sr-only"> {workspace.name}</span>
          </Button>
          <Button
            variant="secondary"
            aria-disabled={update.isPending || undefined}
            className={waitingClasses}
            onClick={() => {
              if (!update.isPending) setArchived(workspace, !workspace.archived_at);
            }}
          >
            {workspace.archived_at ? (
              <ArchiveRestore className="size-4" aria-hidden="true" />
            ) : (
              <Archive className="size-4" aria-hidden="true" />
            )}
            {workspace.archived_at ? "Unarchive" : "Archive"}
            <span className="sr-only"> {workspace.name}</span>
          </Button>
        </span>
      ),
    },
  ];

  return (
    <Card
      title="Workspaces"
      flush
      actions={
        <NewItemButton
          buttonRef={newButtonRef}
          isOpen={isCreating}
          onToggle={() => setCreating((open) => !open)}
        >
          New workspace
        </NewItemButton>
      }
    >
      <p className="border-b border-slate-200 px-5 py-3 text-sm text-slate-600">
        An archived workspace is read-only history: customers keep its published reports, but it is left out
        of pickers and no new access link leads to it.
      </p>
      {isCreating && (
        <div className="border-b border-slate-200 p-5">
          <NewWorkspaceForm
            tenantId={tenant.id}
            onCancel={() => {
              setCreating(false);
              newButtonRef.current?.focus();
            }}
            onCreated={(workspace) => {
              setCreating(false);
              setAnnouncement(`${workspace.name} is created.`);
              newButtonRef.current?.focus();
            }}
          />
        </div>
      )}
      <p role="status" className="sr-only">
        {announcement}
      </p>
      <FormError className="m-5">{archiveFailure}</FormError>
      <Table
        caption={`Workspaces of ${tenant.name}`}
        columns={columns}
        rows={tenant.workspaces}
        rowKey={(workspace) => workspace.id}
        rowClassName={(workspace) => (workspace.archived_at ? archivedClasses : "")}
        empty={
          <EmptyState icon={LayoutGrid} title="No workspaces yet">
            A workspace holds one service for the customer: a managed SOC, or an advisory engagement.
          </EmptyState>
        }
        className="rounded-b-xl"
      />
      <EditWorkspaceDialog
        tenantId={tenant.id}
        workspace={editing}
        onClose={() => setEditing(null)}
        onSaved={(workspace) => {
          setEditing(null);
          setAnnouncement(`${workspace.name} is saved.`);
        }}
      />
    </Card>
  );
}

interface WorkspaceFieldsState {
  name: string;
  kind: WorkspaceKind;
  description: string;
}

/** Name, kind and description, with the name checked before anything is sent. */
function WorkspaceFields({
  value,
  onChange,
  nameError,
  isKindLocked = false,
  nameRef,
  autoFocusName = false,
}: {
  value: WorkspaceFieldsState;
  onChange: (value: WorkspaceFieldsState) => void;
  nameError: string | undefined;
  isKindLocked?: boolean;
  nameRef: React.RefObject<HTMLInputElement | null>;
  autoFocusName?: boolean;
}) {
  const ids = { name: useId(), nameError: useId(), kind: useId(), kindHint: useId(), description: useId() };
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div>
        <label htmlFor={ids.name} className="block text-sm font-medium text-slate-700">
          Name
        </label>
        <input
          ref={nameRef}
          id={ids.name}
          type="text"
          required
          maxLength={WORKSPACE_NAME_MAX_LENGTH}
          autoComplete="off"
          data-autofocus={autoFocusName || undefined}
          value={value.name}
          onChange={(event) => onChange({ ...value, name: event.target.value })}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? ids.nameError : undefined}
          className={`h-10 ${inputClasses}`}
        />
        <FieldError id={ids.nameError}>{nameError}</FieldError>
      </div>
      <div>
        <label htmlFor={ids.kind} className="block text-sm font-medium text-slate-700">
          Kind
        </label>
        <select
          id={ids.kind}
          value={value.kind}
          disabled={isKindLocked}
          onChange={(event) => onChange({ ...value, kind: event.target.value as WorkspaceKind })}
          aria-describedby={isKindLocked ? ids.kindHint : undefined}
          className={`h-10 ${inputClasses}`}
        >
          {workspaceKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabels[kind]}
            </option>
          ))}
        </select>
        {isKindLocked && (
          <p id={ids.kindHint} className="mt-1 text-xs text-slate-600">
            It holds reports or engagements, so its kind stays.
          </p>
        )}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={ids.description} className="block text-sm font-medium text-slate-700">
          Description <span className="font-normal text-slate-600">(optional)</span>
        </label>
        <textarea
          id={ids.description}
          rows={2}
          maxLength={WORKSPACE_DESCRIPTION_MAX_LENGTH}
          value={value.description}
          onChange={(event) => onChange({ ...value, description: event.target.value })}
          className={`py-2 ${inputClasses}`}
        />
      </div>
    </div>
  );
}

const nameErrorOf = (name: string) => (name.trim() ? undefined : "Enter a name for the workspace.");

function NewWorkspaceForm({
  tenantId,
  onCancel,
  onCreated,
}: {
  tenantId: string;
  onCancel: () => void;
  onCreated: (workspace: WorkspaceItem) => void;
}) {
  const create = useCreateWorkspace(tenantId);
  const nameRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState<WorkspaceFieldsState>({ name: "", kind: "soc", description: "" });
  const [nameError, setNameError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    nameRef.current?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const error = nameErrorOf(value.name);
    setNameError(error);
    setFailure(null);
    if (error) {
      nameRef.current?.focus();
      return;
    }
    create.mutate(
      { name: value.name.trim(), kind: value.kind, description: value.description.trim() },
      { onSuccess: onCreated, onError: (failed) => setFailure(messageOf(failed)) },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="New workspace">
      <WorkspaceFields value={value} onChange={setValue} nameError={nameError} nameRef={nameRef} />
      <FormError>{failure}</FormError>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" aria-disabled={create.isPending || undefined} className={waitingClasses}>
          {create.isPending ? "Creating…" : "Create workspace"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function EditWorkspaceDialog({
  tenantId,
  workspace,
  onClose,
  onSaved,
}: {
  tenantId: string;
  workspace: WorkspaceItem | null;
  onClose: () => void;
  onSaved: (workspace: WorkspaceItem) => void;
}) {
  const update = useUpdateWorkspace(tenantId);
  return (
    <Dialog
      open={workspace !== null}
      title={workspace ? `Edit ${workspace.name}` : ""}
      onClose={() => {
        update.reset();
        onClose();
      }}
      isBusy={update.isPending}
    >
      {workspace && (
        <EditWorkspaceForm
          workspace={workspace}
          isSaving={update.isPending}
          failure={update.isError ? messageOf(update.error) : null}
          onCancel={() => {
            update.reset();
            onClose();
          }}
          onSubmit={(body) =>
            update.mutate(
              { id: workspace.id, ...body },
              {
                onSuccess: (saved) => {
                  update.reset();
                  onSaved(saved);
                },
              },
            )
          }
        />
      )}
    </Dialog>
  );
}

function EditWorkspaceForm({
  workspace,
  isSaving,
  failure,
  onCancel,
  onSubmit,
}: {
  workspace: WorkspaceItem;
  isSaving: boolean;
  failure: string | null;
  onCancel: () => void;
  onSubmit: (body: WorkspaceFieldsState) => void;
}) {
  const nameRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState<WorkspaceFieldsState>({
    name: workspace.name,
    kind: workspace.kind,
    description: workspace.description,
  });
  const [nameError, setNameError] = useState<string | undefined>();
  const isKindLocked = workspace.reports > 0 || workspace.engagements > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    const error = nameErrorOf(value.name);
    setNameError(error);
    if (error) {
      nameRef.current?.focus();
      return;
    }
    onSubmit({ name: value.name.trim(), kind: value.kind, description: value.description.trim() });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      <WorkspaceFields
        value={value}
        onChange={setValue}
        nameError={nameError}
        isKindLocked={isKindLocked}
        nameRef={nameRef}
        autoFocusName
      />
      <FormError>{failure}</FormError>
      <DialogActions isBusy={isSaving} onCancel={onCancel}>
        {isSaving ? "Saving…" : "Save workspace"}
      </DialogActions>
    </form>
  );
}
