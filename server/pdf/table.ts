import { addPage, contentBox, ensureSpace, type Pdf } from "./document";
import { pdfSafe } from "./encoding";
import { drawTextLine, truncateToWidth, wrapLines } from "./measure";
import { colors, fonts, spacing } from "./theme";

/*
 * Tables that break across pages cleanly: rows are measured before they are drawn, a row never straddles the
 * page bottom, the header is repeated at the top of every continuation page, and a header is never left alone
 * at a page bottom (it moves with the first row).
 */

export interface CellStyle {
  color?: string;
  bold?: boolean;
  /** Draw the value as a coloured pill with white text (severity, status). */
  badge?: string;
}

export interface TableColumn<Row> {
  header: string;
  /** Relative width; the columns share the table's width in these proportions. */
  width: number;
  align?: "left" | "right" | "center";
  value: (row: Row) => string;
  style?: (row: Row) => CellStyle | undefined;
  /** Keep the value on one line, shortened with an ellipsis if need be. */
  noWrap?: boolean;
}

export interface TableOptions<Row> {
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  fontSize?: number;
  /** Shown in a single row when there are no rows. */
  emptyText?: string;
  zebra?: boolean;
  /** Left edge and width; the full content width by default. */
  x?: number;
  width?: number;
}

const PAD_X = 5;
const PAD_Y = 4.5;
const LINE_GAP = 1.5;
const HEADER_SIZE = 6.8;

interface PreparedCell {
  /** For badges: the upper-case label. */
  text: string;
  style: CellStyle | undefined;
  /** The lines of a value too wide for one line; null when it is drawn on one line. */
  lines: string[] | null;
  /** Measured width of `text` in the cell's font (measuring once keeps large tables fast). */
  width: number;
}

const BADGE_SPACING = 0.3;

