import type { ReactNode } from "react";
import { focusRing } from "./focus";

/**
 * A table that may be wider than the screen scrolls sideways inside this region. It is focusable (and named),
 * so a keyboard user can scroll it too: the table itself has nothing to focus.
 */
export function ScrollRegion({
  label,
  className = "",
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      className={`overflow-x-auto ${focusRing} ${className}`}
    >
      {children}
    </section>
  );
}
