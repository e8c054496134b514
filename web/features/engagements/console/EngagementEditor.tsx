import { Briefcase, CalendarDays, Eye, Lock } from "lucide-react";
import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import type {
  EngagementStatus,
  StaffEngagement,
  UpdateEngagementBody,
} from "../../../../contracts/engagements";
import { Button, buttonClasses, waitingClasses } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorState } from "../../../components/ErrorState";
import { FilterField } from "../../../components/FilterField";
import { FieldError, FormError } from "../../../components/FormMessages";
import { LoadingState } from "../../../components/LoadingState";
import { ProgressBar } from "../../../components/ProgressBar";
import { isApiError } from "../../../lib/api";
import { formatPercent } from "../../../lib/format";
import { useStaffEngagement, useUpdateEngagement } from "../api";
import {
  EngagementStatusBadge,
  engagementStatusLabels,
  formatDateRange,
  milestoneCountText,
} from "../labels";
import { progressOf } from "../liveEvents";
import { messageOf, textareaClasses } from "./forms";
import { PlanEditor } from "./PlanEditor";
import { UpdatesEditor } from "./UpdatesEditor";

/** A part of the editor: a card headed by an h3 (the engagement's name is the h2). */
export function EditorSection({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 border-b border-slate-200 px-4 py-3 sm:px-5">
        <h3 id={headingId} className="text-base font-semibold text-slate-900">
          {title}
        </h3>
        {actions}
      </header>
      <div className="p-4 sm:p-5">{children}</div>
    </section>
  );
}

/** What the editor says to screen readers after a change that moves or replaces what had focus. */
export type Announce = (text: string) => void;

