import type { Token } from "markdown-it";
import { addPage, contentBox, ensureSpace, isAtPageTop, type Pdf } from "./document";
import { pdfSafe } from "./encoding";
import { drawTextLine, wrapLines } from "./measure";
import { drawTable, type TableColumn } from "./table";
import { drawHeading, drawRule } from "./text";
import { colors, fontSizes, fonts, spacing } from "./theme";

/*
 * Staff-written Markdown (already parsed into markdown-it tokens) drawn into the flow of a document: headings,
 * paragraphs with bold, italic, inline code and links, bullet and numbered lists, block quotes, code blocks,
 * rules and tables. Paragraphs are laid out here word by word (not by pdfkit's wrapper) so that mixed fonts, link
 * areas, list markers and quote bars line up, and so that a page break falls between two lines we chose.
 */

const BODY_SIZE = fontSizes.body + 0.5;
const LINE_GAP = 2.6;
const CODE_SIZE = 8.2;
/** Inline code is drawn a little smaller than the text around it. */
const CODE_SCALE = 0.9;
const LIST_INDENT = 17;
const QUOTE_INDENT = 14;
const MIN_TEXT_WIDTH = 240;
const TIGHT_GAP = 3;
const MONO = "Courier";
const BOLD_ITALIC = "Helvetica-BoldOblique";
// Ascenders from the fonts' metrics (per 1000): pdfkit places text by its top, so a Courier run beside Helvetica
// moves down by the difference to share the baseline.
const HELVETICA_ASCENDER = 718;
const COURIER_ASCENDER = 629;

/**
 * Only these targets become clickable. The parser already refuses other links; checking again here means no
 * token source, however produced, can put a `javascript:` or `data:` action into the PDF.
 */
const SAFE_LINK = /^(https?:|mailto:)/i;

interface InlineStyle {
  bold: boolean;
  italic: boolean;
  code: boolean;
  strike: boolean;
  /** The target of a link the text belongs to (only a safe one), else null. */
  href: string | null;
}

interface Run {
  text: string;
  style: InlineStyle;
}

interface Piece {
  text: string;
  style: InlineStyle;
  width: number;
}

/** Text between two spaces; it may mix styles ("**bold**ly"). */
interface Word {
  pieces: Piece[];
  width: number;
  spaceBefore: boolean;
}

type Line = Word[];

const LINE_BREAK = "break";

interface ListState {
  ordered: boolean;
  next: number;
}

interface Marker {
  label: string | null;
  depth: number;
  x: number;
}

function fontOf(style: InlineStyle): string {
  if (style.code) return MONO;
  if (style.bold && style.italic) return BOLD_ITALIC;
  if (style.bold) return fonts.bold;
  if (style.italic) return fonts.italic;
  return fonts.regular;
}

function sizeOf(style: InlineStyle, size: number): number {
  return style.code ? size * CODE_SCALE : size;
}

function sameStyle(a: InlineStyle, b: InlineStyle): boolean {
  return (
    a.bold === b.bold &&
    a.italic === b.italic &&
    a.code === b.code &&
    a.strike === b.strike &&
    a.href === b.href
  );
}

function isSafeLink(target: string): boolean {
  return SAFE_LINK.test(target.trim());
}

/** The text of inline tokens without any formatting (headings, table cells). */
function plainText(children: readonly Token[] | null): string {
  let text = "";
  for (const child of children ?? []) {
    if (child.type === "softbreak" || child.type === "hardbreak") text += " ";
    else text += child.content;
  }
  return text.replace(/\s+/g, " ").trim();
}

/** Inline tokens as styled runs; a hard line break is its own entry. */
function inlineRuns(children: readonly Token[]): (Run | typeof LINE_BREAK)[] {
  const runs: (Run | typeof LINE_BREAK)[] = [];
  let bold = 0;
  let italic = 0;
  let strike = 0;
  let href: string | null = null;
  const style = (code = false): InlineStyle => ({
    bold: bold > 0,
    italic: italic > 0,
    code,
    strike: strike > 0,
    href,
  });
  for (const child of children) {
    switch (child.type) {
      case "strong_open":
        bold++;
        break;
      case "strong_close":
        bold = Math.max(0, bold - 1);
        break;
      case "em_open":
        italic++;
        break;
      case "em_close":
        italic = Math.max(0, italic - 1);
        break;
      case "s_open":
        strike++;
        break;
      case "s_close":
        strike = Math.max(0, strike - 1);
        break;
      case "link_open": {
        const target = String(child.attrGet("href") ?? "");
        href = isSafeLink(target) ? target.trim() : null;
        break;
      }
      case "link_close":
        href = null;
        break;
      case "code_inline":
        runs.push({ text: child.content, style: style(true) });
        break;
      case "softbreak":
        runs.push({ text: " ", style: style() });
        break;
      case "hardbreak":
        runs.push(LINE_BREAK);
        break;
      default:
        // text, and anything else that carries text (raw HTML arrives as text: it is shown, never interpreted).
        if (child.content !== "") runs.push({ text: child.content, style: style() });
    }
  }
  return runs;
}

