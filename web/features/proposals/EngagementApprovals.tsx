import { PenLine } from "lucide-react";
import { Link } from "react-router";
import { Badge } from "../../components/Badge";
import { Card } from "../../components/Card";
import { focusRing } from "../../components/focus";
import { formatDate } from "../../lib/format";
import { tenantSearch } from "../../lib/tenantPath";
import { useProposals } from "./api";
import { ProposalStatusBadge } from "./labels";
import { proposalPath } from "./paths";

/**
 * An engagement's approval requests (a milestone's completion, a change of scope), newest first. Shown only once
 * there is one; the engagement's page does not wait for them.
 */
export function EngagementApprovals({
  engagementId,
  tenant,
}: {
  engagementId: string;
  tenant: string | undefined;
}) {
  const proposals = useProposals(tenant, { engagementId });
  const approvals = (proposals.data?.items ?? []).filter((item) => item.kind === "approval");
  if (approvals.length === 0) return null;
  return (
    <Card title="Approvals">
      <ul className="-my-2 divide-y divide-slate-200">
        {approvals.map((approval) => (
          <li key={approval.id} className="py-3">
            <Link
              to={`${proposalPath(approval.id)}${tenantSearch(tenant)}`}
              className={`rounded text-sm font-medium break-words text-orange-800 hover:underline ${focusRing}`}
            >
              {approval.title}
            </Link>
            {approval.subjectLabel && (
              <p className="mt-0.5 text-xs break-words text-slate-600">{approval.subjectLabel}</p>
            )}
            <div className="mt-1.5 flex flex-wrap items-center gap-2">
              {approval.awaitingYou ? (
                <Badge tone="warning">
                  <PenLine className="size-3.5" aria-hidden="true" />
                  Awaiting your signature
                </Badge>
              ) : (
                <ProposalStatusBadge status={approval.status} audience="client" />
              )}
              {approval.decidedAt && (
                <span className="text-xs text-slate-600">
                  <time dateTime={approval.decidedAt}>{formatDate(approval.decidedAt)}</time>
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
