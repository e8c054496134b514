import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { reportTypes } from "../../contracts/report-types";

/*
 * The speed-ups in pdfkit-speed.ts must not change a byte. The same documents are rendered in two processes, one
 * with pdfkit as published and one with the speed-ups, and compared: a sample exercising pdfkit's text and colour
 * paths (with every measured width of every pair of characters in four built-in fonts), and every report type,
 * rendered from fixed snapshots.
 */

const root = path.resolve(import.meta.dirname, "../..");

function runFixture<T>(script: string, mode: "plain" | "fast"): T {
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "test/fixtures", script), mode],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return JSON.parse(output) as T;
}

interface Sample {
  mode: string;
  isApplied: boolean;
  documents: string[];
  widths: string;
}

interface Reports {
  mode: string;
  skipped: string[];
  warnings: string[];
  documents: Record<string, string>;
}

describe("pdfkit speed-ups", () => {
  it("produce byte-identical documents and identical string widths", () => {
    const plain = runFixture<Sample>("pdfkit-sample.ts", "plain");
    const fast = runFixture<Sample>("pdfkit-sample.ts", "fast");
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

  it("render every report type from its fixed snapshot to the same bytes as plain pdfkit", () => {
    const plain = runFixture<Reports>("report-pdfs.ts", "plain");
    const fast = runFixture<Reports>("report-pdfs.ts", "fast");
    // Plain: every speed-up left out, each with its warning; fast: every one applied, nothing said.
    expect(plain.skipped).toHaveLength(5);
    expect(plain.warnings).toHaveLength(5);
    expect(fast.skipped).toEqual([]);
    expect(fast.warnings).toEqual([]);
    expect(Object.keys(fast.documents)).toEqual(reportTypes);
    for (const type of reportTypes) {
      const bytes = Buffer.from(fast.documents[type] ?? "", "base64");
      expect(bytes.subarray(0, 5).toString("latin1"), type).toBe("%PDF-");
      expect(bytes.length, type).toBeGreaterThan(10_000);
      expect(fast.documents[type], type).toBe(plain.documents[type]);
    }
  });

  it("are written for the pdfkit version package.json pins and npm installed", async () => {
    const { PDFKIT_VERSION } = await import("./pdfkit-speed");
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const installed = JSON.parse(
      fs.readFileSync(path.join(root, "node_modules/pdfkit/package.json"), "utf8"),
    ) as {
      version: string;
    };
    expect(manifest.dependencies.pdfkit).toBe(PDFKIT_VERSION);
    expect(installed.version).toBe(PDFKIT_VERSION);
  });
});

describe("a speed-up whose pdfkit internal is missing", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is left out with one warning naming it and the internal, once per process", async () => {
    // A fresh copy of the module: the speed-ups are applied once per process (per module instance).
    vi.resetModules();
    const { speedUpPdfkit } = await import("./pdfkit-speed");
    const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    // A pdfkit document class whose prototype has no `_setColorCore` (as if pdfkit had renamed it).
    class ChangedDocument extends PDFDocument {}
    Object.defineProperty(ChangedDocument.prototype, "_setColorCore", { value: undefined });
    const doc = new ChangedDocument({ autoFirstPage: false });
    doc.addPage();

    const skipped = speedUpPdfkit(doc);
    expect(skipped).toEqual([{ speedUp: "hex colours", missing: ["PDFDocument._setColorCore"] }]);
    expect(emitWarning).toHaveBeenCalledTimes(1);
    const [message, options] = emitWarning.mock.calls[0] ?? [];
    expect(message).toMatch(
      /pdfkit speed-up "hex colours" not applied: pdfkit's PDFDocument\._setColorCore is missing/,
    );
    expect(options).toMatchObject({
      type: "PdfkitSpeedUpWarning",
      code: "PORTCULLIS_PDFKIT_SPEED_UP_SKIPPED",
    });

    const again = new ChangedDocument({ autoFirstPage: false });
    again.addPage();
    expect(speedUpPdfkit(again)).toEqual([]);
    expect(emitWarning).toHaveBeenCalledTimes(1);
  });
});
