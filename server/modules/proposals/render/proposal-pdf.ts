import { parseMarkdown } from "../../../markdown";
import {
  contentBox,
  createDocument,
  type DocumentFrame,
  ensureSpace,
  finishDocument,
  type Pdf,
} from "../../../pdf/document";
import { pdfSafe } from "../../../pdf/encoding";
import { formatDate, formatDecimal, formatInteger, formatMoney, formatTimestamp } from "../../../pdf/format";
import { drawMarkdown } from "../../../pdf/markdown";
import { drawLines, drawTextLine, linesHeight, wrapLines } from "../../../pdf/measure";
import { drawTable } from "../../../pdf/table";
import {
  drawBadgeRow,
  drawDefinitionList,
  drawHeading,
  drawNote,
  drawParagraph,
  startSection,
} from "../../../pdf/text";
import { colors, fontSizes, fonts, spacing } from "../../../pdf/theme";

/*
 * A proposal (or an approval request) as a PDF, and its signed copy: the same pages followed by a signature
 * certificate. Data in, bytes out: nothing here reads the clock, a random source or the database, so the same data
 * always renders to the same bytes and the SHA-256 a signer saw can be recomputed from the stored data.
 */

export interface ProposalDocumentData {
  proposalId: string;
  kind: "proposal" | "approval";
  /** Up to 200 characters. */
  title: string;
  version: number;
  providerName: string;
  tenantName: string;
  workspaceName: string;
  /** Approvals: the engagement and what is to be decided, e.g. "Milestone completion: Fieldwork complete". Null for proposals. */
  engagementName: string | null;
  subjectLabel: string | null;
  /** Staff-written Markdown, up to 50,000 characters. */
  bodyMd: string;
  /** ISO 4217, e.g. "USD". */
  currency: string;
  /** May be empty (approvals usually are). Amounts in integer minor units. */
  priceLines: { description: string; quantity: number; unitPriceMinor: number; amountMinor: number }[];
  totalMinor: number;
  /** ISO 8601. */
  expiresAt: string | null;
  /** ISO 8601; also the PDF's CreationDate and ModDate. */
  preparedAt: string;
  signers: { name: string; email: string }[];
}

export interface SignatureDecisionEvidence {
  signerName: string;
  email: string;
  decision: "signed" | "declined";
  typedName: string | null;
  reason: string | null;
  authMethod: "sso" | "email";
  userId: string | null;
  clientTokenId: string | null;
  sessionId: string | null;
  consentVersion: string | null;
  consentSha256: string | null;
  documentSha256: string;
  decidedAt: string;
  ip: string | null;
  userAgent: string | null;
  mfa: boolean;
}

export interface SignatureCertificate {
  /** SHA-256 of the proposal PDF (renderProposalPdf's output) that was shown and signed. */
  documentSha256: string;
  outcome: "signed" | "declined";
  completedAt: string;
  decisions: SignatureDecisionEvidence[];
  /** "Sent to Alex Kim <alex@…>", "Viewed by …", "Signed by …" in time order. */
  timeline: { at: string; event: string }[];
}

const KIND_LABELS = { proposal: "Proposal", approval: "Approval request" } as const;
const NOT_RECORDED = "Not recorded";

function frameOf(data: ProposalDocumentData): DocumentFrame {
  const kind = KIND_LABELS[data.kind];
  const coverFields = [
    { label: "Prepared for", value: data.tenantName },
    { label: "Prepared by", value: data.providerName },
    { label: "Workspace", value: data.workspaceName },
    ...(data.engagementName === null ? [] : [{ label: "Engagement", value: data.engagementName }]),
    { label: "Version", value: String(data.version) },
    { label: "Prepared", value: formatDate(data.preparedAt) },
  ];
  if (data.expiresAt !== null) {
    coverFields.push({ label: "Valid until (UTC)", value: formatDate(data.expiresAt) });
  }
  coverFields.push({ label: "Document ID", value: data.proposalId });
  const decided =
    data.kind === "proposal"
      ? "This proposal is signed electronically in the client portal"
      : "This approval request is approved or declined electronically in the client portal";
  return {
    documentId: data.proposalId,
    title: data.title,
    kindLabel: kind,
    providerName: data.providerName,
    tenantName: data.tenantName,
    subject: `${kind} for ${data.tenantName}`,
    keywords: `proposal-id:${data.proposalId} version:${data.version}`,
    createdAt: data.preparedAt,
    coverFields,
    // The document's own SHA-256 cannot be printed inside it: the id and version identify it instead.
    coverDigest: null,
    coverNote:
      `Confidential. Prepared by ${data.providerName} for ${data.tenantName}. ${decided}; the signed copy ` +
      "adds a signature certificate that records each signer's decision and the SHA-256 of this document.",
    footerNote: `${kind} version ${data.version}`,
    isCoverNumbered: true,
  };
}

