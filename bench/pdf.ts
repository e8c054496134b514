import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchChromium } from "../e2e/support";
import { openDatabase } from "../server/db/connection";
import { migrateToLatest } from "../server/db/migrations";
import { withScope } from "../server/db/scope";
import { seedDemo } from "../server/db/seed/demo";
import { buildReportSnapshot, renderReport } from "../server/modules/reports/report-types";
import type { SnapshotOf } from "../server/modules/reports/snapshot/snapshot";
import { executiveHtml } from "./executive-html";
import { APP_ROLE, median, writeResults } from "./lib";

const RUNS = Number(process.env.BENCH_PDF_RUNS ?? 30);
/** Runs before timing starts, for each renderer: the JIT and Chromium's caches warm up alike. */
const WARM_UPS = 10;

/** Page count (pdfinfo) and word count (pdftotext) of a PDF, to show both renderers printed the same content. */
function describePdf(pdf: Buffer): { pages: number; words: number } {
  const file = path.join(os.tmpdir(), `portcullis-bench-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const text = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" });
    return {
      pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0),
      words: text.split(/\s+/).filter((word) => word !== "").length,
    };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Median ms per executive_monthly PDF: pdfkit (in process) vs headless Chromium (warm page), same run. */
export async function benchPdf(): Promise<void> {
  const database = await openDatabase({
    kind: "pglite",
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-pdf-")),
  });
  let snapshot: SnapshotOf<"executive_monthly">;
  try {
    await migrateToLatest(database.owner.db, { appRole: APP_ROLE });
    await seedDemo(database, APP_ROLE);
    const report = await withScope(database, APP_ROLE, { kind: "system" }, (trx) =>
      trx
        .selectFrom("reports")
        .innerJoin("tenants", "tenants.id", "reports.tenant_id")
        .selectAll("reports")
        .where("tenants.slug", "=", "northwind")
        .where("report_type", "=", "executive_monthly")
        .orderBy("period_end", "desc")
        .executeTakeFirstOrThrow(),
    );
    snapshot = (await withScope(
      database,
      APP_ROLE,
      { kind: "tenant", tenantId: report.tenant_id, workspaceIds: "all" },
      (trx) =>
        buildReportSnapshot(trx, report, { providerName: "SentinelForge Security", generatedAt: new Date() }),
    )) as SnapshotOf<"executive_monthly">;
  } finally {
    await database.close();
  }

  const pdfkitTimes: number[] = [];
  let pdfkitBytes: Buffer = Buffer.alloc(0);
  for (let run = 0; run < RUNS + WARM_UPS; run++) {
    const started = performance.now();
    pdfkitBytes = await renderReport(snapshot);
    if (run >= WARM_UPS) pdfkitTimes.push(performance.now() - started);
  }

  const browser = await launchChromium();
  const chromiumTimes: number[] = [];
  let chromiumBytes: Buffer = Buffer.alloc(0);
  try {
    const page = await browser.newPage();
    const { html, headerTemplate, footerTemplate } = executiveHtml(snapshot);
    for (let run = 0; run < RUNS + WARM_UPS; run++) {
      const started = performance.now();
      await page.setContent(html);
      chromiumBytes = await page.pdf({
        format: "Letter",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate,
        footerTemplate,
      });
      if (run >= WARM_UPS) chromiumTimes.push(performance.now() - started);
    }
  } finally {
    await browser.close();
  }

  const pdfkitMs = median(pdfkitTimes);
  const chromiumMs = median(chromiumTimes);
  const pdfkitPdf = describePdf(pdfkitBytes);
  const chromiumPdf = describePdf(chromiumBytes);
  const table = [
    "| renderer | pages | words | median ms | bytes |",
    "|---|---|---|---|---|",
    `| pdfkit (in process) | ${pdfkitPdf.pages} | ${pdfkitPdf.words} | ${pdfkitMs.toFixed(1)} | ${pdfkitBytes.length} |`,
    `| headless Chromium, warm page | ${chromiumPdf.pages} | ${chromiumPdf.words} | ${chromiumMs.toFixed(1)} | ${chromiumBytes.length} |`,
    "",
    `pdfkit is **${(chromiumMs / pdfkitMs).toFixed(1)}×** faster (${RUNS} runs each after ${WARM_UPS} warm-ups, same snapshot).`,
  ].join("\n");
  writeResults(
    "pdf",
    {
      runs: RUNS,
      warmUps: WARM_UPS,
      pdfkit: { medianMs: pdfkitMs, ...pdfkitPdf, bytes: pdfkitBytes.length },
      chromium: { medianMs: chromiumMs, ...chromiumPdf, bytes: chromiumBytes.length },
      speedup: chromiumMs / pdfkitMs,
    },
    `executive_monthly for the demo tenant Northwind. Chromium prints an HTML version of the same report (bench/executive-html.ts: same sections, figures, tables, charts as SVG, running header and footer).\n\n${table}`,
  );
}
