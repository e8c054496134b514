import {
  CircleCheck,
  CircleX,
  Copy,
  Eye,
  FileDown,
  History,
  LoaderCircle,
  Pencil,
  Send,
  Signature,
} from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { StaffProposal, StaffSigner } from "../../../../contracts/proposals";
import { BackLink } from "../../../components/BackLink";
import { Badge } from "../../../components/Badge";
import { Button, buttonClasses, waitingClasses } from "../../../components/Button";
import { Card } from "../../../components/Card";
import { Dialog, DialogActions } from "../../../components/Dialog";
import { DocumentTitle } from "../../../components/DocumentTitle";
import { EmailAddress } from "../../../components/EmailAddress";
import { EmptyState } from "../../../components/EmptyState";
import { FormError } from "../../../components/FormMessages";
import { focusRing } from "../../../components/focus";
import { LoadedPage } from "../../../components/LoadedPage";
import { PageHeader } from "../../../components/PageHeader";
import { ScrollRegion } from "../../../components/ScrollRegion";
import { formatDateTime, NO_VALUE } from "../../../lib/format";
import { useMediaQuery } from "../../../lib/useMediaQuery";
import { useWorkspaceOptions } from "../../client-tokens/api";
import { isSignedCopyPending, useReviseProposal, useSendProposal, useStaffProposal } from "../api";
import { DocumentColumns } from "../DocumentColumns";
import { messageOf } from "../errors";
import { Fingerprint } from "../Fingerprint";
import { kindLabels, ProposalStatusBadge } from "../labels";
import { consoleProposalPath, proposalPath } from "../paths";
import { ProposalForm } from "./ProposalForm";

/** Wide enough for the signers' evidence as a table; narrower screens get one card per signer. */
const WIDE_SCREEN = "(min-width: 80rem)";

/** `/console/proposals/:id`: one proposal with its signers' evidence; edit and send a draft, or revise it. */
export function ConsoleProposalPage() {
  const id = useParams().id ?? "";
  const proposal = useStaffProposal(id);
  return (
    <>
      <BackLink to="/console/proposals">All proposals</BackLink>
      <LoadedPage
        query={proposal}
        title="Proposal"
        loadingLabel="Loading the proposal…"
        what="this proposal"
        notFoundTitle="Proposal not found"
        notFound={
          <EmptyState icon={Signature} title="This proposal does not exist">
            Check the link, or find the proposal in the list.
          </EmptyState>
        }
      >
        {(data) => <ProposalDetail key={data.id} proposal={data} />}
      </LoadedPage>
    </>
  );
}

