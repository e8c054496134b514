import PDFDocument from "pdfkit";
import type { Pdf } from "./document";

/*
 * Local speed-ups of pdfkit 0.20's internals. Each one produces byte for byte what pdfkit produces without it:
 * `pdfkit-speed.test.ts` renders the same documents in a process without them and compares the bytes, and the
 * width of every pair of characters (and every report type, rendered from fixed snapshots). They are applied once
 * per process, and only where pdfkit's internals look as expected; anywhere else pdfkit's own code runs, and a
 * process warning names the speed-up left out and the internals it did not find. pdfkit is pinned to the version
 * they are written for (`PDFKIT_VERSION`).
 *
 * 1. Standard-font metrics. For each character drawn or measured, pdfkit's built-in (AFM) fonts look up a glyph
 *    name, its width in an object keyed by name, and a kerning pair under a string key built for that pair, and
 *    allocate arrays of names and advances on the way: about a third of a report's render time, plus the garbage.
 *    Here each font's widths and kerning pairs are flat number tables indexed by WinAnsi code, built once per
 *    process from pdfkit's own values.
 * 2. Parsed fonts shared across documents: pdfkit parses a built-in font's metrics again for every document.
 * 3. Page content turned into bytes once: pdfkit turns every operator string into a byte array of its own, one
 *    character at a time in JavaScript. Here the page keeps one string, and `Buffer.from(text, "latin1")` (the low
 *    byte of each UTF-16 unit, as pdfkit does) converts it when pdfkit's code next needs bytes.
 * 4. One line of text (`text(string, x, y, { lineBreak: false })`, how tables, charts and labels draw): pdfkit
 *    takes it through option merging, line splitting, alignment, links, underline and glyph position objects.
 *    Here the same operators are written straight from the metric tables.
 * 5. Colours given as "#rrggbb": pdfkit parses the string and prints three divisions by 255 every time a colour is
 *    set (a thousand times per report); here the printed form is kept per colour string.
 */