// ---- the proposal's pages ----

/** Approvals: what is to be decided, in a box above the body. */
function drawApprovalSubject(doc: Pdf, data: ProposalDocumentData): void {
  if (data.engagementName === null && data.subjectLabel === null) return;
  const box = contentBox(doc);
  const padding = 14;
  const textWidth = box.width - padding * 2 - 3;
  doc.font(fonts.bold).fontSize(12.5);
  const subject = wrapLines(doc, pdfSafe(data.subjectLabel ?? ""), textWidth);
  const subjectHeight = data.subjectLabel === null ? 0 : linesHeight(doc, subject.length, 2);
  doc.font(fonts.regular).fontSize(fontSizes.body);
  const engagement = wrapLines(doc, pdfSafe(data.engagementName ?? ""), textWidth - 70);
  const engagementHeight = data.engagementName === null ? 0 : linesHeight(doc, engagement.length, 2) + 4;
  const height = padding + 14 + subjectHeight + engagementHeight + padding - 2;
  ensureSpace(doc, height);
  const top = doc.y;
  doc.rect(box.left, top, box.width, height).fill(colors.accentSoft);
  doc.rect(box.left, top, 3, height).fill(colors.accent);
  const left = box.left + padding + 3;
  doc.font(fonts.bold).fontSize(7).fillColor(colors.accent);
  drawTextLine(doc, "DECISION REQUESTED", left, top + padding, { characterSpacing: 0.8 });
  let y = top + padding + 14;
  if (data.subjectLabel !== null) {
    doc.font(fonts.bold).fontSize(12.5).fillColor(colors.ink);
    y += drawLines(doc, subject, left, y, { width: textWidth, lineGap: 2 });
  }
  if (data.engagementName !== null) {
    y += 4;
    doc.font(fonts.bold).fontSize(fontSizes.body).fillColor(colors.muted);
    drawTextLine(doc, "Engagement", left, y);
    doc.font(fonts.regular).fontSize(fontSizes.body).fillColor(colors.text);
    drawLines(doc, engagement, left + 70, y, { width: textWidth - 70, lineGap: 2 });
  }
  doc.x = box.left;
  doc.y = top + height + spacing.block + 4;
}

function formatQuantity(quantity: number): string {
  return Number.isInteger(quantity)
    ? formatInteger(quantity)
    : formatDecimal(quantity, 2).replace(/\.?0+$/, "");
}

const PRICE_SIZE = 9;
const PRICE_COLUMNS = { description: 5.2, quantity: 0.8, unitPrice: 1.7, amount: 1.8 } as const;

type PriceRow = {
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  isTotal: boolean;
};

