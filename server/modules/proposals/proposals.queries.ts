import { type ExpressionBuilder, sql } from "kysely";
import type { ProposalKind, ProposalStatus } from "../../../contracts/proposals";
import type { ScopedTransaction } from "../../db/scope";
import type { DB, PriceLine } from "../../db/types";

/** Everything a view of a proposal needs, without its PDF bytes. */
const proposalColumns = [
  "proposals.id",
  "proposals.kind",
  "proposals.tenant_id",
  "proposals.workspace_id",
  "proposals.engagement_id",
  "proposals.subject",
  "proposals.subject_id",
  "proposals.title",
  "proposals.version",
  "proposals.body_md",
  "proposals.price_lines",
  "proposals.currency",
  "proposals.total_minor",
  "proposals.status",
  "proposals.sha256",
  "proposals.signed_sha256",
  "proposals.supersedes_id",
  "proposals.created_at",
  "proposals.sent_at",
  "proposals.viewed_at",
  "proposals.decided_at",
  "proposals.expires_at",
  "proposals.prepared_at",
  "workspaces.name as workspace_name",
  "tenants.name as tenant_name",
  "engagements.name as engagement_name",
  "creator.name as created_by_name",
] as const;

const withNames = (trx: ScopedTransaction) =>
  trx
    .selectFrom("proposals")
    .innerJoin("workspaces", "workspaces.id", "proposals.workspace_id")
    .innerJoin("tenants", "tenants.id", "proposals.tenant_id")
    .leftJoin("engagements", "engagements.id", "proposals.engagement_id")
    .leftJoin("users as creator", "creator.id", "proposals.created_by");

/** The milestone's or deliverable's title an approval request is about (read in the caller's scope). */
const itemTitles = [
  (eb: ExpressionBuilder<DB, "proposals">) =>
    eb
      .selectFrom("engagement_milestones")
      .select("engagement_milestones.title")
      .whereRef("engagement_milestones.id", "=", "proposals.subject_id")
      .whereRef("engagement_milestones.engagement_id", "=", "proposals.engagement_id")
      .as("milestone_title"),
  (eb: ExpressionBuilder<DB, "proposals">) =>
    eb
      .selectFrom("reports")
      .select("reports.title")
      .whereRef("reports.id", "=", "proposals.subject_id")
      .whereRef("reports.engagement_id", "=", "proposals.engagement_id")
      .as("deliverable_title"),
] as const;

/** The sent version that replaced this one (never a draft: clients must not learn of one). */
const replacedBy = (eb: ExpressionBuilder<DB & { next: DB["proposals"] }, "proposals">) =>
  eb
    .selectFrom("proposals as next")
    .select("next.id")
    .whereRef("next.supersedes_id", "=", "proposals.id")
    .where("next.status", "<>", "draft")
    .as("replaced_by");

const supersededBy = (eb: ExpressionBuilder<DB & { next: DB["proposals"] }, "proposals">) =>
  eb
    .selectFrom("proposals as next")
    .select("next.id")
    .whereRef("next.supersedes_id", "=", "proposals.id")
    .as("superseded_by");

export function findProposal(trx: ScopedTransaction, id: string) {
  return withNames(trx)
    .select([...proposalColumns, ...itemTitles, supersededBy, replacedBy])
    .where("proposals.id", "=", id)
    .executeTakeFirst();
}
export type ProposalRow = NonNullable<Awaited<ReturnType<typeof findProposal>>>;

