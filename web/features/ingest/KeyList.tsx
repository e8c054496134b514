import { KeyRound } from "lucide-react";
import { useId, useRef, useState } from "react";
import type { ApiKeySummary } from "../../../contracts/ingest";
import { Badge } from "../../components/Badge";
import { Button } from "../../components/Button";
import { Dialog, DialogActions } from "../../components/Dialog";
import { EmptyState } from "../../components/EmptyState";
import { FormError } from "../../components/FormMessages";
import { LoadedList } from "../../components/LoadedList";
import { type Column, Table } from "../../components/Table";
import { formatDateTime } from "../../lib/format";
import { useApiKeys, useRevokeApiKey } from "./api";
import { messageOf } from "./errors";

/** Wide enough for the keys' table next to the sidebar; narrower screens get one card per key. */
const WIDE_SCREEN = "(min-width: 80rem)";

/** The keys, newest first; revoked ones stay listed (greyed), the others can be revoked. */
export function KeyList() {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const keys = useApiKeys();
  const [revoking, setRevoking] = useState<ApiKeySummary | null>(null);
  const [announcement, setAnnouncement] = useState("");

  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="border-b border-slate-200 px-5 py-4">
        <h2
          id={headingId}
          ref={headingRef}
          tabIndex={-1}
          className="text-base font-semibold text-slate-900 focus:outline-none"
        >
          Keys
        </h2>
        <p className="text-sm text-slate-600">Newest first; revoked keys stay listed.</p>
      </header>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      <LoadedList query={keys} loadingLabel="Loading API keys…" what="the API keys">
        {(data) => <KeyTable keys={data.items} onRevoke={setRevoking} />}
      </LoadedList>
      <RevokeDialog
        apiKey={revoking}
        onClose={() => setRevoking(null)}
        onRevoked={(key) => {
          setAnnouncement(`${key.name} is revoked.`);
          setRevoking(null);
        }}
        // The key's Revoke button is gone: focus goes to the list, whose announcement says what happened.
        onClosedAfterRevoke={() => headingRef.current?.focus()}
      />
    </section>
  );
}

interface KeyListProps {
  keys: ApiKeySummary[];
  onRevoke: (key: ApiKeySummary) => void;
}

/** Greys a revoked key's row or card; its text stays at ≥ 4.5:1 on the grey. */
const revokedClasses = "bg-slate-100 text-slate-600";

function KeyPrefix({ apiKey }: { apiKey: ApiKeySummary }) {
  return <code className="font-mono text-xs break-all">{apiKey.prefix}…</code>;
}

function StatusBadge({ apiKey }: { apiKey: ApiKeySummary }) {
  if (!apiKey.revokedAt) return <Badge tone="success">Active</Badge>;
  return (
    <span className="flex flex-col items-start gap-1">
      <Badge tone="neutral">Revoked</Badge>
      <time dateTime={apiKey.revokedAt} className="text-xs whitespace-nowrap text-slate-600">
        {formatDateTime(apiKey.revokedAt)}
      </time>
    </span>
  );
}

function TenantNames({ apiKey }: { apiKey: ApiKeySummary }) {
  return (
    <ul className="space-y-0.5">
      {apiKey.tenants.map((tenant) => (
        <li key={tenant.id} className="break-words">
          {tenant.name}
        </li>
      ))}
    </ul>
  );
}

function Created({ apiKey }: { apiKey: ApiKeySummary }) {
  return (
    <>
      {apiKey.createdBy && <span className="block">{apiKey.createdBy}</span>}
      <time dateTime={apiKey.createdAt} className="block text-xs whitespace-nowrap text-slate-600">
        {formatDateTime(apiKey.createdAt)}
      </time>
    </>
  );
}

function LastUsed({ apiKey }: { apiKey: ApiKeySummary }) {
  if (!apiKey.lastUsedAt) return <>Never</>;
  return (
    <time dateTime={apiKey.lastUsedAt} className="whitespace-nowrap">
      {formatDateTime(apiKey.lastUsedAt)}
    </time>
  );
}

