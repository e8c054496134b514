import type { UseMutationResult } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useId, useRef, useState } from "react";
import type { ClientProposalView, DeclineProposalBody, SignProposalBody } from "../../../contracts/proposals";
import { Dialog, DialogActions } from "../../components/Dialog";
import { FieldError, FormError } from "../../components/FormMessages";
import { focusRing } from "../../components/focus";
import { messageOf } from "./errors";
import { fieldClasses } from "./fieldClasses";
import { kindLabels } from "./labels";

type Decision<Body> = UseMutationResult<ClientProposalView, Error, Body>;

interface DialogProps<Body> {
  open: boolean;
  proposal: ClientProposalView;
  decision: Decision<Body>;
  onClose: () => void;
  /** The dialog has closed. */
  onClosed: () => void;
  /** The decision was recorded; the page shows its outcome. */
  onDone: () => void;
}

interface DecisionDialogProps<Body> extends Omit<DialogProps<Body>, "proposal"> {
  title: string;
  /** Empties the dialog's own fields (after the decision, or when it is cancelled). */
  onReset: () => void;
  /** The request's body, or null when a field is wrong (the dialog then shows why and focuses it). */
  validate: () => Body | null;
  submitLabel: string;
  pendingLabel: string;
  children: ReactNode;
}

/** What signing and declining share: the form, the server's refusal, and Cancel beside the decision's button. */
function DecisionDialog<Body>({
  open,
  title,
  decision,
  onClose,
  onClosed,
  onDone,
  onReset,
  validate,
  submitLabel,
  pendingLabel,
  children,
}: DecisionDialogProps<Body>) {
  const [failure, setFailure] = useState<string | null>(null);

  const clear = () => {
    onReset();
    setFailure(null);
  };
  const close = () => {
    clear();
    decision.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (decision.isPending) return;
    setFailure(null);
    const body = validate();
    if (!body) return;
    decision.mutate(body, {
      onSuccess: () => {
        clear();
        onDone();
      },
      onError: (error) => setFailure(messageOf(error)),
    });
  };

  return (
    <Dialog open={open} title={title} onClose={close} onClosed={onClosed} isBusy={decision.isPending}>
      <form noValidate onSubmit={submit} className="space-y-5">
        {children}
        <FormError>{failure}</FormError>
        <DialogActions isBusy={decision.isPending} onCancel={close}>
          {decision.isPending ? pendingLabel : submitLabel}
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * Signing: the disclosure the signer consents to (its version is recorded), the fingerprint of the exact
 * document being signed, the typed name and the consent box (unchecked until the signer checks it).
 */
export function SignDialog({ proposal, ...dialog }: DialogProps<SignProposalBody>) {
  const disclosureId = useId();
  const nameId = useId();
  const nameHintId = useId();
  const nameErrorId = useId();
  const consentId = useId();
  const consentErrorId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const consentRef = useRef<HTMLInputElement>(null);
  const [typedName, setTypedName] = useState("");
  const [consent, setConsent] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; consent?: string }>({});

  const validate = (): SignProposalBody | null => {
    const found = {
      name: typedName.trim() ? undefined : "Type your full name to sign.",
      consent: consent ? undefined : "Check the box to agree to sign electronically.",
    };
    setErrors(found);
    if (found.name) {
      nameRef.current?.focus();
      return null;
    }
    if (found.consent) {
      consentRef.current?.focus();
      return null;
    }
    return { typedName: typedName.trim(), consent: true, documentSha256: proposal.documentSha256 };
  };

  return (
    <DecisionDialog
      {...dialog}
      title={`Sign “${proposal.title}”`}
      onReset={() => {
        setTypedName("");
        setConsent(false);
        setErrors({});
      }}
      validate={validate}
      submitLabel="Sign document"
      pendingLabel="Signing…"
    >
      <section aria-labelledby={disclosureId}>
        <h3 id={disclosureId} className="text-sm font-semibold text-slate-900">
          Electronic signature disclosure{" "}
          <span className="font-normal text-slate-600">(version {proposal.disclosure.version})</span>
        </h3>
        {/* Focusable: the text may scroll, and it is what a keyboard user reads first. */}
        <div
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
          tabIndex={0}
          data-autofocus
          role="document"
          aria-labelledby={disclosureId}
          className={`mt-2 max-h-52 space-y-2 overflow-y-auto rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm leading-6 text-slate-800 ${focusRing}`}
        >
          {proposal.disclosure.text.split(/\n{2,}/).map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
        </div>
      </section>

      <div className="rounded-lg border border-slate-200 p-3 text-sm">
        <p className="text-slate-700">
          You are signing{" "}
          <strong className="font-semibold text-slate-900">
            {kindLabels[proposal.kind].toLowerCase()} “{proposal.title}”, version {proposal.version}
          </strong>
          , the document with this SHA-256 fingerprint:
        </p>
        <p className="mt-1 font-mono text-xs break-all text-slate-900">{proposal.documentSha256}</p>
      </div>

      <div>
        <label htmlFor={nameId} className="block text-sm font-medium text-slate-800">
          Your full name
        </label>
        <input
          ref={nameRef}
          id={nameId}
          type="text"
          required
          maxLength={200}
          autoComplete="name"
          value={typedName}
          onChange={(event) => setTypedName(event.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={[nameHintId, errors.name ? nameErrorId : ""].filter(Boolean).join(" ")}
          className={`${fieldClasses} h-10`}
        />
        <p id={nameHintId} className="mt-1 text-xs text-slate-600">
          Typing your name is your signature. It appears on the signature certificate.
        </p>
        <FieldError id={nameErrorId}>{errors.name}</FieldError>
      </div>

      <div>
        <div className="flex items-start gap-3">
          <input
            ref={consentRef}
            id={consentId}
            type="checkbox"
            required
            checked={consent}
            onChange={(event) => setConsent(event.target.checked)}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={errors.consent ? consentErrorId : undefined}
            className={`mt-0.5 size-5 shrink-0 rounded accent-orange-700 ${focusRing}`}
          />
          <label htmlFor={consentId} className="text-sm text-slate-800">
            I have read the disclosure above, and I agree to sign this document electronically.
          </label>
        </div>
        <FieldError id={consentErrorId}>{errors.consent}</FieldError>
      </div>
    </DecisionDialog>
  );
}

/** Declining: the reason is required, and the provider reads it. */
export function DeclineDialog({ proposal, ...dialog }: DialogProps<DeclineProposalBody>) {
  const reasonId = useId();
  const hintId = useId();
  const errorId = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();

  const validate = (): DeclineProposalBody | null => {
    if (!reason.trim()) {
      setError("Say why you decline, so your provider can follow up.");
      reasonRef.current?.focus();
      return null;
    }
    setError(undefined);
    return { reason: reason.trim() };
  };

  return (
    <DecisionDialog
      {...dialog}
      title={`Decline “${proposal.title}”`}
      onReset={() => {
        setReason("");
        setError(undefined);
      }}
      validate={validate}
      submitLabel="Decline document"
      pendingLabel="Declining…"
    >
      <p className="text-sm text-slate-700">
        Declining ends this version of the {kindLabels[proposal.kind].toLowerCase()}: it can no longer be
        signed by anyone. Your provider may send a new version.
      </p>
      <div>
        <label htmlFor={reasonId} className="block text-sm font-medium text-slate-800">
          Reason
        </label>
        <textarea
          ref={reasonRef}
          id={reasonId}
          data-autofocus
          required
          rows={4}
          maxLength={2000}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, error ? errorId : ""].filter(Boolean).join(" ")}
          className={`${fieldClasses} py-2`}
        />
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          Your provider sees this reason with your decision.
        </p>
        <FieldError id={errorId}>{error}</FieldError>
      </div>
    </DecisionDialog>
  );
}
