import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { EngagementStatus, StaffEngagement } from "../../../../contracts/engagements";
import { Button, waitingClasses } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { FilterField } from "../../../components/FilterField";
import { FieldError, FormError } from "../../../components/FormMessages";
import { isApiError } from "../../../lib/api";
import type { useWorkspaceOptions } from "../../client-tokens/api";
import { WorkspaceField } from "../../client-tokens/WorkspaceField";
import { useCreateEngagement } from "../api";
import { engagementStatusLabels } from "../labels";
import { messageOf, textareaClasses } from "./forms";

type Field = "workspaceId" | "name" | "dates" | "form";

/** Which field a 400's message is about; otherwise the whole form. */
function fieldOf(message: string): Field {
  if (/workspace/i.test(message)) return "workspaceId";
  if (/date|starts|ends/i.test(message)) return "dates";
  if (/name/i.test(message)) return "name";
  return "form";
}

interface NewEngagementFormProps {
  workspaces: ReturnType<typeof useWorkspaceOptions>;
  /** The tenant the list is filtered by: its first advisory workspace is picked to begin with. */
  defaultTenant: string;
  onCancel: () => void;
  onCreated: (engagement: StaffEngagement) => void;
}

export function NewEngagementForm({
  workspaces,
  defaultTenant,
  onCancel,
  onCreated,
}: NewEngagementFormProps) {
  const headingId = useId();
  const errorIds = { name: useId(), dates: useId() };
  const workspaceRef = useRef<HTMLSelectElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const startsRef = useRef<HTMLInputElement>(null);
  const [workspaceId, setWorkspaceId] = useState(
    () =>
      workspaces.data?.items.find((option) => option.tenantId === defaultTenant && option.kind === "advisory")
        ?.id ?? "",
  );
  const [name, setName] = useState("");
  const [status, setStatus] = useState<EngagementStatus>("planned");
  const [startsOn, setStartsOn] = useState("");
  const [endsOn, setEndsOn] = useState("");
  const [summary, setSummary] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const create = useCreateEngagement();

  // The form opens where the reader was: on its first field.
  useEffect(() => {
    (workspaceRef.current ?? nameRef.current)?.focus();
  }, []);

  const focusField = (field: Field) => {
    if (field === "workspaceId") workspaceRef.current?.focus();
    else if (field === "name") nameRef.current?.focus();
    else if (field === "dates") startsRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (create.isPending) return;
    const found: Partial<Record<Field, string>> = {};
    if (!workspaceId) found.workspaceId = "Choose the workspace the engagement belongs to.";
    if (!name.trim()) found.name = "Enter a name for the engagement.";
    if (startsOn && endsOn && endsOn < startsOn) found.dates = "The end date is before the start date.";
    const first = (["workspaceId", "name", "dates"] as const).find((field) => found[field]);
    setErrors(found);
    if (first) {
      focusField(first);
      return;
    }
    create.mutate(
      {
        workspaceId,
        name: name.trim(),
        status,
        ...(summary.trim() ? { summary: summary.trim() } : {}),
        ...(startsOn ? { startsOn } : {}),
        ...(endsOn ? { endsOn } : {}),
      },
      {
        onSuccess: onCreated,
        onError: (error) => {
          if (isApiError(error, 400)) {
            const field = fieldOf(error.message);
            setErrors({ [field]: error.message });
            focusField(field);
          } else {
            setErrors({ form: messageOf(error) });
          }
        },
      },
    );
  };

  const describedBy = (field: "name" | "dates") => (errors[field] ? errorIds[field] : undefined);

  return (
    <section aria-labelledby={headingId}>
      <Card>
        <h2 id={headingId} className="mb-4 text-base font-semibold text-slate-900">
          New engagement
        </h2>
        <form noValidate onSubmit={submit} className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <WorkspaceField
            workspaces={workspaces}
            selectRef={workspaceRef}
            value={workspaceId}
            onChange={setWorkspaceId}
            error={errors.workspaceId}
            hint={(selected) =>
              selected
                ? `For ${selected.tenantName}: everyone in this workspace follows the engagement in their portal.`
                : "The customer's workspace, by tenant. Everyone in it follows the engagement in their portal."
            }
          />
          <FilterField label="Name" className="col-span-full">
            {(control) => (
              <>
                <input
                  {...control}
                  ref={nameRef}
                  type="text"
                  maxLength={200}
                  autoComplete="off"
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  placeholder="e.g. External Penetration Test Q3"
                  aria-invalid={errors.name ? true : undefined}
                  aria-describedby={describedBy("name")}
                  className={`${control.className} aria-invalid:border-red-700`}
                />
                <FieldError id={errorIds.name}>{errors.name}</FieldError>
              </>
            )}
          </FilterField>
          <FilterField label="Status">
            {(control) => (
              <select
                {...control}
                value={status}
                onChange={(event) => setStatus(event.target.value as EngagementStatus)}
              >
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
                value={startsOn}
                onChange={(event) => setStartsOn(event.target.value)}
                aria-invalid={errors.dates ? true : undefined}
                aria-describedby={describedBy("dates")}
                className={`${control.className} aria-invalid:border-red-700`}
              />
            )}
          </FilterField>
          <FilterField label="Ends">
            {(control) => (
              <input
                {...control}
                type="date"
                value={endsOn}
                min={startsOn || undefined}
                onChange={(event) => setEndsOn(event.target.value)}
                aria-invalid={errors.dates ? true : undefined}
                aria-describedby={describedBy("dates")}
                className={`${control.className} aria-invalid:border-red-700`}
              />
            )}
          </FilterField>
          {errors.dates && (
            <div className="-mt-2 col-span-full">
              <FieldError id={errorIds.dates}>{errors.dates}</FieldError>
            </div>
          )}
          <SummaryField value={summary} onChange={setSummary} />
          {errors.form && (
            <div className="col-span-full">
              <FormError>{errors.form}</FormError>
            </div>
          )}
          <div className="flex flex-wrap gap-2 col-span-full">
            <Button type="submit" aria-disabled={create.isPending || undefined} className={waitingClasses}>
              {create.isPending ? "Creating…" : "Create engagement"}
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
          </div>
        </form>
      </Card>
    </section>
  );
}

function SummaryField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="col-span-full">
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        Summary
      </label>
      <textarea
        id={id}
        rows={3}
        maxLength={10_000}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={hintId}
        className={textareaClasses}
      />
      <p id={hintId} className="mt-1 text-xs text-slate-600">
        Shown to the client at the top of the engagement's page.
      </p>
    </div>
  );
}
