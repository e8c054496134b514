import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import type {
  CreateProposalBody,
  ProposalKind,
  StaffProposal,
  UpdateProposalBody,
} from "../../../../contracts/proposals";
import { Button, waitingClasses } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { FieldError, FormError } from "../../../components/FormMessages";
import { focusRing } from "../../../components/focus";
import type { useWorkspaceOptions } from "../../client-tokens/api";
import { WorkspaceField } from "../../client-tokens/WorkspaceField";
import { useStaffEngagement } from "../../engagements/api";
import { useApprovers, useCreateProposal, useUpdateProposal, useWorkspaceEngagements } from "../api";
import { messageOf } from "../errors";
import { fieldClasses } from "../fieldClasses";
import { kindLabels } from "../labels";
import { ApprovalSubjectFields, type OfferedSubject } from "./ApprovalSubjectFields";
import {
  type BadLines,
  type LineDraft,
  linesOf,
  newLine,
  PriceLinesField,
  readPriceLines,
} from "./PriceLinesField";
import { rowId } from "./RowControls";
import {
  approverIdsOf,
  type BadSigners,
  type EmailSignerDraft,
  emailSignersOf,
  newEmailSigner,
  readSigners,
  SignersField,
} from "./SignersField";

type Field = "workspace" | "engagement" | "milestone" | "title" | "lines" | "expires" | "signers";
/** The order in which the first wrong field takes the focus. */
const fieldOrder: Field[] = ["workspace", "engagement", "milestone", "title", "lines", "expires", "signers"];
type Errors = Partial<Record<Field, string>> & { badLines?: BadLines; badSigners?: BadSigners };