function drawPricing(doc: Pdf, data: ProposalDocumentData): void {
  if (data.priceLines.length === 0) return;
  const money = (minor: number) => formatMoney(minor, data.currency);
  const rows: PriceRow[] = data.priceLines.map((line) => ({
    description: line.description,
    quantity: formatQuantity(line.quantity),
    unitPrice: money(line.unitPriceMinor),
    amount: money(line.amountMinor),
    isTotal: false,
  }));
  rows.push({
    description: `Total (${data.currency})`,
    quantity: "",
    unitPrice: "",
    amount: money(data.totalMinor),
    isTotal: true,
  });
  // A price table that fits on one page is kept on one page, with its heading.
  const box = contentBox(doc);
  const weights = Object.values(PRICE_COLUMNS).reduce((sum, weight) => sum + weight, 0);
  const descriptionWidth = (box.width * PRICE_COLUMNS.description) / weights - 10;
  doc.font(fonts.regular).fontSize(PRICE_SIZE);
  const rowStep = doc.currentLineHeight(true) + 1.5;
  const tableHeight =
    22 +
    rows.reduce(
      (sum, row) => sum + wrapLines(doc, pdfSafe(row.description), descriptionWidth).length * rowStep + 9,
      0,
    ) +
    24;
  drawHeading(doc, "Pricing", {
    level: 1,
    keepWithNext: tableHeight <= (box.bottom - box.top) * 0.7 ? tableHeight : 80,
  });
  const total = (row: PriceRow) => (row.isTotal ? { bold: true, color: colors.ink } : undefined);
  drawTable(doc, {
    columns: [
      {
        header: "Description",
        width: PRICE_COLUMNS.description,
        value: (row: PriceRow) => row.description,
        style: total,
      },
      {
        header: "Qty",
        width: PRICE_COLUMNS.quantity,
        align: "right",
        value: (row) => row.quantity,
        noWrap: true,
      },
      {
        header: "Unit price",
        width: PRICE_COLUMNS.unitPrice,
        align: "right",
        value: (row) => row.unitPrice,
        noWrap: true,
      },
      {
        header: "Amount",
        width: PRICE_COLUMNS.amount,
        align: "right",
        value: (row) => row.amount,
        noWrap: true,
        style: total,
      },
    ],
    rows,
    fontSize: PRICE_SIZE,
  });
  // The note belongs to the table: it sits just under it, not a block apart.
  doc.y -= spacing.block - 4;
  drawNote(doc, `All amounts in ${data.currency}, excluding any taxes not listed above.`);
}

const SIGNING = {
  proposal: {
    line: "Signs electronically in the client portal",
    note: "This proposal is signed electronically in the client portal: each signer listed reviews it there and signs it.",
  },
  approval: {
    line: "Approves or declines electronically in the client portal",
    note:
      "This approval request is signed electronically in the client portal: each signer listed reviews it there " +
      "and approves or declines it.",
  },
} as const;

/** The people who sign, as signature blocks two to a row. */
function drawSigners(doc: Pdf, data: ProposalDocumentData): void {
  const box = contentBox(doc);
  const gap = 12;
  const width = (box.width - gap) / 2;
  const inner = width - 24;
  // Names and addresses wrap rather than being cut: the block grows to hold them.
  const blocks = data.signers.map((signer) => {
    doc.font(fonts.bold).fontSize(10.5);
    const name = wrapLines(doc, pdfSafe(signer.name), inner);
    const nameHeight = linesHeight(doc, name.length, 1);
    doc.font(fonts.regular).fontSize(8.5);
    const email = wrapLines(doc, pdfSafe(signer.email), inner);
    return { name, email, height: 11 + nameHeight + 3 + linesHeight(doc, email.length, 1) + 24 };
  });
  drawHeading(doc, "Signers", { level: 1, keepWithNext: (blocks[0]?.height ?? 0) + 10 });
  for (let start = 0; start < blocks.length; start += 2) {
    const row = blocks.slice(start, start + 2);
    const height = Math.max(...row.map((block) => block.height));
    ensureSpace(doc, height);
    const top = doc.y;
    row.forEach((block, index) => {
      const x = box.left + index * (width + gap);
      doc.rect(x, top, width, height).fillAndStroke(colors.zebra, colors.grid);
      doc.rect(x, top, 3, height).fill(colors.accent);
      doc.font(fonts.bold).fontSize(10.5).fillColor(colors.ink);
      const nameHeight = drawLines(doc, block.name, x + 14, top + 11, { width: inner, lineGap: 1 });
      doc.font(fonts.regular).fontSize(8.5).fillColor(colors.text);
      drawLines(doc, block.email, x + 14, top + 14 + nameHeight, { width: inner, lineGap: 1 });
      doc.rect(x + 14, top + height - 17, inner, 0.5).fill(colors.rule);
      doc.font(fonts.italic).fontSize(7).fillColor(colors.muted);
      drawTextLine(doc, SIGNING[data.kind].line, x + 14, top + height - 13);
    });
    doc.y = top + height + gap;
  }
  doc.x = box.left;
  drawParagraph(
    doc,
    `${SIGNING[data.kind].note} When every decision is in, the signed copy is issued with a signature ` +
      "certificate recording each decision, how the signer was authenticated, and the SHA-256 of this document.",
    { size: 8.8, color: colors.muted },
  );
}

