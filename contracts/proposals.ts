import { type Static, Type } from "typebox";
import { IsoDateTime, NullableDateTime, Uuid } from "./common";

/**
 * Proposals and approval requests that clients sign in the portal. An approval request is a decision asked on an
 * engagement item (a milestone's completion, a deliverable, a change of scope); it is drafted, sent, signed or
 * declined, and certified exactly like a proposal. Money is in integer minor units (cents) with an ISO 4217
 * currency; totals are computed by the server.
 */

export const proposalStatuses = [
  "draft",
  "sent",
  "viewed",
  "signed",
  "declined",
  "expired",
  "superseded",
] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
export const proposalKinds = ["proposal", "approval"] as const;
export type ProposalKind = (typeof proposalKinds)[number];
export const approvalSubjects = ["milestone", "deliverable", "scope_change"] as const;
export type ApprovalSubject = (typeof approvalSubjects)[number];

/**
 * The electronic-signature disclosure a signer consents to. Its version and the SHA-256 of its text are stored
 * with every decision; a change of wording is a new version.
 */
export const signatureDisclosure = {
  version: "esign-2026-11",
  text: [
    "By checking the box and selecting Sign, you agree to do business electronically with us and to sign this document electronically.",
    "Your electronic signature (your typed name together with this confirmation) has the same legal effect as a handwritten signature, and it applies only to the exact document shown, identified by the SHA-256 fingerprint below.",
    "We record your name, email address, how you signed in, the time, your IP address and your browser, and we attach this record to the signed document as its signature certificate.",
    "You may ask us for a paper copy of this document, or withdraw your consent to sign electronically, at any time before you sign by contacting us; withdrawing does not affect documents already signed.",
    "To sign you need a current web browser and the ability to open PDF files; you can download the document and, once signed, its signature certificate from this portal.",
  ].join("\n\n"),
} as const;

const Sha256 = Type.String({ pattern: "^[0-9a-f]{64}$" });
const Title = Type.String({ minLength: 1, maxLength: 200 });
/** Markdown, rendered with raw HTML escaped. */
const BodyMd = Type.String({ maxLength: 50_000 });
const Currency = Type.String({ pattern: "^[A-Z]{3}$", examples: ["USD"] });
const Email = Type.String({ minLength: 3, maxLength: 254, format: "email" });
const PersonName = Type.String({ minLength: 1, maxLength: 200 });

export const PriceLineInput = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 300 }),
    quantity: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** Minor units (cents). */
    unitPriceMinor: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
  },
  { additionalProperties: false },
);
export type PriceLineInput = Static<typeof PriceLineInput>;

export const PriceLine = Type.Object({
  description: Type.String(),
  quantity: Type.Integer(),
  unitPriceMinor: Type.Integer(),
  /** quantity × unit price, minor units. */
  amountMinor: Type.Integer(),
});
export type PriceLine = Static<typeof PriceLine>;

/** A signer: a customer user of the tenant (signs after SSO), or an address that gets an approver access link. */
export const SignerInput = Type.Union([
  Type.Object({ userId: Uuid }, { additionalProperties: false }),
  Type.Object({ email: Email, name: PersonName }, { additionalProperties: false }),
]);
export type SignerInput = Static<typeof SignerInput>;

const editable = {
  title: Title,
  bodyMd: BodyMd,
  currency: Currency,
  priceLines: Type.Array(PriceLineInput, { maxItems: 100 }),
  /** The last moment the proposal can be signed; null: no expiry. */
  expiresAt: Type.Union([IsoDateTime, Type.Null()]),
  signers: Type.Array(SignerInput, { minItems: 1, maxItems: 20 }),
};

