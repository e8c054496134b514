import { Signature } from "lucide-react";
import { type ReactNode, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import {
  type ProposalKind,
  type ProposalStatus,
  proposalKinds,
  proposalStatuses,
  type StaffProposalSummary,
} from "../../../../contracts/proposals";
import { Card } from "../../../components/Card";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorState } from "../../../components/ErrorState";
import { FilterField } from "../../../components/FilterField";
import { focusRing } from "../../../components/focus";
import { NewItemButton } from "../../../components/NewItemButton";
import { PageHeader } from "../../../components/PageHeader";
import { SkeletonRows } from "../../../components/Skeleton";
import { type Column, Table } from "../../../components/Table";
import { formatDate } from "../../../lib/format";
import { useWorkspaceOptions } from "../../client-tokens/api";
import { useStaffProposals } from "../api";
import { kindLabels, ProposalStatusBadge, staffStatusLabels } from "../labels";
import { formatMoney } from "../money";
import { consoleProposalPath, expiryText } from "../paths";
import { ProposalForm } from "./ProposalForm";

/** `/console/proposals`: every proposal and approval request across tenants, and a form for a new one. */
export function ConsoleProposalsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const status = proposalStatuses.find((value) => value === searchParams.get("status")) ?? "";
  const kind = proposalKinds.find((value) => value === searchParams.get("kind")) ?? "";
  const [isCreating, setCreating] = useState(false);
  const newButtonRef = useRef<HTMLButtonElement>(null);
  const workspaces = useWorkspaceOptions();
  const proposals = useStaffProposals({ status, kind });

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

  return (
    <>
      <PageHeader
        title="Proposals"
        description="Draft proposals and approval requests, send them for signature, and follow each signer's decision."
        actions={
          <NewItemButton
            buttonRef={newButtonRef}
            isOpen={isCreating}
            onToggle={() => setCreating((open) => !open)}
          >
            New proposal
          </NewItemButton>
        }
      />
      {isCreating && (
        <div className="mb-6">
          <ProposalForm
            mode="create"
            workspaces={workspaces}
            onCancel={() => {
              setCreating(false);
              newButtonRef.current?.focus();
            }}
            onSaved={(proposal) => navigate(consoleProposalPath(proposal.id))}
          />
        </div>
      )}
      <ProposalListPanel
        proposals={proposals}
        status={status}
        kind={kind}
        onStatusChange={(value) => setParam("status", value)}
        onKindChange={(value) => setParam("kind", value)}
      />
    </>
  );
}

function ProposalListPanel({
  proposals,
  status,
  kind,
  onStatusChange,
  onKindChange,
}: {
  proposals: ReturnType<typeof useStaffProposals>;
  status: ProposalStatus | "";
  kind: ProposalKind | "";
  onStatusChange: (status: string) => void;
  onKindChange: (kind: string) => void;
}) {
  let body: ReactNode;
  if (proposals.isPending) {
    body = <SkeletonRows label="Loading proposals…" className="p-4" rowClassName="h-16 rounded-md" />;
  } else if (proposals.isError) {
    body = (
      <ErrorState what="the proposals" error={proposals.error} onRetry={() => void proposals.refetch()} />
    );
  } else if (proposals.data.items.length === 0) {
    body = (
      <EmptyState
        icon={Signature}
        title={status || kind ? "Nothing matches these filters" : "No proposals yet"}
      >
        {status || kind ? "Choose other filters to see more." : "Draft one with “New proposal”."}
      </EmptyState>
    );
  } else {
    body = (
      <Table
        caption="Proposals and approval requests, newest first"
        columns={proposalColumns}
        rows={proposals.data.items}
        rowKey={(proposal) => proposal.id}
        empty={null}
        className="rounded-b-xl"
      />
    );
  }

  return (
    <Card flush>
      <search className="flex flex-wrap gap-4 border-b border-slate-200 px-5 py-4">
        <FilterField label="Status" className="w-full sm:w-48">
          {(control) => (
            <select {...control} value={status} onChange={(event) => onStatusChange(event.target.value)}>
              <option value="">All statuses</option>
              {proposalStatuses.map((value) => (
                <option key={value} value={value}>
                  {staffStatusLabels[value].label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Kind" className="w-full sm:w-48">
          {(control) => (
            <select {...control} value={kind} onChange={(event) => onKindChange(event.target.value)}>
              <option value="">All kinds</option>
              {proposalKinds.map((value) => (
                <option key={value} value={value}>
                  {kindLabels[value]}
                </option>
              ))}
            </select>
          )}
        </FilterField>
      </search>
      <div aria-busy={proposals.isPlaceholderData || undefined}>{body}</div>
    </Card>
  );
}

function datesOf(proposal: StaffProposalSummary): string {
  return [
    proposal.sentAt ? `Sent ${formatDate(proposal.sentAt)}` : `Created ${formatDate(proposal.createdAt)}`,
    expiryText(proposal),
    proposal.decidedAt && `Decided ${formatDate(proposal.decidedAt)}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

const proposalColumns: Column<StaffProposalSummary>[] = [
  {
    id: "title",
    header: "Title",
    isRowHeader: true,
    className: "min-w-56",
    sortValue: (proposal) => proposal.title,
    cell: (proposal) => (
      <>
        <span className="block text-xs font-medium text-slate-600">
          {kindLabels[proposal.kind]} · Version {proposal.version}
        </span>
        <Link
          to={consoleProposalPath(proposal.id)}
          className={`rounded font-semibold break-words text-slate-900 hover:text-orange-800 hover:underline ${focusRing}`}
        >
          {proposal.title}
        </Link>
      </>
    ),
  },
  {
    id: "client",
    header: "Client",
    className: "min-w-48 break-words",
    sortValue: (proposal) => `${proposal.tenantName} ${proposal.workspaceName}`,
    cell: (proposal) => (
      <>
        <span className="block">{proposal.tenantName}</span>
        <span className="block text-xs text-slate-600">
          {[proposal.workspaceName, proposal.engagement?.name, proposal.subjectLabel]
            .filter(Boolean)
            .join(" · ")}
        </span>
      </>
    ),
  },
  {
    id: "status",
    header: "Status",
    sortValue: (proposal) => staffStatusLabels[proposal.status].label,
    cell: (proposal) => (
      <>
        <ProposalStatusBadge status={proposal.status} audience="staff" />
        <span className="mt-1 block text-xs whitespace-nowrap text-slate-600">
          {proposal.signers.signed} of {proposal.signers.total} signed
          {proposal.signers.declined > 0 && `, ${proposal.signers.declined} declined`}
        </span>
      </>
    ),
  },
  {
    id: "total",
    header: "Total",
    className: "text-right tabular-nums whitespace-nowrap",
    sortValue: (proposal) => proposal.totalMinor,
    cell: (proposal) =>
      proposal.kind === "proposal" || proposal.totalMinor > 0
        ? formatMoney(proposal.totalMinor, proposal.currency)
        : "—",
  },
  {
    id: "dates",
    header: "Dates",
    className: "min-w-40 text-xs text-slate-600",
    sortValue: (proposal) => proposal.sentAt ?? proposal.createdAt,
    cell: datesOf,
  },
];