/** One page-flowing Markdown drawing: the cursor is doc.y, the current left edge and width follow lists and quotes. */
class MarkdownFlow {
  private left: number;
  private width: number;
  private readonly lists: ListState[] = [];
  private readonly indents: number[] = [];
  /** One bar per open quote: its x, and where it was drawn down to (so it continues across paragraph gaps). */
  private readonly quoteBars: { x: number; end: { page: PDFKit.PDFPage; y: number } | null }[] = [];
  private marker: Marker | null = null;
  private readonly step: number;
  private readonly spaceWidth: number;

  constructor(private readonly doc: Pdf) {
    const box = contentBox(doc);
    this.left = box.left;
    this.width = box.width;
    doc.font(fonts.regular).fontSize(BODY_SIZE);
    this.step = doc.currentLineHeight(true) + LINE_GAP;
    this.spaceWidth = doc.widthOfString(" ");
  }

  draw(tokens: readonly Token[]): void {
    for (let index = 0; index < tokens.length; index++) {
      const token = tokens[index];
      if (token === undefined) continue;
      switch (token.type) {
        case "heading_open":
          this.heading(tokens, index);
          index = this.closingIndex(tokens, index);
          break;
        case "paragraph_open": {
          const inline = tokens[index + 1];
          this.paragraph(inline?.children ?? [], token.hidden ? TIGHT_GAP : spacing.paragraph);
          index = this.closingIndex(tokens, index);
          break;
        }
        case "inline":
          this.paragraph(token.children ?? [], spacing.paragraph);
          break;
        case "bullet_list_open":
        case "ordered_list_open":
          this.lists.push({
            ordered: token.type === "ordered_list_open",
            next: Number(token.attrGet("start") ?? 1),
          });
          break;
        case "bullet_list_close":
        case "ordered_list_close":
          this.lists.pop();
          this.doc.y += this.lists.length === 0 ? spacing.paragraph - TIGHT_GAP : 0;
          break;
        case "list_item_open":
          this.openListItem();
          break;
        case "list_item_close":
          this.closeListItem();
          break;
        case "blockquote_open":
          this.quoteBars.push({ x: this.left + 1, end: null });
          this.indent(QUOTE_INDENT);
          break;
        case "blockquote_close":
          this.quoteBars.pop();
          this.outdent();
          break;
        case "fence":
        case "code_block":
          this.codeBlock(token.content);
          break;
        case "hr":
          this.takeMarker(this.doc.y);
          drawRule(this.doc);
          break;
        case "table_open":
          this.table(tokens, index);
          index = this.closingIndex(tokens, index);
          break;
        case "html_block":
          // Only reachable with HTML enabled in the parser; even then it is shown as text.
          this.paragraph([literalToken(token.content)], spacing.paragraph);
          break;
        default:
          break;
      }
    }
    this.doc.x = contentBox(this.doc).left;
  }

  /** Moves the left edge in for a list item or quote; deep nesting stops indenting before the text gets too narrow. */
  private indent(points: number): void {
    const applied = this.width - points >= MIN_TEXT_WIDTH ? points : 0;
    this.indents.push(applied);
    this.left += applied;
    this.width -= applied;
  }

  private outdent(): void {
    const applied = this.indents.pop() ?? 0;
    this.left -= applied;
    this.width += applied;
  }

  /** The index of the token that closes the one at `index` (same nesting level). */
  private closingIndex(tokens: readonly Token[], index: number): number {
    const open = tokens[index];
    if (open === undefined || open.nesting !== 1) return index;
    const closeType = open.type.replace(/_open$/, "_close");
    for (let at = index + 1; at < tokens.length; at++) {
      const token = tokens[at];
      if (token?.type === closeType && token.level === open.level) return at;
    }
    return tokens.length - 1;
  }

