import type { UseMutationResult } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import type { ClientProposalView, DeclineProposalBody, SignProposalBody } from "../../../contracts/proposals";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { focusRing } from "../../components/focus";
import { messageOf } from "./errors";
import { kindLabels } from "./labels";

type Decision<Body> = UseMutationResult<ClientProposalView, Error, Body>;

const fieldClasses = `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm aria-invalid:border-red-700 ${focusRing}`;
/** For a button that waits for its request: it stays focusable (aria-disabled) but looks unavailable. */
const waiting = "aria-disabled:cursor-not-allowed aria-disabled:opacity-60";

function FieldError({ id, children }: { id: string; children: string | undefined }) {
  if (!children) return null;
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      {children}
    </p>
  );
}

function FormError({ children }: { children: string | null }) {
  if (!children) return null;
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {children}
    </p>
  );
}

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

/**
 * Signing: the disclosure the signer consents to (its version is recorded), the fingerprint of the exact
 * document being signed, the typed name and the consent box (unchecked until the signer checks it).
 */
export function SignDialog({
  open,
  proposal,
  decision,
  onClose,
  onClosed,
  onDone,
}: DialogProps<SignProposalBody>) {
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
  const [failure, setFailure] = useState<string | null>(null);

  const clear = () => {
    setTypedName("");
    setConsent(false);
    setErrors({});
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
    const found = {
      name: typedName.trim() ? undefined : "Type your full name to sign.",
      consent: consent ? undefined : "Check the box to agree to sign electronically.",
    };
    setErrors(found);
    setFailure(null);
    if (found.name) return nameRef.current?.focus();
    if (found.consent) return consentRef.current?.focus();
    decision.mutate(
      { typedName: typedName.trim(), consent: true, documentSha256: proposal.documentSha256 },
      {
        onSuccess: () => {
          clear();
          onDone();
        },
        onError: (error) => setFailure(messageOf(error)),
      },
    );
  };

  return (
    <Dialog
      open={open}
      title={`Sign “${proposal.title}”`}
      onClose={close}
      onClosed={onClosed}
      isBusy={decision.isPending}
    >
      <form noValidate onSubmit={submit} className="space-y-5">
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

        <FormError>{failure}</FormError>

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button
            variant="secondary"
            onClick={() => {
              if (!decision.isPending) close();
            }}
            aria-disabled={decision.isPending || undefined}
            className={waiting}
          >
            Cancel
          </Button>
          <Button type="submit" aria-disabled={decision.isPending || undefined} className={waiting}>
            {decision.isPending ? "Signing…" : "Sign document"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** Declining: the reason is required, and the provider reads it. */
export function DeclineDialog({
  open,
  proposal,
  decision,
  onClose,
  onClosed,
  onDone,
}: DialogProps<DeclineProposalBody>) {
  const reasonId = useId();
  const hintId = useId();
  const errorId = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);

  const clear = () => {
    setReason("");
    setError(undefined);
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
    if (!reason.trim()) {
      setError("Say why you decline, so your provider can follow up.");
      reasonRef.current?.focus();
      return;
    }
    setError(undefined);
    decision.mutate(
      { reason: reason.trim() },
      {
        onSuccess: () => {
          clear();
          onDone();
        },
        onError: (failed) => setFailure(messageOf(failed)),
      },
    );
  };

  return (
    <Dialog
      open={open}
      title={`Decline “${proposal.title}”`}
      onClose={close}
      onClosed={onClosed}
      isBusy={decision.isPending}
    >
      <form noValidate onSubmit={submit} className="space-y-5">
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

        <FormError>{failure}</FormError>

        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button
            variant="secondary"
            onClick={() => {
              if (!decision.isPending) close();
            }}
            aria-disabled={decision.isPending || undefined}
            className={waiting}
          >
            Cancel
          </Button>
          <Button type="submit" aria-disabled={decision.isPending || undefined} className={waiting}>
            {decision.isPending ? "Declining…" : "Decline document"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
