import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchChromium } from "../e2e/support";
import { openDatabase } from "../server/db/connection";
import { migrateToLatest } from "../server/db/migrations";
import { withScope } from "../server/db/scope";
import { seedDemo } from "../server/db/seed/demo";
import { buildReportSnapshot, type SnapshotOf } from "../server/modules/reports/render/snapshot";
import { renderReport } from "../server/modules/reports/render/templates";
import { APP_ROLE, median, writeResults } from "./lib";

const RUNS = Number(process.env.BENCH_PDF_RUNS ?? 30);

const esc = (value: unknown) => String(value ?? "—").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function bars(values: { label: string; value: number }[], width = 640, height = 220): string {
  const max = Math.max(1, ...values.map((v) => v.value));
  const step = width / values.length;
  return `<svg width="${width}" height="${height + 30}" xmlns="http://www.w3.org/2000/svg">${values
    .map((v, i) => {
      const h = (v.value / max) * height;
      return `<rect x="${i * step + 6}" y="${height - h}" width="${step - 12}" height="${h}" fill="#c2410c"/>
<text x="${i * step + step / 2}" y="${height + 18}" font-size="10" text-anchor="middle">${esc(v.label)}</text>`;
    })
    .join("")}</svg>`;
}

function line(values: number[], width = 640, height = 200): string {
  const max = Math.max(1, ...values);
  const points = values
    .map((v, i) => `${(i / Math.max(1, values.length - 1)) * width},${height - (v / max) * height}`)
    .join(" ");
  return `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><polyline points="${points}" fill="none" stroke="#c2410c" stroke-width="2"/></svg>`;
}

