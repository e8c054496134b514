import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { type AdminReportItem, REPORT_PERIOD_MAX_DAYS } from "../../../../contracts/report-console";
import { Button, waitingClasses } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { FilterField } from "../../../components/FilterField";
import { FieldError, FormError } from "../../../components/FormMessages";
import { focusRing } from "../../../components/focus";
import { isApiError } from "../../../lib/api";
import { useWorkspaceOptions } from "../../client-tokens/api";
import { WorkspaceField } from "../../client-tokens/WorkspaceField";
import { isReportType, type ReportType, reportTypeLabels, reportTypes } from "../reports.types";
import { useGenerateReport, useWorkspaceEngagements } from "./api";

const DAY_MS = 86_400_000;
const TITLE_MAX_LENGTH = 300;

type Field = "workspace" | "type" | "engagement" | "firstDay" | "lastDay" | "title";

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const dayAfter = (day: string) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));

/** Last calendar month (UTC): what a report is most often about. */
function lastMonth(now = new Date()) {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { firstDay: isoDay(first), lastDay: isoDay(last) };
}

interface Values {
  workspaceId: string;
  type: ReportType | "";
  engagementId: string;
  firstDay: string;
  lastDay: string;
  title: string;
}

/** The same rules as the server's, checked first so a mistake is named next to its field. */
function errorsOf(values: Values, today: string): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  if (!values.workspaceId) found.workspace = "Choose the workspace the report is about.";
  if (!values.type) found.type = "Choose the type of report.";
  if (values.type === "assessment" && !values.engagementId) {
    found.engagement = "Choose the engagement the assessment covers.";
  }
  if (!values.firstDay) found.firstDay = "Enter the period's first day.";
  else if (values.firstDay > today)
    found.firstDay = "The period has not started yet: choose a day up to today.";
  if (!values.lastDay) found.lastDay = "Enter the period's last day.";
  else if (values.firstDay && values.lastDay < values.firstDay) {
    found.lastDay = "The last day must be on or after the first day.";
  } else if (
    values.firstDay &&
    (Date.parse(dayAfter(values.lastDay)) - Date.parse(values.firstDay)) / DAY_MS > REPORT_PERIOD_MAX_DAYS
  ) {
    found.lastDay = "A report covers at most a year: choose a shorter period.";
  }
  if (values.title.trim().length > TITLE_MAX_LENGTH)
    found.title = `Use at most ${TITLE_MAX_LENGTH} characters.`;
  return found;
}

interface GenerateReportFormProps {
  onCancel: () => void;
  onGenerated: (report: AdminReportItem) => void;
}

