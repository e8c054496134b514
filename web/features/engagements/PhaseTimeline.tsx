import { Check, TriangleAlert } from "lucide-react";
import type { Milestone, Phase } from "../../../contracts/engagements";
import { formatCalendarDate, formatDate } from "../../lib/format";
import { MilestoneStatusBadge, milestoneCountText } from "./labels";

type PhaseState = "complete" | "current" | "upcoming";

function phaseStateOf(phase: Phase): PhaseState {
  const { milestones } = phase;
  if (milestones.length > 0 && milestones.every((milestone) => milestone.status === "done"))
    return "complete";
  if (milestones.some((milestone) => milestone.status !== "pending")) return "current";
  return "upcoming";
}

const phaseStateLabels: Record<PhaseState, string> = {
  complete: "Complete",
  current: "In progress",
  upcoming: "Not started",
};

/** The phases top to bottom, each a step with its milestones; the marker and the words both say where it stands. */
export function PhaseTimeline({
  phases,
  highlighted,
}: {
  phases: Phase[];
  highlighted: ReadonlySet<string>;
}) {
  if (phases.length === 0) {
    return <p className="text-sm text-slate-600">The plan for this engagement has not been published yet.</p>;
  }
  return (
    <ol aria-label="Phases" className="space-y-0">
      {phases.map((phase, index) => {
        const state = phaseStateOf(phase);
        const done = phase.milestones.filter((milestone) => milestone.status === "done").length;
        const isLast = index === phases.length - 1;
        return (
          <li key={phase.id} className="relative flex gap-3 pb-8 last:pb-0 sm:gap-4">
            {!isLast && (
              <span
                aria-hidden="true"
                className={`absolute top-9 bottom-1 left-4 w-0.5 -translate-x-1/2 ${
                  state === "complete" ? "bg-green-600" : "bg-slate-200"
                }`}
              />
            )}
            <StepMarker state={state} number={index + 1} />
            <div className="min-w-0 flex-1">
              <h3 className="pt-1 text-base font-semibold break-words text-slate-900">
                <span className="sr-only">
                  Phase {index + 1} of {phases.length}:{" "}
                </span>
                {phase.name}
              </h3>
              <p className="text-sm text-slate-600">
                {phaseStateLabels[state]} · {milestoneCountText(done, phase.milestones.length)}
              </p>
              {phase.milestones.length > 0 && (
                <ul
                  aria-label={`Milestones of ${phase.name}`}
                  className="mt-3 divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200"
                >
                  {phase.milestones.map((milestone) => (
                    <MilestoneItem
                      key={milestone.id}
                      milestone={milestone}
                      isHighlighted={highlighted.has(milestone.id)}
                    />
                  ))}
                </ul>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function StepMarker({ state, number }: { state: PhaseState; number: number }) {
  if (state === "complete") {
    return (
      <span
        aria-hidden="true"
        className="relative z-10 flex size-8 shrink-0 items-center justify-center rounded-full bg-green-600 text-white"
      >
        <Check className="size-4" strokeWidth={3} />
      </span>
    );
  }
  return (
    <span
      aria-hidden="true"
      className={`relative z-10 flex size-8 shrink-0 items-center justify-center rounded-full border-2 bg-white text-sm font-semibold ${
        state === "current" ? "border-orange-700 text-orange-800" : "border-slate-300 text-slate-600"
      }`}
    >
      {number}
    </span>
  );
}

function MilestoneItem({ milestone, isHighlighted }: { milestone: Milestone; isHighlighted: boolean }) {
  const { overdue } = milestone;
  return (
    <li
      data-milestone-id={milestone.id}
      className={`flex flex-col gap-2 px-3 py-3 transition-colors duration-700 sm:flex-row sm:items-start sm:justify-between sm:gap-4 sm:px-4 ${
        overdue ? "border-l-4 border-l-red-700" : ""
      } ${isHighlighted ? "bg-amber-50" : overdue ? "bg-red-50/50" : ""}`}
    >
      <div className="min-w-0">
        <p className="text-sm font-medium break-words text-slate-900">{milestone.title}</p>
        <p className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
          {milestone.dueOn ? (
            <span className={overdue ? "font-semibold text-red-800" : ""}>
              Due <time dateTime={milestone.dueOn}>{formatCalendarDate(milestone.dueOn)}</time>
            </span>
          ) : (
            <span>No due date</span>
          )}
          {milestone.completedAt && (
            <span>
              Completed <time dateTime={milestone.completedAt}>{formatDate(milestone.completedAt)}</time>
            </span>
          )}
        </p>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        {overdue && (
          <span className="inline-flex items-center gap-1 rounded-full bg-red-700 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-white">
            <TriangleAlert className="size-3.5" aria-hidden="true" />
            Overdue
          </span>
        )}
        <MilestoneStatusBadge status={milestone.status} />
      </div>
    </li>
  );
}
