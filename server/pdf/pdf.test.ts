import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReportDocument, type DocumentMeta, finishReportDocument } from "./document";
import { pdfSafe } from "./encoding";
import { formatDecimal, formatInteger, formatPeriod, roundTo } from "./format";
import { wrapLines } from "./measure";
import { drawTable } from "./table";
import { drawParagraph } from "./text";

/* The building blocks on their own: a long table across pages, text encoding, number and date formatting. */

const meta: DocumentMeta = {
  documentId: "00000000-0000-4000-8000-000000000001",
  title: "Building blocks",
  reportTypeLabel: "Test Report",
  providerName: "Provider",
  tenantName: "Tenant",
  workspaceName: "Workspace",
  periodStart: "2026-01-01T00:00:00.000Z",
  periodEnd: "2026-02-01T00:00:00.000Z",
  generatedAt: "2026-02-02T08:00:00.000Z",
  dataSha256: "a".repeat(64),
};

let workDir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-pdf-"));
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

async function renderTable(rows: number): Promise<Buffer> {
  const doc = createReportDocument(meta);
  drawParagraph(doc, "A table long enough to need several pages.");
  drawTable(doc, {
    columns: [
      { header: "Row id", width: 1, value: (row: number) => `ROW-${String(row).padStart(3, "0")}` },
      {
        header: "Description",
        width: 4,
        value: (row) =>
          row % 7 === 0 ? "A longer description that has to wrap onto a second line ".repeat(2) : "Short",
      },
      { header: "Value", width: 1, align: "right", value: (row) => formatInteger(row * 1000) },
    ],
    rows: Array.from({ length: rows }, (_, index) => index + 1),
  });
  return finishReportDocument(doc, meta);
}

function pagesOf(pdf: Buffer, name: string): string[] {
  const file = path.join(workDir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync("qpdf", ["--check", file], { stdio: "pipe" });
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  return text.split("\f").filter((page) => page.trim() !== "");
}

describe("drawTable", () => {
  it("repeats the header on every page it spans and never loses or splits a row", async () => {
    const pages = pagesOf(await renderTable(150), "long-table");
    const contentPages = pages.slice(1);
    expect(contentPages.length).toBeGreaterThanOrEqual(4);
    for (const page of contentPages) {
      expect(page).toMatch(/ROW ID\s+DESCRIPTION\s+VALUE/);
      // The footer comes after the last row: nothing was drawn into the bottom margin.
      const lines = page.trimEnd().split("\n");
      expect(lines.at(-2)).toMatch(/Document .* Page \d+ of \d+/);
    }
    const all = contentPages.join("\n");
    for (let row = 1; row <= 150; row++) {
      expect(all).toContain(`ROW-${String(row).padStart(3, "0")}`);
    }
  });

  it("is deterministic: the same input gives the same bytes", async () => {
    const digest = async () =>
      createHash("sha256")
        .update(await renderTable(40))
        .digest("hex");
    expect(await digest()).toBe(await digest());
  });
});

describe("pdfSafe", () => {
  it("keeps Latin-1 and WinAnsi punctuation and replaces what the built-in fonts cannot draw", () => {
    expect(pdfSafe("São Paulo — “24×7” ≥ 90 → ok")).toBe("São Paulo — “24×7” >= 90 -> ok");
    expect(pdfSafe("emoji \u{1F512} and CJK 東")).toBe("emoji ?? and CJK ?");
  });
});

describe("wrapLines", () => {
  it("breaks between words, and inside a word only when it is wider than the line", async () => {
    const doc = createReportDocument(meta);
    doc.font("Helvetica").fontSize(10);
    const lines = wrapLines(doc, "alpha beta gamma delta someone.with.a.very.long.address@example.org", 80);
    for (const line of lines) expect(doc.widthOfString(line)).toBeLessThanOrEqual(80);
    expect(lines.join(" ").replace(/\s+/g, "")).toBe(
      "alphabetagammadeltasomeone.with.a.very.long.address@example.org",
    );
    for (const word of ["alpha", "beta", "gamma", "delta"]) {
      expect(lines.some((line) => line.split(" ").includes(word))).toBe(true);
    }
    expect(lines.length).toBeGreaterThan(3);
    await finishReportDocument(doc, meta);
  });
});

describe("format", () => {
  it("rounds half away from zero and groups thousands", () => {
    expect(roundTo(2.25)).toBe(2.3);
    expect(roundTo(-2.25)).toBe(-2.3);
    expect(formatDecimal(1234.56)).toBe("1,234.6");
    expect(formatInteger(1234567)).toBe("1,234,567");
  });

  it("prints a half-open period with its last day", () => {
    expect(formatPeriod("2026-07-01T00:00:00Z", "2026-10-01T00:00:00Z")).toBe(
      "July 1 \u2013 September 30, 2026",
    );
    expect(formatPeriod("2025-12-01T00:00:00Z", "2026-01-01T00:00:00Z")).toBe(
      "December 1 \u2013 December 31, 2025",
    );
  });
});
