import PDFDocument from "pdfkit";
import { pdfSafe } from "./encoding";
import { formatDateTime, formatPeriod } from "./format";
import { drawTextLine, truncateToWidth } from "./measure";
import { speedUpPdfkit } from "./pdfkit-speed";
import { colors, fonts } from "./theme";

/*
 * One document (a report, a proposal): a US Letter page, a cover, and a running header and footer on every other
 * page. Pages are buffered (`bufferPages`) so the footer can say "Page N of M" once the last page exists; the final
 * pass in `finishDocument` stamps every page, then the bytes are collected into one Buffer.
 */

export type Pdf = PDFKit.PDFDocument;

/** A labelled value on the cover. */
export interface CoverField {
  label: string;
  value: string;
}

/** What the cover, header and footer of any document print; dates are ISO 8601 strings (UTC). */
export interface DocumentFrame {
  /** Printed on the cover and in every footer. */
  documentId: string;
  title: string;
  /** Above the title on the cover: "Executive Monthly Report", "Proposal". */
  kindLabel: string;
  providerName: string;
  tenantName: string;
  /** The PDF's Subject and Keywords entries. */
  subject: string;
  keywords: string;
  /** Also the PDF's CreationDate and ModDate, so the same data renders to the same bytes. */
  createdAt: string;
  /** The cover's fields, two to a row. */
  coverFields: readonly CoverField[];
  /** A value set apart under the cover's fields (a data snapshot's SHA-256), or nothing. */
  coverDigest: CoverField | null;
  /** The small print at the foot of the cover. */
  coverNote: string;
  /** The footer's second line, under "Document <id>". */
  footerNote: string;
  /**
   * The cover gets the footer ("Page 1 of N") too; the running header stays off it. Documents that are signed
   * number every page, so that a page cannot be removed or swapped unnoticed.
   */
  isCoverNumbered: boolean;
}

/** What a report's cover, header and footer print; all dates are ISO 8601 strings (UTC). */
export interface DocumentMeta {
  /** Printed on every page; the report id. */
  documentId: string;
  title: string;
  /** "Executive Monthly Report" */
  reportTypeLabel: string;
  providerName: string;
  tenantName: string;
  workspaceName: string;
  periodStart: string;
  /** Exclusive: the cover shows the day before. */
  periodEnd: string;
  /** Also the PDF's CreationDate, so the same snapshot renders to the same bytes. */
  generatedAt: string;
  /** SHA-256 (hex) of the data snapshot the document was rendered from. */
  dataSha256: string;
}

export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;
export const MARGINS = { top: 74, bottom: 72, left: 54, right: 54 } as const;
export const CONTENT_WIDTH = PAGE_WIDTH - MARGINS.left - MARGINS.right;

const HEADER_Y = 34;
const FOOTER_RULE_Y = PAGE_HEIGHT - 52;

/** Left edge, right edge and bottom limit of the writable area of the current page. */
export function contentBox(doc: Pdf): {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
} {
  const { margins, width, height } = doc.page;
  return {
    left: margins.left,
    right: width - margins.right,
    top: margins.top,
    bottom: height - margins.bottom,
    width: width - margins.left - margins.right,
  };
}

/** True when the cursor sits at the top of a fresh page (nothing drawn below the header yet). */
export function isAtPageTop(doc: Pdf): boolean {
  return doc.y <= contentBox(doc).top + 0.5;
}

/** Starts a new page and puts the cursor at its top-left. */
export function addPage(doc: Pdf): void {
  doc.addPage();
  doc.x = MARGINS.left;
  doc.y = MARGINS.top;
}

/** Moves to a new page unless `height` points still fit below the cursor (never leaves an empty page behind). */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > contentBox(doc).bottom && !isAtPageTop(doc)) addPage(doc);
}

