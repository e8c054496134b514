import { ChevronRight, PenLine } from "lucide-react";
import { Link } from "react-router";
import { Card } from "../../components/Card";
import { focusRing } from "../../components/focus";
import { useProposals } from "./api";
import { kindLabels } from "./labels";
import { expiryText, proposalPath } from "./paths";

/**
 * The dashboard's "Waiting for your signature": what the signed-in approver is asked to sign. Its own query, so
 * the rest of the dashboard never waits for it; nothing is shown while it loads, on failure, or when nothing waits.
 */
export function AwaitingSignature() {
  const awaiting = useProposals(undefined, { awaitingMe: true });
  const items = awaiting.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card
      title="Waiting for your signature"
      flush
      className="border-orange-300"
      actions={
        <Link
          to="/customer-portal/proposals"
          className={`inline-flex items-center gap-0.5 rounded text-sm font-medium text-orange-800 hover:underline ${focusRing}`}
        >
          All proposals
          <ChevronRight className="size-4" aria-hidden="true" />
        </Link>
      }
    >
      <ul className="divide-y divide-slate-200">
        {items.map((proposal) => {
          const expiry = expiryText(proposal);
          return (
            <li
              key={proposal.id}
              className="relative flex items-center gap-3 px-5 py-3.5 hover:bg-slate-50 has-[a:focus-visible]:bg-slate-50"
            >
              <span className="flex size-9 shrink-0 items-center justify-center rounded-full bg-orange-50 text-orange-800">
                <PenLine className="size-4" aria-hidden="true" />
              </span>
              <div className="min-w-0 flex-1">
                <Link
                  to={proposalPath(proposal.id)}
                  className={`line-clamp-2 rounded text-sm font-medium text-slate-900 after:absolute after:inset-0 hover:text-orange-800 ${focusRing}`}
                >
                  {proposal.title}
                </Link>
                <p className="mt-0.5 text-xs text-slate-600">
                  {kindLabels[proposal.kind]}
                  {proposal.subjectLabel && ` · ${proposal.subjectLabel}`}
                  {expiry && ` · ${expiry}`}
                </p>
              </div>
              <ChevronRight className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
