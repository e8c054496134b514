import {
  Banknote,
  Briefcase,
  CalendarClock,
  CircleCheck,
  CircleX,
  FileCheck,
  FileDown,
  Folder,
  History,
  Hourglass,
  LoaderCircle,
  PenLine,
  Send,
  Signature,
  TimerOff,
} from "lucide-react";
import { type ReactNode, type RefObject, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import type { ClientProposalView } from "../../../contracts/proposals";
import { TenantGate } from "../../app/RequireTenant";
import { BackLink } from "../../components/BackLink";
import { Badge } from "../../components/Badge";
import { Button, buttonClasses } from "../../components/Button";
import { Card } from "../../components/Card";
import { DocumentTitle } from "../../components/DocumentTitle";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";
import { LoadedPage } from "../../components/LoadedPage";
import { formatDate, formatDateTime } from "../../lib/format";
import { tenantSearch } from "../../lib/tenantPath";
import { ClientViewNotice } from "../engagements/TenantView";
import { isSignedCopyPending, useClientProposal, useDeclineProposal, useSignProposal } from "./api";
import { DeclineDialog, SignDialog } from "./DecisionDialogs";
import { DocumentColumns } from "./DocumentColumns";
import { Fingerprint } from "./Fingerprint";
import { isOpen, kindLabels, ProposalStatusBadge } from "./labels";
import { formatMoney } from "./money";
import { consoleProposalPath, expiryText, proposalPath } from "./paths";

/** `/customer-portal/proposals/:id`: a proposal or approval request, to read, download, and sign or decline. */
export function ProposalPage() {
  const id = useParams().id ?? "";
  return (
    <TenantGate title="Proposal">
      {(tenant) => <ProposalContent key={`${id}:${tenant ?? ""}`} id={id} tenant={tenant} />}
    </TenantGate>
  );
}

function ProposalContent({ id, tenant }: { id: string; tenant: string | undefined }) {
  const view = useClientProposal(id, tenant);
  const listPath = `/customer-portal/proposals${tenantSearch(tenant)}`;

  return (
    <>
      <BackLink to={listPath}>All proposals</BackLink>
      {tenant && (
        <ClientViewNotice consolePath={consoleProposalPath(id)} consoleLabel="Open in the console">
          You are seeing this document as the client does. Only the named signers can sign it.
        </ClientViewNotice>
      )}
      <LoadedPage
        query={view}
        title="Proposal"
        loadingLabel="Loading the document…"
        what="this document"
        notFoundTitle="Document not found"
        notFound={
          <EmptyState icon={Signature} title="This document does not exist or is not shared with you">
            <p>Check the link, or find the document in your list of proposals.</p>
            <Link to={listPath} className={buttonClasses("secondary", "mt-4")}>
              Go to your proposals
            </Link>
          </EmptyState>
        }
      >
        {(proposal) => <ProposalView proposal={proposal} tenant={tenant} />}
      </LoadedPage>
    </>
  );
}

function ProposalView({ proposal, tenant }: { proposal: ClientProposalView; tenant: string | undefined }) {
  const [dialog, setDialog] = useState<"sign" | "decline" | null>(null);
  /**
   * After a decision, focus moves to its outcome (the buttons that opened the dialog are gone): once the dialog
   * has closed and the page shows the answer, whichever comes last.
   */
  const hasDecided = useRef(false);
  const [isOutcomeDue, setOutcomeDue] = useState(false);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const sign = useSignProposal(proposal.id, tenant);
  const decline = useDeclineProposal(proposal.id, tenant);

  useEffect(() => {
    if (isOutcomeDue && proposal.you.decision && outcomeRef.current) {
      outcomeRef.current.focus();
      setOutcomeDue(false);
    }
  }, [isOutcomeDue, proposal]);

  const decided = () => {
    hasDecided.current = true;
    setDialog(null);
  };
  const afterClose = () => {
    if (!hasDecided.current) return;
    hasDecided.current = false;
    setOutcomeDue(true);
  };
  const dialogProps = { proposal, onClose: () => setDialog(null), onClosed: afterClose, onDone: decided };
  const kind = kindLabels[proposal.kind];
  const expiry = expiryText(proposal);

  return (
    <>
      <DocumentTitle title={proposal.title} />
      <header className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
          <div className="min-w-0">
            <p className="text-sm font-medium text-slate-600">
              {kind} · Version {proposal.version}
            </p>
            <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words text-slate-900">
              {proposal.title}
            </h1>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <ProposalStatusBadge status={proposal.status} audience="client" />
              {proposal.you.canDecide && (
                <Badge tone="warning">
                  <PenLine className="size-3.5" aria-hidden="true" />
                  Awaiting your signature
                </Badge>
              )}
            </div>
            <dl className="mt-3 grid gap-x-6 gap-y-1.5 text-sm text-slate-700 sm:grid-cols-[auto_1fr]">
              <Fact icon={Folder} label="Workspace">
                {proposal.workspaceName}
              </Fact>
              {proposal.engagement && (
                <Fact icon={Briefcase} label="Engagement">
                  <Link
                    to={`/customer-portal/engagements/${encodeURIComponent(proposal.engagement.id)}${tenantSearch(tenant)}`}
                    className={`rounded font-medium text-orange-800 hover:underline ${focusRing}`}
                  >
                    {proposal.engagement.name}
                  </Link>
                </Fact>
              )}
              {proposal.subjectLabel && (
                <Fact icon={FileCheck} label="To decide">
                  {proposal.subjectLabel}
                </Fact>
              )}
              {proposal.priceLines.length > 0 && (
                <Fact icon={Banknote} label="Total">
                  <span className="font-semibold text-slate-900 tabular-nums">
                    {formatMoney(proposal.totalMinor, proposal.currency)}
                  </span>
                </Fact>
              )}
              {proposal.sentAt && (
                <Fact icon={Send} label="Sent">
                  {formatDate(proposal.sentAt)}
                </Fact>
              )}
              {expiry && proposal.expiresAt && (
                <Fact icon={CalendarClock} label={proposal.status === "expired" ? "Expired" : "Expires"}>
                  <time dateTime={proposal.expiresAt}>{formatDateTime(proposal.expiresAt)}</time>
                </Fact>
              )}
            </dl>
          </div>
          <div className="flex shrink-0 flex-col gap-2 sm:flex-row lg:flex-col">
            {proposal.you.canDecide && (
              <>
                <Button onClick={() => setDialog("sign")}>
                  <Signature className="size-4" aria-hidden="true" />
                  Sign
                </Button>
                <Button variant="secondary" onClick={() => setDialog("decline")}>
                  Decline
                </Button>
              </>
            )}
            <a href={proposal.links.pdf} download className={buttonClasses("secondary")}>
              <FileDown className="size-4" aria-hidden="true" />
              Download PDF
            </a>
          </div>
        </div>
      </header>

      <Outcome proposal={proposal} tenant={tenant} outcomeRef={outcomeRef} />

      <DocumentColumns
        proposal={proposal}
        wideFrom="lg"
        aside={
          <>
            <Card title="Signers">
              <Signers signers={proposal.signers} />
            </Card>
            <Card title="Document fingerprint">
              <Fingerprints proposal={proposal} />
            </Card>
          </>
        }
      />

      <SignDialog {...dialogProps} open={dialog === "sign"} decision={sign} />
      <DeclineDialog {...dialogProps} open={dialog === "decline"} decision={decline} />
    </>
  );
}

function Fact({ icon: Icon, label, children }: { icon: typeof Folder; label: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 items-start gap-1.5 sm:contents">
      <dt className="flex shrink-0 items-center gap-1.5 text-slate-600">
        <Icon className="size-4 text-slate-500" aria-hidden="true" />
        <span className="sr-only sm:not-sr-only">{label}</span>
        <span className="sr-only">: </span>
      </dt>
      <dd className="min-w-0 break-words text-slate-800">{children}</dd>
    </div>
  );
}

/**
 * Where the document stands for the reader: their own decision, the outcome, the signed copy (or that it is
 * being prepared), or why it can no longer be signed. Takes the focus after the reader's decision.
 */
function Outcome({
  proposal,
  tenant,
  outcomeRef,
}: {
  proposal: ClientProposalView;
  tenant: string | undefined;
  outcomeRef: RefObject<HTMLDivElement | null>;
}) {
  const { you, status } = proposal;
  const lines: ReactNode[] = [];
  let tone: "success" | "danger" | "neutral" | "pending" = "neutral";
  let Icon = Hourglass;

  if (you.decision?.decision === "signed") {
    tone = "success";
    Icon = CircleCheck;
    lines.push(
      <p key="you" className="font-semibold">
        You signed this document on <time dateTime={you.decision.at}>{formatDateTime(you.decision.at)}</time>.
      </p>,
    );
  } else if (you.decision?.decision === "declined") {
    tone = "danger";
    Icon = CircleX;
    lines.push(
      <p key="you" className="font-semibold">
        You declined this document on{" "}
        <time dateTime={you.decision.at}>{formatDateTime(you.decision.at)}</time>.
      </p>,
    );
  }

  if (status === "signed") {
    tone = "success";
    Icon = CircleCheck;
    if (!you.decision) {
      lines.push(
        <p key="status" className="font-semibold">
          Signed by every signer
          {proposal.decidedAt && (
            <>
              {" "}
              on <time dateTime={proposal.decidedAt}>{formatDateTime(proposal.decidedAt)}</time>
            </>
          )}
          .
        </p>,
      );
    } else if (proposal.signers.length > 1) {
      lines.push(<p key="status">Every signer has signed.</p>);
    }
    lines.push(
      isSignedCopyPending(proposal) ? (
        <p key="copy" role="status" className="flex items-center gap-2">
          <LoaderCircle className="size-4 animate-spin motion-reduce:animate-none" aria-hidden="true" />
          The signed copy is being prepared. It appears here in a few seconds.
        </p>
      ) : (
        <p key="copy" role="status">
          <a href={proposal.links.signedPdf ?? ""} download className={buttonClasses("primary", "mt-1")}>
            <FileDown className="size-4" aria-hidden="true" />
            Download signed copy (with signature certificate)
          </a>
        </p>
      ),
    );
  } else if (status === "declined" && !you.decision) {
    tone = "danger";
    Icon = CircleX;
    lines.push(
      <p key="status" className="font-semibold">
        Declined
        {proposal.decidedAt && (
          <>
            {" "}
            on <time dateTime={proposal.decidedAt}>{formatDateTime(proposal.decidedAt)}</time>
          </>
        )}
        : it can no longer be signed.
      </p>,
    );
  } else if (status === "expired") {
    Icon = TimerOff;
    lines.push(
      <p key="status" className="font-semibold">
        This document expired and can no longer be signed. Ask your provider for a new version if you still
        need it.
      </p>,
    );
  } else if (status === "superseded") {
    Icon = History;
    lines.push(
      <p key="status" className="font-semibold">
        A newer version replaced this document: it can no longer be signed.
      </p>,
      proposal.replacedById ? (
        <p key="latest">
          <Link
            to={`${proposalPath(proposal.replacedById)}${tenantSearch(tenant)}`}
            className={`font-medium underline ${focusRing}`}
          >
            Open the latest version
          </Link>
        </p>
      ) : (
        <p key="latest">Open the latest version from your list of proposals.</p>
      ),
    );
  } else if (isOpen(status) && you.isSigner && !you.decision && !you.canDecide) {
    lines.push(
      <p key="status">
        You are named as a signer, but your role in the portal cannot sign documents. Ask your administrator
        for approver access.
      </p>,
    );
  } else if (isOpen(status) && you.decision?.decision === "signed") {
    tone = "pending";
    lines.push(<p key="status">Waiting for the other signers.</p>);
  }

  if (lines.length === 0) return null;
  const tones = {
    success: "border-green-200 bg-green-50 text-green-900",
    danger: "border-red-200 bg-red-50 text-red-900",
    pending: "border-amber-200 bg-amber-50 text-amber-900",
    neutral: "border-slate-200 bg-slate-50 text-slate-800",
  };
  return (
    <div
      ref={outcomeRef}
      tabIndex={-1}
      className={`mt-4 flex gap-3 rounded-xl border p-4 text-sm focus:outline-none focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-700 ${tones[tone]}`}
    >
      <Icon className="mt-0.5 size-5 shrink-0" aria-hidden="true" />
      <div className="min-w-0 space-y-2">{lines}</div>
    </div>
  );
}

function Signers({ signers }: { signers: ClientProposalView["signers"] }) {
  return (
    <ul className="-my-2 divide-y divide-slate-200">
      {signers.map((signer, index) => (
        // Signers have no id in the client's view; their order is the document's.
        // biome-ignore lint/suspicious/noArrayIndexKey: a signer is identified by its place.
        <li key={index} className="flex flex-wrap items-start justify-between gap-x-3 gap-y-1 py-2.5">
          <span className="min-w-0 text-sm font-medium break-words text-slate-900">
            {signer.name}
            {signer.isYou && <span className="font-normal text-slate-600"> (you)</span>}
          </span>
          {signer.decision ? (
            <span className="text-right">
              <Badge tone={signer.decision.decision === "signed" ? "success" : "danger"}>
                {signer.decision.decision === "signed" ? (
                  <CircleCheck className="size-3.5" aria-hidden="true" />
                ) : (
                  <CircleX className="size-3.5" aria-hidden="true" />
                )}
                {signer.decision.decision === "signed" ? "Signed" : "Declined"}
              </Badge>
              <span className="mt-0.5 block text-xs text-slate-600">
                <time dateTime={signer.decision.at}>{formatDateTime(signer.decision.at)}</time>
              </span>
            </span>
          ) : (
            <Badge tone="neutral">
              <Hourglass className="size-3.5" aria-hidden="true" />
              Not decided
            </Badge>
          )}
        </li>
      ))}
    </ul>
  );
}

function Fingerprints({ proposal }: { proposal: ClientProposalView }) {
  return (
    <div className="space-y-4 text-sm">
      <Fingerprint
        label="SHA-256 of the document to sign"
        sha256={proposal.documentSha256}
        download={{ href: proposal.links.pdf, label: "Download PDF" }}
      />
      {proposal.signedSha256 && proposal.links.signedPdf && (
        <Fingerprint
          label="SHA-256 of the signed copy"
          sha256={proposal.signedSha256}
          download={{ href: proposal.links.signedPdf, label: "Download signed copy" }}
        />
      )}
      <p className="text-xs text-slate-600">
        Anyone holding a copy can check that it came from this portal, unchanged, on the{" "}
        <Link to="/verify" className={`rounded font-medium text-orange-800 underline ${focusRing}`}>
          verification page
        </Link>
        .
      </p>
    </div>
  );
}
