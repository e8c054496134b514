import type { AccessLinkMailStatus, AccessLinkRole, AccessLinkStatus } from "../../../contracts/access-links";
import type { BadgeTone } from "../../components/Badge";

export const accessLinkRoleLabels: Record<AccessLinkRole, string> = {
  customer_viewer: "Viewer",
  customer_approver: "Approver (can sign)",
};

export const accessLinkStatusLabels: Record<AccessLinkStatus, { label: string; tone: BadgeTone }> = {
  unused: { label: "Unused", tone: "info" },
  used: { label: "Used", tone: "success" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "danger" },
};

export const accessLinkMailLabels: Record<AccessLinkMailStatus, { label: string; tone: BadgeTone }> = {
  queued: { label: "Queued", tone: "pending" },
  sent: { label: "Sent", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  not_sent: { label: "Printed by CLI", tone: "neutral" },
};

/** The lifetimes staff pick from, in hours; 72 is the server's default. */
export const accessLinkLifetimes = [
  { hours: 24, label: "24 hours" },
  { hours: 72, label: "72 hours" },
  { hours: 168, label: "7 days" },
  { hours: 336, label: "14 days" },
] as const;
export const DEFAULT_LIFETIME_HOURS = 72;

/** "a.example", "a.example or b.example", "a.example, b.example or c.example". */
export function listOfDomains(domains: readonly string[]): string {
  const shown = domains.map((domain) => `@${domain}`);
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}