export const CreateProposalBody = Type.Object(
  {
    workspaceId: Uuid,
    kind: Type.Optional(Type.Enum(proposalKinds, { default: "proposal" })),
    /** Approval requests: the engagement and what is to be decided on it. */
    engagementId: Type.Optional(Uuid),
    subject: Type.Optional(Type.Enum(approvalSubjects)),
    /** The milestone or the deliverable (a report) decided on; none for a change of scope. */
    subjectId: Type.Optional(Uuid),
    title: editable.title,
    bodyMd: editable.bodyMd,
    currency: Type.Optional(Currency),
    priceLines: Type.Optional(editable.priceLines),
    expiresAt: Type.Optional(editable.expiresAt),
    signers: editable.signers,
  },
  { additionalProperties: false },
);
export type CreateProposalBody = Static<typeof CreateProposalBody>;

/** Only a draft can be edited; a sent proposal changes by a new version. */
export const UpdateProposalBody = Type.Object(
  {
    title: Type.Optional(editable.title),
    bodyMd: Type.Optional(editable.bodyMd),
    currency: Type.Optional(editable.currency),
    priceLines: Type.Optional(editable.priceLines),
    expiresAt: Type.Optional(editable.expiresAt),
    signers: Type.Optional(editable.signers),
  },
  { additionalProperties: false },
);
export type UpdateProposalBody = Static<typeof UpdateProposalBody>;

export const ProposalParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const Decision = Type.Object({
  decision: Type.Enum(["signed", "declined"]),
  at: IsoDateTime,
});

/** What a client sees of each signer. */
export const ClientSigner = Type.Object({
  name: Type.String(),
  /** This signer is the caller. */
  isYou: Type.Boolean(),
  decision: Type.Union([Decision, Type.Null()]),
});

export const ProposalLinks = Type.Object({
  /** The document to sign (PDF). */
  pdf: Type.String(),
  /** The signed document with its signature certificate, sealed; null until every signer has signed. */
  signedPdf: Type.Union([Type.String(), Type.Null()]),
});

const common = {
  id: Uuid,
  kind: Type.Enum(proposalKinds),
  title: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  status: Type.Enum(proposalStatuses),
  workspaceId: Uuid,
  workspaceName: Type.String(),
  engagement: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  subject: Type.Union([Type.Enum(approvalSubjects), Type.Null()]),
  /** e.g. "Milestone completion: Fieldwork complete"; null for proposals. */
  subjectLabel: Type.Union([Type.String(), Type.Null()]),
  currency: Type.String(),
  totalMinor: Type.Integer(),
  expiresAt: NullableDateTime,
  sentAt: NullableDateTime,
  decidedAt: NullableDateTime,
};

export const ClientProposalSummary = Type.Object({
  ...common,
  /** The caller is a signer who has not decided yet and the proposal can still be signed. */
  awaitingYou: Type.Boolean(),
});
export type ClientProposalSummary = Static<typeof ClientProposalSummary>;

export const ClientProposalListQuery = Type.Object({
  tenant: Type.Optional(Uuid),
  engagementId: Type.Optional(Uuid),
  /** Only what waits for the caller's decision. */
  awaitingMe: Type.Optional(Type.Boolean()),
});
export type ClientProposalListQuery = Static<typeof ClientProposalListQuery>;

export const ClientProposalList = Type.Object({ items: Type.Array(ClientProposalSummary) });
export type ClientProposalList = Static<typeof ClientProposalList>;

/** GET /api/proposals/:id/client-view. */
export const ClientProposalView = Type.Object({
  ...common,
  /** The Markdown body as safe HTML (raw HTML escaped, http(s)/mailto links only, no images). */
  bodyHtml: Type.String(),
  priceLines: Type.Array(PriceLine),
  /** SHA-256 of the PDF shown: what a signature applies to (send it back when signing). */
  documentSha256: Sha256,
  signedSha256: Type.Union([Sha256, Type.Null()]),
  signers: Type.Array(ClientSigner),
  /** A superseded version: the sent version that replaced it. */
  replacedById: Type.Union([Uuid, Type.Null()]),
  you: Type.Object({
    isSigner: Type.Boolean(),
    /** A signer with the permission to sign, who has not decided, on a proposal that can still be signed. */
    canDecide: Type.Boolean(),
    decision: Type.Union([Decision, Type.Null()]),
  }),
  disclosure: Type.Object({ version: Type.String(), text: Type.String(), sha256: Sha256 }),
  links: ProposalLinks,
});
export type ClientProposalView = Static<typeof ClientProposalView>;

