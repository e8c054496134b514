import { type ReactNode, type RefObject, useId } from "react";
import type { SignerInput, StaffProposal } from "../../../../contracts/proposals";
import { FieldError } from "../../../components/FormMessages";
import { focusRing } from "../../../components/focus";
import { listOfDomains } from "../../client-tokens/labels";
import type { useApprovers } from "../api";
import { messageOf } from "../errors";
import { AddRowButton, newRowKey, RemoveRowButton, RowInput, rowId } from "./RowControls";

/** Loose on purpose: the server checks the address exactly; this only catches what cannot be an address. */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A signer added by email address rather than chosen among the customer's approvers. */
export interface EmailSignerDraft {
  key: number;
  email: string;
  name: string;
}

/** Which inputs of each signer by email are wrong, by the row's key. */
export type BadSigners = Record<number, Partial<Record<"email" | "name", true>>>;

export const newEmailSigner = (): EmailSignerDraft => ({ key: newRowKey(), email: "", name: "" });

/** The approvers a draft names, by user id. */
export const approverIdsOf = (proposal: StaffProposal | undefined): string[] =>
  proposal?.signers.flatMap((signer) => (signer.via === "user" && signer.userId ? [signer.userId] : [])) ??
  [];

/** The signers a draft names by email address, as editable rows. */
export const emailSignersOf = (proposal: StaffProposal | undefined): EmailSignerDraft[] =>
  proposal?.signers
    .filter((signer) => signer.via === "email")
    .map((signer) => ({ key: newRowKey(), email: signer.email, name: signer.name })) ?? [];

/** The signers the server gets, and which signer-by-email inputs stop them (an address, a name). */
export function readSigners(
  approverIds: readonly string[],
  emailSigners: readonly EmailSignerDraft[],
): { signers: SignerInput[]; badSigners: BadSigners } {
  const signers: SignerInput[] = approverIds.map((userId) => ({ userId }));
  const badSigners: BadSigners = {};
  for (const row of emailSigners) {
    const bad = {
      ...(LOOKS_LIKE_EMAIL.test(row.email.trim()) ? {} : { email: true as const }),
      ...(row.name.trim() ? {} : { name: true as const }),
    };
    if (Object.keys(bad).length > 0) badSigners[row.key] = bad;
    else signers.push({ email: row.email.trim(), name: row.name.trim() });
  }
  return { signers, badSigners };
}

interface SignersFieldProps {
  fieldsetRef: RefObject<HTMLFieldSetElement | null>;
  workspaceChosen: boolean;
  approvers: ReturnType<typeof useApprovers>;
  /** The draft's signers when editing: a named user who is no longer an approver is still listed. */
  knownSigners: StaffProposal["signers"];
  approverIds: string[];
  onToggleApprover: (id: string, checked: boolean) => void;
  emailSigners: EmailSignerDraft[];
  onEmailSignerChange: (key: number, change: Partial<EmailSignerDraft>) => void;
  onAddEmailSigner: () => void;
  onRemoveEmailSigner: (key: number) => void;
  allowedDomains: readonly string[];
  badSigners: BadSigners;
  error: string | undefined;
  errorId: string;
}

/** Who must sign: the customer's approvers who can see the workspace, and signers added by email address. */
export function SignersField({
  fieldsetRef,
  workspaceChosen,
  approvers,
  knownSigners,
  approverIds,
  onToggleApprover,
  emailSigners,
  onEmailSignerChange,
  onAddEmailSigner,
  onRemoveEmailSigner,
  allowedDomains,
  badSigners,
  error,
  errorId,
}: SignersFieldProps) {
  const hintId = useId();
  const options = [...(approvers.data?.items ?? [])];
  for (const signer of knownSigners) {
    if (signer.via === "user" && signer.userId && !options.some((option) => option.id === signer.userId)) {
      options.push({ id: signer.userId, name: signer.name, email: signer.email });
    }
  }

  let approverList: ReactNode;
  if (!workspaceChosen) {
    approverList = <p className="text-sm text-slate-600">Choose the workspace to see its approvers.</p>;
  } else if (approvers.isPending) {
    approverList = <p className="text-sm text-slate-600">Loading the approvers…</p>;
  } else if (approvers.isError) {
    approverList = (
      <p className="text-sm text-red-800">
        Could not load the approvers: {messageOf(approvers.error)}{" "}
        <button
          type="button"
          onClick={() => void approvers.refetch()}
          className={`rounded font-medium underline ${focusRing}`}
        >
          Try again
        </button>
      </p>
    );
  } else if (options.length === 0) {
    approverList = (
      <p className="text-sm text-slate-600">
        No approver of this customer can see the workspace. Add signers by email below.
      </p>
    );
  } else {
    approverList = (
      <ul className="grid gap-2 sm:grid-cols-2">
        {options.map((option) => (
          <li key={option.id}>
            <label className="flex items-start gap-3 rounded-lg border border-slate-200 p-3 text-sm has-checked:border-orange-300 has-checked:bg-orange-50/60">
              <input
                type="checkbox"
                checked={approverIds.includes(option.id)}
                onChange={(event) => onToggleApprover(option.id, event.target.checked)}
                aria-invalid={error && !Object.keys(badSigners).length ? true : undefined}
                aria-describedby={error ? errorId : undefined}
                className={`mt-0.5 size-4 shrink-0 accent-orange-700 ${focusRing}`}
              />
              <span className="min-w-0">
                <span className="block font-medium break-words text-slate-900">{option.name}</span>
                <span className="block text-xs break-all text-slate-600">{option.email}</span>
              </span>
            </label>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <fieldset
      ref={fieldsetRef}
      tabIndex={-1}
      aria-describedby={hintId}
      className="col-span-full min-w-0 focus:outline-none"
    >
      <legend className="text-sm font-medium text-slate-700">Signers</legend>
      <p id={hintId} className="mt-1 mb-3 text-xs text-slate-600">
        Everyone named must sign. The customer's approvers sign after single sign-on; an address added by
        email gets an approver access link
        {allowedDomains.length > 0 ? ` (addresses at ${listOfDomains(allowedDomains)} only)` : ""}.
      </p>
      {approverList}
      {emailSigners.length > 0 && (
        <ul className="mt-3 space-y-3">
          {emailSigners.map((row, index) => {
            const bad = badSigners[row.key] ?? {};
            return (
              <li
                key={row.key}
                id={rowId(row.key)}
                className="grid grid-cols-1 gap-x-3 gap-y-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
              >
                <RowInput
                  label={`Signer by email ${index + 1}: email address`}
                  visibleLabel="Email address"
                  type="email"
                  value={row.email}
                  maxLength={254}
                  spellCheck={false}
                  invalid={bad.email}
                  errorId={errorId}
                  onChange={(value) => onEmailSignerChange(row.key, { email: value })}
                />
                <RowInput
                  label={`Signer by email ${index + 1}: name`}
                  visibleLabel="Name"
                  value={row.name}
                  maxLength={200}
                  spellCheck={false}
                  invalid={bad.name}
                  errorId={errorId}
                  onChange={(value) => onEmailSignerChange(row.key, { name: value })}
                />
                <div className="flex justify-end">
                  <RemoveRowButton
                    label={`Remove signer by email ${index + 1}`}
                    onClick={() => onRemoveEmailSigner(row.key)}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <FieldError id={errorId}>{error}</FieldError>
      <AddRowButton onClick={onAddEmailSigner}>Add a signer by email</AddRowButton>
    </fieldset>
  );
}