export function EngagementEditor({ id, focusOnLoad }: { id: string; focusOnLoad: boolean }) {
  const engagement = useStaffEngagement(id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [announcement, setAnnouncement] = useState("");
  const announce = useCallback<Announce>((text) => {
    // The same words twice in a row are read again: the region's text changes in between.
    setAnnouncement((current) => (current === text ? `${text}\u00a0` : text));
  }, []);
  const isLoaded = engagement.isSuccess;

  useEffect(() => {
    if (isLoaded && focusOnLoad) headingRef.current?.focus();
  }, [isLoaded, focusOnLoad]);

  if (engagement.isPending) {
    return (
      <Card>
        <LoadingState label="Loading the engagement…" />
      </Card>
    );
  }
  if (isApiError(engagement.error, 404)) {
    return (
      <Card>
        <EmptyState icon={Briefcase} title="This engagement does not exist">
          It may have been removed. Choose another one from the list.
        </EmptyState>
      </Card>
    );
  }
  if (engagement.isError) {
    return (
      <Card>
        <ErrorState
          what="the engagement"
          error={engagement.error}
          onRetry={() => void engagement.refetch()}
        />
      </Card>
    );
  }

  const data = engagement.data;
  const { done, total } = progressOf(data.phases);
  return (
    <article aria-labelledby={`engagement-${data.id}`} className="space-y-6">
      <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2
              id={`engagement-${data.id}`}
              ref={headingRef}
              tabIndex={-1}
              className="text-xl font-semibold break-words text-slate-900 focus:outline-none"
            >
              {data.name}
            </h2>
            <p className="mt-0.5 text-sm break-words text-slate-600">
              {data.tenantName} · {data.workspaceName}
            </p>
          </div>
          <Link
            to={`/customer-portal/engagements/${encodeURIComponent(data.id)}?${new URLSearchParams({ tenant: data.tenantId })}`}
            className={buttonClasses("secondary")}
          >
            <Eye className="size-4" aria-hidden="true" />
            View as client
          </Link>
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-700">
          <EngagementStatusBadge status={data.status} />
          <span className="inline-flex items-center gap-1.5">
            <CalendarDays className="size-4 text-slate-500" aria-hidden="true" />
            {formatDateRange(data.startsOn, data.endsOn)}
          </span>
        </div>
        <div className="mt-4">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 text-sm">
            <span className="font-semibold text-slate-900">
              {formatPercent(data.percentComplete)} complete
            </span>
            <span className="text-slate-700">{milestoneCountText(done, total)}</span>
          </div>
          <ProgressBar
            value={data.percentComplete}
            label="Engagement progress"
            tone="success"
            className="mt-2"
          />
        </div>
      </div>
      <DetailsForm engagement={data} announce={announce} />
      <PlanEditor engagement={data} announce={announce} />
      <UpdatesEditor engagement={data} announce={announce} />
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </article>
  );
}

type DetailsField = "name" | "dates" | "form";

function detailsFieldOf(message: string): DetailsField {
  if (/date|starts|ends/i.test(message)) return "dates";
  if (/name/i.test(message)) return "name";
  return "form";
}

interface Details {
  name: string;
  status: EngagementStatus;
  startsOn: string;
  endsOn: string;
  summary: string;
  internalNotes: string;
}

const detailsOf = (engagement: StaffEngagement): Details => ({
  name: engagement.name,
  status: engagement.status,
  startsOn: engagement.startsOn ?? "",
  endsOn: engagement.endsOn ?? "",
  summary: engagement.summary,
  internalNotes: engagement.internalNotes,
});

/** Name, status, dates, summary and the internal notes, saved together; only what changed is sent. */
function DetailsForm({ engagement, announce }: { engagement: StaffEngagement; announce: Announce }) {
  const [details, setDetails] = useState(() => detailsOf(engagement));
  const [saved, setSaved] = useState<Details>(() => detailsOf(engagement));
  const [errors, setErrors] = useState<Partial<Record<DetailsField, string>>>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const startsRef = useRef<HTMLInputElement>(null);
  const errorIds = { name: useId(), dates: useId() };
  const notesId = useId();
  const notesHintId = useId();
  const summaryId = useId();
  const summaryHintId = useId();
  const save = useUpdateEngagement(engagement.id);

  const set =
    <K extends keyof Details>(key: K) =>
    (event: { target: { value: string } }) =>
      setDetails((current) => ({ ...current, [key]: event.target.value as Details[K] }));
  const changed = (Object.keys(details) as (keyof Details)[]).filter((key) => details[key] !== saved[key]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const found: Partial<Record<DetailsField, string>> = {};
    if (!details.name.trim()) found.name = "Enter a name for the engagement.";
    if (details.startsOn && details.endsOn && details.endsOn < details.startsOn) {
      found.dates = "The end date is before the start date.";
    }
    setErrors(found);
    if (found.name) return nameRef.current?.focus();
    if (found.dates) return startsRef.current?.focus();
    if (changed.length === 0) {
      announce("Nothing to save: no detail has changed.");
      return;
    }
    const body: UpdateEngagementBody = {};
    if (changed.includes("name")) body.name = details.name.trim();
    if (changed.includes("status")) body.status = details.status;
    if (changed.includes("startsOn")) body.startsOn = details.startsOn || null;
    if (changed.includes("endsOn")) body.endsOn = details.endsOn || null;
    if (changed.includes("summary")) body.summary = details.summary;
    if (changed.includes("internalNotes")) body.internalNotes = details.internalNotes;
    save.mutate(body, {
      onSuccess: (updated) => {
        const next = detailsOf(updated);
        setDetails(next);
        setSaved(next);
        announce("Details saved.");
      },
      onError: (error) => {
        if (isApiError(error, 400)) {
          const field = detailsFieldOf(error.message);
          setErrors({ [field]: error.message });
          if (field === "name") nameRef.current?.focus();
          if (field === "dates") startsRef.current?.focus();
        } else {
          setErrors({ form: messageOf(error) });
        }
      },
    });
  };

  const invalid = (field: "name" | "dates") =>
    errors[field] ? { "aria-invalid": true as const, "aria-describedby": errorIds[field] } : {};

  return (
    <EditorSection title="Details">
      <form noValidate onSubmit={submit} className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <FilterField label="Name" className="col-span-full">
          {(control) => (
            <>
              <input
                {...control}
                ref={nameRef}
                type="text"
                maxLength={200}
                autoComplete="off"
                value={details.name}
                onChange={set("name")}
                {...invalid("name")}
                className={`${control.className} aria-invalid:border-red-700`}
              />
              <FieldError id={errorIds.name}>{errors.name}</FieldError>
            </>
          )}
        </FilterField>
        <FilterField label="Status">
          {(control) => (
            <select {...control} value={details.status} onChange={set("status")}>
              {Object.entries(engagementStatusLabels).map(([value, { label }]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <FilterField label="Starts">
          {(control) => (
            <input
              {...control}
              ref={startsRef}
              type="date"
              value={details.startsOn}
              onChange={set("startsOn")}
              {...invalid("dates")}
              className={`${control.className} aria-invalid:border-red-700`}
            />
          )}
        </FilterField>
        <FilterField label="Ends">
          {(control) => (
            <input
              {...control}
              type="date"
              value={details.endsOn}
              min={details.startsOn || undefined}
              onChange={set("endsOn")}
              {...invalid("dates")}
              className={`${control.className} aria-invalid:border-red-700`}
            />
          )}
        </FilterField>
        {errors.dates && (
          <div className="-mt-2 col-span-full">
            <FieldError id={errorIds.dates}>{errors.dates}</FieldError>
          </div>
        )}
        <div className="col-span-full">
          <label htmlFor={summaryId} className="block text-sm font-medium text-slate-700">
            Summary
          </label>
          <textarea
            id={summaryId}
            rows={4}
            maxLength={10_000}
            value={details.summary}
            onChange={set("summary")}
            aria-describedby={summaryHintId}
            className={textareaClasses}
          />
          <p id={summaryHintId} className="mt-1 flex items-center gap-1.5 text-xs text-slate-600">
            <Eye className="size-3.5 shrink-0" aria-hidden="true" />
            Shown to the client at the top of their engagement page.
          </p>
        </div>
        <div className="rounded-lg border-2 border-dashed border-amber-400 bg-amber-50 p-3 col-span-full">
          <label
            htmlFor={notesId}
            className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm font-medium"
          >
            <span className="text-slate-800">Internal notes</span>
            <span className="inline-flex items-center gap-1 rounded-full bg-amber-800 px-2 py-0.5 text-xs font-semibold text-white">
              <Lock className="size-3" aria-hidden="true" />
              Internal — never shown to the client
            </span>
          </label>
          <textarea
            id={notesId}
            rows={4}
            maxLength={10_000}
            value={details.internalNotes}
            onChange={set("internalNotes")}
            aria-describedby={notesHintId}
            className={textareaClasses}
          />
          <p id={notesHintId} className="mt-1 text-xs text-amber-900">
            For the provider's staff only: scheduling, contacts, caveats.
          </p>
        </div>
        {errors.form && (
          <div className="col-span-full">
            <FormError>{errors.form}</FormError>
          </div>
        )}
        <div className="flex flex-wrap items-center gap-3 col-span-full">
          <Button type="submit" aria-disabled={save.isPending || undefined} className={waitingClasses}>
            {save.isPending ? "Saving…" : "Save details"}
          </Button>
          <span className="text-sm text-slate-600">
            {changed.length > 0 ? "Unsaved changes" : save.isSuccess ? "All changes saved" : ""}
          </span>
        </div>
      </form>
    </EditorSection>
  );
}