export const SignProposalBody = Type.Object(
  {
    typedName: Type.String({ minLength: 1, maxLength: 200 }),
    /** Consent to the disclosure shown (must be true). */
    consent: Type.Boolean(),
    /** SHA-256 of the document the signer was shown. */
    documentSha256: Type.String({ maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type SignProposalBody = Static<typeof SignProposalBody>;

export const DeclineProposalBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type DeclineProposalBody = Static<typeof DeclineProposalBody>;

/** What staff see of a signer: who, how they were asked, and the evidence of their decision. */
export const StaffSigner = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  /** `user`: signs after single sign-on; `email`: gets an approver access link. */
  via: Type.Enum(["user", "email"]),
  userId: Type.Union([Uuid, Type.Null()]),
  notifiedAt: NullableDateTime,
  viewedAt: NullableDateTime,
  decision: Type.Union([
    Type.Object({
      decision: Type.Enum(["signed", "declined"]),
      at: IsoDateTime,
      typedName: Type.Union([Type.String(), Type.Null()]),
      reason: Type.Union([Type.String(), Type.Null()]),
      authMethod: Type.Enum(["sso", "email"]),
      mfa: Type.Boolean(),
      ip: Type.Union([Type.String(), Type.Null()]),
      userAgent: Type.Union([Type.String(), Type.Null()]),
      consentVersion: Type.Union([Type.String(), Type.Null()]),
      documentSha256: Sha256,
    }),
    Type.Null(),
  ]),
});
export type StaffSigner = Static<typeof StaffSigner>;

export const StaffProposalSummary = Type.Object({
  ...common,
  tenantId: Uuid,
  tenantName: Type.String(),
  createdAt: IsoDateTime,
  createdBy: Type.Union([Type.String(), Type.Null()]),
  signers: Type.Object({ total: Type.Integer(), signed: Type.Integer(), declined: Type.Integer() }),
});
export type StaffProposalSummary = Static<typeof StaffProposalSummary>;

export const StaffProposal = Type.Object({
  ...common,
  tenantId: Uuid,
  tenantName: Type.String(),
  createdAt: IsoDateTime,
  createdBy: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Uuid, Type.Null()]),
  bodyMd: Type.String(),
  bodyHtml: Type.String(),
  priceLines: Type.Array(PriceLine),
  viewedAt: NullableDateTime,
  documentSha256: Type.Union([Sha256, Type.Null()]),
  signedSha256: Type.Union([Sha256, Type.Null()]),
  supersedesId: Type.Union([Uuid, Type.Null()]),
  supersededById: Type.Union([Uuid, Type.Null()]),
  signers: Type.Array(StaffSigner),
  links: ProposalLinks,
});
export type StaffProposal = Static<typeof StaffProposal>;

export const StaffProposalListQuery = Type.Object({
  tenant: Type.Optional(Uuid),
  workspaceId: Type.Optional(Uuid),
  engagementId: Type.Optional(Uuid),
  status: Type.Optional(Type.Enum(proposalStatuses)),
  kind: Type.Optional(Type.Enum(proposalKinds)),
});
export type StaffProposalListQuery = Static<typeof StaffProposalListQuery>;

export const StaffProposalList = Type.Object({ items: Type.Array(StaffProposalSummary) });
export type StaffProposalList = Static<typeof StaffProposalList>;

/** The tenant's customer approvers, to pick signers from. */
export const ApproverOptionsQuery = Type.Object({ workspaceId: Uuid });
export const ApproverOptions = Type.Object({
  items: Type.Array(Type.Object({ id: Uuid, name: Type.String(), email: Type.String() })),
});
export type ApproverOptions = Static<typeof ApproverOptions>;