  // ---- blocks ----

  private heading(tokens: readonly Token[], index: number): void {
    const token = tokens[index];
    const text = plainText(tokens[index + 1]?.children ?? null);
    if (token === undefined || text === "") return;
    const level = headingLevel(token);
    const next = this.closingIndex(tokens, index) + 1;
    // The heading never stays alone at a page bottom: room for the start of what follows is reserved with it.
    drawHeading(this.doc, text, { level, keepWithNext: this.startHeight(tokens, next) + 8 });
  }

  /** Height the block starting at `index` needs on the page it starts on (its first lines, a table's first row). */
  private startHeight(tokens: readonly Token[], index: number): number {
    const token = tokens[index];
    if (token === undefined) return 0;
    switch (token.type) {
      case "paragraph_open":
      case "bullet_list_open":
      case "ordered_list_open":
      case "blockquote_open":
        return this.step * 2;
      case "heading_open": {
        const level = headingLevel(token);
        const size = level === 1 ? fontSizes.h1 : level === 2 ? fontSizes.h2 : fontSizes.h3;
        const text = pdfSafe(plainText(tokens[index + 1]?.children ?? null));
        this.doc.font(fonts.bold).fontSize(size);
        const lines = wrapLines(this.doc, text, contentBox(this.doc).width).length;
        const extra = level === 1 ? spacing.block + 18 : level === 2 ? 16 : 10;
        return (
          lines * this.doc.currentLineHeight(true) +
          extra +
          this.startHeight(tokens, this.closingIndex(tokens, index) + 1)
        );
      }
      case "fence":
      case "code_block":
        return 16 + 3 * codeStep();
      case "table_open":
        return tableStartHeight(this.doc, tableOf(tokens, index), this.width);
      default:
        return 40;
    }
  }

  private paragraph(children: readonly Token[], gapAfter: number): void {
    const lines = this.layout(inlineRuns(children), this.width);
    if (lines.length === 0) return;
    const doc = this.doc;
    // No orphan: the first two lines start together.
    ensureSpace(doc, Math.min(lines.length, 2) * this.step);
    lines.forEach((line, index) => {
      const bottom = contentBox(doc).bottom;
      // No widow: when only the last line would move to the next page, the one before goes with it.
      const isWidowBreak =
        index >= 2 &&
        index === lines.length - 2 &&
        doc.y + 2 * this.step > bottom &&
        doc.y + this.step <= bottom;
      if (doc.y + this.step > bottom || isWidowBreak) addPage(doc);
      this.drawLine(line, doc.y);
      doc.y += this.step;
    });
    doc.y += gapAfter;
  }

  private openListItem(): void {
    const list = this.lists.at(-1);
    const depth = Math.max(0, this.lists.length - 1);
    let label: string | null = null;
    if (list?.ordered) {
      label = `${list.next}.`;
      list.next++;
    }
    this.indent(LIST_INDENT);
    // The marker sits in the gutter left of the item's text (the parent's gutter once nesting stops indenting).
    this.marker = { label, depth, x: this.left - LIST_INDENT };
  }

  private closeListItem(): void {
    if (this.marker !== null) {
      // An empty item still shows its marker.
      ensureSpace(this.doc, this.step);
      this.takeMarker(this.doc.y);
      this.doc.y += this.step;
    }
    this.outdent();
  }

  /** Draws the pending list marker beside the first line of its item, which starts at `top`. */
  private takeMarker(top: number): void {
    const marker = this.marker;
    if (marker === null) return;
    this.marker = null;
    const doc = this.doc;
    if (marker.label !== null) {
      doc.font(fonts.bold).fontSize(BODY_SIZE).fillColor(colors.heading);
      drawTextLine(doc, marker.label, marker.x, top, { width: LIST_INDENT - 5, align: "right" });
    } else if (marker.depth === 0) {
      doc.rect(marker.x + 3, top + BODY_SIZE * 0.36, 3.4, 3.4).fill(colors.accent);
    } else {
      doc.circle(marker.x + 4.7, top + BODY_SIZE * 0.54, 1.6).fill(colors.muted);
    }
  }

