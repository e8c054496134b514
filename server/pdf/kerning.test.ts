import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { speedUpStandardFontKerning } from "./kerning";

interface AfmFont {
  kernPairs: Record<string, number>;
  getKernPair(left: string, right: string): number;
}

const fontOf = (doc: InstanceType<typeof PDFDocument>) =>
  (doc as unknown as { _font: { font: AfmFont } })._font.font;

describe("standard-font kerning lookup", () => {
  it("returns exactly pdfkit's own kerning values for every pair of every built-in font used", () => {
    const probe = new PDFDocument();
    probe.font("Helvetica");
    const prototype = Object.getPrototypeOf(fontOf(probe)) as AfmFont;
    const original = prototype.getKernPair;

    speedUpStandardFontKerning(probe);
    expect(prototype.getKernPair).not.toBe(original);

    for (const name of ["Helvetica", "Helvetica-Bold", "Helvetica-Oblique"]) {
      probe.font(name);
      const font = fontOf(probe);
      const pairs = Object.keys(font.kernPairs).map((key) => key.split("\0") as [string, string]);
      expect(pairs.length).toBeGreaterThan(1000);
      for (const [left, right] of [...pairs, ["A", "zzz"], ["nope", "V"]] as [string, string][]) {
        expect(font.getKernPair(left, right)).toBe(original.call(font, left, right));
      }
    }
  });
});
