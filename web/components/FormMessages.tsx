import type { ReactNode } from "react";

/** A form's failure, read out when it appears. */
export function FormError({ className = "", children }: { className?: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p
      role="alert"
      className={`rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 ${className}`}
    >
      {children}
    </p>
  );
}

/** A field's own error under it (the field points at it with aria-describedby). */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      {children}
    </p>
  );
}