function RevokeButton({ apiKey, onRevoke }: { apiKey: ApiKeySummary; onRevoke: KeyListProps["onRevoke"] }) {
  if (apiKey.revokedAt) return null;
  return (
    <Button variant="secondary" onClick={() => onRevoke(apiKey)}>
      Revoke<span className="sr-only"> {apiKey.name}</span>
    </Button>
  );
}

const keyColumns = (onRevoke: KeyListProps["onRevoke"]): Column<ApiKeySummary>[] => [
  {
    id: "name",
    header: "Name",
    isRowHeader: true,
    sortValue: (key) => key.name,
    className: "min-w-40",
    cell: (key) => <span className={key.revokedAt ? "text-slate-600" : ""}>{key.name}</span>,
  },
  { id: "key", header: "Key", className: "whitespace-nowrap", cell: (key) => <KeyPrefix apiKey={key} /> },
  { id: "tenants", header: "Tenants", className: "min-w-40", cell: (key) => <TenantNames apiKey={key} /> },
  {
    id: "created",
    header: "Created",
    sortValue: (key) => key.createdAt,
    cell: (key) => <Created apiKey={key} />,
  },
  {
    id: "lastUsed",
    header: "Last used",
    sortValue: (key) => key.lastUsedAt,
    cell: (key) => <LastUsed apiKey={key} />,
  },
  {
    id: "status",
    header: "Status",
    sortValue: (key) => (key.revokedAt ? 1 : 0),
    cell: (key) => <StatusBadge apiKey={key} />,
  },
  {
    id: "actions",
    header: "Actions",
    isActions: true,
    cell: (key) => <RevokeButton apiKey={key} onRevoke={onRevoke} />,
  },
];

function KeyTable({ keys, onRevoke }: KeyListProps) {
  return (
    <Table
      caption="API keys, newest first"
      columns={keyColumns(onRevoke)}
      rows={keys}
      rowKey={(key) => key.id}
      empty={
        <EmptyState icon={KeyRound} title="No API keys yet">
          Create one with “New API key” for each system that sends SOC data (a SIEM, a SOAR): its incidents,
          alert counts and control results then reach the customer's dashboard.
        </EmptyState>
      }
      rowClassName={(key) => (key.revokedAt ? revokedClasses : "")}
      wideQuery={WIDE_SCREEN}
      // Rounded like the card it ends, so a greyed last row does not square its corners.
      className="rounded-b-xl"
    />
  );
}

interface RevokeDialogProps {
  /** The key to revoke; none: the dialog is closed. */
  apiKey: ApiKeySummary | null;
  onClose: () => void;
  onRevoked: (key: ApiKeySummary) => void;
  /** The dialog closed after a revocation (what opened it is gone). */
  onClosedAfterRevoke: () => void;
}

/** Asks before revoking: it cannot be undone, and the systems using the key stop at their next request. */
function RevokeDialog({ apiKey, onClose, onRevoked, onClosedAfterRevoke }: RevokeDialogProps) {
  const revoke = useRevokeApiKey();
  const hasRevoked = useRef(false);

  const close = () => {
    revoke.reset();
    onClose();
  };

  return (
    <Dialog
      open={apiKey !== null}
      // Its content (and so the title) is rendered only while open, that is while there is a key.
      title={apiKey ? `Revoke ${apiKey.name}?` : ""}
      onClose={close}
      isBusy={revoke.isPending}
      onClosed={() => {
        if (hasRevoked.current) onClosedAfterRevoke();
        hasRevoked.current = false;
      }}
    >
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          Systems using it are refused from their next request. This cannot be undone: to send data again,
          they need a new key.
        </p>
        <FormError>
          {revoke.isError && messageOf(revoke.error, "This key no longer exists. Reload the page.")}
        </FormError>
        <DialogActions
          isBusy={revoke.isPending}
          isCancelFocused
          onCancel={close}
          onConfirm={() => {
            if (!apiKey) return;
            revoke.mutate(apiKey, {
              onSuccess: () => {
                hasRevoked.current = true;
                revoke.reset();
                onRevoked(apiKey);
              },
            });
          }}
        >
          {revoke.isPending ? "Revoking…" : "Revoke key"}
        </DialogActions>
      </div>
    </Dialog>
  );
}
