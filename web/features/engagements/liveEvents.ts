import type {
  EngagementClientView,
  EngagementEventData,
  EngagementList,
  Milestone,
  Phase,
} from "../../../contracts/engagements";
import { formatCalendarDate } from "../../lib/format";
import type { ClientViewData } from "./api";
import { engagementStatusLabels, milestoneStatusLabels } from "./labels";

/*
 * What each live event does to the cached client view, and what it says to a screen reader. Pure functions: the
 * hook reads the cache, calls these, and writes the result back.
 */

const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;

/** Done milestones out of all, 0–100, rounded down (as the server counts). */
export function progressOf(phases: readonly Phase[]): { done: number; total: number; percent: number } {
  let done = 0;
  let total = 0;
  for (const phase of phases) {
    for (const milestone of phase.milestones) {
      total++;
      if (milestone.status === "done") done++;
    }
  }
  return { done, total, percent: total === 0 ? 0 : Math.floor((done * 100) / total) };
}

export function findMilestone(phases: readonly Phase[], id: string): Milestone | undefined {
  for (const phase of phases) {
    const found = phase.milestones.find((milestone) => milestone.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The view with the milestone as it is now: replaced where it was, or moved to its (new) phase in position order.
 * `null` when its phase is not in the view: the view must be read again.
 */
export function withMilestone(view: EngagementClientView, milestone: Milestone): EngagementClientView | null {
  if (!view.phases.some((phase) => phase.id === milestone.phaseId)) return null;
  const phases = view.phases.map((phase) => {
    const others = phase.milestones.filter((item) => item.id !== milestone.id);
    if (phase.id === milestone.phaseId)
      return { ...phase, milestones: [...others, milestone].sort(byPosition) };
    return others.length === phase.milestones.length ? phase : { ...phase, milestones: others };
  });
  // The progress event that follows says the same; counting here keeps the bar right if it is late.
  return { ...view, phases, percentComplete: progressOf(phases).percent };
}

/** The first page (the engagement now) changed by `change`; later pages only hold older updates. */
export function onFirstPage(
  data: ClientViewData,
  change: (view: EngagementClientView) => EngagementClientView,
): ClientViewData {
  const [first, ...rest] = data.pages;
  if (!first) return data;
  return { ...data, pages: [change(first), ...rest] };
}

export function hasUpdate(data: ClientViewData, id: string): boolean {
  return data.pages.some((page) => page.updates.items.some((update) => update.id === id));
}

/** The new update on top of the timeline, once. */
export function withUpdate(data: ClientViewData, update: EngagementEventData["update"]): ClientViewData {
  if (hasUpdate(data, update.id)) return data;
  return onFirstPage(data, (view) => ({
    ...view,
    updates: { ...view.updates, items: [update, ...view.updates.items] },
  }));
}

/** The engagements list (if cached) with one engagement's new figures. */
export function withSummary(
  list: EngagementList,
  id: string,
  change: Partial<
    Pick<EngagementList["items"][number], "status" | "name" | "updatedAt" | "percentComplete">
  > & {
    milestones?: { done: number; total: number };
  },
): EngagementList {
  if (!list.items.some((item) => item.id === id)) return list;
  return { items: list.items.map((item) => (item.id === id ? { ...item, ...change } : item)) };
}

const MAX_QUOTED = 140;

/** The start of a long text, for an announcement. */
function excerpt(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_QUOTED ? `${oneLine.slice(0, MAX_QUOTED - 1)}…` : oneLine;
}

/** What a screen reader hears about a milestone's change; null when nothing a reader follows changed. */
export function milestoneAnnouncement(before: Milestone | undefined, after: Milestone): string | null {
  const status = milestoneStatusLabels[after.status].label.toLowerCase();
  if (!before) return `New milestone '${after.title}' (${status}).`;
  if (before.status !== after.status) return `Milestone '${after.title}' is now ${status}.`;
  if (before.dueOn !== after.dueOn) {
    return after.dueOn
      ? `Milestone '${after.title}' is now due ${formatCalendarDate(after.dueOn)}.`
      : `Milestone '${after.title}' no longer has a due date.`;
  }
  if (before.title !== after.title) return `Milestone '${before.title}' is now called '${after.title}'.`;
  if (before.phaseId !== after.phaseId) return `Milestone '${after.title}' moved to another phase.`;
  return null;
}

export function updateAnnouncement(update: EngagementEventData["update"]): string {
  return `New update${update.author ? ` from ${update.author}` : ""}: ${excerpt(update.body)}`;
}

export function statusAnnouncement(
  before: EngagementClientView | undefined,
  after: EngagementEventData["status"],
): string | null {
  if (before && before.status === after.status) return null;
  return `The engagement is now ${engagementStatusLabels[after.status].label.toLowerCase()}.`;
}

/** Phases renamed, added or reordered (milestones have their own events). */
export function phasesAnnouncement(
  before: readonly Phase[] | undefined,
  after: readonly Phase[],
): string | null {
  const outline = (phases: readonly Phase[]) => phases.map((phase) => `${phase.id}:${phase.name}`).join("|");
  if (before && outline(before) === outline(after)) return null;
  return "The engagement's phases were updated.";
}