interface AfmFont {
  name: string;
  ascender: number;
  kernPairs: Record<string, number>;
  encodeText(text: string): string[];
  characterToGlyph(code: number): string;
  widthOfGlyph(glyph: string): number;
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

interface StandardFont {
  id: string;
  font: AfmFont;
  ascender: number;
  encode(text: string, features?: unknown): [string[], GlyphPosition[]];
  widthOfString(text: string, size: number, features?: unknown): number;
  ref(): unknown;
}

interface PdfReference {
  [PENDING]?: string;
  write(chunk: unknown): unknown;
  finalize(): unknown;
}

interface DocumentInternals {
  _font: StandardFont | null;
  _fontSize: number;
  _fontFamilies: Record<string, object>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
  _textOptions: unknown;
  _wrapper: unknown;
  x: number;
  y: number;
  page: { height: number; fonts: Record<string, unknown>; content?: Partial<PdfReference> };
  font(src: unknown, family?: unknown, size?: unknown): unknown;
  text(text: unknown, x?: unknown, y?: unknown, options?: unknown): unknown;
  widthOfString(text: string, options?: object): number;
  addContent(data: string): unknown;
  _normalizeColor(color: unknown): unknown;
  _setColorCore(color: unknown, stroke: boolean): boolean;
}

/** Table slot of every character that has no glyph in WinAnsiEncoding (pdfkit draws `.notdef` for it). */
const NOTDEF = 256;
const SLOTS = 257;

interface Metrics {
  /** Advance width (1/1000 em) by slot. */
  widths: Float64Array;
  /** Kerning adjustment (1/1000 em) by left slot × SLOTS + right slot. */
  kerning: Float64Array;
}

/** pdfkit's own AFM font methods, kept to build the tables from. */
let afm: Pick<AfmFont, "encodeText" | "characterToGlyph" | "widthOfGlyph">;
/** Per UTF-16 code unit: the code pdfkit writes for it (WinAnsi, or the unit itself when it has none); -1 = not yet known. */
const codes = new Int32Array(65536).fill(-1);
const hexOfCode: string[] = [];
const metricsByFont = new Map<string, Metrics>();
let isApplied = false;

function codeOf(font: AfmFont, unit: number): number {
  let code = codes[unit] ?? -1;
  if (code < 0) {
    code = Number.parseInt(afm.encodeText.call(font, String.fromCharCode(unit))[0] ?? "0", 16);
    codes[unit] = code;
    hexOfCode[code] = code.toString(16);
  }
  return code;
}

function slotOf(font: AfmFont, unit: number): number {
  return Math.min(codeOf(font, unit), NOTDEF);
}

function metricsOf(font: AfmFont): Metrics {
  let metrics = metricsByFont.get(font.name);
  if (metrics) return metrics;
  const widths = new Float64Array(SLOTS);
  const slotsByGlyph = new Map<string, number[]>();
  for (let slot = 0; slot < SLOTS; slot++) {
    const glyph = slot === NOTDEF ? ".notdef" : afm.characterToGlyph.call(font, slot);
    widths[slot] = afm.widthOfGlyph.call(font, glyph);
    slotsByGlyph.set(glyph, [...(slotsByGlyph.get(glyph) ?? []), slot]);
  }
  const kerning = new Float64Array(SLOTS * SLOTS);
  for (const [pair, amount] of Object.entries(font.kernPairs)) {
    const [left, right] = pair.split("\0") as [string, string];
    for (const a of slotsByGlyph.get(left) ?? []) {
      for (const b of slotsByGlyph.get(right) ?? []) kerning[a * SLOTS + b] = amount || 0;
    }
  }
  metrics = { widths, kerning };
  metricsByFont.set(font.name, metrics);
  return metrics;
}

/** 1. Widths and glyph positions from the tables (the sums are of integers, so their order cannot matter). */
function speedUpStandardFonts(prototype: StandardFont): void {
  prototype.widthOfString = function widthOfString(this: StandardFont, string: string, size: number): number {
    const text = `${string}`;
    const { widths, kerning } = metricsOf(this.font);
    let width = 0;
    if (text.length > 0) {
      let left = slotOf(this.font, text.charCodeAt(0));
      for (let index = 1; index < text.length; index++) {
        const right = slotOf(this.font, text.charCodeAt(index));
        width += (widths[left] ?? 0) + (kerning[left * SLOTS + right] ?? 0);
        left = right;
      }
      width += widths[left] ?? 0;
    }
    const scale = size / 1000;
    return width * scale;
  };

  prototype.encode = function encode(this: StandardFont, text: string): [string[], GlyphPosition[]] {
    const { widths, kerning } = metricsOf(this.font);
    const encoded: string[] = new Array(text.length);
    const positions: GlyphPosition[] = new Array(text.length);
    let left = text.length > 0 ? slotOf(this.font, text.charCodeAt(0)) : NOTDEF;
    for (let index = 0; index < text.length; index++) {
      encoded[index] = hexOfCode[codeOf(this.font, text.charCodeAt(index))] as string;
      const right = index + 1 < text.length ? slotOf(this.font, text.charCodeAt(index + 1)) : -1;
      const advanceWidth = widths[left] ?? 0;
      positions[index] = {
        xAdvance: advanceWidth + (right < 0 ? 0 : (kerning[left * SLOTS + right] ?? 0)),
        yAdvance: 0,
        xOffset: 0,
        yOffset: 0,
        advanceWidth,
      };
      left = right;
    }
    return [encoded, positions];
  };
}

/** Per standard font name: a parsed font's fields that do not depend on its document (the AFM tables above all). */
const parsedFonts = new Map<string, { prototype: object; fields: Record<string, unknown> }>();
const DOCUMENT_FIELDS = new Set(["document", "id", "dictionary", "embedded"]);

/**
 * 2. A document gets a font object of the same class and fields as the first document's, sharing its parsed
 * metrics, under the id pdfkit would have given it; pdfkit's own `font()` then finds it registered and goes on.
 */
function shareStandardFonts(prototype: DocumentInternals, standardFontPrototype: object): void {
  const { font } = prototype;
  prototype.font = function fontShared(
    this: DocumentInternals,
    src: unknown,
    family?: unknown,
    size?: unknown,
  ) {
    const isPlainCall =
      typeof src === "string" &&
      this._registeredFonts[src] === undefined &&
      (family === undefined || family === null || typeof family === "number");
    const parsed = isPlainCall ? parsedFonts.get(src) : undefined;
    if (parsed && this._fontFamilies[src as string] === undefined) {
      const shared = Object.assign(Object.create(parsed.prototype) as object, parsed.fields, {
        document: this,
        id: `F${++this._fontCount}`,
      });
      this._fontFamilies[src as string] = shared;
      const name = parsed.fields.name;
      if (typeof name === "string" && this._fontFamilies[name] === undefined)
        this._fontFamilies[name] = shared;
    }
    const result = font.call(this, src, family, size);
    if (isPlainCall && !parsed && this._font && Object.getPrototypeOf(this._font) === standardFontPrototype) {
      const fields: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(this._font)) {
        if (!DOCUMENT_FIELDS.has(key)) fields[key] = value;
      }
      parsedFonts.set(src as string, { prototype: standardFontPrototype, fields });
    }
    return result;
  };
}

