import { type ButtonHTMLAttributes, forwardRef } from "react";
import { focusRing } from "../../../components/focus";
import { isApiError } from "../../../lib/api";

/** The server's message for a failed write (a 400 says what to fix); the request id when support needs it. */
export function messageOf(error: unknown): string {
  if (!isApiError(error)) return "The server could not be reached. Try again.";
  if (error.status === 404) return "This engagement (or the item) no longer exists. Reload the page.";
  if (error.status >= 500 && error.requestId) return `${error.message} (request id ${error.requestId})`;
  return error.message;
}

/** A multi-line text field's classes, matching FilterField's controls. */
export const textareaClasses = `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ${focusRing}`;

/** A small control's classes (a select or date inside a row). */
export const smallControlClasses = `block h-9 rounded-lg border border-slate-300 bg-white px-2 text-sm text-slate-900 shadow-sm ${focusRing}`;

interface IconButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** What the button does, for screen readers ("Move phase 'Scoping' up"). */
  label: string;
}

/**
 * A square button showing an icon only; its label is read out and shown as a tooltip. forwardRef: Preact passes
 * no `ref` prop to a function component.
 */
export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton(
  { label, children, className = "", ...props },
  ref,
) {
  return (
    <button
      ref={ref}
      type="button"
      title={label}
      className={`inline-flex size-9 items-center justify-center rounded-lg border border-slate-300 bg-white text-slate-700 shadow-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40 ${focusRing} ${className}`}
      {...props}
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
});

/**
 * Where an item lands when moved one step up (-1) or down (+1): the 0-based place the server moves it to (it
 * renumbers the others); null at either end.
 */
export function positionAfterMove(count: number, index: number, direction: -1 | 1): number | null {
  const target = index + direction;
  return target >= 0 && target < count ? target : null;
}