function drawProposalPages(doc: Pdf, data: ProposalDocumentData): void {
  if (data.kind === "approval") drawApprovalSubject(doc, data);
  drawMarkdown(doc, parseMarkdown(data.bodyMd));
  drawPricing(doc, data);
  if (data.signers.length > 0) drawSigners(doc, data);
  if (data.kind === "proposal" && data.expiresAt !== null) {
    ensureSpace(doc, 30);
    drawParagraph(doc, [
      "This proposal is valid until ",
      { text: `${formatDate(data.expiresAt)} (UTC)`, bold: true, color: colors.heading },
      ".",
    ]);
  }
}

// ---- the signature certificate ----

const AUTH_LABELS = { sso: "Single sign-on", email: "Emailed access link" } as const;
const OUTCOME_LABELS = { signed: "Signed", declined: "Declined" } as const;
const OUTCOME_COLORS = { signed: colors.good, declined: colors.bad } as const;
const EVIDENCE_SIZE = 8.8;
const EVIDENCE_TERM_WIDTH = 130;

function evidenceRows(
  decision: SignatureDecisionEvidence,
  documentSha256: string,
): { term: string; description: string }[] {
  const orNot = (value: string | null) => (value === null || value === "" ? NOT_RECORDED : value);
  const rows = [
    { term: "Signer", description: decision.signerName },
    { term: "Email", description: decision.email },
    { term: "Decision", description: OUTCOME_LABELS[decision.decision] },
  ];
  if (decision.decision === "signed" || decision.typedName !== null) {
    rows.push({ term: "Typed name", description: orNot(decision.typedName) });
  }
  if (decision.decision === "declined" || decision.reason !== null) {
    rows.push({ term: "Reason", description: decision.reason ?? "None given" });
  }
  rows.push(
    { term: "Authentication", description: AUTH_LABELS[decision.authMethod] },
    { term: "MFA", description: decision.mfa ? "Yes" : "No" },
  );
  if (decision.authMethod === "sso" || decision.userId !== null) {
    rows.push({ term: "User id", description: orNot(decision.userId) });
  }
  if (decision.authMethod === "email" || decision.clientTokenId !== null) {
    rows.push({ term: "Access link id", description: orNot(decision.clientTokenId) });
  }
  const documentNote =
    decision.documentSha256 === documentSha256 ? "" : " (differs from the document SHA-256 above)";
  rows.push(
    { term: "Session id", description: orNot(decision.sessionId) },
    { term: "Consent text version", description: orNot(decision.consentVersion) },
    { term: "Consent text SHA-256", description: orNot(decision.consentSha256) },
    {
      term: decision.decision === "signed" ? "Document SHA-256 signed" : "Document SHA-256 declined",
      description: `${decision.documentSha256}${documentNote}`,
    },
    { term: "Time (UTC)", description: formatTimestamp(decision.decidedAt) },
    { term: "IP address", description: orNot(decision.ip) },
    { term: "User agent", description: orNot(decision.userAgent) },
  );
  return rows;
}

function outcomeSummary(certificate: SignatureCertificate): string {
  const declined = certificate.decisions.filter((decision) => decision.decision === "declined");
  if (declined.length > 0) return `Declined by ${declined.map((decision) => decision.signerName).join(", ")}`;
  const count = certificate.decisions.length;
  return count === 1 ? "Signed by the signer" : `Signed by all ${count} signers`;
}