const PENDING = Symbol("pending page text");

/** 3. Operators kept as one string per stream, turned into bytes when pdfkit next needs bytes: same bytes, same order. */
function deferContentBytes(prototype: PdfReference): void {
  const { write, finalize } = prototype;
  const flush = (reference: PdfReference) => {
    const text = reference[PENDING];
    if (text) {
      reference[PENDING] = "";
      write.call(reference, Buffer.from(text, "latin1"));
    }
  };
  prototype.write = function deferredWrite(this: PdfReference, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      return write.call(this, chunk);
    }
    this[PENDING] = `${this[PENDING] ?? ""}${chunk}\n`;
    return undefined;
  };
  prototype.finalize = function finalizeWithText(this: PdfReference) {
    flush(this);
    return finalize.call(this);
  };
}

/** pdfkit's number format in content streams (PDFObject.number). */
function number(value: number): number {
  if (value > -1e21 && value < 1e21) return Math.round(value * 1e6) / 1e6;
  throw new Error(`unsupported number: ${value}`);
}

/** True for the options of one unwrapped line: `{ lineBreak: false }`, perhaps with `characterSpacing`. */
function isSingleLine(options: unknown): options is { lineBreak: false; characterSpacing?: number } {
  if (typeof options !== "object" || options === null) return false;
  const record = options as Record<string, unknown>;
  if (record.lineBreak !== false) return false;
  for (const key in record) {
    if (key === "lineBreak") continue;
    if (key === "characterSpacing" && (record[key] === undefined || typeof record[key] === "number"))
      continue;
    if (record[key] !== undefined) return false;
  }
  return true;
}

/**
 * 4. What pdfkit's `text → _line → _fragment` writes for one line in a standard font at the default (top)
 * baseline with no word spacing, scaling, link or decoration, and where it leaves the cursor.
 */
function fastSingleLineText(prototype: DocumentInternals, standardFontPrototype: object): void {
  const { text } = prototype;
  prototype.text = function textFast(
    this: DocumentInternals,
    string: unknown,
    x: unknown,
    y: unknown,
    options: unknown,
  ) {
    const font = this._font;
    if (
      typeof string !== "string" ||
      typeof x !== "number" ||
      typeof y !== "number" ||
      !isSingleLine(options) ||
      this._textOptions != null ||
      this._wrapper != null ||
      font === null ||
      Object.getPrototypeOf(font) !== standardFontPrototype ||
      string.includes("\n")
    ) {
      return text.call(this, string, x, y, options);
    }
    this.x = x;
    this.y = y;
    if (string.length > 0) {
      const size = this._fontSize;
      const characterSpacing = options.characterSpacing || 0;
      const dy = (font.ascender / 1000) * size;
      const { kerning } = metricsOf(font.font);
      if (this.page.fonts[font.id] == null) this.page.fonts[font.id] = font.ref();
      const { height } = this.page;
      let operators = `q\n1 0 0 -1 0 ${number(height)} cm\nBT\n1 0 0 1 ${number(x)} ${number(height - y - dy)} Tm\n/${font.id} ${number(size)} Tf`;
      if (characterSpacing) operators += `\n${number(characterSpacing)} Tc`;
      // A hex string per stretch without kerning, each followed by the adjustment after it (pdfkit's addSegment).
      const segments: string[] = [];
      let run = "";
      let left = slotOf(font.font, string.charCodeAt(0));
      for (let index = 0; index < string.length; index++) {
        run += hexOfCode[codeOf(font.font, string.charCodeAt(index))];
        let kern = 0;
        if (index + 1 < string.length) {
          const right = slotOf(font.font, string.charCodeAt(index + 1));
          kern = kerning[left * SLOTS + right] ?? 0;
          left = right;
        }
        if (kern !== 0 || index + 1 === string.length) {
          segments.push(`<${run}> ${number(-kern)}`);
          run = "";
        }
      }
      this.addContent(`${operators}\n[${segments.join(" ")}] TJ\nET\nQ`);
    }
    this.x += this.widthOfString(string, options);
    return this;
  };
}