function ProposalDetail({ proposal }: { proposal: StaffProposal }) {
  const navigate = useNavigate();
  const workspaces = useWorkspaceOptions();
  const [isEditing, setEditing] = useState(false);
  const [isConfirmingSend, setConfirmingSend] = useState(false);
  const send = useSendProposal(proposal.id);
  const revise = useReviseProposal(proposal.id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [focusHeading, setFocusHeading] = useState(false);

  const hasSent = useRef(false);

  // After editing, the reader lands back on the proposal's heading (the form that had the focus is gone).
  useEffect(() => {
    if (focusHeading && !isEditing) {
      headingRef.current?.focus();
      setFocusHeading(false);
    }
  }, [focusHeading, isEditing]);

  const isDraft = proposal.status === "draft";
  const canRevise =
    !proposal.supersededById && ["sent", "viewed", "declined", "expired"].includes(proposal.status);

  if (isEditing) {
    return (
      <>
        <PageHeader
          title={proposal.title}
          description="Editing the draft. The customer sees nothing until it is sent."
        />
        <ProposalForm
          mode="edit"
          proposal={proposal}
          workspaces={workspaces}
          onCancel={() => {
            setEditing(false);
            setFocusHeading(true);
          }}
          onSaved={() => {
            setEditing(false);
            setFocusHeading(true);
          }}
        />
      </>
    );
  }

  return (
    <>
      <DocumentTitle title={proposal.title} />
      <header className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-col gap-4 xl:flex-row xl:items-start xl:justify-between">
          <div className="min-w-0">
            <p className="text-sm font-medium text-slate-600">
              {kindLabels[proposal.kind]} · Version {proposal.version}
            </p>
            <h1
              ref={headingRef}
              tabIndex={-1}
              className="mt-1 text-2xl font-semibold tracking-tight break-words text-slate-900 focus:outline-none"
            >
              {proposal.title}
            </h1>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <ProposalStatusBadge status={proposal.status} audience="staff" />
            </div>
            <p className="mt-2 text-sm break-words text-slate-700">
              {proposal.tenantName} · {proposal.workspaceName}
              {proposal.engagement && ` · ${proposal.engagement.name}`}
            </p>
            {proposal.subjectLabel && (
              <p className="mt-0.5 text-sm break-words text-slate-700">{proposal.subjectLabel}</p>
            )}
            <Versions proposal={proposal} />
          </div>
          <div className="flex flex-wrap gap-2 xl:max-w-lg xl:shrink-0 xl:justify-end">
            {isDraft && (
              <>
                <Button onClick={() => setConfirmingSend(true)}>
                  <Send className="size-4" aria-hidden="true" />
                  Send
                </Button>
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  <Pencil className="size-4" aria-hidden="true" />
                  Edit
                </Button>
              </>
            )}
            {canRevise && (
              <Button
                variant="secondary"
                aria-disabled={revise.isPending || undefined}
                className={waitingClasses}
                onClick={() => {
                  if (revise.isPending) return;
                  revise.mutate(undefined, {
                    onSuccess: (draft) => navigate(consoleProposalPath(draft.id)),
                  });
                }}
              >
                <Copy className="size-4" aria-hidden="true" />
                {revise.isPending ? "Creating…" : "New version"}
              </Button>
            )}
            <a href={proposal.links.pdf} download className={buttonClasses("secondary")}>
              <FileDown className="size-4" aria-hidden="true" />
              PDF
            </a>
            {proposal.links.signedPdf && (
              <a href={proposal.links.signedPdf} download className={buttonClasses("secondary")}>
                <FileDown className="size-4" aria-hidden="true" />
                Signed copy
              </a>
            )}
            {!isDraft && (
              <Link
                to={`${proposalPath(proposal.id)}?${new URLSearchParams({ tenant: proposal.tenantId })}`}
                className={buttonClasses("ghost")}
              >
                <Eye className="size-4" aria-hidden="true" />
                View as client
              </Link>
            )}
          </div>
        </div>
        <FormError className="mt-4">
          {revise.isError && `Could not start a new version: ${messageOf(revise.error)}`}
        </FormError>
        {isSignedCopyPending(proposal) && (
          <p role="status" className="mt-4 flex items-center gap-2 text-sm text-slate-700">
            <LoaderCircle className="size-4 animate-spin motion-reduce:animate-none" aria-hidden="true" />
            Every signer has signed. The signed copy is being prepared.
          </p>
        )}
      </header>

      <Card title="Signers" className="mt-6" flush>
        <SignerEvidence signers={proposal.signers} />
      </Card>

      <DocumentColumns
        proposal={proposal}
        wideFrom="xl"
        aside={
          <Card title="Details">
            <Details proposal={proposal} />
          </Card>
        }
      />

      <Dialog
        open={isConfirmingSend}
        title={`Send “${proposal.title}”?`}
        onClose={() => {
          send.reset();
          setConfirmingSend(false);
        }}
        // Sent: the Send button is gone, so focus goes to the heading.
        onClosed={() => {
          if (hasSent.current) headingRef.current?.focus();
          hasSent.current = false;
        }}
        isBusy={send.isPending}
      >
        <div className="space-y-4 text-sm text-slate-700">
          <p>
            Each signer is emailed now: the customer's approvers a link to the portal, addresses an approver
            access link. After sending, the document cannot be edited; changes need a new version.
          </p>
          {proposal.supersedesId && (
            <p>Version {proposal.version - 1} is replaced by this one and can no longer be signed.</p>
          )}
          <ul className="space-y-1 rounded-lg border border-slate-200 p-3">
            {proposal.signers.map((signer) => (
              <li key={signer.id} className="break-words">
                <span className="font-medium text-slate-900">{signer.name}</span>{" "}
                <span className="text-slate-600">&lt;{signer.email}&gt;</span>
              </li>
            ))}
          </ul>
          <FormError>{send.isError && messageOf(send.error)}</FormError>
          <DialogActions
            isBusy={send.isPending}
            isCancelFocused
            onCancel={() => {
              send.reset();
              setConfirmingSend(false);
            }}
            onConfirm={() =>
              send.mutate(undefined, {
                onSuccess: () => {
                  hasSent.current = true;
                  setConfirmingSend(false);
                },
              })
            }
          >
            <Send className="size-4" aria-hidden="true" />
            {send.isPending ? "Sending…" : `Send to ${signerCount(proposal.signers.length)}`}
          </DialogActions>
        </div>
      </Dialog>
    </>
  );
}

const signerCount = (count: number) => (count === 1 ? "1 signer" : `${count} signers`);

/** Links between the versions of one document. */
function Versions({ proposal }: { proposal: StaffProposal }) {
  if (!proposal.supersedesId && !proposal.supersededById) return null;
  const link = `rounded font-medium text-orange-800 underline ${focusRing}`;
  return (
    <p className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-700">
      <History className="size-4 shrink-0 text-slate-500" aria-hidden="true" />
      {proposal.supersedesId && (
        <span>
          Revises{" "}
          <Link to={consoleProposalPath(proposal.supersedesId)} className={link}>
            version {proposal.version - 1}
          </Link>
        </span>
      )}
      {proposal.supersededById && (
        <span>
          {proposal.status === "superseded" ? "Superseded by " : "Revised in "}
          <Link to={consoleProposalPath(proposal.supersededById)} className={link}>
            version {proposal.version + 1}
          </Link>
          {proposal.status === "superseded" ? "" : " (a draft)"}
        </span>
      )}
    </p>
  );
}

function Details({ proposal }: { proposal: StaffProposal }) {
  const rows: [string, ReactNode][] = [
    [
      "Created",
      `${formatDateTime(proposal.createdAt)}${proposal.createdBy ? ` by ${proposal.createdBy}` : ""}`,
    ],
    ["Sent", formatDateTime(proposal.sentAt)],
    ["First viewed", formatDateTime(proposal.viewedAt)],
    ["Expires", proposal.expiresAt ? formatDateTime(proposal.expiresAt) : "No expiry"],
    ["Decided", formatDateTime(proposal.decidedAt)],
  ];
  return (
    <div className="space-y-4 text-sm">
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      <Fingerprint label="SHA-256 of the document to sign" sha256={proposal.documentSha256 ?? NO_VALUE} />
      {proposal.signedSha256 && (
        <Fingerprint label="SHA-256 of the signed copy" sha256={proposal.signedSha256} />
      )}
    </div>
  );
}

function DecisionBadge({ signer }: { signer: StaffSigner }) {
  if (!signer.decision) return <Badge tone="neutral">Not decided</Badge>;
  return signer.decision.decision === "signed" ? (
    <Badge tone="success">
      <CircleCheck className="size-3.5" aria-hidden="true" />
      Signed
    </Badge>
  ) : (
    <Badge tone="danger">
      <CircleX className="size-3.5" aria-hidden="true" />
      Declined
    </Badge>
  );
}

const viaLabels: Record<StaffSigner["via"], string> = {
  user: "Portal user (single sign-on)",
  email: "Access link by email",
};

const authLabels = { sso: "Single sign-on", email: "Email access link" } as const;

/** What the decision itself says: the typed name of a signature, the reason of a refusal. */
function DecisionWords({ decision }: { decision: NonNullable<StaffSigner["decision"]> }) {
  if (decision.decision === "signed") {
    return decision.typedName ? (
      <p className="text-slate-800">
        Typed name: <span className="font-medium">{decision.typedName}</span>
      </p>
    ) : null;
  }
  return decision.reason ? (
    <p className="break-words whitespace-pre-line text-slate-800">Reason: {decision.reason}</p>
  ) : null;
}

/** How the decision was made: the evidence the signature certificate carries. */
function Evidence({ decision }: { decision: NonNullable<StaffSigner["decision"]> }) {
  const rows: [string, ReactNode][] = [
    ["Signed in with", authLabels[decision.authMethod]],
    ["MFA", decision.mfa ? "Yes" : "No"],
    ["IP address", decision.ip ?? NO_VALUE],
    ["Browser", decision.userAgent ?? NO_VALUE],
    ...(decision.consentVersion ? [["Disclosure", decision.consentVersion] as [string, ReactNode]] : []),
    [
      "Document",
      <span key="sha256" className="font-mono break-all">
        {decision.documentSha256}
      </span>,
    ],
  ];
  return (
    <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600">{label}</dt>
          <dd className="break-words text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SignerEvidence({ signers }: { signers: StaffSigner[] }) {
  const isWide = useMediaQuery(WIDE_SCREEN);
  if (!isWide) {
    return (
      <ul className="divide-y divide-slate-200">
        {signers.map((signer) => (
          <li key={signer.id} className="space-y-2 px-5 py-4 text-sm">
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="font-medium break-words text-slate-900">{signer.name}</p>
                <p className="text-xs break-words text-slate-600">
                  <EmailAddress email={signer.email} />
                </p>
                <p className="text-xs text-slate-600">{viaLabels[signer.via]}</p>
              </div>
              <DecisionBadge signer={signer} />
            </div>
            <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
              <dt className="text-slate-600">Notified</dt>
              <dd className="text-slate-800">{formatDateTime(signer.notifiedAt)}</dd>
              <dt className="text-slate-600">Viewed</dt>
              <dd className="text-slate-800">{formatDateTime(signer.viewedAt)}</dd>
              {signer.decision && (
                <>
                  <dt className="text-slate-600">Decided</dt>
                  <dd className="text-slate-800">{formatDateTime(signer.decision.at)}</dd>
                </>
              )}
            </dl>
            {signer.decision && (
              <>
                <DecisionWords decision={signer.decision} />
                <Evidence decision={signer.decision} />
              </>
            )}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ScrollRegion label="Signers">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          Signers, with how they were asked and the evidence of their decision
        </caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="py-2 pr-3 pl-5">
              Signer
            </th>
            <th scope="col" className="px-3 py-2">
              Notified
            </th>
            <th scope="col" className="px-3 py-2">
              Viewed
            </th>
            <th scope="col" className="px-3 py-2">
              Decision
            </th>
            <th scope="col" className="py-2 pr-5 pl-3">
              Evidence
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {signers.map((signer) => (
            <tr key={signer.id} className="align-top">
              <th scope="row" className="min-w-44 py-3 pr-3 pl-5 font-normal">
                <p className="font-medium break-words text-slate-900">{signer.name}</p>
                <p className="text-xs break-words text-slate-600">
                  <EmailAddress email={signer.email} />
                </p>
                <p className="text-xs text-slate-600">{viaLabels[signer.via]}</p>
              </th>
              <td className="px-3 py-3 text-xs text-slate-800">{formatDateTime(signer.notifiedAt)}</td>
              <td className="px-3 py-3 text-xs text-slate-800">{formatDateTime(signer.viewedAt)}</td>
              <td className="min-w-40 space-y-1 px-3 py-3 text-xs">
                <DecisionBadge signer={signer} />
                {signer.decision && (
                  <>
                    <p className="text-slate-800">{formatDateTime(signer.decision.at)}</p>
                    <DecisionWords decision={signer.decision} />
                  </>
                )}
              </td>
              <td className="min-w-64 py-3 pr-5 pl-3">
                {signer.decision ? (
                  <Evidence decision={signer.decision} />
                ) : (
                  <span className="text-xs text-slate-600">{NO_VALUE}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
