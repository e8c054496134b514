import { X } from "lucide-react";
import { type ReactNode, useEffect, useId, useRef } from "react";
import { Button, waitingClasses } from "./Button";
import { focusRing } from "./focus";

interface DialogProps {
  open: boolean;
  /** The dialog's heading and accessible name. */
  title: string;
  /** Asked to close (Escape, the close button, Cancel). Not called while `isBusy`. */
  onClose: () => void;
  /** A request of the dialog is on its way: it stays open until the answer. */
  isBusy?: boolean;
  /**
   * Called once it has closed (the page is interactive again): where focus should go when what opened the
   * dialog is gone, for example after a decision replaced the buttons.
   */
  onClosed?: () => void;
  children: ReactNode;
}

/**
 * A modal dialog on the browser's own `<dialog>`: `showModal()` makes the rest of the page inert (focus stays
 * inside, screen readers read only the dialog), Escape closes it, and focus returns to what opened it. Its
 * content is rendered only while it is open, so each opening starts afresh; the element marked
 * `data-autofocus` in it takes the focus when it opens.
 */
export function Dialog({ open, title, onClose, isBusy = false, onClosed, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onClosedRef = useRef(onClosed);
  onClosedRef.current = onClosed;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // The browser focuses the first control (the close button); content may name a better start.
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      onClosedRef.current?.();
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: the dialog's state is ours, so the browser does not close it behind our back.
        event.preventDefault();
        if (!isBusy) onClose();
      }}
      className="m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-xl overflow-y-auto rounded-xl bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/60"
    >
      {open && (
        <div className="p-5 sm:p-6">
          <div className="mb-4 flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-lg font-semibold break-words text-slate-900">
              {title}
            </h2>
            <button
              type="button"
              onClick={() => {
                if (!isBusy) onClose();
              }}
              aria-disabled={isBusy || undefined}
              className={`-mt-1 -mr-2 shrink-0 rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 aria-disabled:opacity-60 ${focusRing}`}
            >
              <X className="size-5" aria-hidden="true" />
              <span className="sr-only">Close</span>
            </button>
          </div>
          {children}
        </div>
      )}
    </dialog>
  );
}

interface DialogActionsProps {
  /** The dialog's request is on its way: both buttons stay focusable (aria-disabled) but do nothing. */
  isBusy: boolean;
  onCancel: () => void;
  /** Cancel takes the focus when the dialog opens: a confirmation whose safe answer is not to act. */
  isCancelFocused?: boolean;
  /** Without it, the confirm button submits the dialog's form. */
  onConfirm?: () => void;
  /** The confirm button's content. */
  children: ReactNode;
}

/** A dialog's Cancel and confirm buttons: side by side at the end, stacked with confirm first on a phone. */
export function DialogActions({
  isBusy,
  onCancel,
  isCancelFocused = false,
  onConfirm,
  children,
}: DialogActionsProps) {
  return (
    <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
      <Button
        variant="secondary"
        data-autofocus={isCancelFocused || undefined}
        aria-disabled={isBusy || undefined}
        className={waitingClasses}
        onClick={() => {
          if (!isBusy) onCancel();
        }}
      >
        Cancel
      </Button>
      <Button
        type={onConfirm ? "button" : "submit"}
        aria-disabled={isBusy || undefined}
        className={waitingClasses}
        onClick={
          onConfirm &&
          (() => {
            if (!isBusy) onConfirm();
          })
        }
      >
        {children}
      </Button>
    </div>
  );
}