/** "Generate report": a workspace, a type, a period, an optional title, and whether to publish it when ready. */
export function GenerateReportForm({ onCancel, onGenerated }: GenerateReportFormProps) {
  const ids = { titleHint: useId(), titleError: useId(), publishHint: useId() };
  const workspaceRef = useRef<HTMLSelectElement>(null);
  const fieldRefs = useRef<Partial<Record<Field, HTMLElement | null>>>({});
  const [values, setValues] = useState<Values>({
    workspaceId: "",
    type: "",
    engagementId: "",
    ...lastMonth(),
    title: "",
  });
  const [isPublished, setPublished] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const workspaces = useWorkspaceOptions();
  const engagements = useWorkspaceEngagements(values.workspaceId, values.type === "assessment");
  const generate = useGenerateReport();

  useEffect(() => {
    workspaceRef.current?.focus();
  }, []);

  const set = (field: keyof Values, value: string) =>
    setValues((current) => ({
      ...current,
      [field]: value,
      // An engagement belongs to one workspace: another workspace starts without one.
      ...(field === "workspaceId" ? { engagementId: "" } : {}),
    }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (generate.isPending) return;
    const found = errorsOf(values, isoDay(new Date()));
    setErrors(found);
    setFailure(null);
    const first = (["workspace", "type", "engagement", "firstDay", "lastDay", "title"] as const).find(
      (field) => found[field],
    );
    if (first) {
      (first === "workspace" ? workspaceRef.current : fieldRefs.current[first])?.focus();
      return;
    }
    generate.mutate(
      {
        workspaceId: values.workspaceId,
        reportType: values.type as ReportType,
        periodStart: values.firstDay,
        periodEnd: dayAfter(values.lastDay),
        ...(values.type === "assessment" ? { engagementId: values.engagementId } : {}),
        ...(values.title.trim() ? { title: values.title.trim() } : {}),
        publish: isPublished,
      },
      {
        onSuccess: onGenerated,
        onError: (error) => {
          if (!isApiError(error)) setFailure("The server could not be reached. Try again.");
          else if (error.status === 404) {
            setFailure(
              "That workspace or engagement no longer exists. Reload the page to see the current ones.",
            );
          } else setFailure(error.message);
        },
      },
    );
  };

  const errorProps = (field: Field, errorId: string) => ({
    ref: (element: HTMLElement | null) => {
      fieldRefs.current[field] = element;
    },
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? errorId : undefined,
  });

  return (
    <Card title="Generate a report">
      <form noValidate onSubmit={submit} className="grid gap-5 sm:grid-cols-2">
        <WorkspaceField
          workspaces={workspaces}
          selectRef={workspaceRef}
          value={values.workspaceId}
          onChange={(id) => set("workspaceId", id)}
          error={errors.workspace}
          hint={(selected) =>
            selected
              ? `Rendered from ${selected.tenantName}'s data in this workspace.`
              : "The report shows this workspace's data only."
          }
        />
        <ErrorField label="Type" error={errors.type}>
          {(control, errorId) => (
            <select
              {...control}
              {...errorProps("type", errorId)}
              value={values.type}
              onChange={(event) => set("type", isReportType(event.target.value) ? event.target.value : "")}
            >
              <option value="">Choose a type…</option>
              {reportTypes.map((type) => (
                <option key={type} value={type}>
                  {reportTypeLabels[type]}
                </option>
              ))}
            </select>
          )}
        </ErrorField>
        {values.type === "assessment" && (
          <ErrorField label="Engagement" error={errors.engagement}>
            {(control, errorId) => (
              <>
                <select
                  {...control}
                  {...errorProps("engagement", errorId)}
                  value={values.engagementId}
                  onChange={(event) => set("engagementId", event.target.value)}
                >
                  <option value="">
                    {!values.workspaceId
                      ? "Choose a workspace first"
                      : engagements.isPending
                        ? "Loading engagements…"
                        : "Choose an engagement…"}
                  </option>
                  {engagements.data?.items.map((engagement) => (
                    <option key={engagement.id} value={engagement.id}>
                      {engagement.name}
                    </option>
                  ))}
                </select>
                {engagements.isError && (
                  <p className="mt-1 text-sm text-red-800">The engagements could not be loaded.</p>
                )}
                {engagements.data?.items.length === 0 && (
                  <p className="mt-1 text-xs text-slate-600">This workspace has no engagements.</p>
                )}
              </>
            )}
          </ErrorField>
        )}
        <ErrorField label="First day" error={errors.firstDay} className="sm:col-start-1">
          {(control, errorId) => (
            <input
              {...control}
              {...errorProps("firstDay", errorId)}
              type="date"
              value={values.firstDay}
              onChange={(event) => set("firstDay", event.target.value)}
            />
          )}
        </ErrorField>
        <ErrorField label="Last day" error={errors.lastDay}>
          {(control, errorId) => (
            <input
              {...control}
              {...errorProps("lastDay", errorId)}
              type="date"
              value={values.lastDay}
              onChange={(event) => set("lastDay", event.target.value)}
            />
          )}
        </ErrorField>
        <ErrorField label="Title (optional)" error={errors.title} className="col-span-full">
          {(control, errorId) => (
            <>
              <input
                {...control}
                {...errorProps("title", errorId)}
                aria-describedby={errors.title ? `${errorId} ${ids.titleHint}` : ids.titleHint}
                type="text"
                autoComplete="off"
                maxLength={TITLE_MAX_LENGTH + 1}
                value={values.title}
                onChange={(event) => set("title", event.target.value)}
              />
              <p id={ids.titleHint} className="mt-1 text-xs text-slate-600">
                Left empty: the type and the period, like “SLA Performance Report — October 2026”.
              </p>
            </>
          )}
        </ErrorField>
        <div className="col-span-full">
          <label className="flex items-start gap-3 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={isPublished}
              onChange={(event) => setPublished(event.target.checked)}
              aria-describedby={ids.publishHint}
              className={`mt-0.5 size-4 shrink-0 accent-orange-700 ${focusRing}`}
            />
            <span>
              <span className="block font-medium text-slate-900">Publish when ready</span>
              <span id={ids.publishHint} className="block text-xs text-slate-600">
                The customer sees it in their portal at once (as “generating” until its PDF is ready). Leave
                it unticked to check the PDF first and publish it from the list.
              </span>
            </span>
          </label>
        </div>
        <div className="col-span-full space-y-4">
          <FormError>{failure}</FormError>
          <div className="flex flex-wrap gap-2">
            <Button type="submit" aria-disabled={generate.isPending || undefined} className={waitingClasses}>
              {generate.isPending ? "Generating…" : "Generate report"}
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </div>
      </form>
    </Card>
  );
}

interface ErrorFieldProps {
  label: string;
  error: string | undefined;
  className?: string;
  children: (control: { id: string; className: string }, errorId: string) => ReactNode;
}

/** A labelled control with its error under it; red when invalid. */
function ErrorField({ label, error, className = "", children }: ErrorFieldProps) {
  const errorId = useId();
  return (
    <FilterField label={label} className={className}>
      {(control) => (
        <>
          {children({ ...control, className: `${control.className} aria-invalid:border-red-700` }, errorId)}
          <FieldError id={errorId}>{error}</FieldError>
        </>
      )}
    </FilterField>
  );
}
