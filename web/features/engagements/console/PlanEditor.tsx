import { ArrowDown, ArrowUp, Pencil, Plus, TriangleAlert } from "lucide-react";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { Milestone, MilestoneStatus, Phase, StaffEngagement } from "../../../../contracts/engagements";
import { Button, waitingClasses } from "../../../components/Button";
import { FilterField } from "../../../components/FilterField";
import { FieldError, FormError } from "../../../components/FormMessages";
import { formatCalendarDate, formatDate } from "../../../lib/format";
import { useAddMilestone, useAddPhase, useUpdateMilestone, useUpdatePhase } from "../api";
import { milestoneCountText, milestoneStatusLabels } from "../labels";
import type { Announce } from "./EngagementEditor";
import { EditorSection } from "./EngagementEditor";
import { IconButton, messageOf, positionAfterMove, smallControlClasses } from "./forms";

interface PlanProps {
  engagement: StaffEngagement;
  announce: Announce;
}

/** Phases in order, each with its milestones: add, rename, reorder; a milestone's status saves as it is chosen. */
export function PlanEditor({ engagement, announce }: PlanProps) {
  const { phases } = engagement;
  const { done, total } = countOf(phases);
  return (
    <EditorSection
      title="Phases and milestones"
      actions={<p className="text-sm text-slate-600">{milestoneCountText(done, total)}</p>}
    >
      {phases.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">No phases yet. Add the first one below.</p>
      ) : (
        <ol className="mb-5 space-y-4">
          {phases.map((phase, index) => (
            <PhaseItem
              key={phase.id}
              engagement={engagement}
              phase={phase}
              index={index}
              announce={announce}
            />
          ))}
        </ol>
      )}
      <AddPhaseForm engagement={engagement} announce={announce} />
    </EditorSection>
  );
}

function countOf(phases: readonly Phase[]) {
  const milestones = phases.flatMap((phase) => phase.milestones);
  return {
    done: milestones.filter((milestone) => milestone.status === "done").length,
    total: milestones.length,
  };
}

/**
 * After a move, focus stays on the button that was pressed, or on the other one when the item reached the end of
 * the list (the pressed one is disabled there).
 */
function useFocusAfterMove(index: number) {
  const upRef = useRef<HTMLButtonElement>(null);
  const downRef = useRef<HTMLButtonElement>(null);
  const moved = useRef<-1 | 1 | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the item's place changed.
  useEffect(() => {
    if (moved.current === null) return;
    const pressed = moved.current === -1 ? upRef.current : downRef.current;
    const other = moved.current === -1 ? downRef.current : upRef.current;
    (pressed && !pressed.disabled ? pressed : other)?.focus();
    moved.current = null;
  }, [index]);
  return { upRef, downRef, moved };
}

