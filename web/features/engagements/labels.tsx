import {
  Ban,
  CalendarClock,
  Circle,
  CircleCheck,
  CircleDot,
  CirclePause,
  CirclePlay,
  type LucideIcon,
} from "lucide-react";
import type { EngagementStatus, MilestoneStatus } from "../../../contracts/engagements";
import { Badge, type BadgeTone } from "../../components/Badge";
import { formatCalendarDate } from "../../lib/format";

interface StatusLabel {
  label: string;
  tone: BadgeTone;
  /** Each status has its own shape too, so the badge does not rely on colour alone. */
  Icon: LucideIcon;
}

export const engagementStatusLabels: Record<EngagementStatus, StatusLabel> = {
  planned: { label: "Planned", tone: "neutral", Icon: CalendarClock },
  active: { label: "Active", tone: "info", Icon: CirclePlay },
  on_hold: { label: "On hold", tone: "warning", Icon: CirclePause },
  completed: { label: "Completed", tone: "success", Icon: CircleCheck },
};

export const milestoneStatusLabels: Record<MilestoneStatus, StatusLabel> = {
  pending: { label: "Pending", tone: "neutral", Icon: Circle },
  in_progress: { label: "In progress", tone: "info", Icon: CircleDot },
  done: { label: "Done", tone: "success", Icon: CircleCheck },
  blocked: { label: "Blocked", tone: "danger", Icon: Ban },
};

export function EngagementStatusBadge({ status }: { status: EngagementStatus }) {
  const { label, tone, Icon } = engagementStatusLabels[status];
  return (
    <Badge tone={tone}>
      <Icon className="size-3.5" aria-hidden="true" />
      {label}
    </Badge>
  );
}

export function MilestoneStatusBadge({ status }: { status: MilestoneStatus }) {
  const { label, tone, Icon } = milestoneStatusLabels[status];
  return (
    <Badge tone={tone}>
      <Icon className="size-3.5" aria-hidden="true" />
      {label}
    </Badge>
  );
}

/** "Mar 3, 2026 – Jul 1, 2026", "Starts Mar 3, 2026", "Ends Jul 1, 2026" or "Dates to be confirmed". */
export function formatDateRange(startsOn: string | null, endsOn: string | null): string {
  if (startsOn && endsOn) return `${formatCalendarDate(startsOn)} – ${formatCalendarDate(endsOn)}`;
  if (startsOn) return `Starts ${formatCalendarDate(startsOn)}`;
  if (endsOn) return `Ends ${formatCalendarDate(endsOn)}`;
  return "Dates to be confirmed";
}

/** "1 of 16 milestones done", "No milestones yet". */
export function milestoneCountText(done: number, total: number): string {
  if (total === 0) return "No milestones yet";
  return `${done} of ${total} ${total === 1 ? "milestone" : "milestones"} done`;
}
