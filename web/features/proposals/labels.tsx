import {
  CircleCheck,
  CircleX,
  FilePen,
  History,
  Hourglass,
  type LucideIcon,
  Send,
  TimerOff,
  View,
} from "lucide-react";
import type { ApprovalSubject, ProposalKind, ProposalStatus } from "../../../contracts/proposals";
import { Badge, type BadgeTone } from "../../components/Badge";

interface StatusLabel {
  label: string;
  tone: BadgeTone;
  /** Each status has its own shape too, so the badge does not rely on colour alone. */
  Icon: LucideIcon;
}

/** What a client reads: a draft never reaches them, and "sent" or "viewed" both still wait for signatures. */
export const clientStatusLabels: Record<ProposalStatus, StatusLabel> = {
  draft: { label: "Draft", tone: "neutral", Icon: FilePen },
  sent: { label: "Awaiting signatures", tone: "pending", Icon: Hourglass },
  viewed: { label: "Awaiting signatures", tone: "pending", Icon: Hourglass },
  signed: { label: "Signed", tone: "success", Icon: CircleCheck },
  declined: { label: "Declined", tone: "danger", Icon: CircleX },
  expired: { label: "Expired", tone: "neutral", Icon: TimerOff },
  superseded: { label: "Superseded", tone: "neutral", Icon: History },
};

/** What staff read: whether the client has opened it yet matters to them. */
export const staffStatusLabels: Record<ProposalStatus, StatusLabel> = {
  ...clientStatusLabels,
  sent: { label: "Sent", tone: "info", Icon: Send },
  viewed: { label: "Viewed", tone: "pending", Icon: View },
};

export function ProposalStatusBadge({
  status,
  audience,
}: {
  status: ProposalStatus;
  audience: "client" | "staff";
}) {
  const { label, tone, Icon } = (audience === "client" ? clientStatusLabels : staffStatusLabels)[status];
  return (
    <Badge tone={tone}>
      <Icon className="size-3.5" aria-hidden="true" />
      {label}
    </Badge>
  );
}

export const kindLabels: Record<ProposalKind, string> = {
  proposal: "Proposal",
  approval: "Approval request",
};

export const subjectLabels: Record<ApprovalSubject, string> = {
  milestone: "Milestone completion",
  deliverable: "Deliverable acceptance",
  scope_change: "Change of scope",
};

/** A proposal that can still be signed or declined. */
export const isOpen = (status: ProposalStatus) => status === "sent" || status === "viewed";
