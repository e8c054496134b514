import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The speed-ups in pdfkit-speed.ts must not change a byte. The same documents are rendered in two processes, one
 * with pdfkit as published and one with the speed-ups, and compared; so is every measured width of every pair of
 * characters in four built-in fonts.
 */

interface Sample {
  mode: string;
  isApplied: boolean;
  documents: string[];
  widths: string;
}

const script = path.resolve(import.meta.dirname, "../../test/fixtures/pdfkit-sample.ts");

function render(mode: "plain" | "fast"): Sample {
  const output = execFileSync(process.execPath, ["--import", "tsx", script, mode], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as Sample;
}

describe("pdfkit speed-ups", () => {
  it("produce byte-identical documents and identical string widths", () => {
    const plain = render("plain");
    const fast = render("fast");
    expect(plain.isApplied).toBe(false);
    expect(fast.isApplied).toBe(true);
    expect(fast.documents).toHaveLength(2);
    for (const [index, document] of fast.documents.entries()) {
      const bytes = Buffer.from(document, "base64");
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(bytes.length).toBeGreaterThan(3000);
      expect(document).toBe(plain.documents[index]);
    }
    expect(fast.widths).toMatch(/^[0-9a-f]{64}$/);
    expect(fast.widths).toBe(plain.widths);
  });
});
