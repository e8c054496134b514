import type { Pdf } from "./document";

/**
 * pdfkit's built-in (AFM) fonts look up a kerning pair by building a string key for every pair of characters drawn,
 * in an object of thousands of keys: 16 % of a report's render time, plus the garbage those strings make. This
 * replaces that lookup with nested Maps built once per font and shared by every document. The kerning values are
 * pdfkit's own, so the output is byte-identical. Applied once, and only if pdfkit's internals look as expected
 * (pdfkit 0.20); otherwise pdfkit's own lookup stays.
 */
interface AfmFont {
  name: string;
  kernPairs: Record<string, number>;
  getKernPair(left: string, right: string): number;
}

const tables = new Map<string, Map<string, Map<string, number>>>();
let isPatched = false;

function kernTable(font: AfmFont): Map<string, Map<string, number>> {
  let table = tables.get(font.name);
  if (!table) {
    table = new Map();
    for (const [key, amount] of Object.entries(font.kernPairs)) {
      const [left, right] = key.split("\0") as [string, string];
      const row = table.get(left) ?? new Map<string, number>();
      row.set(right, amount);
      table.set(left, row);
    }
    tables.set(font.name, table);
  }
  return table;
}

export function speedUpStandardFontKerning(doc: Pdf): void {
  if (isPatched) return;
  isPatched = true;
  const font = (doc as unknown as { _font?: { font?: Partial<AfmFont> } })._font?.font;
  if (!font || typeof font.getKernPair !== "function" || typeof font.kernPairs !== "object" || !font.name)
    return;
  const prototype = Object.getPrototypeOf(font) as AfmFont;
  prototype.getKernPair = function getKernPair(this: AfmFont, left: string, right: string): number {
    return kernTable(this).get(left)?.get(right) ?? 0;
  };
}
