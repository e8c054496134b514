import { Plus } from "lucide-react";
import type { ReactNode, RefObject } from "react";
import { buttonClasses } from "./Button";

interface NewItemButtonProps {
  /** Where focus returns when the form is cancelled. */
  buttonRef: RefObject<HTMLButtonElement | null>;
  /** The form for a new item is shown. */
  isOpen: boolean;
  onToggle: () => void;
  children: ReactNode;
}

/** A list page's "New …" button in its header: it shows and hides the form for a new item. */
export function NewItemButton({ buttonRef, isOpen, onToggle, children }: NewItemButtonProps) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className={buttonClasses("primary")}
      aria-expanded={isOpen}
      onClick={onToggle}
    >
      <Plus className="size-4" aria-hidden="true" />
      {children}
    </button>
  );
}
