import { Plus, Trash2 } from "lucide-react";
import { type ReactNode, useId } from "react";
import { Button } from "../../../components/Button";
import { focusRing } from "../../../components/focus";
import { fieldClasses } from "../fieldClasses";

let lastRowKey = 0;

/** A key for a new row of the form (a price line, a signer by email), unique across both lists. */
export const newRowKey = () => ++lastRowKey;

/** The element id of a row, so that a row just added can take the focus. */
export const rowId = (key: number) => `row-${key}`;

interface RowInputProps {
  /** The accessible name, with the row's number ("Line 2: quantity"). */
  label: string;
  /** The short label shown above the input ("Quantity"). */
  visibleLabel: string;
  className?: string;
  type?: "text" | "email";
  value: string;
  maxLength: number;
  /** A number: right-aligned, with the matching phone keyboard. */
  inputMode?: "numeric" | "decimal";
  spellCheck?: boolean;
  invalid: boolean | undefined;
  /** The list's error, which an invalid input points at. */
  errorId: string;
  onChange: (value: string) => void;
}

/** One input of a row: its short label is shown, its full name (with the row's number) is read out. */
export function RowInput({
  label,
  visibleLabel,
  className = "",
  type = "text",
  value,
  maxLength,
  inputMode,
  spellCheck,
  invalid,
  errorId,
  onChange,
}: RowInputProps) {
  const id = useId();
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        <span aria-hidden="true">{visibleLabel}</span>
        <span className="sr-only">{label}</span>
      </label>
      <input
        id={id}
        type={type}
        inputMode={inputMode}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={spellCheck}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? errorId : undefined}
        className={`${fieldClasses} h-10 ${inputMode ? "text-right tabular-nums" : ""}`}
      />
    </div>
  );
}

/** The square button at the end of a row that removes it; `label` says which row ("Remove line 2"). */
export function RemoveRowButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className={`inline-flex size-10 items-center justify-center rounded-lg border border-slate-300 bg-white text-slate-700 shadow-sm hover:bg-slate-50 ${focusRing}`}
    >
      <Trash2 className="size-4" aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </button>
  );
}

/** The button under a list of rows that adds one ("Add a price line"). */
export function AddRowButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button variant="secondary" className="mt-3" onClick={onClick}>
      <Plus className="size-4" aria-hidden="true" />
      {children}
    </Button>
  );
}
