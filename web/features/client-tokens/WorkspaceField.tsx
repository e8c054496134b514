import { type RefObject, useId } from "react";
import { ErrorState } from "../../components/ErrorState";
import { FilterField } from "../../components/FilterField";
import { FieldError } from "../../components/FormMessages";
import { LoadingState } from "../../components/LoadingState";
import type { useWorkspaceOptions, WorkspaceOption } from "./api";

const kindLabels: Record<WorkspaceOption["kind"], string> = {
  soc: "Managed SOC",
  advisory: "Advisory",
};

/** The workspaces by tenant, advisory ones first (engagements and proposals usually live there). */
function groupByTenant(options: readonly WorkspaceOption[]): [string, WorkspaceOption[]][] {
  const groups = new Map<string, { name: string; items: WorkspaceOption[] }>();
  for (const option of options) {
    const group = groups.get(option.tenantId) ?? { name: option.tenantName, items: [] };
    group.items.push(option);
    groups.set(option.tenantId, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((group) => [
      group.name,
      [...group.items].sort((a, b) => Number(a.kind === "soc") - Number(b.kind === "soc")),
    ]);
}

interface WorkspaceFieldProps {
  workspaces: ReturnType<typeof useWorkspaceOptions>;
  selectRef: RefObject<HTMLSelectElement | null>;
  value: string;
  onChange: (id: string) => void;
  error: string | undefined;
  /** The hint under the picker: who sees what is created there, given the workspace chosen (if any). */
  hint: (selected: WorkspaceOption | undefined) => string;
}

/** A console form's choice of the customer's workspace, grouped by tenant; its loading and error states. */
export function WorkspaceField({ workspaces, selectRef, value, onChange, error, hint }: WorkspaceFieldProps) {
  const errorId = useId();
  const hintId = useId();
  if (workspaces.isPending) return <LoadingState label="Loading workspaces…" />;
  if (workspaces.isError) {
    return (
      <ErrorState what="the workspaces" error={workspaces.error} onRetry={() => void workspaces.refetch()} />
    );
  }
  const options = workspaces.data.items;
  return (
    <FilterField label="Workspace" className="col-span-full">
      {(control) => (
        <>
          <select
            {...control}
            ref={selectRef}
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            className={`${control.className} aria-invalid:border-red-700`}
          >
            <option value="">Choose a workspace…</option>
            {groupByTenant(options).map(([tenantName, items]) => (
              <optgroup key={tenantName} label={tenantName}>
                {items.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name} ({kindLabels[option.kind]})
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldError id={errorId}>{error}</FieldError>
          <p id={hintId} className="mt-1 text-xs text-slate-600">
            {hint(options.find((option) => option.id === value))}
          </p>
        </>
      )}
    </FilterField>
  );
}
