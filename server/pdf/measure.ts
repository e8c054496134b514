import type { Pdf } from "./document";

/*
 * Measuring and placing single lines of text. pdfkit's own wrapper is general but slow (it measures every word
 * again on every call, and runs even for lineBreak: false once a width is given); tables and labels use these
 * instead: measure once, then place each line.
 */

/** `text` shortened with an ellipsis so that it fits `width` in the current font and size. */
export function truncateToWidth(doc: Pdf, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${text.slice(0, middle).trimEnd()}\u2026`) <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low).trimEnd()}\u2026`;
}

/**
 * One line of text, never wrapped, aligned inside `width` by measuring it once. (pdfkit runs its line wrapper
 * whenever a width is given, even with lineBreak off; placing the text ourselves is several times cheaper.)
 */
export function drawTextLine(
  doc: Pdf,
  text: string,
  x: number,
  y: number,
  options: { width?: number; align?: "left" | "center" | "right"; characterSpacing?: number } = {},
): void {
  const align = options.align ?? "left";
  let left = x;
  if (align !== "left" && options.width !== undefined) {
    const textWidth = doc.widthOfString(text, { characterSpacing: options.characterSpacing });
    left = align === "right" ? x + options.width - textWidth : x + (options.width - textWidth) / 2;
  }
  doc.text(text, left, y, { lineBreak: false, characterSpacing: options.characterSpacing });
}

/**
 * Splits `text` into lines no wider than `width` in the current font and size: between words where possible,
 * inside a word only when the word alone is too wide (long e-mail addresses, host names).
 */
export function wrapLines(doc: Pdf, text: string, width: number): string[] {
  const space = doc.widthOfString(" ");
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let lineWidth = 0;
    for (const word of paragraph.split(/\s+/)) {
      if (word === "") continue;
      let wordWidth = doc.widthOfString(word);
      let rest = word;
      // A word wider than the line on its own is cut into pieces that fit.
      while (wordWidth > width && rest.length > 1) {
        if (line !== "") {
          lines.push(line);
          line = "";
          lineWidth = 0;
        }
        let cut = rest.length - 1;
        while (cut > 1 && doc.widthOfString(rest.slice(0, cut)) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
        wordWidth = doc.widthOfString(rest);
      }
      if (line === "") {
        line = rest;
        lineWidth = wordWidth;
      } else if (lineWidth + space + wordWidth <= width) {
        line += ` ${rest}`;
        lineWidth += space + wordWidth;
      } else {
        lines.push(line);
        line = rest;
        lineWidth = wordWidth;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Draws pre-wrapped lines from `y` down, `lineGap` apart; returns the height used. */
export function drawLines(
  doc: Pdf,
  lines: readonly string[],
  x: number,
  y: number,
  options: { width: number; lineGap?: number; align?: "left" | "center" | "right" },
): number {
  const step = doc.currentLineHeight(true) + (options.lineGap ?? 0);
  lines.forEach((line, index) => {
    drawTextLine(doc, line, x, y + index * step, { width: options.width, align: options.align });
  });
  return lines.length * step;
}

/** Height of `lines` as `drawLines` draws them in the current font and size. */
export function linesHeight(doc: Pdf, count: number, lineGap = 0): number {
  return count * (doc.currentLineHeight(true) + lineGap);
}
