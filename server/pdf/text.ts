import { addPage, contentBox, ensureSpace, isAtPageTop, type Pdf } from "./document";
import { pdfSafe } from "./encoding";
import { drawLines, drawTextLine, linesHeight, truncateToWidth, wrapLines } from "./measure";
import { colors, fontSizes, fonts, spacing } from "./theme";

/*
 * Text blocks that flow down the page from the cursor (doc.y): headings that never sit alone at a page bottom,
 * paragraphs with inline emphasis, bullet lists, key-figure tiles, callouts and definition lists.
 */

/** A piece of a paragraph: plain text, or emphasised text (bold and/or coloured). */
export type Run = string | { text: string; bold?: boolean; color?: string };

export interface HeadingOptions {
  /** 1: section title (large, accent rule); 2: sub-section; 3: small heading. */
  level?: 1 | 2 | 3;
  /** Small uppercase label above a level-1 title, e.g. "Section 2". */
  kicker?: string;
  /** Points of following content that must fit on the same page (keeps a heading with its first block). */
  keepWithNext?: number;
}

const headingSizes = { 1: fontSizes.h1, 2: fontSizes.h2, 3: fontSizes.h3 } as const;

export function drawHeading(doc: Pdf, text: string, options: HeadingOptions = {}): void {
  const level = options.level ?? 2;
  const box = contentBox(doc);
  const size = headingSizes[level];
  doc.font(fonts.bold).fontSize(size);
  const safe = pdfSafe(text);
  const isOneLine = doc.widthOfString(safe) <= box.width;
  const textHeight = isOneLine ? doc.currentLineHeight(true) : doc.heightOfString(safe, { width: box.width });
  const kickerHeight = options.kicker ? 14 : 0;
  const ruleHeight = level === 1 ? 14 : 0;
  if (!isAtPageTop(doc)) doc.y += level === 1 ? spacing.block : level === 2 ? 10 : 6;
  ensureSpace(
    doc,
    kickerHeight + textHeight + ruleHeight + (options.keepWithNext ?? (level === 1 ? 90 : 60)),
  );

  if (options.kicker) {
    doc.font(fonts.bold).fontSize(7.5).fillColor(colors.accent);
    doc.text(pdfSafe(options.kicker).toUpperCase(), box.left, doc.y, {
      characterSpacing: 1,
      lineBreak: false,
    });
    doc.y += 12;
  }
  doc
    .font(fonts.bold)
    .fontSize(size)
    .fillColor(level === 3 ? colors.text : colors.heading);
  if (isOneLine) {
    const top = doc.y;
    doc.text(safe, box.left, top, { lineBreak: false });
    doc.y = top + textHeight;
  } else {
    doc.text(safe, box.left, doc.y, { width: box.width });
  }
  if (level === 1) {
    doc.rect(box.left, doc.y + 4, 36, 2.5).fill(colors.accent);
    doc.y += 16;
  } else {
    doc.y += level === 2 ? 5 : 3;
  }
  doc.x = box.left;
}

export interface ParagraphOptions {
  size?: number;
  color?: string;
  /** Space after the paragraph; default one paragraph gap. */
  gapAfter?: number;
  x?: number;
  width?: number;
  align?: "left" | "center" | "right" | "justify";
  italic?: boolean;
}

function runText(run: Run): string {
  return typeof run === "string" ? run : run.text;
}

/** A paragraph of plain text or runs; it may break across pages. */
export function drawParagraph(
  doc: Pdf,
  content: string | readonly Run[],
  options: ParagraphOptions = {},
): void {
  const box = contentBox(doc);
  const x = options.x ?? box.left;
  const width = options.width ?? box.right - x;
  const size = options.size ?? fontSizes.body;
  const color = options.color ?? colors.text;
  const base = options.italic ? fonts.italic : fonts.regular;
  // An empty run would end the continued text early and leave a gap.
  const runs = (typeof content === "string" ? [content] : content).filter((run) => runText(run) !== "");
  if (runs.length === 0) return;
  const textOptions = { width, lineGap: 2.2, align: options.align ?? "left" } as const;

  // Keep at least two lines together at a page bottom.
  ensureSpace(doc, size * 2.6);
  doc.fontSize(size);
  runs.forEach((run, index) => {
    const isLast = index === runs.length - 1;
    const emphasis = typeof run === "string" ? undefined : run;
    doc.font(emphasis?.bold ? fonts.bold : base).fillColor(emphasis?.color ?? color);
    const text = pdfSafe(runText(run));
    if (index === 0) doc.text(text, x, doc.y, { ...textOptions, continued: !isLast });
    else doc.text(text, { ...textOptions, continued: !isLast });
  });
  doc.x = box.left;
  doc.y += options.gapAfter ?? spacing.paragraph;
}