function drawCertificate(doc: Pdf, data: ProposalDocumentData, certificate: SignatureCertificate): void {
  startSection(doc, "Signature certificate", "Certificate");
  drawBadgeRow(
    doc,
    [{ label: OUTCOME_LABELS[certificate.outcome], color: OUTCOME_COLORS[certificate.outcome] }],
    outcomeSummary(certificate),
  );
  drawDefinitionList(
    doc,
    [
      { term: "Document", description: `${data.title} (version ${data.version})` },
      { term: "Document ID", description: data.proposalId },
      { term: "Document SHA-256", description: certificate.documentSha256 },
      { term: "Outcome", description: OUTCOME_LABELS[certificate.outcome] },
      { term: "Completed (UTC)", description: formatTimestamp(certificate.completedAt) },
      { term: "Decisions", description: formatInteger(certificate.decisions.length) },
    ],
    { termWidth: EVIDENCE_TERM_WIDTH, size: EVIDENCE_SIZE },
  );
  drawNote(
    doc,
    `The document SHA-256 is that of the ${KIND_LABELS[data.kind].toLowerCase()} PDF as issued and shown to the ` +
      "signers; the pages before this certificate reproduce its content. Each decision below records how the " +
      "signer was authenticated, the consent text they accepted, and the document they decided on.",
  );

  certificate.decisions.forEach((decision, index) => {
    const rows = evidenceRows(decision, certificate.documentSha256);
    // A decision's block stays on one page (it is far shorter than a page unless a value is enormous).
    const box = contentBox(doc);
    doc.font(fonts.regular).fontSize(EVIDENCE_SIZE);
    const rowStep = linesHeight(doc, 1, 2.2);
    const rowsHeight = rows.reduce(
      (sum, row) =>
        sum +
        wrapLines(doc, pdfSafe(row.description), box.width - EVIDENCE_TERM_WIDTH - 12).length * rowStep +
        5,
      0,
    );
    ensureSpace(doc, Math.min(60 + rowsHeight, (box.bottom - box.top) * 0.8));
    drawHeading(doc, `${index + 1}. ${decision.signerName}`, { level: 2, keepWithNext: 80 });
    drawBadgeRow(
      doc,
      [{ label: OUTCOME_LABELS[decision.decision], color: OUTCOME_COLORS[decision.decision] }],
      `${formatTimestamp(decision.decidedAt)} UTC \u00b7 ${AUTH_LABELS[decision.authMethod]}`,
    );
    drawDefinitionList(doc, rows, { termWidth: EVIDENCE_TERM_WIDTH, size: EVIDENCE_SIZE });
  });

  // Events sorted by time; equal times keep the order they were given in.
  const timeline = certificate.timeline
    .map((entry, order) => ({ ...entry, order, time: new Date(entry.at).getTime() }))
    .sort((a, b) => a.time - b.time || a.order - b.order);
  // A short timeline stays on one page with its heading (rows may wrap to two lines: about 24 pt each).
  const page = contentBox(doc);
  ensureSpace(doc, Math.min(60 + timeline.length * 24, (page.bottom - page.top) * 0.8));
  drawHeading(doc, "Timeline", { level: 2, keepWithNext: 50 });
  drawTable(doc, {
    columns: [
      {
        header: "Time (UTC)",
        width: 1.35,
        value: (row: (typeof timeline)[number]) => formatTimestamp(row.at),
        noWrap: true,
      },
      { header: "Event", width: 4.6, value: (row) => row.event },
    ],
    rows: timeline,
    emptyText: "No events recorded.",
  });
}

// ---- entry points ----

export function renderProposalPdf(data: ProposalDocumentData): Promise<Buffer> {
  const frame = frameOf(data);
  const doc = createDocument(frame);
  drawProposalPages(doc, data);
  return finishDocument(doc, frame);
}

/** The same pages as renderProposalPdf, then one or more "Signature certificate" pages. */
export function renderSignedProposalPdf(
  data: ProposalDocumentData,
  certificate: SignatureCertificate,
): Promise<Buffer> {
  const frame = frameOf(data);
  const signedFrame: DocumentFrame = {
    ...frame,
    subject: `Signed ${frame.subject.charAt(0).toLowerCase()}${frame.subject.slice(1)}`,
    keywords: `${frame.keywords} document-sha256:${certificate.documentSha256}`,
  };
  const doc = createDocument(signedFrame);
  drawProposalPages(doc, data);
  drawCertificate(doc, data, certificate);
  return finishDocument(doc, signedFrame);
}