  private codeBlock(content: string): void {
    const doc = this.doc;
    const padding = 7;
    const step = codeStep();
    doc.font(MONO).fontSize(CODE_SIZE);
    const charWidth = doc.widthOfString("M");
    const perLine = Math.max(8, Math.floor((this.width - padding * 2) / charWidth));
    // Whitespace is kept as written; a line longer than the box continues on the next one.
    const lines: string[] = [];
    for (const raw of pdfSafe(content.replace(/\n$/, "").replace(/\t/g, "    ")).split("\n")) {
      if (raw.length === 0) lines.push("");
      for (let start = 0; start < raw.length; start += perLine) lines.push(raw.slice(start, start + perLine));
    }
    ensureSpace(doc, padding * 2 + Math.min(lines.length, 3) * step);
    let next = 0;
    while (next < lines.length) {
      const room = Math.floor((contentBox(doc).bottom - doc.y - padding * 2) / step);
      if (room < Math.min(2, lines.length - next) && !isAtPageTop(doc)) {
        addPage(doc);
        continue;
      }
      const chunk = lines.slice(next, next + Math.max(1, room));
      const top = doc.y;
      const height = padding * 2 + chunk.length * step;
      doc.rect(this.left, top, this.width, height).fill(colors.zebra);
      doc.rect(this.left, top, 2, height).fill(colors.rule);
      this.takeMarker(top + padding);
      doc.font(MONO).fontSize(CODE_SIZE).fillColor(colors.heading);
      chunk.forEach((line, index) => {
        if (line !== "") drawTextLine(doc, line, this.left + padding + 2, top + padding + index * step);
      });
      next += chunk.length;
      doc.y = top + height;
      if (next < lines.length) addPage(doc);
    }
    doc.y += spacing.paragraph;
  }

  private table(tokens: readonly Token[], index: number): void {
    const spec = tableOf(tokens, index);
    if (spec.headers.length === 0) return;
    this.doc.font(fonts.regular).fontSize(TABLE_SIZE);
    const columns: TableColumn<string[]>[] = spec.headers.map((header, column) => ({
      header,
      width: columnWeight(this.doc, spec, column),
      align: spec.aligns[column] ?? "left",
      value: (row) => row[column] ?? "",
    }));
    this.takeMarker(this.doc.y);
    drawTable(this.doc, {
      columns,
      rows: spec.rows,
      fontSize: TABLE_SIZE,
      x: this.left,
      width: this.width,
      emptyText: "No rows.",
    });
  }

  // ---- inline layout ----

  /** Styled runs cut into words (measured in their own font) and then into lines no wider than `width`. */
  private layout(runs: readonly (Run | typeof LINE_BREAK)[], width: number): Line[] {
    const doc = this.doc;
    const items: (Word | typeof LINE_BREAK)[] = [];
    let word: Word | null = null;
    let hasSpace = false;
    for (const run of runs) {
      if (run === LINE_BREAK) {
        if (word) items.push(word);
        word = null;
        hasSpace = false;
        items.push(LINE_BREAK);
        continue;
      }
      const size = sizeOf(run.style, BODY_SIZE);
      doc.font(fontOf(run.style)).fontSize(size);
      for (const part of pdfSafe(run.text).replace(/\s/g, " ").split(/( +)/)) {
        if (part === "") continue;
        if (part.startsWith(" ")) {
          if (word) items.push(word);
          word = null;
          hasSpace = true;
          continue;
        }
        if (word === null) {
          word = { pieces: [], width: 0, spaceBefore: hasSpace };
          hasSpace = false;
        }
        const pieceWidth = doc.widthOfString(part);
        word.pieces.push({ text: part, style: run.style, width: pieceWidth });
        word.width += pieceWidth;
      }
    }
    if (word) items.push(word);

    const lines: Line[] = [];
    let line: Line = [];
    let lineWidth = 0;
    const push = (next: Word) => {
      const gap = line.length > 0 && next.spaceBefore ? this.spaceWidth : 0;
      if (line.length > 0 && lineWidth + gap + next.width > width) {
        lines.push(line);
        line = [];
        lineWidth = 0;
      }
      if (next.width > width) {
        // A word wider than the line (a long URL, a hash) is cut into pieces that fit.
        const parts = this.splitWord(next, width);
        for (const part of parts.slice(0, -1)) lines.push([part]);
        const last = parts.at(-1);
        if (last) {
          line = [last];
          lineWidth = last.width;
        }
        return;
      }
      lineWidth += (line.length > 0 && next.spaceBefore ? this.spaceWidth : 0) + next.width;
      line.push(next);
    };
    for (const item of items) {
      if (item === LINE_BREAK) {
        lines.push(line);
        line = [];
        lineWidth = 0;
      } else {
        push(item);
      }
    }
    if (line.length > 0) lines.push(line);
    // Trailing hard breaks leave empty lines at the end: drop them.
    while (lines.length > 0 && lines.at(-1)?.length === 0) lines.pop();
    return lines;
  }