/** The local calendar day of a moment, as a date input's value ("2026-12-21"). */
function localDay(value: string): string {
  const date = new Date(value);
  const pad = (part: number) => String(part).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of a chosen day in the author's time zone: the last moment the document can be signed. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

type ProposalFormProps = {
  /** Every workspace (the picker when creating; the allowed signer domains when editing). */
  workspaces: ReturnType<typeof useWorkspaceOptions>;
  onCancel: () => void;
  onSaved: (proposal: StaffProposal) => void;
} & ({ mode: "create"; proposal?: undefined } | { mode: "edit"; proposal: StaffProposal });

/**
 * A proposal or approval request's draft: who it is for (workspace; for an approval, the engagement item), the
 * text, the prices, the expiry and the signers. Creating drafts one; editing (drafts only) saves the same fields
 * except what it is about, which a draft keeps.
 */
export function ProposalForm({ mode, proposal, workspaces, onCancel, onSaved }: ProposalFormProps) {
  const headingId = useId();
  const ids = {
    title: useId(),
    titleError: useId(),
    body: useId(),
    bodyHint: useId(),
    expires: useId(),
    expiresHint: useId(),
    expiresError: useId(),
    linesError: useId(),
    signersError: useId(),
  };
  const refs = {
    workspace: useRef<HTMLSelectElement>(null),
    engagement: useRef<HTMLSelectElement>(null),
    milestone: useRef<HTMLSelectElement>(null),
    title: useRef<HTMLInputElement>(null),
    lines: useRef<HTMLFieldSetElement>(null),
    expires: useRef<HTMLInputElement>(null),
    signers: useRef<HTMLFieldSetElement>(null),
  };

  const [workspaceId, setWorkspaceId] = useState(proposal?.workspaceId ?? "");
  const [kind, setKind] = useState<ProposalKind>(proposal?.kind ?? "proposal");
  const [engagementId, setEngagementId] = useState(proposal?.engagement?.id ?? "");
  const [subject, setSubject] = useState<OfferedSubject>("milestone");
  const [milestoneId, setMilestoneId] = useState("");
  const [title, setTitle] = useState(proposal?.title ?? "");
  const [bodyMd, setBodyMd] = useState(proposal?.bodyMd ?? "");
  const [currency, setCurrency] = useState(proposal?.currency ?? "USD");
  const [lines, setLines] = useState<LineDraft[]>(() => (proposal ? linesOf(proposal) : [newLine()]));
  const [expiresOn, setExpiresOn] = useState(proposal?.expiresAt ? localDay(proposal.expiresAt) : "");
  const [approverIds, setApproverIds] = useState(() => approverIdsOf(proposal));
  const [emailSigners, setEmailSigners] = useState<EmailSignerDraft[]>(() => emailSignersOf(proposal));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const focusAfterAdd = useRef<number | null>(null);

  const create = useCreateProposal();
  const update = useUpdateProposal(proposal?.id ?? "");
  const save = mode === "create" ? create : update;
  const approvers = useApprovers(workspaceId);
  const isApproval = kind === "approval";
  const engagements = useWorkspaceEngagements(workspaceId, mode === "create" && isApproval);
  const engagement = useStaffEngagement(
    mode === "create" && isApproval && subject === "milestone" ? engagementId : "",
  );
  const workspace = workspaces.data?.items.find((option) => option.id === workspaceId);

  // The form opens on its first field.
  useEffect(() => {
    (refs.workspace.current ?? refs.title.current)?.focus();
  }, [refs.workspace, refs.title]);

  // A row just added takes the focus on its first input.
  useEffect(() => {
    if (focusAfterAdd.current === null) return;
    document.getElementById(rowId(focusAfterAdd.current))?.querySelector("input")?.focus();
    focusAfterAdd.current = null;
  });

  const chooseWorkspace = (id: string) => {
    setWorkspaceId(id);
    // Signers and the engagement belong to one workspace.
    setApproverIds([]);
    setEngagementId("");
    setMilestoneId("");
  };

  const validate = () => {
    const found: Errors = {};
    if (mode === "create" && !workspaceId) found.workspace = "Choose the customer's workspace.";
    if (mode === "create" && isApproval) {
      if (!engagementId) found.engagement = "Choose the engagement the approval is about.";
      else if (subject === "milestone" && !milestoneId) found.milestone = "Choose the milestone to approve.";
    }
    if (!title.trim()) found.title = "Enter a title.";

    const { priceLines, badLines } = readPriceLines(lines, currency);
    if (Object.keys(badLines).length > 0) {
      found.badLines = badLines;
      found.lines =
        "Each price line needs a description, a whole quantity of at least 1, and a unit price (such as 1250 or 1250.50).";
    }

    if (expiresOn && endOfDay(expiresOn) <= new Date().toISOString()) {
      found.expires = "The expiry date has passed: choose a later one, or none.";
    }

    const { signers, badSigners } = readSigners(approverIds, emailSigners);
    if (Object.keys(badSigners).length > 0) {
      found.badSigners = badSigners;
      found.signers = "Each signer added by email needs an email address and a name.";
    } else if (signers.length === 0) {
      found.signers = "Choose at least one signer.";
    }
    return { found, priceLines, signers };
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (save.isPending) return;
    const { found, priceLines, signers } = validate();
    setErrors(found);
    setFailure(null);
    const first = fieldOrder.find((field) => found[field]);
    if (first) {
      const target = refs[first].current;
      const invalid =
        target instanceof HTMLFieldSetElement
          ? target.querySelector<HTMLElement>("[aria-invalid='true']")
          : null;
      (invalid ?? target)?.focus();
      return;
    }
    const editable = {
      title: title.trim(),
      bodyMd,
      currency,
      priceLines,
      expiresAt: expiresOn ? endOfDay(expiresOn) : null,
      signers,
    };
    const onError = (error: Error) => setFailure(messageOf(error));
    if (mode === "create") {
      const body: CreateProposalBody = {
        workspaceId,
        kind,
        ...(isApproval
          ? {
              engagementId,
              subject,
              ...(subject === "milestone" ? { subjectId: milestoneId } : {}),
            }
          : {}),
        ...editable,
      };
      create.mutate(body, { onSuccess: onSaved, onError });
    } else {
      const body: UpdateProposalBody = editable;
      update.mutate(body, { onSuccess: onSaved, onError });
    }
  };

  const describedBy = (...parts: (string | false | undefined)[]) =>
    parts.filter(Boolean).join(" ") || undefined;

  let subjectFields: ReactNode;
  if (mode === "edit") {
    subjectFields = (
      <div className="col-span-full rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-700">
        <p>
          <span className="font-medium text-slate-900">{kindLabels[proposal.kind]}</span> for{" "}
          {proposal.tenantName} · {proposal.workspaceName}
        </p>
        {proposal.engagement && (
          <p className="mt-0.5">
            {proposal.subjectLabel ?? "Approval"} · {proposal.engagement.name}
          </p>
        )}
      </div>
    );
  } else {
    subjectFields = (
      <>
        <WorkspaceField
          workspaces={workspaces}
          selectRef={refs.workspace}
          value={workspaceId}
          onChange={chooseWorkspace}
          error={errors.workspace}
          hint={(selected) =>
            selected
              ? `For ${selected.tenantName}: everyone in this workspace can read it once it is sent.`
              : "The customer's workspace, by tenant. Everyone in it can read the document once it is sent."
          }
        />
        {/* Like the picker, what the document is about waits for the workspaces. */}
        {workspaces.isSuccess && (
          <>
            <fieldset className="col-span-full">
              <legend className="text-sm font-medium text-slate-700">Kind</legend>
              <div className="mt-1 flex flex-wrap gap-x-6 gap-y-2">
                {(["proposal", "approval"] as const).map((value) => (
                  <label key={value} className="flex items-center gap-2 text-sm text-slate-800">
                    <input
                      type="radio"
                      name={`${headingId}-kind`}
                      value={value}
                      checked={kind === value}
                      onChange={() => setKind(value)}
                      className={`size-4 accent-orange-700 ${focusRing}`}
                    />
                    {kindLabels[value]}
                  </label>
                ))}
              </div>
            </fieldset>
            {isApproval && (
              <ApprovalSubjectFields
                workspaceChosen={workspaceId !== ""}
                engagements={engagements}
                engagementId={engagementId}
                onEngagementChange={(id) => {
                  setEngagementId(id);
                  setMilestoneId("");
                }}
                subject={subject}
                onSubjectChange={setSubject}
                phases={engagement.data?.phases}
                isLoadingPhases={engagement.isPending && engagementId !== "" && subject === "milestone"}
                milestoneId={milestoneId}
                onMilestoneChange={setMilestoneId}
                errors={errors}
                refs={refs}
              />
            )}
          </>
        )}
      </>
    );
  }

  return (
    <section aria-labelledby={headingId}>
      <Card>
        <h2 id={headingId} className="mb-4 text-base font-semibold text-slate-900">
          {mode === "create" ? "New proposal" : `Edit draft (version ${proposal?.version ?? 1})`}
        </h2>
        <form noValidate onSubmit={submit} className="grid grid-cols-1 gap-5 sm:grid-cols-2">
          {subjectFields}

          <div className="col-span-full">
            <label htmlFor={ids.title} className="block text-sm font-medium text-slate-700">
              Title
            </label>
            <input
              ref={refs.title}
              id={ids.title}
              type="text"
              maxLength={200}
              autoComplete="off"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              placeholder={
                isApproval ? "e.g. Fieldwork complete: approval" : "e.g. Continuous Governance Retainer"
              }
              aria-invalid={errors.title ? true : undefined}
              aria-describedby={describedBy(errors.title && ids.titleError)}
              className={`${fieldClasses} h-10`}
            />
            <FieldError id={ids.titleError}>{errors.title}</FieldError>
          </div>

          <div className="col-span-full">
            <label htmlFor={ids.body} className="block text-sm font-medium text-slate-700">
              Body (Markdown)
            </label>
            <textarea
              id={ids.body}
              rows={12}
              maxLength={50_000}
              value={bodyMd}
              onChange={(event) => setBodyMd(event.target.value)}
              aria-describedby={ids.bodyHint}
              spellCheck
              className={`${fieldClasses} py-2 font-mono leading-5`}
            />
            <p id={ids.bodyHint} className="mt-1 text-xs text-slate-600">
              Headings (#), **bold**, lists, tables and links. HTML is shown as text and images are left out.
            </p>
          </div>

          <PriceLinesField
            fieldsetRef={refs.lines}
            lines={lines}
            currency={currency}
            onCurrencyChange={setCurrency}
            onChange={(key, change) =>
              setLines((current) => current.map((line) => (line.key === key ? { ...line, ...change } : line)))
            }
            onAdd={() => {
              const line = newLine();
              focusAfterAdd.current = line.key;
              setLines((current) => [...current, line]);
            }}
            onRemove={(key) => setLines((current) => current.filter((line) => line.key !== key))}
            badLines={errors.badLines ?? {}}
            error={errors.lines}
            errorId={ids.linesError}
          />

          <div>
            <label htmlFor={ids.expires} className="block text-sm font-medium text-slate-700">
              Expires <span className="font-normal text-slate-600">(optional)</span>
            </label>
            <input
              ref={refs.expires}
              id={ids.expires}
              type="date"
              value={expiresOn}
              min={localDay(new Date().toISOString())}
              onChange={(event) => setExpiresOn(event.target.value)}
              aria-invalid={errors.expires ? true : undefined}
              aria-describedby={describedBy(ids.expiresHint, errors.expires && ids.expiresError)}
              className={`${fieldClasses} h-10`}
            />
            <p id={ids.expiresHint} className="mt-1 text-xs text-slate-600">
              It can be signed until the end of this day (your time zone). Empty: no expiry.
            </p>
            <FieldError id={ids.expiresError}>{errors.expires}</FieldError>
          </div>

          <SignersField
            fieldsetRef={refs.signers}
            workspaceChosen={workspaceId !== ""}
            approvers={approvers}
            knownSigners={proposal?.signers ?? []}
            approverIds={approverIds}
            onToggleApprover={(id, checked) =>
              setApproverIds((current) =>
                checked ? [...current, id] : current.filter((other) => other !== id),
              )
            }
            emailSigners={emailSigners}
            onEmailSignerChange={(key, change) =>
              setEmailSigners((current) =>
                current.map((row) => (row.key === key ? { ...row, ...change } : row)),
              )
            }
            onAddEmailSigner={() => {
              const row = newEmailSigner();
              focusAfterAdd.current = row.key;
              setEmailSigners((current) => [...current, row]);
            }}
            onRemoveEmailSigner={(key) =>
              setEmailSigners((current) => current.filter((row) => row.key !== key))
            }
            allowedDomains={workspace?.allowedEmailDomains ?? []}
            badSigners={errors.badSigners ?? {}}
            error={errors.signers}
            errorId={ids.signersError}
          />

          <FormError className="col-span-full">{failure}</FormError>
          <div className="col-span-full flex flex-wrap gap-2">
            <Button type="submit" aria-disabled={save.isPending || undefined} className={waitingClasses}>
              {save.isPending ? "Saving…" : mode === "create" ? "Create draft" : "Save draft"}
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              Cancel
            </Button>
          </div>
          <p className="col-span-full -mt-2 text-xs text-slate-600">
            {mode === "create"
              ? "A draft is not shown to the customer. Review its PDF, then send it from its page."
              : "Saving renders the draft's PDF again. The customer sees nothing until you send it."}
          </p>
        </form>
      </Card>
    </section>
  );
}
