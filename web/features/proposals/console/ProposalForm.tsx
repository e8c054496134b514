import { Plus, Trash2 } from "lucide-react";
import { type FormEvent, type ReactNode, type RefObject, useEffect, useId, useRef, useState } from "react";
import type { WorkspaceOptions } from "../../../../contracts/access-links";
import type {
  CreateProposalBody,
  PriceLineInput,
  ProposalKind,
  SignerInput,
  StaffProposal,
  UpdateProposalBody,
} from "../../../../contracts/proposals";
import { Button } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { ErrorState } from "../../../components/ErrorState";
import { FilterField } from "../../../components/FilterField";
import { focusRing } from "../../../components/focus";
import { LoadingState } from "../../../components/LoadingState";
import type { useWorkspaceOptions } from "../../client-tokens/api";
import { listOfDomains } from "../../client-tokens/labels";
import { useStaffEngagement } from "../../engagements/api";
import { useApprovers, useCreateProposal, useUpdateProposal, useWorkspaceEngagements } from "../api";
import { messageOf } from "../errors";
import { kindLabels, subjectLabels } from "../labels";
import { formatMoney, majorAmountText, parseMajorAmount } from "../money";

type WorkspaceOption = WorkspaceOptions["items"][number];

/** The currencies offered; a draft in another one keeps its own. */
const CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK", "SGD", "JPY"];

/**
 * What an approval request can be about here. A deliverable (one of the engagement's reports) needs the report's
 * id, and the console has no list of an engagement's reports yet, so it is not offered.
 */
type OfferedSubject = "milestone" | "scope_change";
const offeredSubjects: OfferedSubject[] = ["milestone", "scope_change"];

const controlClasses = `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm aria-invalid:border-red-700 ${focusRing}`;
const waiting = "aria-disabled:cursor-not-allowed aria-disabled:opacity-60";
/** Loose on purpose: the server checks the address exactly; this only catches what cannot be an address. */
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unitPrice: string;
}

interface EmailSignerDraft {
  key: number;
  email: string;
  name: string;
}

type Field = "workspace" | "engagement" | "milestone" | "title" | "lines" | "expires" | "signers";
type Errors = Partial<Record<Field, string>> & {
  /** Which price line inputs are wrong, by the line's key. */
  badLines?: Record<number, Partial<Record<"description" | "quantity" | "unitPrice", true>>>;
  /** Which email signer inputs are wrong, by the row's key. */
  badSigners?: Record<number, Partial<Record<"email" | "name", true>>>;
};

let nextKey = 1;
const newLine = (): LineDraft => ({ key: nextKey++, description: "", quantity: "1", unitPrice: "" });
const newEmailSigner = (): EmailSignerDraft => ({ key: nextKey++, email: "", name: "" });