export function drawTable<Row>(doc: Pdf, options: TableOptions<Row>): void {
  const box = contentBox(doc);
  const x = options.x ?? box.left;
  const width = options.width ?? box.width;
  const size = options.fontSize ?? 8.2;
  const zebra = options.zebra ?? true;
  const totalWeight = options.columns.reduce((sum, column) => sum + column.width, 0);
  const widths = options.columns.map((column) => (column.width / totalWeight) * width);
  const lefts = widths.map((_, index) => x + widths.slice(0, index).reduce((sum, w) => sum + w, 0));
  const inner = (index: number) => (widths[index] ?? 0) - PAD_X * 2;

  const headers = options.columns.map((column) => pdfSafe(column.header).toUpperCase());
  // A header may wrap between words, never inside one: a column too narrow for its longest word gets a smaller size.
  const headerSizes = headers.map((header, index) => {
    doc.font(fonts.bold).fontSize(HEADER_SIZE);
    const longest = Math.max(
      ...header.split(/\s+/).map((word) => doc.widthOfString(word, { characterSpacing: 0.4 })),
    );
    // pdfkit's wrapper counts letter spacing after the last letter too: keep a little slack.
    const room = inner(index) - 2;
    return longest <= room ? HEADER_SIZE : Math.max(5, (HEADER_SIZE * room) / longest);
  });
  const headerWidths = headers.map((header, index) => {
    doc.font(fonts.bold).fontSize(headerSizes[index] ?? HEADER_SIZE);
    return doc.widthOfString(header, { characterSpacing: 0.4 });
  });
  const headerHeight =
    Math.max(
      ...headers.map((header, index) => {
        doc.font(fonts.bold).fontSize(headerSizes[index] ?? HEADER_SIZE);
        if ((headerWidths[index] ?? 0) <= inner(index) - 2) return doc.currentLineHeight(true);
        return doc.heightOfString(header, { width: inner(index), characterSpacing: 0.4 });
      }),
    ) +
    PAD_Y * 2 +
    1;

  const drawHeader = () => {
    const top = doc.y;
    doc.rect(x, top, width, headerHeight).fill(colors.panel);
    doc.rect(x, top + headerHeight - 1, width, 1).fill(colors.rule);
    doc.font(fonts.bold).fillColor(colors.muted);
    headers.forEach((header, index) => {
      doc.fontSize(headerSizes[index] ?? HEADER_SIZE);
      const left = (lefts[index] ?? x) + PAD_X;
      const align = options.columns[index]?.align ?? "left";
      const headerWidth = headerWidths[index] ?? 0;
      if (headerWidth <= inner(index) - 2) {
        const offset =
          align === "left"
            ? 0
            : align === "right"
              ? inner(index) - headerWidth
              : (inner(index) - headerWidth) / 2;
        doc.text(header, left + offset, top + PAD_Y + 0.5, { lineBreak: false, characterSpacing: 0.4 });
      } else {
        doc.text(header, left, top + PAD_Y + 0.5, { width: inner(index), align, characterSpacing: 0.4 });
      }
    });
    doc.y = top + headerHeight;
  };

  doc.font(fonts.regular).fontSize(size);
  const lineHeight = doc.currentLineHeight(true) + LINE_GAP;

  const prepare = (row: Row): { cells: PreparedCell[]; height: number } => {
    let height = lineHeight;
    const cells = options.columns.map((column, index): PreparedCell => {
      const style = column.style?.(row);
      const text = pdfSafe(column.value(row));
      if (style?.badge !== undefined) {
        doc.font(fonts.bold).fontSize(size - 1.6);
        const label = text.toUpperCase();
        return {
          text: label,
          style,
          lines: null,
          width: doc.widthOfString(label, { characterSpacing: BADGE_SPACING }),
        };
      }
      doc.font(style?.bold ? fonts.bold : fonts.regular).fontSize(size);
      const textWidth = doc.widthOfString(text);
      const lines =
        column.noWrap !== true && textWidth > inner(index) ? wrapLines(doc, text, inner(index)) : null;
      if (lines) height = Math.max(height, lines.length * (doc.currentLineHeight(true) + LINE_GAP));
      return { text, style, lines, width: textWidth };
    });
    return { cells, height: height + PAD_Y * 2 };
  };

  if (options.rows.length === 0) {
    ensureSpace(doc, headerHeight + lineHeight + PAD_Y * 2);
    drawHeader();
    const top = doc.y;
    doc.font(fonts.italic).fontSize(size).fillColor(colors.muted);
    doc.text(pdfSafe(options.emptyText ?? "No data for this period."), x + PAD_X, top + PAD_Y, {
      width: width - PAD_X * 2,
    });
    doc.y = top + lineHeight + PAD_Y * 2;
    doc.rect(x, doc.y - 0.5, width, 0.5).fill(colors.grid);
    doc.x = box.left;
    doc.y += spacing.block;
    return;
  }

  const prepared = options.rows.map(prepare);
  const maxRowHeight = box.bottom - box.top - headerHeight;
  ensureSpace(doc, headerHeight + Math.min(prepared[0]?.height ?? 0, maxRowHeight));
  drawHeader();

  prepared.forEach((row, rowIndex) => {
    const height = Math.min(row.height, maxRowHeight);
    const bottom = contentBox(doc).bottom;
    // No widow: when only the last row would go over, take the one before it along.
    const next = prepared[rowIndex + 1];
    const isWidowBreak =
      rowIndex >= 2 &&
      rowIndex === prepared.length - 2 &&
      next !== undefined &&
      doc.y + height + Math.min(next.height, maxRowHeight) > bottom;
    if (doc.y + height > bottom || isWidowBreak) {
      addPage(doc);
      drawHeader();
    }
    const top = doc.y;
    if (zebra && rowIndex % 2 === 1) doc.rect(x, top, width, height).fill(colors.zebra);
    row.cells.forEach((cell, index) => {
      const column = options.columns[index];
      const left = (lefts[index] ?? x) + PAD_X;
      const cellWidth = inner(index);
      const align = column?.align ?? "left";
      if (cell.style?.badge !== undefined) {
        doc.font(fonts.bold).fontSize(size - 1.6);
        const label = cell.text;
        const pillWidth = Math.min(cellWidth, cell.width + 10);
        const pillLeft =
          align === "right"
            ? left + cellWidth - pillWidth
            : align === "center"
              ? left + (cellWidth - pillWidth) / 2
              : left;
        doc.roundedRect(pillLeft, top + PAD_Y - 0.5, pillWidth, size + 2.5, 3).fill(cell.style.badge);
        doc.fillColor(colors.white);
        drawTextLine(doc, label, pillLeft, top + PAD_Y + 2, {
          width: pillWidth,
          align: "center",
          characterSpacing: BADGE_SPACING,
        });
        return;
      }
      doc.font(cell.style?.bold ? fonts.bold : fonts.regular).fontSize(size);
      doc.fillColor(cell.style?.color ?? colors.text);
      if (cell.lines === null) {
        const fits = cell.width <= cellWidth;
        const text = fits ? cell.text : truncateToWidth(doc, cell.text, cellWidth);
        const textWidth = fits ? cell.width : doc.widthOfString(text);
        const offset =
          align === "left" ? 0 : align === "right" ? cellWidth - textWidth : (cellWidth - textWidth) / 2;
        doc.text(text, left + offset, top + PAD_Y, { lineBreak: false });
      } else {
        const step = doc.currentLineHeight(true) + LINE_GAP;
        // A row taller than a page is clipped: its last visible line ends with an ellipsis.
        const visible = Math.max(1, Math.floor((height - PAD_Y * 2 + LINE_GAP) / step));
        cell.lines.slice(0, visible).forEach((line, lineIndex) => {
          const isClipped = lineIndex === visible - 1 && cell.lines !== null && cell.lines.length > visible;
          const text = isClipped ? truncateToWidth(doc, `${line}\u2026`, cellWidth) : line;
          drawTextLine(doc, text, left, top + PAD_Y + lineIndex * step, { width: cellWidth, align });
        });
      }
    });
    doc.rect(x, top + height - 0.5, width, 0.5).fill(colors.grid);
    doc.y = top + height;
  });
  doc.x = box.left;
  doc.y += spacing.block;
}