const printedColors = new Map<string, string>();

/** 5. What pdfkit's `_setColorCore` writes for a "#…" colour (always DeviceRGB: pdfkit reads it as three bytes). */
function rememberHexColors(prototype: DocumentInternals): void {
  const { _setColorCore } = prototype;
  prototype._setColorCore = function setColorRemembered(
    this: DocumentInternals,
    color: unknown,
    stroke: boolean,
  ) {
    if (typeof color !== "string" || !color.startsWith("#")) return _setColorCore.call(this, color, stroke);
    let printed = printedColors.get(color);
    if (printed === undefined) {
      const normalized = this._normalizeColor(color);
      if (!Array.isArray(normalized) || normalized.length !== 3)
        return _setColorCore.call(this, color, stroke);
      printed = normalized.join(" ");
      printedColors.set(color, printed);
    }
    this.addContent(stroke ? `/DeviceRGB CS\n${printed} SCN` : `/DeviceRGB cs\n${printed} scn`);
    return true;
  };
}

/** The pdfkit version these speed-ups are written against; `package.json` pins pdfkit to it (a test checks). */
export const PDFKIT_VERSION = "0.20.2";

/** A speed-up that cannot be applied: which one, and the pdfkit internals it found missing or changed. */
export interface SkippedSpeedUp {
  speedUp: string;
  missing: string[];
}

/** The names of the checks that failed: each check is an internal's name and whether it looks as expected. */
function missingOf(checks: Record<string, boolean>): string[] {
  return Object.entries(checks)
    .filter(([, isPresent]) => !isPresent)
    .map(([name]) => name);
}

/*
 * A speed-up that cannot be applied leaves pdfkit's own code running: documents stay correct, only slower. That
 * still means pdfkit changed under us, so it is said loudly (a process warning, printed to stderr), once per
 * process, naming the speed-up and the internals it did not find.
 */
function warnSkipped(skipped: SkippedSpeedUp): void {
  process.emitWarning(
    `pdfkit speed-up "${skipped.speedUp}" not applied: pdfkit's ${skipped.missing.join(", ")} ${skipped.missing.length === 1 ? "is" : "are"} missing or changed (the speed-ups are written for pdfkit ${PDFKIT_VERSION}); documents are rendered by pdfkit's own, slower code`,
    { type: "PdfkitSpeedUpWarning", code: "PORTCULLIS_PDFKIT_SPEED_UP_SKIPPED" },
  );
}

/**
 * Applies the speed-ups, once per process, using `doc` (a fresh pdfkit document with a page and its default font)
 * to reach the classes. Returns the speed-ups it could not apply (each also emitted as a process warning).
 */
