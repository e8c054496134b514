import PDFDocument from "pdfkit";
import { pdfSafe } from "./encoding";
import { formatDateTime, formatPeriod } from "./format";
import { drawTextLine, truncateToWidth } from "./measure";
import { speedUpPdfkit } from "./pdfkit-speed";
import { colors, fonts } from "./theme";

/*
 * One report document: a US Letter page, a cover, and a running header and footer on every other page.
 * Pages are buffered (`bufferPages`) so the footer can say "Page N of M" once the last page exists; the final pass
 * in `finishReportDocument` stamps every page, then the bytes are collected into one Buffer.
 */

export type Pdf = PDFKit.PDFDocument;

/** What the cover, header and footer print; all dates are ISO 8601 strings (UTC). */
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

/**
 * A new document with the cover drawn and the cursor at the top of the first content page. Nothing in it depends
 * on the clock: CreationDate (which also seeds the PDF file id) comes from the snapshot.
 */
export function createReportDocument(meta: DocumentMeta): Pdf {
  const generatedAt = new Date(meta.generatedAt);
  const doc = new PDFDocument({
    size: [PAGE_WIDTH, PAGE_HEIGHT],
    margins: { ...MARGINS },
    bufferPages: true,
    autoFirstPage: false,
    compress: true,
    displayTitle: true,
    lang: "en-US",
    info: {
      Title: pdfSafe(meta.title),
      Author: pdfSafe(meta.providerName),
      Subject: pdfSafe(`${meta.reportTypeLabel} for ${meta.tenantName}`),
      Keywords: `report-id:${meta.documentId} data-sha256:${meta.dataSha256}`,
      Creator: "Portcullis",
      Producer: "Portcullis (PDFKit)",
      CreationDate: generatedAt,
      ModDate: generatedAt,
    },
  });
  doc.addPage();
  speedUpPdfkit(doc);
  drawCover(doc, meta);
  addPage(doc);
  return doc;
}

function coverField(doc: Pdf, label: string, value: string, x: number, y: number, width: number): number {
  doc.font(fonts.bold).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, label.toUpperCase(), x, y, { characterSpacing: 0.8 });
  doc.font(fonts.regular).fontSize(10.5).fillColor(colors.ink);
  doc.text(pdfSafe(value), x, y + 12, { width, lineGap: 1 });
  return doc.y - y;
}

