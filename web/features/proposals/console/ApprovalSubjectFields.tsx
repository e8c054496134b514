import { type RefObject, useId } from "react";
import { FilterField } from "../../../components/FilterField";
import { FieldError } from "../../../components/FormMessages";
import type { useStaffEngagement } from "../../engagements/api";
import type { useWorkspaceEngagements } from "../api";
import { messageOf } from "../errors";
import { subjectLabels } from "../labels";

/**
 * What an approval request can be about here. A deliverable (one of the engagement's reports) needs the report's
 * id, and the console has no list of an engagement's reports yet, so it is not offered.
 */
export type OfferedSubject = "milestone" | "scope_change";
const offeredSubjects: OfferedSubject[] = ["milestone", "scope_change"];

interface ApprovalSubjectFieldsProps {
  workspaceChosen: boolean;
  engagements: ReturnType<typeof useWorkspaceEngagements>;
  engagementId: string;
  onEngagementChange: (id: string) => void;
  subject: OfferedSubject;
  onSubjectChange: (subject: OfferedSubject) => void;
  phases: NonNullable<ReturnType<typeof useStaffEngagement>["data"]>["phases"] | undefined;
  isLoadingPhases: boolean;
  milestoneId: string;
  onMilestoneChange: (id: string) => void;
  errors: { engagement?: string; milestone?: string };
  refs: {
    engagement: RefObject<HTMLSelectElement | null>;
    milestone: RefObject<HTMLSelectElement | null>;
  };
}

/** What a new approval request is about: the workspace's engagement, and the milestone or a change of scope. */
export function ApprovalSubjectFields({
  workspaceChosen,
  engagements,
  engagementId,
  onEngagementChange,
  subject,
  onSubjectChange,
  phases,
  isLoadingPhases,
  milestoneId,
  onMilestoneChange,
  errors,
  refs,
}: ApprovalSubjectFieldsProps) {
  const engagementErrorId = useId();
  const milestoneErrorId = useId();
  const items = engagements.data?.items ?? [];
  let engagementHint: string | null = null;
  if (!workspaceChosen) engagementHint = "Choose the workspace first.";
  else if (engagements.isPending) engagementHint = "Loading the workspace's engagements…";
  else if (engagements.isError) engagementHint = messageOf(engagements.error);
  else if (items.length === 0) engagementHint = "This workspace has no engagements.";

  return (
    <>
      <FilterField label="Engagement">
        {(control) => (
          <>
            <select
              {...control}
              ref={refs.engagement}
              value={engagementId}
              disabled={items.length === 0}
              onChange={(event) => onEngagementChange(event.target.value)}
              aria-invalid={errors.engagement ? true : undefined}
              aria-describedby={errors.engagement ? engagementErrorId : undefined}
              className={`${control.className} disabled:bg-slate-100 aria-invalid:border-red-700`}
            >
              <option value="">Choose an engagement…</option>
              {items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
            {engagementHint && <p className="mt-1 text-xs text-slate-600">{engagementHint}</p>}
            <FieldError id={engagementErrorId}>{errors.engagement}</FieldError>
          </>
        )}
      </FilterField>
      <FilterField label="To approve">
        {(control) => (
          <select
            {...control}
            value={subject}
            onChange={(event) => onSubjectChange(event.target.value as OfferedSubject)}
          >
            {offeredSubjects.map((value) => (
              <option key={value} value={value}>
                {subjectLabels[value]}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      {subject === "milestone" && (
        <FilterField label="Milestone" className="col-span-full">
          {(control) => (
            <>
              <select
                {...control}
                ref={refs.milestone}
                value={milestoneId}
                disabled={!phases}
                onChange={(event) => onMilestoneChange(event.target.value)}
                aria-invalid={errors.milestone ? true : undefined}
                aria-describedby={errors.milestone ? milestoneErrorId : undefined}
                className={`${control.className} disabled:bg-slate-100 aria-invalid:border-red-700`}
              >
                <option value="">{isLoadingPhases ? "Loading milestones…" : "Choose a milestone…"}</option>
                {phases?.map((phase) => (
                  <optgroup key={phase.id} label={phase.name}>
                    {phase.milestones.map((milestone) => (
                      <option key={milestone.id} value={milestone.id}>
                        {milestone.title}
                        {milestone.status === "done" ? " (done)" : ""}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {!engagementId && <p className="mt-1 text-xs text-slate-600">Choose the engagement first.</p>}
              <FieldError id={milestoneErrorId}>{errors.milestone}</FieldError>
            </>
          )}
        </FilterField>
      )}
    </>
  );
}