/** A report's frame: the reporting period on the cover, the data snapshot's SHA-256 on the cover and every page. */
export function reportFrame(meta: DocumentMeta): DocumentFrame {
  return {
    documentId: meta.documentId,
    title: meta.title,
    kindLabel: meta.reportTypeLabel,
    providerName: meta.providerName,
    tenantName: meta.tenantName,
    subject: `${meta.reportTypeLabel} for ${meta.tenantName}`,
    keywords: `report-id:${meta.documentId} data-sha256:${meta.dataSha256}`,
    createdAt: meta.generatedAt,
    coverFields: [
      { label: "Prepared for", value: meta.tenantName },
      { label: "Prepared by", value: meta.providerName },
      { label: "Reporting period (UTC)", value: formatPeriod(meta.periodStart, meta.periodEnd) },
      { label: "Workspace", value: meta.workspaceName },
      { label: "Generated", value: formatDateTime(meta.generatedAt) },
      { label: "Document ID", value: meta.documentId },
    ],
    coverDigest: { label: "Data snapshot SHA-256", value: meta.dataSha256 },
    coverNote:
      `Confidential. Prepared by ${meta.providerName} for ${meta.tenantName}. The figures in this report were taken ` +
      "from a snapshot of the portal's data at the generation time above; the snapshot's SHA-256 is printed in " +
      "every page footer, and the portal's verification page confirms whether it issued this document.",
    footerNote: `Data SHA-256: ${meta.dataSha256}`,
    isCoverNumbered: false,
  };
}

/**
 * A new document with the cover drawn and the cursor at the top of the first content page. Nothing in it depends
 * on the clock: CreationDate (which also seeds the PDF file id) comes from the frame.
 */
export function createDocument(frame: DocumentFrame): Pdf {
  const createdAt = new Date(frame.createdAt);
  const doc = new PDFDocument({
    size: [PAGE_WIDTH, PAGE_HEIGHT],
    margins: { ...MARGINS },
    bufferPages: true,
    autoFirstPage: false,
    compress: true,
    displayTitle: true,
    lang: "en-US",
    info: {
      Title: pdfSafe(frame.title),
      Author: pdfSafe(frame.providerName),
      Subject: pdfSafe(frame.subject),
      Keywords: pdfSafe(frame.keywords),
      Creator: "Portcullis",
      Producer: "Portcullis (PDFKit)",
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  doc.addPage();
  speedUpPdfkit(doc);
  drawCover(doc, frame);
  addPage(doc);
  return doc;
}

/** A report document: `createDocument` with the report's frame. */
export function createReportDocument(meta: DocumentMeta): Pdf {
  return createDocument(reportFrame(meta));
}

function coverField(doc: Pdf, label: string, value: string, x: number, y: number, width: number): number {
  doc.font(fonts.bold).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, label.toUpperCase(), x, y, { characterSpacing: 0.8 });
  doc.font(fonts.regular).fontSize(10.5).fillColor(colors.ink);
  doc.text(pdfSafe(value), x, y + 12, { width, lineGap: 1 });
  return doc.y - y;
}

function drawCover(doc: Pdf, frame: DocumentFrame): void {
  const left = MARGINS.left;
  const width = CONTENT_WIDTH;
  const bandHeight = 318;

  doc.rect(0, 0, PAGE_WIDTH, bandHeight).fill(colors.ink);
  doc.rect(0, bandHeight, PAGE_WIDTH, 5).fill(colors.accent);

  doc.rect(left, 64, 22, 3).fill(colors.accent);
  doc.font(fonts.bold).fontSize(10).fillColor(colors.accentLight);
  doc.text(pdfSafe(frame.providerName).toUpperCase(), left, 76, {
    width,
    characterSpacing: 1.6,
    lineBreak: false,
  });

  doc.font(fonts.bold).fontSize(9).fillColor(colors.faint);
  doc.text(pdfSafe(frame.kindLabel).toUpperCase(), left, 150, { width, characterSpacing: 1.2 });
  // Titles may be up to 300 characters: step the size down until the title fits the dark band.
  const title = pdfSafe(frame.title);
  const titleRoom = 96;
  let titleSize = 25;
  doc.font(fonts.bold);
  while (titleSize > 15 && doc.fontSize(titleSize).heightOfString(title, { width, lineGap: 2 }) > titleRoom) {
    titleSize -= 2;
  }
  doc.fontSize(titleSize).fillColor(colors.white);
  doc.text(title, left, 166, { width, lineGap: 2, height: titleRoom, ellipsis: true });
  doc.font(fonts.regular).fontSize(13).fillColor("#e2e8f0");
  doc.text(pdfSafe(frame.tenantName), left, Math.min(doc.y, 166 + titleRoom) + 8, {
    width,
    height: 34,
    ellipsis: true,
  });

  const column = (width - 24) / 2;
  let y = bandHeight + 44;
  for (let index = 0; index < frame.coverFields.length; index += 2) {
    const first = frame.coverFields[index];
    const second = frame.coverFields[index + 1];
    if (first === undefined) break;
    const height = Math.max(
      coverField(doc, first.label, first.value, left, y, column),
      second ? coverField(doc, second.label, second.value, left + column + 24, y, column) : 0,
    );
    y += height + 20;
  }

  if (frame.coverDigest) {
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.5)
      .strokeColor(colors.rule)
      .stroke();
    y += 14;
    doc.font(fonts.bold).fontSize(7).fillColor(colors.muted);
    drawTextLine(doc, pdfSafe(frame.coverDigest.label).toUpperCase(), left, y, { characterSpacing: 0.8 });
    doc.font(fonts.regular).fontSize(9).fillColor(colors.text);
    drawTextLine(doc, pdfSafe(frame.coverDigest.value), left, y + 12);
  }

  const noteY = PAGE_HEIGHT - 112;
  doc.rect(left, noteY, width, 0.5).fill(colors.rule);
  doc.font(fonts.regular).fontSize(7.5).fillColor(colors.muted);
  doc.text(pdfSafe(frame.coverNote), left, noteY + 10, { width, lineGap: 1.5 });
}

function stampPage(
  doc: Pdf,
  frame: DocumentFrame,
  pageNumber: number,
  pageCount: number,
  hasHeader: boolean,
): void {
  const left = MARGINS.left;
  const width = CONTENT_WIDTH;
  // Writing into the margins must not trigger pdfkit's automatic page break.
  const savedMargins = doc.page.margins;
  doc.page.margins = { top: 0, bottom: 0, left: savedMargins.left, right: savedMargins.right };

  if (hasHeader) drawRunningHeader(doc, frame);

  doc.rect(left, FOOTER_RULE_Y, width, 0.5).fill(colors.rule);
  doc.font(fonts.regular).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, `Document ${pdfSafe(frame.documentId)}`, left, FOOTER_RULE_Y + 8);
  drawTextLine(doc, truncateToWidth(doc, pdfSafe(frame.footerNote), width * 0.8), left, FOOTER_RULE_Y + 18);
  doc.font(fonts.bold).fontSize(7.5).fillColor(colors.heading);
  drawTextLine(doc, `Page ${pageNumber} of ${pageCount}`, left, FOOTER_RULE_Y + 8, { width, align: "right" });
  doc.font(fonts.regular).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, "Confidential", left, FOOTER_RULE_Y + 18, { width, align: "right" });

  doc.page.margins = savedMargins;
}