export interface BulletListOptions {
  size?: number;
  color?: string;
  bulletColor?: string;
  x?: number;
  width?: number;
  gapAfter?: number;
}

/** A bulleted list; each item may be plain text or runs. */
export function drawBulletList(
  doc: Pdf,
  items: readonly (string | readonly Run[])[],
  options: BulletListOptions = {},
): void {
  const box = contentBox(doc);
  const x = options.x ?? box.left;
  const width = options.width ?? box.right - x;
  const size = options.size ?? fontSizes.body;
  for (const item of items) {
    ensureSpace(doc, size * 2.6);
    const top = doc.y;
    doc.rect(x + 2, top + size * 0.36, 3.2, 3.2).fill(options.bulletColor ?? colors.accent);
    doc.y = top;
    drawParagraph(doc, item, { size, color: options.color, x: x + 13, width: width - 13, gapAfter: 4 });
  }
  doc.y += (options.gapAfter ?? spacing.paragraph) - 4;
}

export interface StatTile {
  label: string;
  value: string;
  /** A short line under the value, e.g. "+12.5% vs September". */
  detail?: string;
  /** Colours the detail: good news green, bad news red. */
  tone?: "good" | "bad" | "neutral";
  /** Colour of the tile's left bar; the accent by default. */
  accent?: string;
}

const toneColors = { good: colors.good, bad: colors.bad, neutral: colors.muted } as const;

/** Key figures in a row (or rows) of tiles. */
export function drawStatTiles(
  doc: Pdf,
  tiles: readonly StatTile[],
  options: { columns?: number } = {},
): void {
  const box = contentBox(doc);
  const columns = Math.max(1, Math.min(options.columns ?? tiles.length, tiles.length));
  const gap = 10;
  const width = (box.width - gap * (columns - 1)) / columns;
  const height = 62;
  for (let start = 0; start < tiles.length; start += columns) {
    ensureSpace(doc, height);
    const top = doc.y;
    tiles.slice(start, start + columns).forEach((tile, index) => {
      const x = box.left + index * (width + gap);
      doc.rect(x, top, width, height).fillAndStroke(colors.zebra, colors.grid);
      doc.rect(x, top, 3, height).fill(tile.accent ?? colors.accent);
      const inner = width - 18;
      doc.font(fonts.bold).fontSize(6.8).fillColor(colors.muted);
      doc.text(truncateToWidth(doc, pdfSafe(tile.label).toUpperCase(), inner - 4), x + 12, top + 10, {
        lineBreak: false,
        characterSpacing: 0.5,
      });
      doc
        .font(fonts.bold)
        .fontSize(columns > 4 ? 16 : 19)
        .fillColor(colors.ink);
      doc.text(truncateToWidth(doc, pdfSafe(tile.value), inner), x + 12, top + 22, { lineBreak: false });
      if (tile.detail) {
        doc
          .font(fonts.regular)
          .fontSize(7.2)
          .fillColor(toneColors[tile.tone ?? "neutral"]);
        doc.text(truncateToWidth(doc, pdfSafe(tile.detail), inner), x + 12, top + 46, { lineBreak: false });
      }
    });
    doc.y = top + height + (start + columns < tiles.length ? gap : 0);
  }
  doc.x = box.left;
  doc.y += spacing.block;
}

/** A shaded box with an accent bar: a title and a few bullet points ("Key takeaways"). */
export function drawCallout(doc: Pdf, title: string, items: readonly string[]): void {
  const box = contentBox(doc);
  const padding = 12;
  const textWidth = box.width - padding * 2 - 13;
  const size = fontSizes.body;
  const lineGap = 2.2;
  doc.font(fonts.regular).fontSize(size);
  const wrapped = items.map((item) => wrapLines(doc, pdfSafe(item), textWidth));
  const itemHeights = wrapped.map((lines) => linesHeight(doc, lines.length, lineGap));
  const height = padding + 16 + itemHeights.reduce((sum, h) => sum + h + 2, 0) + padding - 2;
  ensureSpace(doc, height);
  const top = doc.y;
  doc.rect(box.left, top, box.width, height).fill(colors.zebra);
  doc.rect(box.left, top, 3, height).fill(colors.accent);
  doc.font(fonts.bold).fontSize(fontSizes.h3).fillColor(colors.heading);
  doc.text(pdfSafe(title), box.left + padding, top + padding, { lineBreak: false });
  let y = top + padding + 16;
  wrapped.forEach((lines, index) => {
    doc.rect(box.left + padding + 2, y + size * 0.36, 3.2, 3.2).fill(colors.accent);
    doc.font(fonts.regular).fontSize(size).fillColor(colors.text);
    drawLines(doc, lines, box.left + padding + 13, y, { width: textWidth, lineGap });
    y += (itemHeights[index] ?? 0) + 2;
  });
  doc.x = box.left;
  doc.y = top + height + spacing.block;
}

