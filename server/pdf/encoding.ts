/*
 * The built-in PDF fonts (Helvetica) encode text as WinAnsi: Latin-1 plus a few typographic characters. pdfkit
 * writes anything else as garbage bytes, so every string that reaches the page goes through `pdfSafe` first.
 */

/** Characters outside Latin-1 that WinAnsi still has (dashes, curly quotes, bullet, ellipsis, euro, …). */
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018,
  0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
  0x2122,
]);

/** Readable stand-ins for common characters WinAnsi lacks. */
const REPLACEMENTS: Record<string, string> = {
  "\u2265": ">=",
  "\u2264": "<=",
  "\u2192": "->",
  "\u2190": "<-",
  "\u2212": "-",
  "\u2011": "-",
  "\u2010": "-",
  "\u00a0": " ",
  "\u202f": " ",
  "\u2009": " ",
  "\u2713": "yes",
  "\u2717": "no",
  "\u0394": "change ",
};

// Anything that is not printable Latin-1 (controls other than newline excluded) or a WinAnsi extra.
const UNSAFE = /[^\n\x20-\x7e\xa1-\xff]/g;

/** The string as the built-in fonts can draw it: known look-alikes substituted, anything else becomes "?". */
export function pdfSafe(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const replacement = REPLACEMENTS[char];
    if (replacement !== undefined) return replacement;
    const code = char.codePointAt(0) ?? 0;
    if (WIN_ANSI_EXTRA.has(code)) return char;
    if (char === "\t") return " ";
    if (char === "\r") return "";
    return "?";
  });
}
