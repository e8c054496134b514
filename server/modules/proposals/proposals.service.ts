import { createHash, randomUUID } from "node:crypto";
import {
  type ApprovalSubject,
  type ApproverOptions,
  type ClientProposalList,
  type ClientProposalListQuery,
  type ClientProposalView,
  type CreateProposalBody,
  type DeclineProposalBody,
  type PriceLineInput,
  type ProposalStatus,
  type SignerInput,
  type SignProposalBody,
  type StaffProposal,
  type StaffProposalList,
  type StaffProposalListQuery,
  signatureDisclosure,
  type UpdateProposalBody,
} from "../../../contracts/proposals";
import { type Actor, type Caller, hasPermission, requirePermission } from "../../auth/permissions";
import { portalScope, UUID } from "../../auth/scope";
import type { Config } from "../../config";
import { isUniqueViolation } from "../../db/errors";
import type { RunScoped, ScopedTransaction } from "../../db/scope";
import type { PriceLine } from "../../db/types";
import { AppError, notFound } from "../../errors";
import type { JobQueue } from "../../jobs/queue";
import type { Mailer } from "../../mail/mailer";
import { proposalSentMail } from "../../mail/templates";
import { renderMarkdown } from "../../markdown";
import type { AccessLinkService } from "../access-links/access-links.service";
import { isAllowedDomain } from "../access-links/access-links.service";
import * as queries from "./proposals.queries";
import {
  type ProposalDocumentData,
  renderProposalPdf,
  renderSignedProposalPdf,
  type SignatureCertificate,
} from "./render/proposal-pdf";

/** Emails an SSO signer that a proposal waits for them (email signers get their access link's mail instead). */
export const PROPOSAL_MAIL_QUEUE = "mail.proposal";
/** Builds the signed copy (document + signature certificate, sealed) once every signer has signed. */
export const PROPOSAL_CERTIFY_QUEUE = "proposal.certify";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
export const DISCLOSURE_SHA256 = sha256(signatureDisclosure.text);

export interface ProposalDeps {
  config: Config;
  runScoped: RunScoped;
  jobs: JobQueue;
  mailer: Mailer;
  accessLinks: AccessLinkService;
  /** Seals a finished PDF with the provider's certificate. */
  seal: (pdf: Buffer, signingTime: Date) => Promise<Buffer>;
}

/** Who made a request, as evidence records it. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

const SUBJECT_LABELS: Record<ApprovalSubject, string> = {
  milestone: "Milestone completion",
  deliverable: "Deliverable acceptance",
  scope_change: "Change of scope",
};

/** Sent or viewed, past its expiry: shown and treated as expired. */
function effectiveStatus(
  row: { status: ProposalStatus; expires_at: Date | null },
  now = new Date(),
): ProposalStatus {
  if ((row.status === "sent" || row.status === "viewed") && row.expires_at && row.expires_at <= now)
    return "expired";
  return row.status;
}

function priceLinesOf(input: readonly PriceLineInput[]): { lines: PriceLine[]; totalMinor: number } {
  const lines = input.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unit_price_minor: line.unitPriceMinor,
    amount_minor: line.quantity * line.unitPriceMinor,
  }));
  const totalMinor = lines.reduce((sum, line) => sum + line.amount_minor, 0);
  if (!Number.isSafeInteger(totalMinor)) throw new AppError("bad_request", "The total is too large");
  return { lines, totalMinor };
}

const toPriceLines = (lines: readonly PriceLine[]) =>
  lines.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: Number(line.unit_price_minor),
    amountMinor: Number(line.amount_minor),
  }));

function subjectLabel(row: {
  subject: ApprovalSubject | null;
  milestone_title: string | null;
  deliverable_title: string | null;
}): string | null {
  if (!row.subject) return null;
  const item = row.subject === "milestone" ? row.milestone_title : row.deliverable_title;
  return item ? `${SUBJECT_LABELS[row.subject]}: ${item}` : SUBJECT_LABELS[row.subject];
}