/** Terms in a narrow left column, their descriptions beside them (methodology, engagement facts). */
export function drawDefinitionList(
  doc: Pdf,
  rows: readonly { term: string; description: string }[],
  options: { termWidth?: number; size?: number } = {},
): void {
  const box = contentBox(doc);
  const termWidth = options.termWidth ?? 130;
  const size = options.size ?? fontSizes.body;
  const lineGap = 2.2;
  const descriptionLeft = box.left + termWidth + 12;
  const descriptionWidth = box.width - termWidth - 12;
  for (const row of rows) {
    doc.font(fonts.bold).fontSize(size);
    const termLines = wrapLines(doc, pdfSafe(row.term), termWidth);
    const termHeight = linesHeight(doc, termLines.length, lineGap);
    doc.font(fonts.regular).fontSize(size);
    const lines = wrapLines(doc, pdfSafe(row.description), descriptionWidth);
    const step = linesHeight(doc, 1, lineGap);
    const height = Math.max(termHeight, lines.length * step);
    // A row stays on one page unless it is longer than a page; then it flows line by line.
    ensureSpace(doc, Math.min(height, box.bottom - box.top));
    const top = doc.y;
    doc.font(fonts.bold).fontSize(size).fillColor(colors.heading);
    drawLines(doc, termLines, box.left, top, { width: termWidth, lineGap });
    doc.font(fonts.regular).fontSize(size).fillColor(colors.text);
    let y = top;
    let isContinued = false;
    for (const line of lines) {
      if (y + step > contentBox(doc).bottom) {
        addPage(doc);
        doc.font(fonts.regular).fontSize(size).fillColor(colors.text);
        y = doc.y;
        isContinued = true;
      }
      drawLines(doc, [line], descriptionLeft, y, { width: descriptionWidth });
      y += step;
    }
    doc.y = (isContinued ? y : Math.max(y, top + termHeight)) + 5;
  }
  doc.x = box.left;
  doc.y += spacing.tight;
}

/** A row of coloured pills (severity, status) followed by optional grey text. */
export function drawBadgeRow(
  doc: Pdf,
  badges: readonly { label: string; color: string }[],
  trailing?: string,
): void {
  const box = contentBox(doc);
  ensureSpace(doc, 16);
  const top = doc.y;
  let x = box.left;
  doc.font(fonts.bold).fontSize(6.6);
  for (const badge of badges) {
    const label = pdfSafe(badge.label).toUpperCase();
    const width = doc.widthOfString(label, { characterSpacing: 0.3 }) + 12;
    doc.roundedRect(x, top, width, 11, 3).fill(badge.color);
    doc.fillColor(colors.white);
    drawTextLine(doc, label, x, top + 2.6, { width, align: "center", characterSpacing: 0.3 });
    x += width + 6;
  }
  if (trailing) {
    doc.font(fonts.regular).fontSize(fontSizes.small).fillColor(colors.muted);
    doc.text(truncateToWidth(doc, pdfSafe(trailing), box.right - x - 4), x + 4, top + 1.5, {
      lineBreak: false,
    });
  }
  doc.x = box.left;
  doc.y = top + 11 + spacing.paragraph;
}

/** A thin horizontal rule across the content width. */
export function drawRule(doc: Pdf, gap = spacing.block): void {
  const box = contentBox(doc);
  if (doc.y + gap * 2 > box.bottom) return;
  doc.y += gap / 2;
  doc.rect(box.left, doc.y, box.width, 0.5).fill(colors.grid);
  doc.y += gap / 2;
}

/** Small grey text, e.g. a note under a chart. */
export function drawNote(doc: Pdf, text: string): void {
  drawParagraph(doc, text, { size: fontSizes.small, color: colors.muted, gapAfter: spacing.paragraph });
}

/** Starts a section on a fresh page (unless the cursor is already at the top of an empty one). */
export function startSection(doc: Pdf, title: string, kicker?: string): void {
  if (!isAtPageTop(doc)) addPage(doc);
  drawHeading(doc, title, { level: 1, kicker });
}
