import type { ReactNode } from "react";

interface CardProps {
  title?: string;
  /** Rendered at the right of the title row (a link, a filter). */
  actions?: ReactNode;
  className?: string;
  /** No padding around the body, for tables and lists that run edge to edge. */
  flush?: boolean;
  children: ReactNode;
}

export function Card({ title, actions, className = "", flush = false, children }: CardProps) {
  return (
    <section className={`rounded-xl border border-slate-200 bg-white shadow-sm ${className}`}>
      {title && (
        <header className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 py-3">
          <h2 className="text-base font-semibold text-slate-900">{title}</h2>
          {actions}
        </header>
      )}
      <div className={flush ? "" : "p-5"}>{children}</div>
    </section>
  );
}