/** The signer row the caller is: the named user, or (for an address) the session proven by that address's link. */
function signerFor(actor: Actor, signers: readonly queries.SignerRow[]): queries.SignerRow | undefined {
  return signers.find((signer) =>
    signer.user_id
      ? signer.user_id === actor.userId
      : actor.userId === null && signer.email === actor.email.toLowerCase(),
  );
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

export function createProposalService(deps: ProposalDeps) {
  const { config, runScoped, jobs, mailer, accessLinks, seal } = deps;

  async function requireProposal(trx: ScopedTransaction, id: string, clientView: boolean) {
    const row = UUID.test(id) ? await queries.findProposal(trx, id) : undefined;
    // Clients never see drafts: a draft is as absent as a random id.
    if (!row || (clientView && row.status === "draft")) throw notFound("Proposal");
    return row;
  }

  function documentData(
    row: queries.ProposalRow,
    label: string | null,
    signers: readonly queries.SignerRow[],
    preparedAt: Date,
  ): ProposalDocumentData {
    return {
      proposalId: row.id,
      kind: row.kind,
      title: row.title,
      version: row.version,
      providerName: config.providerName,
      tenantName: row.tenant_name,
      workspaceName: row.workspace_name,
      engagementName: row.engagement_name ?? null,
      subjectLabel: label,
      bodyMd: row.body_md,
      currency: row.currency,
      priceLines: toPriceLines(row.price_lines),
      totalMinor: Number(row.total_minor),
      expiresAt: iso(row.expires_at),
      preparedAt: preparedAt.toISOString(),
      signers: signers.map((signer) => ({ name: signer.name, email: signer.email })),
    };
  }

  /** Renders and stores the document to sign (a draft after each edit; a seeded proposal on first read). */
  async function renderDocument(trx: ScopedTransaction, id: string, onlyIfMissing = false): Promise<void> {
    const row = await requireProposal(trx, id, false);
    const signers = await queries.signersOf(trx, [id]);
    const preparedAt = new Date();
    const data = documentData(row, subjectLabel(row), signers, preparedAt);
    const pdf = await renderProposalPdf(data);
    await queries.storeDocument(trx, id, { pdf, sha256: sha256(pdf), data, preparedAt }, { onlyIfMissing });
  }

  async function ensureDocument(
    trx: ScopedTransaction,
    row: queries.ProposalRow,
  ): Promise<queries.ProposalRow> {
    if (row.sha256) return row;
    await renderDocument(trx, row.id, true);
    return requireProposal(trx, row.id, false);
  }

  /** The PDF addresses; staff viewing a customer's portal keep their `?tenant=`. */
  const links = (row: { id: string; signed_sha256: string | null }, base: string, tenant?: string) => {
    const query = tenant ? `?tenant=${tenant}` : "";
    return {
      pdf: `${base}/${row.id}/pdf${query}`,
      signedPdf: row.signed_sha256 ? `${base}/${row.id}/signed-pdf${query}` : null,
    };
  };

  const common = (row: Omit<queries.ProposalRow, "replaced_by">, label: string | null, now: Date) => ({
    id: row.id,
    kind: row.kind,
    title: row.title,
    version: row.version,
    status: effectiveStatus(row, now),
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    engagement:
      row.engagement_id && row.engagement_name ? { id: row.engagement_id, name: row.engagement_name } : null,
    subject: row.subject,
    subjectLabel: label,
    currency: row.currency,
    totalMinor: Number(row.total_minor),
    expiresAt: iso(row.expires_at),
    sentAt: iso(row.sent_at),
    decidedAt: iso(row.decided_at),
  });

  const decisionOf = (signer: queries.SignerRow) =>
    signer.decision && signer.signed_at
      ? { decision: signer.decision, at: signer.signed_at.toISOString() }
      : null;

  const canBeDecided = (status: ProposalStatus) => status === "sent" || status === "viewed";

  async function clientViewOf(
    trx: ScopedTransaction,
    actor: Actor,
    row: queries.ProposalRow,
  ): Promise<ClientProposalView> {
    const now = new Date();
    const signers = await queries.signersOf(trx, [row.id]);
    const mine = signerFor(actor, signers);
    const status = effectiveStatus(row, now);
    const label = subjectLabel(row);
    return {
      ...common(row, label, now),
      bodyHtml: renderMarkdown(row.body_md),
      priceLines: toPriceLines(row.price_lines),
      documentSha256: row.sha256 ?? "",
      signedSha256: row.signed_sha256,
      signers: signers.map((signer) => ({
        name: signer.name,
        isYou: signer === mine,
        decision: decisionOf(signer),
      })),
      replacedById: row.replaced_by ?? null,
      you: {
        isSigner: mine !== undefined,
        canDecide:
          mine !== undefined &&
          !mine.decision &&
          canBeDecided(status) &&
          hasPermission(actor.role, "can_sign_documents"),
        decision: mine ? decisionOf(mine) : null,
      },
      disclosure: {
        version: signatureDisclosure.version,
        text: signatureDisclosure.text,
        sha256: DISCLOSURE_SHA256,
      },
      links: links(row, "/api/proposals", actor.tenant ? undefined : row.tenant_id),
    };
  }

  async function staffViewOf(trx: ScopedTransaction, id: string): Promise<StaffProposal> {
    const row = await ensureDocument(trx, await requireProposal(trx, id, false));
    const signers = await queries.signersOf(trx, [id]);
    const now = new Date();
    return {
      ...common(row, subjectLabel(row), now),
      tenantId: row.tenant_id,
      tenantName: row.tenant_name,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by_name ?? null,
      subjectId: row.subject_id,
      bodyMd: row.body_md,
      bodyHtml: renderMarkdown(row.body_md),
      priceLines: toPriceLines(row.price_lines),
      viewedAt: iso(row.viewed_at),
      documentSha256: row.sha256,
      signedSha256: row.signed_sha256,
      supersedesId: row.supersedes_id,
      supersededById: row.superseded_by ?? null,
      signers: signers.map((signer) => ({
        id: signer.id,
        name: signer.name,
        email: signer.email,
        via: signer.user_id ? ("user" as const) : ("email" as const),
        userId: signer.user_id,
        notifiedAt: iso(signer.notified_at ?? signer.mail_sent_at),
        viewedAt: iso(signer.viewed_at),
        decision:
          signer.decision && signer.signed_at && signer.auth_method && signer.document_sha256
            ? {
                decision: signer.decision,
                at: signer.signed_at.toISOString(),
                typedName: signer.typed_name,
                reason: signer.reason,
                authMethod: signer.auth_method,
                mfa: signer.mfa ?? false,
                ip: signer.ip,
                userAgent: signer.user_agent,
                consentVersion: signer.consent_text_version,
                documentSha256: signer.document_sha256,
              }
            : null,
      })),
      links: links(row, "/api/v1/admin/proposals"),
    };
  }

  /** Staff's signers: approvers of the tenant who can see the workspace, or addresses the tenant's policy allows. */
  async function resolveSigners(
    trx: ScopedTransaction,
    workspace: NonNullable<Awaited<ReturnType<typeof queries.findWorkspace>>>,
    input: readonly SignerInput[],
  ): Promise<queries.NewSigner[]> {
    const approvers = await queries.approversFor(trx, { id: workspace.id, tenantId: workspace.tenant_id });
    const signers = input.map((signer): queries.NewSigner => {
      if ("userId" in signer) {
        const user = approvers.find((candidate) => candidate.id === signer.userId);
        if (!user) {
          throw new AppError(
            "bad_request",
            `A signer must be an approver of ${workspace.tenant_name} who can see ${workspace.name}`,
          );
        }
        return { email: user.email.toLowerCase(), name: user.name, userId: user.id };
      }
      const email = signer.email.toLowerCase();
      if (!isAllowedDomain(email, workspace.allowed_email_domains)) {
        throw new AppError(
          "bad_request",
          `${workspace.tenant_name} accepts signers only at ${workspace.allowed_email_domains.join(", ")}`,
        );
      }
      return { email, name: signer.name.trim() || email, userId: null };
    });
    if (new Set(signers.map((signer) => signer.email)).size !== signers.length) {
      throw new AppError("bad_request", "Each signer may be named once");
    }
    return signers;
  }

  function expiryOf(value: string | null | undefined): Date | null {
    if (!value) return null;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new AppError("bad_request", "expiresAt is not a date");
    return date;
  }

  /** Sign or decline: one decision per signer, taken under the proposal's lock so the outcome is set once. */
  async function decide(
    { actor, scoped }: Caller,
    id: string,
    viewedTenant: string | undefined,
    decision: { kind: "signed"; body: SignProposalBody } | { kind: "declined"; body: DeclineProposalBody },
    origin: RequestOrigin,
  ): Promise<{ view: ClientProposalView; certify: (() => Promise<unknown>) | null }> {
    requirePermission(actor, "can_sign_documents");
    if (decision.kind === "signed" && decision.body.consent !== true) {
      throw new AppError("bad_request", "Signing needs your consent to the electronic signature disclosure");
    }
    return scoped(portalScope(actor, viewedTenant), async (trx) => {
      if (!UUID.test(id) || !(await queries.lockProposal(trx, id))) throw notFound("Proposal");
      const row = await requireProposal(trx, id, true);
      const signers = await queries.signersOf(trx, [id]);
      const signer = signerFor(actor, signers);
      if (!signer) throw new AppError("forbidden", "You are not one of this document's signers");
      const status = effectiveStatus(row);
      if (status === "superseded") {
        throw new AppError(
          "conflict",
          "A newer version of this document replaced it: open the latest version to sign",
        );
      }
      if (status === "expired")
        throw new AppError("conflict", "This document expired and can no longer be signed");
      if (signer.decision) throw new AppError("conflict", `You already ${signer.decision} this document`);
      if (!canBeDecided(status)) throw new AppError("conflict", `This document was already ${status}`);
      if (decision.kind === "signed" && decision.body.documentSha256.toLowerCase() !== row.sha256) {
        throw new AppError(
          "conflict",
          "The document changed since you opened it: reload it, read it again and sign the current version",
        );
      }
      // One decision per signer is also a unique constraint: a second one that got here anyway is a conflict.
      await queries
        .insertDecision(trx, {
          tenantId: row.tenant_id,
          workspaceId: row.workspace_id,
          proposalId: id,
          signerId: signer.id,
          decision: decision.kind,
          signerUserId: actor.userId,
          signerClientTokenId: actor.clientTokenId,
          signerEmail: signer.email,
          signerName: signer.name,
          authMethod: actor.authMethod,
          sessionId: actor.sessionId,
          typedName: decision.kind === "signed" ? decision.body.typedName.trim() : null,
          reason: decision.kind === "declined" ? decision.body.reason.trim() : null,
          consentVersion: decision.kind === "signed" ? signatureDisclosure.version : null,
          consentSha256: decision.kind === "signed" ? DISCLOSURE_SHA256 : null,
          documentSha256: row.sha256 ?? "",
          ip: origin.ip,
          userAgent: origin.userAgent,
          mfa: actor.mfa,
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error))
            throw new AppError("conflict", "You already decided on this document");
          throw error;
        });
      await queries.markViewed(trx, id, signer.id);
      const everyoneSigned =
        decision.kind === "signed" &&
        signers.every((other) => other.id === signer.id || other.decision === "signed");
      let certify: (() => Promise<unknown>) | null = null;
      if (decision.kind === "declined") await queries.setOutcome(trx, id, "declined");
      else if (everyoneSigned) {
        await queries.setOutcome(trx, id, "signed");
        certify = () => jobs.send(PROPOSAL_CERTIFY_QUEUE, { proposalId: id }, { singletonKey: id });
      }
      return { view: await clientViewOf(trx, actor, await requireProposal(trx, id, true)), certify };
    });
  }

  return {
    // ---- staff ---------------------------------------------------------------------------------------------

    /** GET /api/v1/admin/proposals */
    async staffList({ actor, scoped }: Caller, query: StaffProposalListQuery): Promise<StaffProposalList> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        const rows = await queries.listProposals(trx, { includeDrafts: true, ...query });
        const now = new Date();
        return {
          items: rows.map((row) => ({
            ...common(row, subjectLabel(row), now),
            tenantId: row.tenant_id,
            tenantName: row.tenant_name,
            createdAt: row.created_at.toISOString(),
            createdBy: row.created_by_name ?? null,
            signers: {
              total: row.signers_total ?? 0,
              signed: row.signers_signed ?? 0,
              declined: row.signers_declined ?? 0,
            },
          })),
        };
      });
    },

    /** GET /api/v1/admin/proposals/:id */
    async staffGet({ actor, scoped }: Caller, id: string): Promise<StaffProposal> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, (trx) => staffViewOf(trx, id));
    },

    /** GET /api/v1/admin/proposals/approvers?workspaceId= */
    async approvers({ actor, scoped }: Caller, workspaceId: string): Promise<ApproverOptions> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        const workspace = await queries.findWorkspace(trx, workspaceId);
        if (!workspace) throw notFound("Workspace");
        return {
          items: await queries.approversFor(trx, { id: workspace.id, tenantId: workspace.tenant_id }),
        };
      });
    },

    /** POST /api/v1/admin/proposals — a draft, rendered. */
    async create({ actor, scoped }: Caller, body: CreateProposalBody): Promise<StaffProposal> {
      requirePermission(actor, "can_manage_engagements");
      const kind = body.kind ?? "proposal";
      return scoped({ kind: "provider" }, async (trx) => {
        const workspace = await queries.findWorkspace(trx, body.workspaceId);
        if (!workspace) throw notFound("Workspace");
        let engagementId: string | null = null;
        let subject: ApprovalSubject | null = null;
        let subjectId: string | null = null;
        if (kind === "approval") {
          if (!body.engagementId || !body.subject) {
            throw new AppError("bad_request", "An approval request names its engagement and subject");
          }
          const engagement = await queries.findEngagementIn(trx, body.engagementId, workspace.id);
          if (!engagement) throw notFound("Engagement");
          engagementId = engagement.id;
          subject = body.subject;
          if (subject !== "scope_change") {
            if (!body.subjectId)
              throw new AppError("bad_request", `Name the ${subject} to decide on (subjectId)`);
            const item =
              subject === "milestone"
                ? await queries.findMilestone(trx, body.subjectId, engagement.id)
                : await queries.findDeliverable(trx, body.subjectId, engagement.id);
            if (!item) throw notFound(subject === "milestone" ? "Milestone" : "Deliverable");
            subjectId = item.id;
          }
        } else if (body.engagementId || body.subject || body.subjectId) {
          throw new AppError("bad_request", "Only approval requests name an engagement item");
        }
        const signers = await resolveSigners(trx, workspace, body.signers);
        const { lines, totalMinor } = priceLinesOf(body.priceLines ?? []);
        const id = randomUUID();
        await queries.insertProposal(trx, {
          id,
          tenantId: workspace.tenant_id,
          workspaceId: workspace.id,
          kind,
          engagementId,
          subject,
          subjectId,
          version: 1,
          supersedesId: null,
          createdBy: actor.userId,
          title: body.title.trim(),
          bodyMd: body.bodyMd,
          currency: body.currency ?? "USD",
          priceLines: lines,
          totalMinor,
          expiresAt: expiryOf(body.expiresAt),
        });
        await queries.replaceSigners(
          trx,
          { id, tenantId: workspace.tenant_id, workspaceId: workspace.id },
          signers,
        );
        await renderDocument(trx, id);
        return staffViewOf(trx, id);
      });
    },

    /** PATCH /api/v1/admin/proposals/:id — drafts only; re-rendered. */
    async update({ actor, scoped }: Caller, id: string, body: UpdateProposalBody): Promise<StaffProposal> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        const row = await requireProposal(trx, id, false);
        if (row.status !== "draft") {
          throw new AppError("conflict", "Only a draft can be edited: make a new version of a sent document");
        }
        const { lines, totalMinor } = body.priceLines
          ? priceLinesOf(body.priceLines)
          : { lines: row.price_lines, totalMinor: Number(row.total_minor) };
        await queries.updateDraft(trx, id, {
          title: body.title?.trim() ?? row.title,
          bodyMd: body.bodyMd ?? row.body_md,
          currency: body.currency ?? row.currency,
          priceLines: lines,
          totalMinor,
          expiresAt: body.expiresAt === undefined ? row.expires_at : expiryOf(body.expiresAt),
        });
        if (body.signers) {
          const workspace = await queries.findWorkspace(trx, row.workspace_id);
          if (!workspace) throw notFound("Workspace");
          const signers = await resolveSigners(trx, workspace, body.signers);
          await queries.replaceSigners(
            trx,
            { id, tenantId: row.tenant_id, workspaceId: row.workspace_id },
            signers,
          );
        }
        await renderDocument(trx, id);
        return staffViewOf(trx, id);
      });
    },

    /**
     * POST /api/v1/admin/proposals/:id/send — the draft becomes `sent`, the version it revises `superseded`;
     * each signer is emailed after commit (users a portal link, addresses an approver access link).
     */
    async send(
      caller: Caller,
      id: string,
    ): Promise<{ view: StaffProposal; queueMail: () => Promise<unknown> }> {
      const { actor, scoped } = caller;
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        if (!UUID.test(id) || !(await queries.lockProposal(trx, id))) throw notFound("Proposal");
        const row = await ensureDocument(trx, await requireProposal(trx, id, false));
        if (row.status !== "draft") throw new AppError("conflict", `This document was already ${row.status}`);
        if (row.expires_at && row.expires_at <= new Date()) {
          throw new AppError("bad_request", "The expiry date has passed: choose a later one before sending");
        }
        await queries.markSent(trx, id);
        if (row.supersedes_id) await queries.supersede(trx, row.supersedes_id);
        const mails: (() => Promise<unknown>)[] = [];
        for (const signer of await queries.signersOf(trx, [id])) {
          if (signer.user_id) {
            mails.push(() =>
              jobs.send(PROPOSAL_MAIL_QUEUE, { signerId: signer.id }, { singletonKey: signer.id }),
            );
            continue;
          }
          const link = await accessLinks.issueForProposal(caller, {
            workspaceId: row.workspace_id,
            email: signer.email,
            proposalId: id,
            expiresAt: row.expires_at,
          });
          await queries.setSignerLink(trx, signer.id, link.tokenId);
          mails.push(link.queueMail);
        }
        return {
          view: await staffViewOf(trx, id),
          queueMail: async () => {
            for (const mail of mails) await mail();
          },
        };
      });
    },

    /** POST /api/v1/admin/proposals/:id/revise — a new draft version; sending it supersedes this one. */
    async revise({ actor, scoped }: Caller, id: string): Promise<StaffProposal> {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        const row = await requireProposal(trx, id, false);
        if (row.status === "draft") throw new AppError("conflict", "A draft is edited, not revised");
        if (row.status === "signed") throw new AppError("conflict", "A signed document is final");
        if (row.superseded_by) throw new AppError("conflict", "This version was already revised");
        const newId = randomUUID();
        try {
          await queries.insertProposal(trx, {
            id: newId,
            tenantId: row.tenant_id,
            workspaceId: row.workspace_id,
            kind: row.kind,
            engagementId: row.engagement_id,
            subject: row.subject,
            subjectId: row.subject_id,
            version: row.version + 1,
            supersedesId: row.id,
            createdBy: actor.userId,
            title: row.title,
            bodyMd: row.body_md,
            currency: row.currency,
            priceLines: row.price_lines,
            totalMinor: Number(row.total_minor),
            expiresAt: row.expires_at && row.expires_at > new Date() ? row.expires_at : null,
          });
        } catch (error) {
          if (isUniqueViolation(error)) {
            throw new AppError("conflict", "This version was already revised");
          }
          throw error;
        }
        const signers = await queries.signersOf(trx, [id]);
        await queries.replaceSigners(
          trx,
          { id: newId, tenantId: row.tenant_id, workspaceId: row.workspace_id },
          signers.map((signer) => ({ email: signer.email, name: signer.name, userId: signer.user_id })),
        );
        await renderDocument(trx, newId);
        return staffViewOf(trx, newId);
      });
    },

    /** GET /api/v1/admin/proposals/:id/pdf|signed-pdf */
    async staffDocument({ actor, scoped }: Caller, id: string, which: "pdf" | "signed_pdf") {
      requirePermission(actor, "can_manage_engagements");
      return scoped({ kind: "provider" }, async (trx) => {
        const row = await requireProposal(trx, id, false);
        await ensureDocument(trx, row);
        return fileOf(await queries.documentOf(trx, id, which), which);
      });
    },

    // ---- clients -------------------------------------------------------------------------------------------

    /** GET /api/proposals — what the caller may read (never drafts); `awaitingMe`: what waits for their decision. */
    async list({ actor, scoped }: Caller, query: ClientProposalListQuery): Promise<ClientProposalList> {
      requirePermission(actor, "can_view_proposals");
      return scoped(portalScope(actor, query.tenant), async (trx) => {
        const rows = await queries.listProposals(trx, {
          includeDrafts: false,
          engagementId: query.engagementId,
        });
        const signers = await queries.signersOf(
          trx,
          rows.map((row) => row.id),
        );
        const now = new Date();
        const canSign = hasPermission(actor.role, "can_sign_documents");
        const items = rows.map((row) => {
          const mine = signerFor(
            actor,
            signers.filter((signer) => signer.proposal_id === row.id),
          );
          const status = effectiveStatus(row, now);
          return {
            ...common(row, subjectLabel(row), now),
            awaitingYou: canSign && mine !== undefined && !mine.decision && canBeDecided(status),
          };
        });
        return { items: query.awaitingMe ? items.filter((item) => item.awaitingYou) : items };
      });
    },

    /** GET /api/proposals/:id/client-view — a client's first view marks it viewed (staff viewing a tenant do not). */
    async clientView(
      { actor, scoped }: Caller,
      id: string,
      viewedTenant?: string,
    ): Promise<ClientProposalView> {
      requirePermission(actor, "can_view_proposals");
      return scoped(portalScope(actor, viewedTenant), async (trx) => {
        let row = await ensureDocument(trx, await requireProposal(trx, id, true));
        if (actor.tenant) {
          const signer = signerFor(actor, await queries.signersOf(trx, [id]));
          if (!row.viewed_at || (signer && !signer.viewed_at)) {
            await queries.markViewed(trx, id, signer?.id ?? null);
            row = await requireProposal(trx, id, true);
          }
        }
        return clientViewOf(trx, actor, row);
      });
    },

    /** GET /api/proposals/:id/pdf|signed-pdf */
    async clientDocument(
      { actor, scoped }: Caller,
      id: string,
      which: "pdf" | "signed_pdf",
      viewedTenant?: string,
    ) {
      requirePermission(actor, "can_view_proposals");
      return scoped(portalScope(actor, viewedTenant), async (trx) => {
        const row = await requireProposal(trx, id, true);
        await ensureDocument(trx, row);
        return fileOf(await queries.documentOf(trx, id, which), which);
      });
    },

    /** POST /api/proposals/:id/sign */
    sign(caller: Caller, id: string, body: SignProposalBody, origin: RequestOrigin, viewedTenant?: string) {
      return decide(caller, id, viewedTenant, { kind: "signed", body }, origin);
    },

    /** POST /api/proposals/:id/decline */
    decline(
      caller: Caller,
      id: string,
      body: DeclineProposalBody,
      origin: RequestOrigin,
      viewedTenant?: string,
    ) {
      return decide(caller, id, viewedTenant, { kind: "declined", body }, origin);
    },

    // ---- jobs ----------------------------------------------------------------------------------------------

    /** The certify job: the document as shown + its signature certificate, sealed, stored with its SHA-256. */
    async certify(proposalId: string): Promise<void> {
      // Read in one short transaction, render and seal outside any, store in another (once: a retry or a second
      // worker finds the copy already there).
      const input = await runScoped({ kind: "system" }, async (trx) => {
        const row = await queries.findProposal(trx, proposalId);
        if (row?.status !== "signed" || row.signed_sha256) return null;
        const stored = await queries.documentDataOf(trx, proposalId);
        if (!stored?.document_data || !stored.sha256) return null;
        const signers = await queries.signersOf(trx, [proposalId]);
        return {
          data: stored.document_data as ProposalDocumentData,
          certificate: certificateOf(row, stored.sha256, signers),
        };
      });
      if (!input) return;
      const completedAt = new Date(input.certificate.completedAt);
      const pdf = await seal(await renderSignedProposalPdf(input.data, input.certificate), completedAt);
      await runScoped({ kind: "system" }, (trx) =>
        queries.storeSignedDocument(trx, proposalId, pdf, sha256(pdf)),
      );
    },

    /** The mail job for a signer who signs in with SSO: a link to the proposal in the portal. */
    async sendSignerMail(signerId: string): Promise<void> {
      const found = await runScoped({ kind: "system" }, async (trx) => {
        const signer = await queries.findSigner(trx, signerId);
        if (!signer || signer.notified_at) return undefined;
        const row = await queries.findProposal(trx, signer.proposal_id);
        return row && canBeDecided(effectiveStatus(row)) ? { signer, row } : undefined;
      });
      if (!found) return;
      const { signer, row } = found;
      await mailer.send(
        signer.email,
        proposalSentMail({
          providerName: config.providerName,
          proposalTitle: row.title,
          version: row.version,
          kind: row.kind,
          link: new URL(`/customer-portal/proposals/${row.id}`, config.publicUrl).toString(),
          expiresAt: row.expires_at,
        }),
      );
      await runScoped({ kind: "system" }, (trx) => queries.markNotified(trx, signerId));
    },

    /** After a restart: signed proposals whose certified copy was not made yet get their job again. */
    async requeueCertification(): Promise<number> {
      const rows = await runScoped({ kind: "system" }, queries.uncertified);
      for (const row of rows) {
        await jobs.send(PROPOSAL_CERTIFY_QUEUE, { proposalId: row.id }, { singletonKey: row.id });
      }
      return rows.length;
    },
  };
}