function drawRunningHeader(doc: Pdf, frame: DocumentFrame): void {
  const left = MARGINS.left;
  const width = CONTENT_WIDTH;
  doc.font(fonts.bold).fontSize(8).fillColor(colors.heading);
  drawTextLine(doc, truncateToWidth(doc, pdfSafe(frame.title), width * 0.6), left, HEADER_Y);
  doc.font(fonts.regular).fontSize(8).fillColor(colors.muted);
  drawTextLine(doc, truncateToWidth(doc, pdfSafe(frame.tenantName), width * 0.36), left, HEADER_Y, {
    width,
    align: "right",
  });
  doc.rect(left, HEADER_Y + 14, width, 0.5).fill(colors.rule);
  doc.rect(left, HEADER_Y + 13.25, 28, 2).fill(colors.accent);
}

/**
 * Stamps header and footer on every page after the cover (and the footer on the cover too when the frame asks),
 * ends the document and returns its bytes.
 */
export function finishDocument(doc: Pdf, frame: DocumentFrame): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  if (frame.isCoverNumbered) {
    doc.switchToPage(range.start);
    stampPage(doc, frame, 1, range.count, false);
  }
  for (let index = range.start + 1; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    stampPage(doc, frame, index + 1, range.count, true);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

/** A report document's last step: `finishDocument` with the report's frame. */
export function finishReportDocument(doc: Pdf, meta: DocumentMeta): Promise<Buffer> {
  return finishDocument(doc, reportFrame(meta));
}
