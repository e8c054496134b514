import type { Pdf } from "./document";

/*
 * Local speed-ups of pdfkit 0.20's internals, each producing byte-for-byte the output pdfkit produces without them
 * (`pdfkit-speed.test.ts` renders the same document in a process without them and compares the bytes, and
 * compares every character pair's width). Applied once per process, and only when pdfkit's internals look as
 * expected; otherwise pdfkit's own code stays.
 *
 * 1. Standard-font metrics. For every character drawn or measured, pdfkit's built-in (AFM) fonts look up a glyph
 *    name, then its width in an object keyed by name, then a kerning pair under a string key built for that pair
 *    of characters, and allocate arrays of names and advances on the way: about a third of a report's render
 *    time, plus the garbage. Here each font's widths and kerning pairs are flat number tables indexed by the
 *    character's WinAnsi code, built once per process from pdfkit's own values.
 * 2. Content writes. Every drawing operator goes into the page stream as a string that pdfkit turns into bytes one
 *    character at a time in JavaScript; `Buffer.from(text, "latin1")` does the same (the low byte of each UTF-16
 *    unit) natively.
 */

interface AfmFont {
  name: string;
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
  font: AfmFont;
  encode(text: string, features?: unknown): [string[], GlyphPosition[]];
  widthOfString(text: string, size: number, features?: unknown): number;
}

interface ByteSink {
  write(chunk: unknown): unknown;
}

interface DocumentInternals {
  _font?: Partial<StandardFont>;
  _write?: (data: unknown) => void;
  page?: { content?: Partial<ByteSink> };
}

/** Table slot of every character that has no glyph in WinAnsiEncoding (pdfkit draws `.notdef` for it). */
const NOTDEF = 256;
const SLOTS = 257;

/** Per UTF-16 code unit: the code pdfkit writes for it (WinAnsi, or the unit itself when it has none); -1 = not yet known. */
const codes = new Int32Array(65536).fill(-1);
const hexOfCode: string[] = [];

interface Metrics {
  /** Advance width (1/1000 em) by slot. */
  widths: Float64Array;
  /** Kerning adjustment (1/1000 em) by left slot × SLOTS + right slot. */
  kerning: Float64Array;
}

const metricsByFont = new Map<string, Metrics>();
let isApplied = false;

function codeOf(font: AfmFont, unit: number, encodeText: AfmFont["encodeText"]): number {
  let code = codes[unit] ?? -1;
  if (code < 0) {
    code = Number.parseInt(encodeText.call(font, String.fromCharCode(unit))[0] ?? "0", 16);
    codes[unit] = code;
    hexOfCode[code] = code.toString(16);
  }
  return code;
}

function metricsOf(font: AfmFont, original: Pick<AfmFont, "characterToGlyph" | "widthOfGlyph">): Metrics {
  let metrics = metricsByFont.get(font.name);
  if (metrics) return metrics;
  const widths = new Float64Array(SLOTS);
  const slotsByGlyph = new Map<string, number[]>();
  for (let slot = 0; slot < SLOTS; slot++) {
    const glyph = slot === NOTDEF ? ".notdef" : original.characterToGlyph.call(font, slot);
    widths[slot] = original.widthOfGlyph.call(font, glyph);
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

function speedUpStandardFonts(prototype: StandardFont, afmPrototype: AfmFont): void {
  const { encodeText } = afmPrototype;
  const original = { characterToGlyph: afmPrototype.characterToGlyph, widthOfGlyph: afmPrototype.widthOfGlyph };
  const slotOf = (font: AfmFont, unit: number) => {
    const code = codeOf(font, unit, encodeText);
    return Math.min(code, NOTDEF);
  };

  prototype.widthOfString = function widthOfString(this: StandardFont, string: string, size: number): number {
    const text = `${string}`;
    const { widths, kerning } = metricsOf(this.font, original);
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
    const { widths, kerning } = metricsOf(this.font, original);
    const encoded: string[] = new Array(text.length);
    const positions: GlyphPosition[] = new Array(text.length);
    let left = text.length > 0 ? slotOf(this.font, text.charCodeAt(0)) : NOTDEF;
    for (let index = 0; index < text.length; index++) {
      encoded[index] = hexOfCode[codeOf(this.font, text.charCodeAt(index), encodeText)] as string;
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

const PENDING = Symbol("pending page text");

interface PdfReference {
  [PENDING]?: string;
  write(chunk: unknown): unknown;
  finalize(): unknown;
}

/**
 * A page's content stream keeps the operators written to it as one string and turns it into bytes once, just
 * before pdfkit's own code needs them (a binary chunk, or the end of the stream): same bytes, same order.
 */
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

interface FontSlots {
  _fontFamilies: Record<string, object>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
  _font: object | null;
  font(src: unknown, family?: unknown, size?: unknown): unknown;
}

/** Per standard font name: a parsed font's fields that do not depend on its document (the AFM tables above all). */
const parsedFonts = new Map<string, { prototype: object; fields: Record<string, unknown> }>();
const DOCUMENT_FIELDS = new Set(["document", "id", "dictionary", "embedded"]);

/**
 * pdfkit parses a built-in font's metrics again for every document that uses it. Here a document gets a font
 * object of the same class and fields, sharing the parsed metrics of the first document's, under the id pdfkit
 * would have given it; pdfkit's own `font()` then finds it registered and goes on as usual.
 */
function shareStandardFonts(prototype: FontSlots, standardFontPrototype: object): void {
  const { font } = prototype;
  prototype.font = function fontShared(this: FontSlots, src: unknown, family?: unknown, size?: unknown) {
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
      parsedFonts.set(src as string, { prototype: Object.getPrototypeOf(this._font) as object, fields });
    }
    return result;
  };
}

/** Applies the speed-ups, once, using `doc` (a fresh pdfkit document with its default font) to reach the classes. */
export function speedUpPdfkit(doc: Pdf): void {
  if (isApplied) return;
  isApplied = true;
  const internals = doc as unknown as DocumentInternals;
  const standardFont = internals._font;
  const afm = standardFont?.font;
  const isStandardFont = Boolean(
    standardFont &&
      afm &&
      typeof standardFont.encode === "function" &&
      typeof standardFont.widthOfString === "function" &&
      typeof afm.encodeText === "function" &&
      typeof afm.characterToGlyph === "function" &&
      typeof afm.widthOfGlyph === "function" &&
      typeof afm.kernPairs === "object" &&
      typeof afm.name === "string",
  );
  if (isStandardFont) {
    speedUpStandardFonts(
      Object.getPrototypeOf(standardFont) as StandardFont,
      Object.getPrototypeOf(afm) as AfmFont,
    );
  }
  const content = internals.page?.content as Partial<PdfReference> | undefined;
  if (content && typeof content.write === "function" && typeof content.finalize === "function") {
    deferContentBytes(Object.getPrototypeOf(content) as PdfReference);
  }
  const documentPrototype = Object.getPrototypeOf(doc) as Partial<FontSlots>;
  if (isStandardFont && typeof documentPrototype.font === "function") {
    shareStandardFonts(documentPrototype as FontSlots, Object.getPrototypeOf(standardFont) as object);
  }
}