  private splitWord(word: Word, width: number): Word[] {
    const doc = this.doc;
    const parts: Word[] = [];
    let current: Word = { pieces: [], width: 0, spaceBefore: word.spaceBefore };
    for (const piece of word.pieces) {
      doc.font(fontOf(piece.style)).fontSize(sizeOf(piece.style, BODY_SIZE));
      let rest = piece.text;
      while (rest.length > 0) {
        const room = width - current.width;
        let fit = rest.length;
        if (doc.widthOfString(rest) > room) {
          let low = 0;
          let high = rest.length;
          while (low < high) {
            const middle = Math.ceil((low + high) / 2);
            if (doc.widthOfString(rest.slice(0, middle)) <= room) low = middle;
            else high = middle - 1;
          }
          fit = low === 0 && current.pieces.length === 0 ? 1 : low;
        }
        if (fit > 0) {
          const text = rest.slice(0, fit);
          const textWidth = doc.widthOfString(text);
          current.pieces.push({ text, style: piece.style, width: textWidth });
          current.width += textWidth;
          rest = rest.slice(fit);
        }
        if (rest.length > 0) {
          parts.push(current);
          current = { pieces: [], width: 0, spaceBefore: false };
        }
      }
    }
    if (current.pieces.length > 0) parts.push(current);
    return parts;
  }

  /** One laid-out line at `top`: quote bars, code shading, the text, then link underlines and link areas. */
  private drawLine(line: Line, top: number): void {
    const doc = this.doc;
    this.drawQuoteBars(top);
    this.takeMarker(top);

    // Consecutive pieces of one style become one segment; a space between two styles is a gap.
    const segments: { text: string; style: InlineStyle; x: number; width: number }[] = [];
    let x = this.left;
    let current: { text: string; style: InlineStyle } | null = null;
    const flush = () => {
      if (current === null) return;
      doc.font(fontOf(current.style)).fontSize(sizeOf(current.style, BODY_SIZE));
      const segmentWidth = doc.widthOfString(current.text);
      segments.push({ ...current, x, width: segmentWidth });
      x += segmentWidth;
      current = null;
    };
    line.forEach((word, wordIndex) => {
      const hasSpace = wordIndex > 0 && word.spaceBefore;
      word.pieces.forEach((piece, pieceIndex) => {
        const spaced = hasSpace && pieceIndex === 0;
        if (current !== null && sameStyle(current.style, piece.style)) {
          current.text += spaced ? ` ${piece.text}` : piece.text;
          return;
        }
        flush();
        if (spaced) x += this.spaceWidth;
        current = { text: piece.text, style: piece.style };
      });
    });
    flush();

    for (const segment of segments) {
      if (!segment.style.code) continue;
      doc.roundedRect(segment.x - 1.5, top - 0.8, segment.width + 3, BODY_SIZE + 1.8, 1.5).fill(colors.panel);
    }
    const baseline = top + (HELVETICA_ASCENDER / 1000) * BODY_SIZE;
    for (const segment of segments) {
      const size = sizeOf(segment.style, BODY_SIZE);
      const ascender = segment.style.code ? COURIER_ASCENDER : HELVETICA_ASCENDER;
      doc
        .font(fontOf(segment.style))
        .fontSize(size)
        .fillColor(
          segment.style.href ? colors.accent : segment.style.code ? colors.heading : this.textColor(),
        );
      doc.text(segment.text, segment.x, baseline - (ascender / 1000) * size, { lineBreak: false });
      if (segment.style.strike) {
        doc.rect(segment.x, baseline - BODY_SIZE * 0.3, segment.width, 0.6).fill(this.textColor());
      }
    }
    // A link split over several segments (bold inside a link) is one underline and one link area per line.
    let start = 0;
    while (start < segments.length) {
      const href = segments[start]?.style.href ?? null;
      let end = start;
      while (end + 1 < segments.length && href !== null && segments[end + 1]?.style.href === href) end++;
      const first = segments[start];
      const last = segments[end];
      if (href !== null && first && last) {
        const linkWidth = last.x + last.width - first.x;
        doc.rect(first.x, baseline + 1.3, linkWidth, 0.5).fill(colors.accent);
        doc.link(first.x, top - 1, linkWidth, BODY_SIZE + 3, href);
      }
      start = end + 1;
    }
  }