export function speedUpPdfkit(doc: Pdf): SkippedSpeedUp[] {
  if (isApplied) return [];
  isApplied = true;
  const skipped: SkippedSpeedUp[] = [];
  const internals = doc as unknown as Partial<DocumentInternals>;
  const standardFont = internals._font as Partial<StandardFont> | null | undefined;
  const afmFont = standardFont?.font as Partial<AfmFont> | undefined;
  const documentPrototype = Object.getPrototypeOf(doc) as Partial<DocumentInternals>;

  // 1, 2 and 4 read the metric tables, built from pdfkit's standard font and its AFM font.
  const fontChecks = {
    "document._font (a standard font)": typeof standardFont === "object" && standardFont !== null,
    "StandardFont.encode": typeof standardFont?.encode === "function",
    "StandardFont.widthOfString": typeof standardFont?.widthOfString === "function",
    "StandardFont.ref": typeof standardFont?.ref === "function",
    "StandardFont.id": typeof standardFont?.id === "string",
    "StandardFont.ascender": typeof standardFont?.ascender === "number",
    "AFMFont.encodeText": typeof afmFont?.encodeText === "function",
    "AFMFont.characterToGlyph": typeof afmFont?.characterToGlyph === "function",
    "AFMFont.widthOfGlyph": typeof afmFont?.widthOfGlyph === "function",
    "AFMFont.kernPairs": typeof afmFont?.kernPairs === "object" && afmFont.kernPairs !== null,
    "AFMFont.name": typeof afmFont?.name === "string",
  };
  const fontMissing = missingOf(fontChecks);
  const speedUps: { name: string; checks: Record<string, boolean>; apply: (font: StandardFont) => void }[] = [
    {
      name: "standard-font metrics",
      checks: {},
      apply: (font) => speedUpStandardFonts(font),
    },
    {
      name: "parsed fonts shared across documents",
      checks: { "PDFDocument.font": typeof documentPrototype.font === "function" },
      apply: (font) => shareStandardFonts(documentPrototype as DocumentInternals, font),
    },
    {
      name: "one line of text",
      checks: {
        "PDFDocument.text": typeof documentPrototype.text === "function",
        "PDFDocument.addContent": typeof documentPrototype.addContent === "function",
        "PDFDocument.widthOfString": typeof documentPrototype.widthOfString === "function",
      },
      apply: (font) => fastSingleLineText(documentPrototype as DocumentInternals, font),
    },
  ];
  let standardFontPrototype: StandardFont | undefined;
  if (fontMissing.length === 0 && standardFont && afmFont) {
    const afmPrototype = Object.getPrototypeOf(afmFont) as AfmFont;
    afm = {
      encodeText: afmPrototype.encodeText,
      characterToGlyph: afmPrototype.characterToGlyph,
      widthOfGlyph: afmPrototype.widthOfGlyph,
    };
    standardFontPrototype = Object.getPrototypeOf(standardFont) as StandardFont;
  }
  for (const speedUp of speedUps) {
    const missing = [...fontMissing, ...missingOf(speedUp.checks)];
    if (missing.length > 0 || !standardFontPrototype) skipped.push({ speedUp: speedUp.name, missing });
    else speedUp.apply(standardFontPrototype);
  }

  const colorMissing = missingOf({
    "PDFDocument._normalizeColor": typeof documentPrototype._normalizeColor === "function",
    "PDFDocument._setColorCore": typeof documentPrototype._setColorCore === "function",
    "PDFDocument.addContent": typeof documentPrototype.addContent === "function",
  });
  if (colorMissing.length > 0) skipped.push({ speedUp: "hex colours", missing: colorMissing });
  else rememberHexColors(documentPrototype as DocumentInternals);

  const content = internals.page?.content;
  const contentMissing = missingOf({
    "PDFReference.write": typeof content?.write === "function",
    "PDFReference.finalize": typeof content?.finalize === "function",
  });
  if (contentMissing.length > 0 || !content) {
    skipped.push({ speedUp: "page content bytes", missing: contentMissing });
  } else {
    deferContentBytes(Object.getPrototypeOf(content) as PdfReference);
  }

  for (const speedUp of skipped) warnSkipped(speedUp);
  return skipped;
}

/**
 * Applies the speed-ups at start-up instead of with the first document, so a pdfkit that no longer matches them
 * is reported when the server starts (the caller logs what this returns; each is also a process warning).
 */
export function applyPdfkitSpeedUps(): SkippedSpeedUp[] {
  return speedUpPdfkit(new PDFDocument({ compress: false }));
}
