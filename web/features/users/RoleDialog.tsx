import { type FormEvent, useId, useState } from "react";
import type { Role } from "../../../contracts/auth";
import type { UserSummary } from "../../../contracts/users";
import { Dialog, DialogActions } from "../../components/Dialog";
import { FilterField } from "../../components/FilterField";
import { FormError } from "../../components/FormMessages";
import { messageOf } from "../ingest/errors";
import { useChangeRole } from "./api";
import { roleLabels, rolesOfKind } from "./labels";

interface RoleDialogProps {
  /** The user whose role to change; none: the dialog is closed. */
  user: UserSummary | null;
  onClose: () => void;
  /** The role changed: what to announce. */
  onChanged: (message: string) => void;
}

/** A new role within the user's kind; saving ends their sessions at once. */
export function RoleDialog({ user, onClose, onChanged }: RoleDialogProps) {
  const change = useChangeRole();
  const close = () => {
    change.reset();
    onClose();
  };
  return (
    <Dialog
      open={user !== null}
      title={user ? `Change the role of ${user.name}` : ""}
      onClose={close}
      isBusy={change.isPending}
    >
      {user && <RoleForm key={user.id} user={user} change={change} onClose={close} onChanged={onChanged} />}
    </Dialog>
  );
}

interface RoleFormProps extends RoleDialogProps {
  user: UserSummary;
  change: ReturnType<typeof useChangeRole>;
}

function RoleForm({ user, change, onClose: close, onChanged }: RoleFormProps) {
  const hintId = useId();
  const [role, setRole] = useState<Role>(user.role);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (change.isPending) return;
    if (role === user.role) {
      close();
      return;
    }
    change.mutate(
      { user, role },
      {
        onSuccess: () => {
          change.reset();
          onChanged(`${user.name} is now ${roleLabels[role]}; their sessions have ended.`);
        },
      },
    );
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4 text-sm text-slate-700">
      <FilterField label="Role">
        {(control) => (
          <select
            {...control}
            data-autofocus
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
            aria-describedby={hintId}
          >
            {rolesOfKind(user.role).map((option) => (
              <option key={option} value={option}>
                {roleLabels[option]}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <div id={hintId} className="space-y-2">
        <p>Their sessions end at once, on every device: they sign in again to continue.</p>
        <p>
          At each sign-in the portal takes the role from the app role assigned to them in the identity
          provider: change it there too, or it returns at their next sign-in.
        </p>
      </div>
      <FormError>
        {change.isError && messageOf(change.error, "This user no longer exists. Reload the page.")}
      </FormError>
      <DialogActions isBusy={change.isPending} onCancel={close}>
        {change.isPending ? "Saving…" : "Save role"}
      </DialogActions>
    </form>
  );
}