function drawCover(doc: Pdf, meta: DocumentMeta): void {
  const left = MARGINS.left;
  const width = CONTENT_WIDTH;
  const bandHeight = 318;

  doc.rect(0, 0, PAGE_WIDTH, bandHeight).fill(colors.ink);
  doc.rect(0, bandHeight, PAGE_WIDTH, 5).fill(colors.accent);

  doc.rect(left, 64, 22, 3).fill(colors.accent);
  doc.font(fonts.bold).fontSize(10).fillColor(colors.accentLight);
  doc.text(pdfSafe(meta.providerName).toUpperCase(), left, 76, {
    width,
    characterSpacing: 1.6,
    lineBreak: false,
  });

  doc.font(fonts.bold).fontSize(9).fillColor(colors.faint);
  doc.text(pdfSafe(meta.reportTypeLabel).toUpperCase(), left, 150, { width, characterSpacing: 1.2 });
  // Titles may be up to 300 characters: step the size down until the title fits the dark band.
  const title = pdfSafe(meta.title);
  const titleRoom = 96;
  let titleSize = 25;
  doc.font(fonts.bold);
  while (titleSize > 15 && doc.fontSize(titleSize).heightOfString(title, { width, lineGap: 2 }) > titleRoom) {
    titleSize -= 2;
  }
  doc.fontSize(titleSize).fillColor(colors.white);
  doc.text(title, left, 166, { width, lineGap: 2, height: titleRoom, ellipsis: true });
  doc.font(fonts.regular).fontSize(13).fillColor("#e2e8f0");
  doc.text(pdfSafe(meta.tenantName), left, Math.min(doc.y, 166 + titleRoom) + 8, {
    width,
    height: 34,
    ellipsis: true,
  });

  const column = (width - 24) / 2;
  let y = bandHeight + 44;
  const row = (a: [string, string], b: [string, string]) => {
    const height = Math.max(
      coverField(doc, a[0], a[1], left, y, column),
      coverField(doc, b[0], b[1], left + column + 24, y, column),
    );
    y += height + 20;
  };
  row(["Prepared for", meta.tenantName], ["Prepared by", meta.providerName]);
  row(
    ["Reporting period (UTC)", formatPeriod(meta.periodStart, meta.periodEnd)],
    ["Workspace", meta.workspaceName],
  );
  row(["Generated", formatDateTime(meta.generatedAt)], ["Document ID", meta.documentId]);

  doc
    .moveTo(left, y)
    .lineTo(left + width, y)
    .lineWidth(0.5)
    .strokeColor(colors.rule)
    .stroke();
  y += 14;
  doc.font(fonts.bold).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, "DATA SNAPSHOT SHA-256", left, y, { characterSpacing: 0.8 });
  doc.font(fonts.regular).fontSize(9).fillColor(colors.text);
  drawTextLine(doc, meta.dataSha256, left, y + 12);

  const noteY = PAGE_HEIGHT - 112;
  doc.rect(left, noteY, width, 0.5).fill(colors.rule);
  doc.font(fonts.regular).fontSize(7.5).fillColor(colors.muted);
  doc.text(
    pdfSafe(
      `Confidential. Prepared by ${meta.providerName} for ${meta.tenantName}. The figures in this report were taken ` +
        "from a snapshot of the portal's data at the generation time above; the snapshot's SHA-256 is printed in " +
        "every page footer, and the portal's verification page confirms whether it issued this document.",
    ),
    left,
    noteY + 10,
    { width, lineGap: 1.5 },
  );
}

function stampPage(doc: Pdf, meta: DocumentMeta, pageNumber: number, pageCount: number): void {
  const left = MARGINS.left;
  const width = CONTENT_WIDTH;
  // Writing into the margins must not trigger pdfkit's automatic page break.
  const savedMargins = doc.page.margins;
  doc.page.margins = { top: 0, bottom: 0, left: savedMargins.left, right: savedMargins.right };

  doc.font(fonts.bold).fontSize(8).fillColor(colors.heading);
  drawTextLine(doc, truncateToWidth(doc, pdfSafe(meta.title), width * 0.6), left, HEADER_Y);
  doc.font(fonts.regular).fontSize(8).fillColor(colors.muted);
  drawTextLine(doc, truncateToWidth(doc, pdfSafe(meta.tenantName), width * 0.36), left, HEADER_Y, {
    width,
    align: "right",
  });
  doc.rect(left, HEADER_Y + 14, width, 0.5).fill(colors.rule);
  doc.rect(left, HEADER_Y + 13.25, 28, 2).fill(colors.accent);

  doc.rect(left, FOOTER_RULE_Y, width, 0.5).fill(colors.rule);
  doc.font(fonts.regular).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, `Document ${meta.documentId}`, left, FOOTER_RULE_Y + 8);
  drawTextLine(doc, `Data SHA-256: ${meta.dataSha256}`, left, FOOTER_RULE_Y + 18);
  doc.font(fonts.bold).fontSize(7.5).fillColor(colors.heading);
  drawTextLine(doc, `Page ${pageNumber} of ${pageCount}`, left, FOOTER_RULE_Y + 8, { width, align: "right" });
  doc.font(fonts.regular).fontSize(7).fillColor(colors.muted);
  drawTextLine(doc, "Confidential", left, FOOTER_RULE_Y + 18, { width, align: "right" });

  doc.page.margins = savedMargins;
}

/** Stamps header and footer on every page after the cover, ends the document and returns its bytes. */
export function finishReportDocument(doc: Pdf, meta: DocumentMeta): Promise<Buffer> {
  const range = doc.bufferedPageRange();
  for (let index = range.start + 1; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    stampPage(doc, meta, index + 1, range.count);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}
