import type { ProposalStatus } from "../../../contracts/proposals";
import { formatDate } from "../../lib/format";

/** The client's page of a proposal. */
export const proposalPath = (id: string) => `/customer-portal/proposals/${encodeURIComponent(id)}`;

/** The console's page of a proposal. */
export const consoleProposalPath = (id: string) => `/console/proposals/${encodeURIComponent(id)}`;

/** "Expires Dec 21, 2026" while it can be signed, "Expired Dec 21, 2026" after; null when neither applies. */
export function expiryText(proposal: { status: ProposalStatus; expiresAt: string | null }): string | null {
  if (proposal.status === "expired") {
    return proposal.expiresAt ? `Expired ${formatDate(proposal.expiresAt)}` : "Expired";
  }
  if (!proposal.expiresAt) return null;
  if (proposal.status === "sent" || proposal.status === "viewed" || proposal.status === "draft") {
    return `Expires ${formatDate(proposal.expiresAt)}`;
  }
  return null;
}