  private textColor(): string {
    return this.quoteBars.length > 0 ? colors.muted : colors.text;
  }

  private drawQuoteBars(top: number): void {
    const doc = this.doc;
    const bottom = top + this.step - LINE_GAP + 1;
    for (const bar of this.quoteBars) {
      const from = bar.end !== null && bar.end.page === doc.page && bar.end.y <= top ? bar.end.y : top;
      doc.rect(bar.x, from, 2.5, bottom - from).fill(colors.accentLight);
      bar.end = { page: doc.page, y: bottom };
    }
  }
}

function headingLevel(token: Token): 1 | 2 | 3 {
  const level = Number(token.tag.slice(1));
  return level <= 1 ? 1 : level === 2 ? 2 : 3;
}

function codeStep(): number {
  return CODE_SIZE * 1.4;
}

/** A text token for content that must be shown as it is written. */
function literalToken(content: string): Token {
  return { type: "text", content } as Token;
}

// ---- tables ----

const TABLE_SIZE = 8.4;

interface TableSpec {
  headers: string[];
  aligns: ("left" | "right" | "center")[];
  rows: string[][];
}

function alignOf(token: Token | undefined): "left" | "right" | "center" {
  const style = String(token?.attrGet("style") ?? "");
  if (style.includes("right")) return "right";
  if (style.includes("center")) return "center";
  return "left";
}

/** A GFM table's cells as plain text (a link in a cell prints its text). */
function tableOf(tokens: readonly Token[], index: number): TableSpec {
  const spec: TableSpec = { headers: [], aligns: [], rows: [] };
  let row: string[] | null = null;
  for (let at = index + 1; at < tokens.length; at++) {
    const token = tokens[at];
    if (token === undefined || token.type === "table_close") break;
    if (token.type === "tr_open") row = [];
    else if (token.type === "th_open") {
      spec.headers.push(plainText(tokens[at + 1]?.children ?? null));
      spec.aligns.push(alignOf(token));
    } else if (token.type === "td_open") row?.push(plainText(tokens[at + 1]?.children ?? null));
    else if (token.type === "tr_close") {
      if (row !== null && row.length > 0) spec.rows.push(row);
      row = null;
    }
  }
  return spec;
}

/** A column's share of the width: its widest content, capped so one long cell does not starve the others. */
function columnWeight(doc: Pdf, spec: TableSpec, column: number): number {
  doc.font(fonts.regular).fontSize(TABLE_SIZE);
  let widest = 0;
  for (const row of spec.rows) widest = Math.max(widest, doc.widthOfString(pdfSafe(row[column] ?? "")));
  doc.font(fonts.bold).fontSize(6.8);
  const header = pdfSafe(spec.headers[column] ?? "").toUpperCase();
  const longestWord = Math.max(0, ...header.split(/\s+/).map((word) => doc.widthOfString(word)));
  return Math.max(Math.min(widest, 240), longestWord, 24) + 10;
}

/** The height of a table's header and first row, as `drawTable` needs them together. */
function tableStartHeight(doc: Pdf, spec: TableSpec, width: number): number {
  const weights = spec.headers.map((_, column) => columnWeight(doc, spec, column));
  const total = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  const widths = weights.map((weight) => (weight / total) * width - 10);
  doc.font(fonts.bold).fontSize(6.8);
  const headerLines = Math.max(
    1,
    ...spec.headers.map(
      (header, column) => wrapLines(doc, pdfSafe(header).toUpperCase(), widths[column] ?? width).length,
    ),
  );
  const headerHeight = headerLines * doc.currentLineHeight(true) + 12;
  doc.font(fonts.regular).fontSize(TABLE_SIZE);
  const first = spec.rows[0] ?? [""];
  const rowLines = Math.max(
    1,
    ...first.map((cell, column) => wrapLines(doc, pdfSafe(cell), widths[column] ?? width).length),
  );
  return headerHeight + rowLines * (doc.currentLineHeight(true) + 1.5) + 12;
}

/** Draws parsed Markdown from the cursor down, across as many pages as it needs. */
export function drawMarkdown(doc: Pdf, tokens: readonly Token[]): void {
  new MarkdownFlow(doc).draw(tokens);
}