/** The signature certificate of a signed proposal: every decision's evidence and the time line. */
function certificateOf(
  row: queries.ProposalRow,
  documentSha256: string,
  signers: readonly queries.SignerRow[],
): SignatureCertificate {
  const decided = signers.filter((signer) => signer.decision && signer.signed_at);
  const completedAt = row.decided_at ?? new Date();
  const who = (signer: queries.SignerRow) => `${signer.name} <${signer.email}>`;
  const timeline: SignatureCertificate["timeline"] = [
    ...(row.sent_at
      ? [{ at: row.sent_at.toISOString(), event: `Sent to ${signers.map(who).join(", ")}` }]
      : []),
    ...signers.flatMap((signer) =>
      signer.viewed_at ? [{ at: signer.viewed_at.toISOString(), event: `Viewed by ${who(signer)}` }] : [],
    ),
    ...decided.map((signer) => ({
      at: signer.signed_at!.toISOString(),
      event: `${signer.decision === "signed" ? "Signed" : "Declined"} by ${who(signer)}`,
    })),
    { at: completedAt.toISOString(), event: "Completed: every signer has signed" },
  ];
  return {
    documentSha256,
    outcome: "signed",
    completedAt: completedAt.toISOString(),
    decisions: decided.map((signer) => ({
      signerName: signer.signer_name ?? signer.name,
      email: signer.email,
      decision: signer.decision!,
      typedName: signer.typed_name,
      reason: signer.reason,
      authMethod: signer.auth_method ?? "sso",
      userId: signer.signer_user_id,
      clientTokenId: signer.signer_client_token_id,
      sessionId: signer.session_id,
      consentVersion: signer.consent_text_version,
      consentSha256: signer.consent_sha256,
      documentSha256: signer.document_sha256 ?? "",
      decidedAt: signer.signed_at!.toISOString(),
      ip: signer.ip,
      userAgent: signer.user_agent,
      mfa: signer.mfa ?? false,
    })),
    timeline,
  };
}

function fileOf(
  document: Awaited<ReturnType<typeof queries.documentOf>>,
  which: "pdf" | "signed_pdf",
): { pdf: Buffer; sha256: string; filename: string } {
  if (!document) throw notFound("Proposal");
  if (!document.bytes || !document.sha256) {
    throw new AppError(
      "conflict",
      which === "signed_pdf"
        ? "The signed copy exists once every signer has signed (it is ready a few seconds later)"
        : "The document is not rendered yet",
    );
  }
  const slug =
    document.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "proposal";
  return {
    pdf: document.bytes,
    sha256: document.sha256,
    filename: `${slug}-v${document.version}${which === "signed_pdf" ? "-signed" : ""}.pdf`,
  };
}

export type ProposalService = ReturnType<typeof createProposalService>;