/** The local calendar day of a moment, as a date input's value ("2026-12-21"). */
function localDay(value: string): string {
  const date = new Date(value);
  const pad = (part: number) => String(part).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of a chosen day in the author's time zone: the last moment the document can be signed. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

/** The workspaces by tenant, advisory ones first (proposals and engagements usually live there). */
function groupByTenant(options: readonly WorkspaceOption[]): [string, WorkspaceOption[]][] {
  const groups = new Map<string, { name: string; items: WorkspaceOption[] }>();
  for (const option of options) {
    const group = groups.get(option.tenantId) ?? { name: option.tenantName, items: [] };
    group.items.push(option);
    groups.set(option.tenantId, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((group) => [
      group.name,
      [...group.items].sort((a, b) => Number(a.kind === "soc") - Number(b.kind === "soc")),
    ]);
}

const workspaceKindLabels: Record<WorkspaceOption["kind"], string> = {
  soc: "Managed SOC",
  advisory: "Advisory",
};

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
    workspaceHint: useId(),
    title: useId(),
    titleError: useId(),
    body: useId(),
    bodyHint: useId(),
    expires: useId(),
    expiresHint: useId(),
    expiresError: useId(),
    linesError: useId(),
    signersError: useId(),
    engagementError: useId(),
    milestoneError: useId(),
    workspaceError: useId(),
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
  const options = workspaces.data?.items ?? [];

  const [workspaceId, setWorkspaceId] = useState(proposal?.workspaceId ?? "");
  const [kind, setKind] = useState<ProposalKind>(proposal?.kind ?? "proposal");
  const [engagementId, setEngagementId] = useState(proposal?.engagement?.id ?? "");
  const [subject, setSubject] = useState<OfferedSubject>("milestone");
  const [milestoneId, setMilestoneId] = useState("");
  const [title, setTitle] = useState(proposal?.title ?? "");
  const [bodyMd, setBodyMd] = useState(proposal?.bodyMd ?? "");
  const [currency, setCurrency] = useState(proposal?.currency ?? "USD");
  const [lines, setLines] = useState<LineDraft[]>(() =>
    proposal
      ? proposal.priceLines.map((line) => ({
          key: nextKey++,
          description: line.description,
          quantity: String(line.quantity),
          unitPrice: majorAmountText(line.unitPriceMinor, proposal.currency),
        }))
      : [newLine()],
  );
  const [expiresOn, setExpiresOn] = useState(proposal?.expiresAt ? localDay(proposal.expiresAt) : "");
  const [approverIds, setApproverIds] = useState<string[]>(
    () =>
      proposal?.signers.flatMap((signer) =>
        signer.via === "user" && signer.userId ? [signer.userId] : [],
      ) ?? [],
  );
  const [emailSigners, setEmailSigners] = useState<EmailSignerDraft[]>(
    () =>
      proposal?.signers
        .filter((signer) => signer.via === "email")
        .map((signer) => ({ key: nextKey++, email: signer.email, name: signer.name })) ?? [],
  );
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
  const workspace = options.find((option) => option.id === workspaceId);

  // The form opens on its first field.
  useEffect(() => {
    (refs.workspace.current ?? refs.title.current)?.focus();
  }, [refs.workspace, refs.title]);

  // A row just added takes the focus on its first input.
  useEffect(() => {
    if (focusAfterAdd.current === null) return;
    document.getElementById(`row-${focusAfterAdd.current}`)?.querySelector("input")?.focus();
    focusAfterAdd.current = null;
  });

  const chooseWorkspace = (id: string) => {
    setWorkspaceId(id);
    // Signers and the engagement belong to one workspace.
    setApproverIds([]);
    setEngagementId("");
    setMilestoneId("");
  };

  const validate = (): { found: Errors; priceLines: PriceLineInput[]; signers: SignerInput[] } => {
    const found: Errors = {};
    if (mode === "create" && !workspaceId) found.workspace = "Choose the customer's workspace.";
    if (mode === "create" && isApproval) {
      if (!engagementId) found.engagement = "Choose the engagement the approval is about.";
      else if (subject === "milestone" && !milestoneId) found.milestone = "Choose the milestone to approve.";
    }
    if (!title.trim()) found.title = "Enter a title.";

    const priceLines: PriceLineInput[] = [];
    const badLines: NonNullable<Errors["badLines"]> = {};
    for (const line of lines) {
      const quantity = Number(line.quantity);
      const unitPriceMinor = parseMajorAmount(line.unitPrice, currency);
      const bad = {
        ...(line.description.trim() ? {} : { description: true as const }),
        ...(Number.isInteger(quantity) && quantity >= 1 && quantity <= 100_000
          ? {}
          : { quantity: true as const }),
        ...(unitPriceMinor === null ? { unitPrice: true as const } : {}),
      };
      if (Object.keys(bad).length > 0) badLines[line.key] = bad;
      else
        priceLines.push({
          description: line.description.trim(),
          quantity,
          unitPriceMinor: unitPriceMinor ?? 0,
        });
    }
    if (Object.keys(badLines).length > 0) {
      found.badLines = badLines;
      found.lines =
        "Each price line needs a description, a whole quantity of at least 1, and a unit price (such as 1250 or 1250.50).";
    }

    if (expiresOn && endOfDay(expiresOn) <= new Date().toISOString()) {
      found.expires = "The expiry date has passed: choose a later one, or none.";
    }

    const signers: SignerInput[] = approverIds.map((userId) => ({ userId }));
    const badSigners: NonNullable<Errors["badSigners"]> = {};
    for (const row of emailSigners) {
      const bad = {
        ...(LOOKS_LIKE_EMAIL.test(row.email.trim()) ? {} : { email: true as const }),
        ...(row.name.trim() ? {} : { name: true as const }),
      };
      if (Object.keys(bad).length > 0) badSigners[row.key] = bad;
      else signers.push({ email: row.email.trim(), name: row.name.trim() });
    }
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
    const order: Field[] = ["workspace", "engagement", "milestone", "title", "lines", "expires", "signers"];
    const first = order.find((field) => found[field]);
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
  const validTotal = lines.reduce((sum, line) => {
    const price = parseMajorAmount(line.unitPrice, currency);
    const quantity = Number(line.quantity);
    return price !== null && Number.isInteger(quantity) && quantity > 0 ? sum + price * quantity : sum;
  }, 0);

  let workspaceField: ReactNode;
  if (mode === "edit" && proposal) {
    workspaceField = (
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
  } else if (workspaces.isPending) {
    workspaceField = <LoadingState label="Loading workspaces…" />;
  } else if (workspaces.isError) {
    workspaceField = (
      <ErrorState what="the workspaces" error={workspaces.error} onRetry={() => void workspaces.refetch()} />
    );
  } else {
    workspaceField = (
      <>
        <FilterField label="Workspace" className="col-span-full">
          {(control) => (
            <>
              <select
                {...control}
                ref={refs.workspace}
                value={workspaceId}
                onChange={(event) => chooseWorkspace(event.target.value)}
                aria-invalid={errors.workspace ? true : undefined}
                aria-describedby={describedBy(errors.workspace && ids.workspaceError, ids.workspaceHint)}
                className={`${control.className} aria-invalid:border-red-700`}
              >
                <option value="">Choose a workspace…</option>
                {groupByTenant(options).map(([tenantName, items]) => (
                  <optgroup key={tenantName} label={tenantName}>
                    {items.map((option) => (
                      <option key={option.id} value={option.id}>
                        {option.name} ({workspaceKindLabels[option.kind]})
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <FieldError id={ids.workspaceError}>{errors.workspace}</FieldError>
              <p id={ids.workspaceHint} className="mt-1 text-xs text-slate-600">
                {workspace
                  ? `For ${workspace.tenantName}: everyone in this workspace can read it once it is sent.`
                  : "The customer's workspace, by tenant. Everyone in it can read the document once it is sent."}
              </p>
            </>
          )}
        </FilterField>
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
            ids={ids}
            refs={refs}
          />
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
          {workspaceField}

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
              className={`${controlClasses} h-10`}
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
              className={`${controlClasses} py-2 font-mono leading-5`}
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
            totalMinor={validTotal}
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
              className={`${controlClasses} h-10`}
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

          {failure && (
            <p
              role="alert"
              className="col-span-full rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800"
            >
              {failure}
            </p>
          )}
          <div className="col-span-full flex flex-wrap gap-2">
            <Button type="submit" aria-disabled={save.isPending || undefined} className={waiting}>
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

function FieldError({ id, children }: { id: string; children: string | undefined }) {
  if (!children) return null;
  return (
    <p id={id} className="mt-1 text-sm font-medium text-red-800">
      {children}
    </p>
  );
}

function ApprovalSubjectFields({
  workspaceChosen,
  engagements,
  engagementId,
  onEngagementChange,
  subject,
  onSubjectChange,
  phases,
  isLoadingPhases,
  milestoneId,
  onMilestoneChange,
  errors,
  ids,
  refs,
}: {
  workspaceChosen: boolean;
  engagements: ReturnType<typeof useWorkspaceEngagements>;
  engagementId: string;
  onEngagementChange: (id: string) => void;
  subject: OfferedSubject;
  onSubjectChange: (subject: OfferedSubject) => void;
  phases: NonNullable<ReturnType<typeof useStaffEngagement>["data"]>["phases"] | undefined;
  isLoadingPhases: boolean;
  milestoneId: string;
  onMilestoneChange: (id: string) => void;
  errors: Errors;
  ids: { engagementError: string; milestoneError: string };
  refs: {
    engagement: RefObject<HTMLSelectElement | null>;
    milestone: RefObject<HTMLSelectElement | null>;
  };
}) {
  const items = engagements.data?.items ?? [];
  let engagementHint: string | null = null;
  if (!workspaceChosen) engagementHint = "Choose the workspace first.";
  else if (engagements.isPending) engagementHint = "Loading the workspace's engagements…";
  else if (engagements.isError) engagementHint = messageOf(engagements.error);
  else if (items.length === 0) engagementHint = "This workspace has no engagements.";

  return (
    <>
      <FilterField label="Engagement">
        {(control) => (
          <>
            <select
              {...control}
              ref={refs.engagement}
              value={engagementId}
              disabled={items.length === 0}
              onChange={(event) => onEngagementChange(event.target.value)}
              aria-invalid={errors.engagement ? true : undefined}
              aria-describedby={errors.engagement ? ids.engagementError : undefined}
              className={`${control.className} disabled:bg-slate-100 aria-invalid:border-red-700`}
            >
              <option value="">Choose an engagement…</option>
              {items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                </option>
              ))}
            </select>
            {engagementHint && <p className="mt-1 text-xs text-slate-600">{engagementHint}</p>}
            <FieldError id={ids.engagementError}>{errors.engagement}</FieldError>
          </>
        )}
      </FilterField>
      <FilterField label="To approve">
        {(control) => (
          <select
            {...control}
            value={subject}
            onChange={(event) => onSubjectChange(event.target.value as OfferedSubject)}
          >
            {offeredSubjects.map((value) => (
              <option key={value} value={value}>
                {subjectLabels[value]}
              </option>
            ))}
          </select>
        )}
      </FilterField>
      {subject === "milestone" && (
        <FilterField label="Milestone" className="col-span-full">
          {(control) => (
            <>
              <select
                {...control}
                ref={refs.milestone}
                value={milestoneId}
                disabled={!phases}
                onChange={(event) => onMilestoneChange(event.target.value)}
                aria-invalid={errors.milestone ? true : undefined}
                aria-describedby={errors.milestone ? ids.milestoneError : undefined}
                className={`${control.className} disabled:bg-slate-100 aria-invalid:border-red-700`}
              >
                <option value="">{isLoadingPhases ? "Loading milestones…" : "Choose a milestone…"}</option>
                {phases?.map((phase) => (
                  <optgroup key={phase.id} label={phase.name}>
                    {phase.milestones.map((milestone) => (
                      <option key={milestone.id} value={milestone.id}>
                        {milestone.title}
                        {milestone.status === "done" ? " (done)" : ""}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              {!engagementId && <p className="mt-1 text-xs text-slate-600">Choose the engagement first.</p>}
              <FieldError id={ids.milestoneError}>{errors.milestone}</FieldError>
            </>
          )}
        </FilterField>
      )}
    </>
  );
}

function PriceLinesField({
  fieldsetRef,
  lines,
  currency,
  onCurrencyChange,
  onChange,
  onAdd,
  onRemove,
  badLines,
  error,
  errorId,
  totalMinor,
}: {
  fieldsetRef: RefObject<HTMLFieldSetElement | null>;
  lines: LineDraft[];
  currency: string;
  onCurrencyChange: (currency: string) => void;
  onChange: (key: number, change: Partial<LineDraft>) => void;
  onAdd: () => void;
  onRemove: (key: number) => void;
  badLines: NonNullable<Errors["badLines"]>;
  error: string | undefined;
  errorId: string;
  totalMinor: number;
}) {
  const currencies = CURRENCIES.includes(currency) ? CURRENCIES : [currency, ...CURRENCIES];
  return (
    <fieldset ref={fieldsetRef} tabIndex={-1} className="col-span-full min-w-0 focus:outline-none">
      <legend className="text-sm font-medium text-slate-700">Prices</legend>
      <div className="mt-2 flex flex-wrap items-end gap-4">
        <FilterField label="Currency" className="w-32">
          {(control) => (
            <select {...control} value={currency} onChange={(event) => onCurrencyChange(event.target.value)}>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          )}
        </FilterField>
        <p className="pb-2 text-sm text-slate-700">
          Total: <span className="font-semibold text-slate-900">{formatMoney(totalMinor, currency)}</span>
        </p>
      </div>
      {lines.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No price lines: the document asks for a decision only.</p>
      ) : (
        <ol className="mt-3 space-y-3">
          {lines.map((line, index) => {
            const bad = badLines[line.key] ?? {};
            const price = parseMajorAmount(line.unitPrice, currency);
            const quantity = Number(line.quantity);
            const amount =
              price !== null && Number.isInteger(quantity) && quantity > 0
                ? formatMoney(price * quantity, currency)
                : "—";
            return (
              <li
                key={line.key}
                id={`row-${line.key}`}
                className="grid grid-cols-2 gap-x-3 gap-y-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_6rem_9rem_7rem_auto] sm:items-end"
              >
                <LineInput
                  label={`Line ${index + 1}: description`}
                  visibleLabel="Description"
                  className="col-span-2 sm:col-span-1"
                  value={line.description}
                  maxLength={300}
                  invalid={bad.description}
                  errorId={errorId}
                  onChange={(value) => onChange(line.key, { description: value })}
                />
                <LineInput
                  label={`Line ${index + 1}: quantity`}
                  visibleLabel="Quantity"
                  inputMode="numeric"
                  value={line.quantity}
                  invalid={bad.quantity}
                  errorId={errorId}
                  onChange={(value) => onChange(line.key, { quantity: value })}
                />
                <LineInput
                  label={`Line ${index + 1}: unit price (${currency})`}
                  visibleLabel={`Unit price (${currency})`}
                  inputMode="decimal"
                  value={line.unitPrice}
                  invalid={bad.unitPrice}
                  errorId={errorId}
                  onChange={(value) => onChange(line.key, { unitPrice: value })}
                />
                <p className="text-sm sm:pb-2 sm:text-right">
                  <span className="block text-xs text-slate-600 sm:sr-only">Amount</span>
                  <span className="font-medium text-slate-900 tabular-nums">{amount}</span>
                </p>
                <div className="flex items-end justify-end">
                  <button
                    type="button"
                    onClick={() => onRemove(line.key)}
                    className={`inline-flex size-10 items-center justify-center rounded-lg border border-slate-300 bg-white text-slate-700 shadow-sm hover:bg-slate-50 ${focusRing}`}
                  >
                    <Trash2 className="size-4" aria-hidden="true" />
                    <span className="sr-only">Remove line {index + 1}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <FieldError id={errorId}>{error}</FieldError>
      <Button variant="secondary" className="mt-3" onClick={onAdd}>
        <Plus className="size-4" aria-hidden="true" />
        Add a price line
      </Button>
    </fieldset>
  );
}

function LineInput({
  label,
  visibleLabel,
  className = "",
  value,
  maxLength,
  inputMode,
  invalid,
  errorId,
  onChange,
}: {
  /** The accessible name, with the line's number. */
  label: string;
  visibleLabel: string;
  className?: string;
  value: string;
  maxLength?: number;
  inputMode?: "numeric" | "decimal";
  invalid: boolean | undefined;
  errorId: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className={`min-w-0 ${className}`}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        <span aria-hidden="true">{visibleLabel}</span>
        <span className="sr-only">{label}</span>
      </label>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        maxLength={maxLength ?? 20}
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? errorId : undefined}
        className={`${controlClasses} h-10 ${inputMode ? "text-right tabular-nums" : ""}`}
      />
    </div>
  );
}

function SignersField({
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
}: {
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
  badSigners: NonNullable<Errors["badSigners"]>;
  error: string | undefined;
  errorId: string;
}) {
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
                id={`row-${row.key}`}
                className="grid grid-cols-1 gap-x-3 gap-y-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-end"
              >
                <SignerInputField
                  label={`Signer by email ${index + 1}: email address`}
                  visibleLabel="Email address"
                  type="email"
                  value={row.email}
                  invalid={bad.email}
                  errorId={errorId}
                  onChange={(value) => onEmailSignerChange(row.key, { email: value })}
                />
                <SignerInputField
                  label={`Signer by email ${index + 1}: name`}
                  visibleLabel="Name"
                  type="text"
                  value={row.name}
                  invalid={bad.name}
                  errorId={errorId}
                  onChange={(value) => onEmailSignerChange(row.key, { name: value })}
                />
                <div className="flex justify-end">
                  <button
                    type="button"
                    onClick={() => onRemoveEmailSigner(row.key)}
                    className={`inline-flex size-10 items-center justify-center rounded-lg border border-slate-300 bg-white text-slate-700 shadow-sm hover:bg-slate-50 ${focusRing}`}
                  >
                    <Trash2 className="size-4" aria-hidden="true" />
                    <span className="sr-only">Remove signer by email {index + 1}</span>
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <FieldError id={errorId}>{error}</FieldError>
      <Button variant="secondary" className="mt-3" onClick={onAddEmailSigner}>
        <Plus className="size-4" aria-hidden="true" />
        Add a signer by email
      </Button>
    </fieldset>
  );
}

function SignerInputField({
  label,
  visibleLabel,
  type,
  value,
  invalid,
  errorId,
  onChange,
}: {
  label: string;
  visibleLabel: string;
  type: "email" | "text";
  value: string;
  invalid: boolean | undefined;
  errorId: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        <span aria-hidden="true">{visibleLabel}</span>
        <span className="sr-only">{label}</span>
      </label>
      <input
        id={id}
        type={type}
        maxLength={type === "email" ? 254 : 200}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={invalid ? errorId : undefined}
        className={`${controlClasses} h-10`}
      />
    </div>
  );
}