/** Locks the proposal for a decision: decisions on one proposal are taken one at a time. */
export function lockProposal(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("proposals")
    .select(["id", "status"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export function listProposals(
  trx: ScopedTransaction,
  filters: {
    includeDrafts: boolean;
    tenant?: string | undefined;
    workspaceId?: string | undefined;
    engagementId?: string | undefined;
    status?: ProposalStatus | undefined;
    kind?: ProposalKind | undefined;
  },
) {
  let query = withNames(trx).select([
    ...proposalColumns,
    ...itemTitles,
    supersededBy,
    (eb) =>
      eb
        .selectFrom("proposal_signers")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("proposal_signers.proposal_id", "=", "proposals.id")
        .as("signers_total"),
    (eb) =>
      eb
        .selectFrom("proposal_signatures")
        .select(sql<number>`count(*) FILTER (WHERE decision = 'signed')::int`.as("n"))
        .whereRef("proposal_signatures.proposal_id", "=", "proposals.id")
        .as("signers_signed"),
    (eb) =>
      eb
        .selectFrom("proposal_signatures")
        .select(sql<number>`count(*) FILTER (WHERE decision = 'declined')::int`.as("n"))
        .whereRef("proposal_signatures.proposal_id", "=", "proposals.id")
        .as("signers_declined"),
  ]);
  // Clients never see a draft.
  if (!filters.includeDrafts) query = query.where("proposals.status", "<>", "draft");
  if (filters.tenant) query = query.where("proposals.tenant_id", "=", filters.tenant);
  if (filters.workspaceId) query = query.where("proposals.workspace_id", "=", filters.workspaceId);
  if (filters.engagementId) query = query.where("proposals.engagement_id", "=", filters.engagementId);
  if (filters.status) query = query.where("proposals.status", "=", filters.status);
  if (filters.kind) query = query.where("proposals.kind", "=", filters.kind);
  return query.orderBy("proposals.created_at", "desc").orderBy("proposals.id").limit(500).execute();
}

/** Signers in order, each with their decision (if any) and, for email signers, their link's mail state. */
export function signersOf(trx: ScopedTransaction, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom("proposal_signers")
    .leftJoin("proposal_signatures", "proposal_signatures.signer_id", "proposal_signers.id")
    .leftJoin("client_tokens", "client_tokens.id", "proposal_signers.client_token_id")
    .select([
      "proposal_signers.id",
      "proposal_signers.proposal_id",
      "proposal_signers.email",
      "proposal_signers.name",
      "proposal_signers.user_id",
      "proposal_signers.client_token_id",
      "proposal_signers.position",
      "proposal_signers.notified_at",
      "proposal_signers.viewed_at",
      "client_tokens.mail_sent_at",
      "proposal_signatures.decision",
      "proposal_signatures.signed_at",
      "proposal_signatures.typed_name",
      "proposal_signatures.reason",
      "proposal_signatures.auth_method",
      "proposal_signatures.mfa",
      "proposal_signatures.ip",
      "proposal_signatures.user_agent",
      "proposal_signatures.consent_text_version",
      "proposal_signatures.consent_sha256",
      "proposal_signatures.document_sha256",
      "proposal_signatures.session_id",
      "proposal_signatures.signer_user_id",
      "proposal_signatures.signer_client_token_id",
      "proposal_signatures.signer_name",
    ])
    .where("proposal_signers.proposal_id", "in", proposalIds)
    .orderBy("proposal_signers.position")
    .execute();
}
export type SignerRow = Awaited<ReturnType<typeof signersOf>>[number];

export function documentOf(trx: ScopedTransaction, id: string, which: "pdf" | "signed_pdf") {
  return trx
    .selectFrom("proposals")
    .select([
      "id",
      "title",
      "version",
      "status",
      `${which} as bytes`,
      which === "pdf" ? "sha256" : "signed_sha256 as sha256",
    ])
    .where("id", "=", id)
    .executeTakeFirst() as Promise<
    | {
        id: string;
        title: string;
        version: number;
        status: ProposalStatus;
        bytes: Buffer | null;
        sha256: string | null;
      }
    | undefined
  >;
}

export function documentDataOf(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("proposals")
    .select(["document_data", "sha256"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export interface ProposalFields {
  title: string;
  bodyMd: string;
  currency: string;
  priceLines: PriceLine[];
  totalMinor: number;
  expiresAt: Date | null;
}

export function insertProposal(
  trx: ScopedTransaction,
  input: ProposalFields & {
    id: string;
    tenantId: string;
    workspaceId: string;
    kind: ProposalKind;
    engagementId: string | null;
    subject: "milestone" | "deliverable" | "scope_change" | null;
    subjectId: string | null;
    version: number;
    supersedesId: string | null;
    createdBy: string | null;
  },
) {
  return trx
    .insertInto("proposals")
    .values({
      id: input.id,
      tenant_id: input.tenantId,
      workspace_id: input.workspaceId,
      kind: input.kind,
      engagement_id: input.engagementId,
      subject: input.subject,
      subject_id: input.subjectId,
      title: input.title,
      version: input.version,
      body_md: input.bodyMd,
      price_lines: JSON.stringify(input.priceLines),
      currency: input.currency,
      total_minor: input.totalMinor,
      expires_at: input.expiresAt,
      supersedes_id: input.supersedesId,
      created_by: input.createdBy,
      status: "draft",
    })
    .execute();
}

export function updateDraft(trx: ScopedTransaction, id: string, fields: ProposalFields) {
  return trx
    .updateTable("proposals")
    .set({
      title: fields.title,
      body_md: fields.bodyMd,
      currency: fields.currency,
      price_lines: JSON.stringify(fields.priceLines),
      total_minor: fields.totalMinor,
      expires_at: fields.expiresAt,
      updated_at: new Date(),
    })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
}

export function storeDocument(
  trx: ScopedTransaction,
  id: string,
  document: { pdf: Buffer; sha256: string; data: unknown; preparedAt: Date },
  options: { onlyIfMissing: boolean },
) {
  let query = trx
    .updateTable("proposals")
    .set({
      pdf: document.pdf,
      sha256: document.sha256,
      document_data: JSON.stringify(document.data),
      prepared_at: document.preparedAt,
    })
    .where("id", "=", id);
  // A first read renders a document that has none; two at once must not each store their own (the later waits).
  if (options.onlyIfMissing) query = query.where("sha256", "is", null);
  return query.execute();
}

export interface NewSigner {
  email: string;
  name: string;
  userId: string | null;
}

export async function replaceSigners(
  trx: ScopedTransaction,
  proposal: { id: string; tenantId: string; workspaceId: string },
  signers: readonly NewSigner[],
) {
  await trx.deleteFrom("proposal_signers").where("proposal_id", "=", proposal.id).execute();
  await trx
    .insertInto("proposal_signers")
    .values(
      signers.map((signer, position) => ({
        tenant_id: proposal.tenantId,
        workspace_id: proposal.workspaceId,
        proposal_id: proposal.id,
        email: signer.email,
        name: signer.name,
        user_id: signer.userId,
        position,
      })),
    )
    .execute();
}

/** Customer users of the tenant who may sign (enabled approvers) and, when limited to some workspaces, see it. */
export function approversFor(trx: ScopedTransaction, workspace: { id: string; tenantId: string }) {
  return trx
    .selectFrom("users")
    .select(["users.id", "users.name", "users.email"])
    .where("users.tenant_id", "=", workspace.tenantId)
    .where("users.role", "=", "customer_approver")
    .where("users.disabled_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.not(
          eb.exists(
            eb.selectFrom("workspace_memberships").select("user_id").whereRef("user_id", "=", "users.id"),
          ),
        ),
        eb.exists(
          eb
            .selectFrom("workspace_memberships")
            .select("user_id")
            .whereRef("user_id", "=", "users.id")
            .where("workspace_id", "=", workspace.id),
        ),
      ]),
    )
    .orderBy("users.name")
    .execute();
}

export function findWorkspace(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("workspaces")
    .innerJoin("tenants", "tenants.id", "workspaces.tenant_id")
    .select([
      "workspaces.id",
      "workspaces.tenant_id",
      "workspaces.name",
      "tenants.name as tenant_name",
      "tenants.allowed_email_domains",
    ])
    .where("workspaces.id", "=", id)
    .executeTakeFirst();
}

export function findEngagementIn(trx: ScopedTransaction, id: string, workspaceId: string) {
  return trx
    .selectFrom("engagements")
    .select(["id", "name"])
    .where("id", "=", id)
    .where("workspace_id", "=", workspaceId)
    .executeTakeFirst();
}

export function findMilestone(trx: ScopedTransaction, id: string, engagementId: string) {
  return trx
    .selectFrom("engagement_milestones")
    .select(["id", "title"])
    .where("id", "=", id)
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();
}

export function findDeliverable(trx: ScopedTransaction, id: string, engagementId: string) {
  return trx
    .selectFrom("reports")
    .select(["id", "title"])
    .where("id", "=", id)
    .where("engagement_id", "=", engagementId)
    .executeTakeFirst();
}

export function markSent(trx: ScopedTransaction, id: string) {
  return trx
    .updateTable("proposals")
    .set({ status: "sent", sent_at: sql<Date>`now()`, updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "=", "draft")
    .executeTakeFirst();
}

/** The previous version, still open for signature, can no longer be signed. */
export function supersede(trx: ScopedTransaction, id: string) {
  return trx
    .updateTable("proposals")
    .set({ status: "superseded", updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "in", ["draft", "sent", "viewed", "expired"])
    .execute();
}

export function setSignerLink(trx: ScopedTransaction, signerId: string, clientTokenId: string) {
  return trx
    .updateTable("proposal_signers")
    .set({ client_token_id: clientTokenId })
    .where("id", "=", signerId)
    .execute();
}

/** First view by a client: the proposal becomes `viewed`; a signer's own first view is kept too. */
export async function markViewed(trx: ScopedTransaction, id: string, signerId: string | null) {
  await trx
    .updateTable("proposals")
    .set({
      viewed_at: sql<Date>`COALESCE(viewed_at, now())`,
      status: sql<ProposalStatus>`CASE WHEN status = 'sent' THEN 'viewed' ELSE status END`,
    })
    .where("id", "=", id)
    .where("viewed_at", "is", null)
    .execute();
  if (signerId) {
    await trx
      .updateTable("proposal_signers")
      .set({ viewed_at: sql<Date>`now()` })
      .where("id", "=", signerId)
      .where("viewed_at", "is", null)
      .execute();
  }
}

export interface NewDecision {
  tenantId: string;
  workspaceId: string;
  proposalId: string;
  signerId: string;
  decision: "signed" | "declined";
  signerUserId: string | null;
  signerClientTokenId: string | null;
  signerEmail: string;
  signerName: string;
  authMethod: "sso" | "email";
  sessionId: string;
  typedName: string | null;
  reason: string | null;
  consentVersion: string | null;
  consentSha256: string | null;
  documentSha256: string;
  ip: string | null;
  userAgent: string | null;
  mfa: boolean;
}

export function insertDecision(trx: ScopedTransaction, decision: NewDecision) {
  return trx
    .insertInto("proposal_signatures")
    .values({
      tenant_id: decision.tenantId,
      workspace_id: decision.workspaceId,
      proposal_id: decision.proposalId,
      signer_id: decision.signerId,
      decision: decision.decision,
      signer_user_id: decision.signerUserId,
      signer_client_token_id: decision.signerClientTokenId,
      signer_email: decision.signerEmail,
      signer_name: decision.signerName,
      auth_method: decision.authMethod,
      session_id: decision.sessionId,
      typed_name: decision.typedName,
      reason: decision.reason,
      consent_text_version: decision.consentVersion,
      consent_sha256: decision.consentSha256,
      document_sha256: decision.documentSha256,
      ip: decision.ip,
      user_agent: decision.userAgent,
      mfa: decision.mfa,
    })
    .returning(["signed_at"])
    .executeTakeFirstOrThrow();
}

export function setOutcome(trx: ScopedTransaction, id: string, status: "signed" | "declined") {
  return trx
    .updateTable("proposals")
    .set({ status, decided_at: sql<Date>`now()`, updated_at: new Date() })
    .where("id", "=", id)
    .where("status", "in", ["sent", "viewed"])
    .executeTakeFirst();
}

export function storeSignedDocument(trx: ScopedTransaction, id: string, pdf: Buffer, sha256: string) {
  return trx
    .updateTable("proposals")
    .set({ signed_pdf: pdf, signed_sha256: sha256 })
    .where("id", "=", id)
    .where("signed_pdf", "is", null)
    .execute();
}

export function findSigner(trx: ScopedTransaction, id: string) {
  return trx
    .selectFrom("proposal_signers")
    .select(["id", "email", "proposal_id", "notified_at"])
    .where("id", "=", id)
    .executeTakeFirst();
}

export function markNotified(trx: ScopedTransaction, signerId: string) {
  return trx
    .updateTable("proposal_signers")
    .set({ notified_at: sql<Date>`now()` })
    .where("id", "=", signerId)
    .execute();
}

/** Signed proposals still waiting for their certified copy (after a restart). */
export function uncertified(trx: ScopedTransaction) {
  return trx
    .selectFrom("proposals")
    .select("id")
    .where("status", "=", "signed")
    .where("signed_pdf", "is", null)
    .execute();
}
