import { CalendarClock, Folder, PenLine, Signature } from "lucide-react";
import { Link } from "react-router";
import type { ClientProposalSummary } from "../../../contracts/proposals";
import { TenantGate } from "../../app/RequireTenant";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { ErrorState } from "../../components/ErrorState";
import { PageHeader } from "../../components/PageHeader";
import { SkeletonRows } from "../../components/Skeleton";
import { tenantSearch } from "../../lib/tenantPath";
import { useProposals } from "./api";
import { kindLabels, ProposalStatusBadge } from "./labels";
import { formatMoney } from "./money";
import { expiryText, proposalPath } from "./paths";

/** `/customer-portal/proposals`: proposals and approval requests sent to the customer, newest first. */
export function ProposalsPage() {
  return (
    <TenantGate title="Proposals">
      {(tenant) => (
        <>
          <PageHeader
            title="Proposals"
            description="Proposals and approval requests from your provider: read them, download them, and sign or decline."
          />
          <ProposalList tenant={tenant} />
        </>
      )}
    </TenantGate>
  );
}

function ProposalList({ tenant }: { tenant: string | undefined }) {
  const proposals = useProposals(tenant);

  if (proposals.isPending) {
    return <SkeletonRows label="Loading proposals…" rows={2} rowClassName="h-28 rounded-xl" />;
  }
  if (proposals.isError) {
    return (
      <Card>
        <ErrorState what="your proposals" error={proposals.error} onRetry={() => void proposals.refetch()} />
      </Card>
    );
  }
  const items = proposals.data.items;
  if (items.length === 0) {
    return (
      <Card>
        <EmptyState icon={Signature} title="No proposals yet">
          When your provider sends you a proposal or asks you to approve part of an engagement, it appears
          here.
        </EmptyState>
      </Card>
    );
  }
  const awaiting = items.filter((item) => item.awaitingYou).length;
  return (
    <>
      {awaiting > 0 && (
        <p className="mb-4 flex items-center gap-2 text-sm font-medium text-orange-900">
          <PenLine className="size-4 shrink-0" aria-hidden="true" />
          {awaiting === 1
            ? "1 document is waiting for your signature."
            : `${awaiting} documents are waiting for your signature.`}
        </p>
      )}
      <ul className="space-y-3">
        {items.map((proposal) => (
          <ProposalRow key={proposal.id} proposal={proposal} tenant={tenant} />
        ))}
      </ul>
    </>
  );
}

function ProposalRow({ proposal, tenant }: { proposal: ClientProposalSummary; tenant: string | undefined }) {
  const showTotal = proposal.kind === "proposal" || proposal.totalMinor > 0;
  const expiry = expiryText(proposal);
  return (
    // The title's link covers the whole row; the row shows the link's focus ring.
    <li
      className={`relative rounded-xl border bg-white p-4 shadow-sm hover:shadow sm:p-5 has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-2 has-[a:focus-visible]:outline-orange-700 ${
        proposal.awaitingYou
          ? "border-orange-300 border-l-4 border-l-orange-600"
          : "border-slate-200 hover:border-slate-300"
      }`}
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 text-xs font-medium text-slate-600">
            <span>{kindLabels[proposal.kind]}</span>
            <span aria-hidden="true">·</span>
            <span>Version {proposal.version}</span>
          </p>
          <h2 className="mt-1 text-base font-semibold break-words text-slate-900">
            <Link
              to={`${proposalPath(proposal.id)}${tenantSearch(tenant)}`}
              className="after:absolute after:inset-0 after:rounded-xl hover:underline focus-visible:outline-none"
            >
              {proposal.title}
            </Link>
          </h2>
          {proposal.engagement && (
            <p className="mt-1 text-sm break-words text-slate-700">
              {proposal.subjectLabel ? `${proposal.subjectLabel} · ` : ""}
              {proposal.engagement.name}
            </p>
          )}
          <dl className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-slate-700">
            <div className="flex min-w-0 items-center gap-1.5">
              <dt>
                <Folder className="size-4 text-slate-500" aria-hidden="true" />
                <span className="sr-only">Workspace</span>
              </dt>
              <dd className="break-words">{proposal.workspaceName}</dd>
            </div>
            {expiry && (
              <div className="flex items-center gap-1.5">
                <dt>
                  <CalendarClock className="size-4 text-slate-500" aria-hidden="true" />
                  <span className="sr-only">Expiry</span>
                </dt>
                <dd>{expiry}</dd>
              </div>
            )}
          </dl>
        </div>
        <div className="flex flex-wrap items-center gap-2 sm:flex-col sm:items-end">
          {proposal.awaitingYou ? (
            <Badge tone="warning">
              <PenLine className="size-3.5" aria-hidden="true" />
              Awaiting your signature
            </Badge>
          ) : (
            <ProposalStatusBadge status={proposal.status} audience="client" />
          )}
          {showTotal && (
            <p className="text-base font-semibold text-slate-900 tabular-nums">
              <span className="sr-only">Total: </span>
              {formatMoney(proposal.totalMinor, proposal.currency)}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}
