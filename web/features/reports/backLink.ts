import { useLocation } from "react-router";

/** Router state a link to a report carries, so the report's back link returns to the list it came from. */
export interface FromState {
  from: string;
}

/** The state to put on links to a report: where the reader is now (path and filters). */
export function useFromState(): FromState {
  const location = useLocation();
  return { from: `${location.pathname}${location.search}` };
}

/** Where "back" goes from a report: the list it was opened from, or the archive. */
export function useBackLink(): { to: string; label: string; isDefault?: boolean } {
  const state: unknown = useLocation().state;
  const from =
    typeof state === "object" && state !== null && typeof (state as FromState).from === "string"
      ? (state as FromState).from
      : "";
  if (from === "/customer-portal" || from.startsWith("/customer-portal?")) {
    return { to: from, label: "Back to dashboard" };
  }
  if (from.startsWith("/customer-portal/reports")) return { to: from, label: "Back to reports" };
  if (from.startsWith("/customer-portal/engagements/")) return { to: from, label: "Back to the engagement" };
  // No list to return to: the archive (of the customer staff are viewing, added by the caller).
  return { to: "/customer-portal/reports", label: "All reports", isDefault: true };
}
