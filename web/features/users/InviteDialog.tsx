import { CircleCheck, Info } from "lucide-react";
import { type FormEvent, useId, useRef, useState } from "react";
import { type AccessLinkRole, EMAIL_PATTERN } from "../../../contracts/access-links";
import type { InviteOutcome } from "../../../contracts/users";
import { Button } from "../../components/Button";
import { Dialog, DialogActions } from "../../components/Dialog";
import { FilterField } from "../../components/FilterField";
import { FieldError, FormError } from "../../components/FormMessages";
import { formatDateTime } from "../../lib/format";
import { useWorkspaceOptions } from "../client-tokens/api";
import { WorkspaceField } from "../client-tokens/WorkspaceField";
import { messageOf } from "../ingest/errors";
import { useInviteUser } from "./api";
import { roleLabels } from "./labels";

const emailPattern = new RegExp(EMAIL_PATTERN);
const inviteRoles: AccessLinkRole[] = ["customer_viewer", "customer_approver"];

interface InviteDialogProps {
  open: boolean;
  /** The organisation chosen on the page: its first workspace is preselected. */
  tenantId: string | null;
  onClose: () => void;
}

/** Invites a customer user into a workspace: an emailed access link, or what to do in Entra ID instead. */
export function InviteDialog({ open, tenantId, onClose }: InviteDialogProps) {
  const invite = useInviteUser();
  const close = () => {
    invite.reset();
    onClose();
  };
  return (
    <Dialog open={open} title="Invite a customer user" onClose={close} isBusy={invite.isPending}>
      {invite.data ? (
        <Outcome outcome={invite.data} onDone={close} />
      ) : (
        <InviteForm tenantId={tenantId} invite={invite} onCancel={close} />
      )}
    </Dialog>
  );
}

function Outcome({ outcome, onDone }: { outcome: InviteOutcome; onDone: () => void }) {
  return (
    <div className="space-y-4 text-sm text-slate-700">
      {outcome.outcome === "link_sent" ? (
        <div
          role="status"
          className="flex gap-3 rounded-lg border border-green-200 bg-green-50 p-3 text-green-900"
        >
          <CircleCheck className="mt-0.5 size-5 shrink-0" aria-hidden="true" />
          <p>
            An access link is on its way to <strong className="break-all">{outcome.email}</strong>. It works
            once, until {formatDateTime(outcome.expiresAt)}; follow its delivery on the Access links page.
          </p>
        </div>
      ) : (
        <div role="status" className="flex gap-3 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sky-900">
          <Info className="mt-0.5 size-5 shrink-0" aria-hidden="true" />
          <div className="space-y-2">
            <p className="font-medium">To do in Microsoft Entra ID</p>
            <p>{outcome.note}</p>
          </div>
        </div>
      )}
      <div className="flex justify-end">
        <Button data-autofocus onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

type Field = "email" | "workspace";

function InviteForm({
  tenantId,
  invite,
  onCancel,
}: {
  tenantId: string | null;
  invite: ReturnType<typeof useInviteUser>;
  onCancel: () => void;
}) {
  const ids = { emailError: useId(), emailHint: useId() };
  const workspaces = useWorkspaceOptions();
  const emailRef = useRef<HTMLInputElement>(null);
  const workspaceRef = useRef<HTMLSelectElement>(null);
  const [email, setEmail] = useState("");
  const [chosenWorkspace, setWorkspace] = useState<string | null>(null);
  const [role, setRole] = useState<AccessLinkRole>("customer_viewer");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  // Until one is chosen, the page's organisation's first workspace.
  const workspaceId =
    chosenWorkspace ?? workspaces.data?.items.find((option) => option.tenantId === tenantId)?.id ?? "";
  const workspace = workspaces.data?.items.find((option) => option.id === workspaceId);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invite.isPending) return;
    const address = email.trim();
    const found: Partial<Record<Field, string>> = {};
    if (!emailPattern.test(address)) found.email = "Enter one email address, like name@example.com.";
    if (!workspace) found.workspace = "Choose the workspace they join.";
    setErrors(found);
    if (found.email) {
      emailRef.current?.focus();
      return;
    }
    if (found.workspace || !workspace) {
      workspaceRef.current?.focus();
      return;
    }
    invite.mutate({ tenantId: workspace.tenantId, workspaceId: workspace.id, email: address, role });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4 text-sm text-slate-700">
      <FilterField label="Email address">
        {(control) => (
          <>
            <input
              {...control}
              ref={emailRef}
              data-autofocus
              type="email"
              autoComplete="off"
              maxLength={254}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={errors.email ? `${ids.emailError} ${ids.emailHint}` : ids.emailHint}
              className={`${control.className} aria-invalid:border-red-700`}
            />
            <FieldError id={ids.emailError}>{errors.email}</FieldError>
            <p id={ids.emailHint} className="mt-1 text-xs text-slate-600">
              Their work address. An organisation that signs in with Entra ID gets the steps to follow there
              instead of a link.
            </p>
          </>
        )}
      </FilterField>
      <WorkspaceField
        workspaces={workspaces}
        selectRef={workspaceRef}
        value={workspaceId}
        onChange={setWorkspace}
        error={errors.workspace}
        hint={(selected) =>
          selected
            ? `${selected.tenantName}${
                selected.allowedEmailDomains.length > 0
                  ? ` takes email links for addresses at ${selected.allowedEmailDomains.join(", ")}.`
                  : "."
              }`
            : "The customer's workspace they join."
        }
      />
      <FilterField label="Role">
        {(control) => (
          <select
            {...control}
            value={role}
            onChange={(event) => setRole(event.target.value as AccessLinkRole)}
          >
            {inviteRoles.map((option) => (
              <option key={option} value={option}>
                {roleLabels[option]}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      <FormError>
        {invite.isError && messageOf(invite.error, "That organisation or workspace no longer exists.")}
      </FormError>
      <DialogActions isBusy={invite.isPending} onCancel={onCancel}>
        {invite.isPending ? "Inviting…" : "Invite"}
      </DialogActions>
    </form>
  );
}