function table(headers: string[], rows: unknown[][]): string {
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${esc(cell)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** The executive report's content as HTML (cover, summary, charts, tables) for Chromium to print. */
function executiveHtml(snapshot: SnapshotOf<"executive_monthly">): string {
  const d = snapshot.data;
  const page = (title: string, body: string) => `<section><h2>${esc(title)}</h2>${body}</section>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
  body{font-family:Helvetica,Arial,sans-serif;color:#0f172a;font-size:11px} section{page-break-after:always}
  h1{font-size:28px;color:#c2410c} h2{font-size:18px;border-bottom:2px solid #c2410c}
  table{border-collapse:collapse;width:100%} th{background:#f1f5f9;text-align:left} th,td{padding:4px;border-bottom:1px solid #e2e8f0}
  .tiles{display:flex;gap:8px}.tile{border:1px solid #e2e8f0;padding:8px;flex:1}.tile b{font-size:20px;display:block}
  </style></head><body>
  ${page(snapshot.title, `<h1>${esc(snapshot.title)}</h1><p>${esc(snapshot.provider_name)} for ${esc(snapshot.tenant_name)}</p><p>${esc(snapshot.period_start)} – ${esc(snapshot.period_end)}</p>`)}
  ${page(
    "Executive summary",
    `<div class="tiles"><div class="tile"><b>${d.incidents.total}</b>incidents</div><div class="tile"><b>${d.alerts.total}</b>alerts</div><div class="tile"><b>${esc(d.response.mttr_hours)}</b>MTTR hours</div><div class="tile"><b>${esc(d.compliance.average_score)}</b>compliance</div></div>
    <p>${d.incidents.total} incidents (${esc(d.deltas.incidents_pct)} % vs last month), ${d.alerts.total} alerts, MTTR ${esc(d.response.mttr_hours)} h.</p>${bars(Object.entries(d.incidents.by_severity).map(([label, value]) => ({ label, value })))}`,
  )}
  ${page(
    "Incident trend",
    bars(d.incidents.monthly.map((m) => ({ label: m.month, value: m.total }))) +
      table(
        ["Month", "Total", "Critical", "High"],
        d.incidents.monthly.map((m) => [m.month, m.total, m.by_severity.critical, m.by_severity.high]),
      ),
  )}
  ${page(
    "Alerts",
    line(d.alerts.daily.map((day) => day.total)) +
      table(
        ["Day", "Alerts"],
        d.alerts.daily.map((day) => [day.day, day.total]),
      ),
  )}
  ${page(
    "Top detections",
    table(
      ["Detection", "Severity", "Alerts", "Previous"],
      d.alerts.top_detections.map((t) => [t.detection, t.severity, t.count, t.previous_count]),
    ) +
      table(
        ["Detection", "Incidents"],
        d.incidents.top_detections.map((t) => [t.detection, t.count]),
      ),
  )}
  ${page(
    "Response",
    table(
      ["Severity", "Acknowledged", "MTTA min", "Target", "Resolved", "MTTR h", "Target"],
      d.response.by_severity.map((r) => [
        r.severity,
        r.acknowledged,
        r.mtta_minutes,
        r.ack_target_minutes,
        r.resolved,
        r.mttr_hours,
        r.resolve_target_hours,
      ]),
    ),
  )}
  ${page(
    "Compliance",
    table(
      ["Framework", "Score", "Status", "Previous"],
      d.compliance.frameworks.map((f) => [f.name, f.score, f.status, f.previous_score]),
    ) +
      d.compliance.frameworks
        .map((f) =>
          line(
            f.trend.map((t) => t.score),
            640,
            120,
          ),
        )
        .join(""),
  )}
  ${page(
    "Notable incidents",
    table(
      ["ID", "Title", "Severity", "Status", "Detection", "Opened", "Ack min", "Resolve h"],
      d.incidents.notable.map((n) => [
        n.external_id,
        n.title,
        n.severity,
        n.status,
        n.detection,
        n.opened_at,
        n.ack_minutes,
        n.resolve_hours,
      ]),
    ),
  )}
  ${page("Methodology", "<p>MTTR is the mean time from open to resolve of incidents resolved in the period. Alerts are daily counts per detection.</p>")}
  </body></html>`;
}

function pageCount(pdf: Buffer): number {
  const file = path.join(os.tmpdir(), `portcullis-bench-${process.pid}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
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
    await migrateToLatest(database.db, { appRole: APP_ROLE });
    await seedDemo(database.db, APP_ROLE);
    const report = await withScope(database.db, APP_ROLE, { kind: "system" }, (trx) =>
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
      database.db,
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
  for (let run = 0; run < RUNS + 3; run++) {
    const started = performance.now();
    pdfkitBytes = await renderReport(snapshot);
    if (run >= 3) pdfkitTimes.push(performance.now() - started);
  }

  const browser = await launchChromium();
  const chromiumTimes: number[] = [];
  let chromiumBytes: Buffer = Buffer.alloc(0);
  try {
    const page = await browser.newPage();
    const html = executiveHtml(snapshot);
    for (let run = 0; run < RUNS + 3; run++) {
      const started = performance.now();
      await page.setContent(html);
      chromiumBytes = await page.pdf({ format: "Letter", printBackground: true });
      if (run >= 3) chromiumTimes.push(performance.now() - started);
    }
  } finally {
    await browser.close();
  }

  const pdfkitMs = median(pdfkitTimes);
  const chromiumMs = median(chromiumTimes);
  const pdfkitPages = pageCount(pdfkitBytes);
  const chromiumPages = pageCount(chromiumBytes);
  const table = [
    "| renderer | pages | median ms | bytes |",
    "|---|---|---|---|",
    `| pdfkit (in process) | ${pdfkitPages} | ${pdfkitMs.toFixed(1)} | ${pdfkitBytes.length} |`,
    `| headless Chromium, warm page | ${chromiumPages} | ${chromiumMs.toFixed(1)} | ${chromiumBytes.length} |`,
    "",
    `pdfkit is **${(chromiumMs / pdfkitMs).toFixed(1)}×** faster (${RUNS} runs each after 3 warm-ups, same snapshot).`,
  ].join("\n");
  writeResults(
    "pdf",
    {
      runs: RUNS,
      pdfkit: { medianMs: pdfkitMs, pages: pdfkitPages, bytes: pdfkitBytes.length },
      chromium: { medianMs: chromiumMs, pages: chromiumPages, bytes: chromiumBytes.length },
      speedup: chromiumMs / pdfkitMs,
    },
    `executive_monthly for the demo tenant Northwind.\n\n${table}`,
  );
}
