import { type ReactNode, useId } from "react";
import { focusRing } from "./focus";

const controlClasses = `mt-1 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm ${focusRing}`;

interface FilterFieldProps {
  label: string;
  className?: string;
  /** The control, given the id its label points at and its classes. */
  children: (control: { id: string; className: string }) => ReactNode;
}

/** A labelled filter control (a select, a date, a number) in a list's filter bar. */
export function FilterField({ label, className = "", children }: FilterFieldProps) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children({ id, className: controlClasses })}
    </div>
  );
}
