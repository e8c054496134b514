import { useRef } from "react";
import type { UserSummary } from "../../../contracts/users";
import { Dialog, DialogActions } from "../../components/Dialog";
import { FormError } from "../../components/FormMessages";
import { messageOf } from "../ingest/errors";
import { useToggleDisabled } from "./api";

interface StatusDialogProps {
  /** The user to disable (or enable, when disabled); none: the dialog is closed. */
  user: UserSummary | null;
  onClose: () => void;
  /** Done: what to announce. */
  onChanged: (message: string) => void;
  /** The dialog closed after a change (the button that opened it now says the opposite). */
  onClosedAfterChange: () => void;
}

/** Asks before disabling (their sessions end at once) or enabling a user. */
export function StatusDialog({ user, onClose, onChanged, onClosedAfterChange }: StatusDialogProps) {
  const toggle = useToggleDisabled();
  const hasChanged = useRef(false);
  const isEnabling = Boolean(user?.disabledAt);

  const close = () => {
    toggle.reset();
    onClose();
  };

  return (
    <Dialog
      open={user !== null}
      title={user ? `${isEnabling ? "Enable" : "Disable"} ${user.name}?` : ""}
      onClose={close}
      isBusy={toggle.isPending}
      onClosed={() => {
        if (hasChanged.current) onClosedAfterChange();
        hasChanged.current = false;
      }}
    >
      <div className="space-y-4 text-sm text-slate-700">
        {isEnabling ? (
          <p>They can sign in again. Sessions that ended when they were disabled stay ended.</p>
        ) : (
          <p>
            Their sessions end at once, on every device, and they cannot sign in until an admin enables them
            again.
          </p>
        )}
        <FormError>
          {toggle.isError && messageOf(toggle.error, "This user no longer exists. Reload the page.")}
        </FormError>
        <DialogActions
          isBusy={toggle.isPending}
          isCancelFocused
          onCancel={close}
          onConfirm={() => {
            if (!user) return;
            toggle.mutate(user, {
              onSuccess: () => {
                hasChanged.current = true;
                toggle.reset();
                onChanged(
                  isEnabling
                    ? `${user.name} is enabled.`
                    : `${user.name} is disabled; their sessions have ended.`,
                );
              },
            });
          }}
        >
          {toggle.isPending
            ? isEnabling
              ? "Enabling…"
              : "Disabling…"
            : isEnabling
              ? "Enable user"
              : "Disable and end sessions"}
        </DialogActions>
      </div>
    </Dialog>
  );
}