function PhaseItem({
  engagement,
  phase,
  index,
  announce,
}: {
  engagement: StaffEngagement;
  phase: Phase;
  index: number;
  announce: Announce;
}) {
  const { phases } = engagement;
  const update = useUpdatePhase(engagement.id);
  const [isRenaming, setRenaming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const renameButtonRef = useRef<HTMLButtonElement>(null);
  const { upRef, downRef, moved } = useFocusAfterMove(index);

  const move = (direction: -1 | 1) => {
    const position = positionAfterMove(phases.length, index, direction);
    if (position === null || update.isPending) return;
    setError(null);
    moved.current = direction;
    update.mutate(
      { phaseId: phase.id, position },
      {
        onSuccess: (updated) => {
          const place = updated.phases.findIndex((item) => item.id === phase.id) + 1;
          announce(
            `Phase '${phase.name}' moved ${direction === -1 ? "up" : "down"}: now ${place} of ${updated.phases.length}.`,
          );
        },
        onError: (failure) => {
          moved.current = null;
          setError(messageOf(failure));
        },
      },
    );
  };

  return (
    <li className="overflow-hidden rounded-lg border border-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-3 py-2 sm:px-4">
        {isRenaming ? (
          <RenamePhaseForm
            engagementId={engagement.id}
            phase={phase}
            onDone={(newName) => {
              setRenaming(false);
              if (newName) announce(`Phase renamed to '${newName}'.`);
              // Back to where the reader started (the form is gone).
              window.requestAnimationFrame(() => renameButtonRef.current?.focus());
            }}
          />
        ) : (
          <>
            <h4 className="min-w-0 text-sm font-semibold break-words text-slate-900">
              <span className="text-slate-500">{index + 1}.</span> {phase.name}
            </h4>
            <div className="flex items-center gap-1.5">
              <IconButton
                ref={upRef}
                label={`Move phase '${phase.name}' up`}
                disabled={index === 0}
                aria-disabled={update.isPending || undefined}
                onClick={() => move(-1)}
              >
                <ArrowUp className="size-4" aria-hidden="true" />
              </IconButton>
              <IconButton
                ref={downRef}
                label={`Move phase '${phase.name}' down`}
                disabled={index === phases.length - 1}
                aria-disabled={update.isPending || undefined}
                onClick={() => move(1)}
              >
                <ArrowDown className="size-4" aria-hidden="true" />
              </IconButton>
              <button
                ref={renameButtonRef}
                type="button"
                className={`${smallButton}`}
                onClick={() => setRenaming(true)}
              >
                <Pencil className="size-3.5" aria-hidden="true" />
                Rename<span className="sr-only"> phase '{phase.name}'</span>
              </button>
            </div>
          </>
        )}
      </div>
      {error && (
        <div className="px-3 pt-3 sm:px-4">
          <FormError>{error}</FormError>
        </div>
      )}
      {phase.milestones.length > 0 ? (
        <ul aria-label={`Milestones of ${phase.name}`} className="divide-y divide-slate-200">
          {phase.milestones.map((milestone, milestoneIndex) => (
            <MilestoneRow
              key={milestone.id}
              engagement={engagement}
              phase={phase}
              milestone={milestone}
              index={milestoneIndex}
              announce={announce}
            />
          ))}
        </ul>
      ) : (
        <p className="px-3 py-3 text-sm text-slate-600 sm:px-4">No milestones in this phase yet.</p>
      )}
      <AddMilestoneForm engagementId={engagement.id} phase={phase} announce={announce} />
    </li>
  );
}

const smallButton =
  "inline-flex h-9 items-center gap-1.5 rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-700";

function RenamePhaseForm({
  engagementId,
  phase,
  onDone,
}: {
  engagementId: string;
  phase: Phase;
  onDone: (newName: string | null) => void;
}) {
  const [name, setName] = useState(phase.name);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();
  const update = useUpdatePhase(engagementId);

  useEffect(() => {
    inputRef.current?.select();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const trimmed = name.trim();
    if (!trimmed) {
      setError("Enter the phase's name.");
      inputRef.current?.focus();
      return;
    }
    if (trimmed === phase.name) return onDone(null);
    update.mutate(
      { phaseId: phase.id, name: trimmed },
      {
        onSuccess: () => onDone(trimmed),
        onError: (failure) => {
          setError(messageOf(failure));
          inputRef.current?.focus();
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="flex w-full flex-wrap items-start gap-2">
      <div className="min-w-0 flex-1 basis-48">
        <label htmlFor={inputId} className="sr-only">
          New name for phase '{phase.name}'
        </label>
        <input
          id={inputId}
          ref={inputRef}
          type="text"
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") onDone(null);
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className={`${smallControlClasses} w-full aria-invalid:border-red-700`}
        />
        <FieldError id={errorId}>{error}</FieldError>
      </div>
      <div className="flex gap-2">
        <Button
          type="submit"
          className={`h-9 py-0 ${waitingClasses}`}
          aria-disabled={update.isPending || undefined}
        >
          {update.isPending ? "Saving…" : "Save"}
        </Button>
        <Button variant="secondary" className="h-9 py-0" onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function MilestoneRow({
  engagement,
  phase,
  milestone,
  index,
  announce,
}: {
  engagement: StaffEngagement;
  phase: Phase;
  milestone: Milestone;
  index: number;
  announce: Announce;
}) {
  const statusUpdate = useUpdateMilestone(engagement.id);
  const moveUpdate = useUpdateMilestone(engagement.id);
  const [isEditing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const statusId = useId();
  const { upRef, downRef, moved } = useFocusAfterMove(index);
  // While the new status is on its way, the select shows it; a failure puts the saved one back.
  const shownStatus = statusUpdate.isPending
    ? (statusUpdate.variables?.status ?? milestone.status)
    : milestone.status;

  const changeStatus = (status: MilestoneStatus) => {
    setError(null);
    statusUpdate.mutate(
      { milestoneId: milestone.id, status },
      {
        onSuccess: () =>
          announce(
            `Milestone '${milestone.title}' is now ${milestoneStatusLabels[status].label.toLowerCase()}.`,
          ),
        onError: (failure) => setError(`The status was not saved: ${messageOf(failure)}`),
      },
    );
  };

  const move = (direction: -1 | 1) => {
    const position = positionAfterMove(phase.milestones.length, index, direction);
    if (position === null || moveUpdate.isPending) return;
    setError(null);
    moved.current = direction;
    moveUpdate.mutate(
      { milestoneId: milestone.id, position },
      {
        onSuccess: (updated) => {
          const inPhase = updated.phases.find((item) => item.id === phase.id)?.milestones ?? [];
          const place = inPhase.findIndex((item) => item.id === milestone.id) + 1;
          announce(
            `Milestone '${milestone.title}' moved ${direction === -1 ? "up" : "down"}: now ${place} of ${inPhase.length}.`,
          );
        },
        onError: (failure) => {
          moved.current = null;
          setError(messageOf(failure));
        },
      },
    );
  };

  return (
    <li className="px-3 py-3 sm:px-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="min-w-0 flex-1">
          <p className="text-sm font-medium break-words text-slate-900">{milestone.title}</p>
          <p className="mt-0.5 flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
            <span>{milestone.dueOn ? `Due ${formatCalendarDate(milestone.dueOn)}` : "No due date"}</span>
            {milestone.overdue && (
              <span className="inline-flex items-center gap-1 font-semibold text-red-800">
                <TriangleAlert className="size-3.5" aria-hidden="true" />
                Overdue
              </span>
            )}
            {milestone.completedAt && <span>Completed {formatDate(milestone.completedAt)}</span>}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-1.5">
          <label htmlFor={statusId} className="sr-only">
            Status of '{milestone.title}'
          </label>
          <select
            id={statusId}
            value={shownStatus}
            onChange={(event) => changeStatus(event.target.value as MilestoneStatus)}
            aria-busy={statusUpdate.isPending || undefined}
            className={`${smallControlClasses} w-36`}
          >
            {Object.entries(milestoneStatusLabels).map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <IconButton
            ref={upRef}
            label={`Move milestone '${milestone.title}' up`}
            disabled={index === 0}
            aria-disabled={moveUpdate.isPending || undefined}
            onClick={() => move(-1)}
          >
            <ArrowUp className="size-4" aria-hidden="true" />
          </IconButton>
          <IconButton
            ref={downRef}
            label={`Move milestone '${milestone.title}' down`}
            disabled={index === phase.milestones.length - 1}
            aria-disabled={moveUpdate.isPending || undefined}
            onClick={() => move(1)}
          >
            <ArrowDown className="size-4" aria-hidden="true" />
          </IconButton>
          <IconButton
            ref={editButtonRef}
            label={`Edit milestone '${milestone.title}'`}
            aria-expanded={isEditing}
            onClick={() => setEditing((open) => !open)}
          >
            <Pencil className="size-4" aria-hidden="true" />
          </IconButton>
        </div>
      </div>
      {statusUpdate.isPending && (
        <p className="mt-1 text-xs text-slate-600" aria-hidden="true">
          Saving…
        </p>
      )}
      {error && (
        <div className="mt-2">
          <FormError>{error}</FormError>
        </div>
      )}
      {isEditing && (
        <EditMilestoneForm
          engagement={engagement}
          milestone={milestone}
          onDone={(message) => {
            setEditing(false);
            if (message) announce(message);
            window.requestAnimationFrame(() => editButtonRef.current?.focus());
          }}
        />
      )}
    </li>
  );
}

function EditMilestoneForm({
  engagement,
  milestone,
  onDone,
}: {
  engagement: StaffEngagement;
  milestone: Milestone;
  onDone: (message: string | null) => void;
}) {
  const [title, setTitle] = useState(milestone.title);
  const [dueOn, setDueOn] = useState(milestone.dueOn ?? "");
  const [phaseId, setPhaseId] = useState(milestone.phaseId);
  const [error, setError] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const update = useUpdateMilestone(engagement.id);

  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    const trimmed = title.trim();
    if (!trimmed) {
      setError("Enter the milestone's title.");
      titleRef.current?.focus();
      return;
    }
    const body = {
      ...(trimmed !== milestone.title ? { title: trimmed } : {}),
      ...(dueOn !== (milestone.dueOn ?? "") ? { dueOn: dueOn || null } : {}),
      ...(phaseId !== milestone.phaseId ? { phaseId } : {}),
    };
    if (Object.keys(body).length === 0) return onDone(null);
    update.mutate(
      { milestoneId: milestone.id, ...body },
      {
        onSuccess: () => onDone(`Milestone '${trimmed}' saved.`),
        onError: (failure) => setError(messageOf(failure)),
      },
    );
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone(null);
      }}
      className="mt-3 grid grid-cols-1 gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-2"
    >
      <FilterField label="Title" className="sm:col-span-2">
        {(control) => (
          <input
            {...control}
            ref={titleRef}
            type="text"
            maxLength={200}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
      </FilterField>
      <FilterField label="Due date">
        {(control) => (
          <input {...control} type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
        )}
      </FilterField>
      <FilterField label="Phase">
        {(control) => (
          <select {...control} value={phaseId} onChange={(event) => setPhaseId(event.target.value)}>
            {engagement.phases.map((phase, index) => (
              <option key={phase.id} value={phase.id}>
                {index + 1}. {phase.name}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      {error && (
        <div className="sm:col-span-2">
          <FormError>{error}</FormError>
        </div>
      )}
      <div className="flex flex-wrap gap-2 sm:col-span-2">
        <Button type="submit" aria-disabled={update.isPending || undefined} className={waitingClasses}>
          {update.isPending ? "Saving…" : "Save milestone"}
        </Button>
        <Button variant="secondary" onClick={() => onDone(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

/** "Add milestone" opens a small form at the end of the phase; it stays open for the next one until closed. */
function AddMilestoneForm({
  engagementId,
  phase,
  announce,
}: {
  engagementId: string;
  phase: Phase;
  announce: Announce;
}) {
  const [isOpen, setOpen] = useState(false);
  const [title, setTitle] = useState("");
  const [dueOn, setDueOn] = useState("");
  const [error, setError] = useState<string | null>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const errorId = useId();
  const add = useAddMilestone(engagementId);

  useEffect(() => {
    if (isOpen) titleRef.current?.focus();
    else if (wasOpen.current) openRef.current?.focus();
    wasOpen.current = isOpen;
  }, [isOpen]);

  if (!isOpen) {
    return (
      <div className="border-t border-slate-200 px-3 py-2 sm:px-4">
        <button
          ref={openRef}
          type="button"
          className="inline-flex items-center gap-1.5 rounded px-1 py-1 text-sm font-medium text-orange-800 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-700"
          onClick={() => setOpen(true)}
        >
          <Plus className="size-4" aria-hidden="true" />
          Add milestone<span className="sr-only"> to '{phase.name}'</span>
        </button>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    const trimmed = title.trim();
    if (!trimmed) {
      setError("Enter the milestone's title.");
      titleRef.current?.focus();
      return;
    }
    setError(null);
    add.mutate(
      { phaseId: phase.id, title: trimmed, ...(dueOn ? { dueOn } : {}) },
      {
        onSuccess: () => {
          setTitle("");
          setDueOn("");
          announce(`Milestone '${trimmed}' added to '${phase.name}'.`);
          titleRef.current?.focus();
        },
        onError: (failure) => {
          setError(messageOf(failure));
          titleRef.current?.focus();
        },
      },
    );
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      aria-label={`New milestone in '${phase.name}'`}
      className="grid grid-cols-1 gap-3 border-t border-slate-200 bg-slate-50 px-3 py-3 sm:grid-cols-[minmax(0,1fr)_11rem_auto] sm:items-start sm:px-4"
    >
      <FilterField label="Milestone">
        {(control) => (
          <>
            <input
              {...control}
              ref={titleRef}
              type="text"
              maxLength={200}
              autoComplete="off"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              className={`${control.className} aria-invalid:border-red-700`}
            />
            <FieldError id={errorId}>{error}</FieldError>
          </>
        )}
      </FilterField>
      <FilterField label="Due date">
        {(control) => (
          <input {...control} type="date" value={dueOn} onChange={(event) => setDueOn(event.target.value)} />
        )}
      </FilterField>
      <div className="flex gap-2 sm:pt-6">
        <Button type="submit" className={`h-10 ${waitingClasses}`} aria-disabled={add.isPending || undefined}>
          {add.isPending ? "Adding…" : "Add"}
        </Button>
        <Button variant="secondary" className="h-10" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
    </form>
  );
}

function AddPhaseForm({ engagement, announce }: PlanProps) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const add = useAddPhase(engagement.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    const trimmed = name.trim();
    if (!trimmed) {
      setError("Enter the new phase's name.");
      inputRef.current?.focus();
      return;
    }
    setError(null);
    add.mutate(
      { name: trimmed },
      {
        onSuccess: () => {
          setName("");
          announce(`Phase '${trimmed}' added.`);
        },
        onError: (failure) => setError(messageOf(failure)),
      },
    );
  };

  return (
    <form
      noValidate
      onSubmit={submit}
      className="flex flex-col gap-2 rounded-lg border border-dashed border-slate-300 p-3 sm:flex-row sm:items-start"
    >
      <FilterField label="New phase" className="min-w-0 flex-1">
        {(control) => (
          <>
            <input
              {...control}
              ref={inputRef}
              type="text"
              maxLength={200}
              autoComplete="off"
              placeholder="e.g. Reporting"
              value={name}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              className={`${control.className} aria-invalid:border-red-700`}
            />
            <FieldError id={errorId}>{error}</FieldError>
          </>
        )}
      </FilterField>
      <Button
        type="submit"
        className={`h-10 sm:mt-6 ${waitingClasses}`}
        aria-disabled={add.isPending || undefined}
      >
        <Plus className="size-4" aria-hidden="true" />
        {add.isPending ? "Adding…" : "Add phase"}
      </Button>
    </form>
  );
}
