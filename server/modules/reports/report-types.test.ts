import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportTypes } from "../../../contracts/report-types";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { createTestDatabase, type TestDatabase } from "../../../test/helpers/database";
import { type ScopedTransaction, withScope } from "../../db/scope";
import type { ReportType } from "../../db/types";
import { buildReportSnapshot, renderReport, reportTypeRegistry, socReportTypes } from "./report-types";
import { canonicalJson, type ReportSnapshot, snapshotSha256 } from "./snapshot/snapshot";

/*
 * Renders every report type from the seeded demo data and reads the PDFs back with the tools a customer's
 * machine would use: qpdf (structure) and poppler (page count, text). The expected figures are computed here with
 * SQL of their own, never through the snapshot code. qpdf and poppler-utils are required: a missing tool fails
 * the run rather than skipping it.
 */

let database: TestDatabase;
let workDir: string;
const GENERATED_AT = new Date();
const PROVIDER = "SentinelForge Security";

interface SeededReport {
  id: string;
  tenant_id: string;
  workspace_id: string;
  report_type: ReportType;
  title: string;
  period_start: Date;
  period_end: Date;
  engagement_id: string | null;
}

interface Rendered {
  report: SeededReport;
  snapshot: ReportSnapshot;
  pdf: Buffer;
  pages: number;
  /** pdftotext -layout output with runs of blanks and line breaks collapsed to one space. */
  text: string;
  /** The raw pdftotext -layout output, line by line. */
  lines: string[];
  /** `text` without the running headers and footers, so paragraphs that cross a page read as one. */
  body: string;
}

const rendered = new Map<ReportType, Rendered>();

function system<T>(fn: (trx: ScopedTransaction) => Promise<T>): Promise<T> {
  return withScope(database, TEST_APP_ROLE, { kind: "system" }, fn);
}

function tool(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { status?: number; stdout?: string; stderr?: string };
    if (failure.code === "ENOENT") {
      throw new Error(`${command} is required for the PDF tests (install qpdf and poppler-utils)`);
    }
    throw new Error(
      `${command} ${args.join(" ")} failed (${failure.status}): ${failure.stderr ?? ""}${failure.stdout ?? ""}`,
    );
  }
}

/** Checks the PDF's structure with qpdf and returns its page count and text (poppler). */
function readPdf(pdf: Buffer, name: string): { pages: number; raw: string } {
  const file = path.join(workDir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  tool("qpdf", ["--check", file]);
  const info = tool("pdfinfo", [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  return { pages, raw: tool("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]) };
}

async function latestReport(slug: string, type: ReportType): Promise<SeededReport> {
  return system((trx) =>
    trx
      .selectFrom("reports")
      .innerJoin("tenants", "tenants.id", "reports.tenant_id")
      .select([
        "reports.id",
        "reports.tenant_id",
        "reports.workspace_id",
        "reports.report_type",
        "reports.title",
        "reports.period_start",
        "reports.period_end",
        "reports.engagement_id",
      ])
      .where("tenants.slug", "=", slug)
      .where("reports.report_type", "=", type)
      .orderBy("reports.period_start", "desc")
      .limit(1)
      .executeTakeFirstOrThrow(),
  );
}

async function renderSeeded(type: ReportType): Promise<Rendered> {
  const report = await latestReport("northwind", type);
  const snapshot = await withScope(
    database,
    TEST_APP_ROLE,
    { kind: "tenant", tenantId: report.tenant_id, workspaceIds: "all" },
    (trx) => buildReportSnapshot(trx, report, { providerName: PROVIDER, generatedAt: GENERATED_AT }),
  );
  const pdf = await renderReport(snapshot);
  const { pages, raw } = readPdf(pdf, type);
  const lines = raw.split("\n");
  const isRunning = (line: string) =>
    /Page \d+ of \d+|Data SHA-256:/.test(line) ||
    (line.includes(snapshot.tenant_name) && line.includes(snapshot.title.slice(0, 20)));
  return {
    report,
    snapshot,
    pdf,
    pages,
    lines,
    text: raw.replace(/\s+/g, " "),
    body: lines
      .filter((line) => !isRunning(line))
      .join("\n")
      .replace(/\s+/g, " "),
  };
}

function get(type: ReportType): Rendered {
  const result = rendered.get(type);
  if (!result) throw new Error(`${type} was not rendered`);
  return result;
}

/** "1,234" */
function grouped(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function lastDay(end: Date): string {
  return day(new Date(end.getTime() - 1));
}

beforeAll(async () => {
  database = await createTestDatabase();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-render-"));
  for (const type of reportTypes) rendered.set(type, await renderSeeded(type));
});

afterAll(async () => {
  await database?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

describe("every report type", () => {
  for (const type of reportTypes) {
    const { min, max } = reportTypeRegistry[type].pages;
    it(`renders ${type} as a valid PDF of ${min}-${max} pages with header, footer and snapshot hash`, () => {
      const { pdf, pages, text, snapshot, report } = get(type);
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(pages).toBeGreaterThanOrEqual(min);
      expect(pages).toBeLessThanOrEqual(max);
      expect(text).toContain(`Page 2 of ${pages}`);
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect(text).toContain(`Data SHA-256: ${snapshotSha256(snapshot)}`);
      expect(text).toContain(`Document ${report.id}`);
      expect(text).toContain("Northwind Health Systems");
      expect(text).toContain(PROVIDER);
    });
  }

  it("renders the same snapshot to the same bytes, also after a JSON round trip", async () => {
    const { snapshot, pdf } = get("executive_monthly");
    const again = await renderReport(snapshot);
    const fromJson = await renderReport(JSON.parse(canonicalJson(snapshot)) as ReportSnapshot);
    const digest = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    expect(digest(again)).toBe(digest(pdf));
    expect(digest(fromJson)).toBe(digest(pdf));
  });

  it("dates the PDF from the snapshot, not from the clock", () => {
    const { pdf, snapshot } = get("sla_performance");
    const file = path.join(workDir, "sla_performance.pdf");
    fs.writeFileSync(file, pdf);
    const info = tool("pdfinfo", ["-isodates", file]);
    expect(info).toMatch(new RegExp(`CreationDate:\\s+${snapshot.generated_at.slice(0, 19)}`));
  });
});

describe("executive_monthly", () => {
  it("states the period's incidents, MTTR, alerts and open incidents as the data has them", async () => {
    const { report, text } = get("executive_monthly");
    const { period_start: start, period_end: end, tenant_id: tenantId, workspace_id: workspaceId } = report;
    const figures = await system(async (trx) => {
      const result = await sql<{
        incidents: number;
        critical_high: number;
        mttr: number | null;
        open_at_end: number;
        alerts: number;
      }>`
        select
          (select count(*)::int from incidents where tenant_id = ${tenantId} and workspace_id = ${workspaceId}
             and opened_at >= ${start} and opened_at < ${end}) as incidents,
          (select count(*)::int from incidents where tenant_id = ${tenantId} and workspace_id = ${workspaceId}
             and opened_at >= ${start} and opened_at < ${end} and severity in ('critical', 'high')) as critical_high,
          (select round(avg(extract(epoch from resolved_at - opened_at)) / 3600, 1)::float8 from incidents
             where tenant_id = ${tenantId} and workspace_id = ${workspaceId}
             and resolved_at >= ${start} and resolved_at < ${end}) as mttr,
          (select count(*)::int from incidents where tenant_id = ${tenantId} and workspace_id = ${workspaceId}
             and opened_at < ${end} and (resolved_at is null or resolved_at >= ${end})) as open_at_end,
          (select coalesce(sum("count"), 0)::int from alert_daily_counts
             where tenant_id = ${tenantId} and workspace_id = ${workspaceId}
             and day >= ${day(start)}::date and day <= ${lastDay(end)}::date) as alerts
      `.execute(trx);
      return result.rows[0]!;
    });
    expect(figures.incidents).toBeGreaterThan(10);
    expect(text).toContain(`the SOC recorded ${figures.incidents} incidents`);
    expect(text).toMatch(new RegExp(`of which ${figures.critical_high} (was|were) rated critical or high`));
    expect(figures.mttr).not.toBeNull();
    expect(text).toContain(`a mean of ${figures.mttr!.toFixed(1)} hours to resolve`);
    expect(text).toContain(`Monitoring processed ${grouped(figures.alerts)} alerts`);
    expect(text).toMatch(new RegExp(`${figures.open_at_end} incidents? (was|were) still open`));
    expect(text).toContain(`The ${figures.critical_high} critical and high severity incidents opened`);
  });

  it("shows each framework's score at the end of the period", async () => {
    const { report, lines } = get("executive_monthly");
    const scores = await system(async (trx) => {
      const result = await sql<{ name: string; score: number }>`
        select f.name, (
          select round(h.score, 1)::float8 from compliance_score_history h
          where h.framework_id = f.id and h.tenant_id = f.tenant_id and h.recorded_on <= ${lastDay(report.period_end)}::date
          order by h.recorded_on desc limit 1
        ) as score
        from compliance_frameworks f
        where f.tenant_id = ${report.tenant_id} and f.workspace_id = ${report.workspace_id}
      `.execute(trx);
      return result.rows;
    });
    expect(scores.length).toBeGreaterThan(0);
    for (const { name, score } of scores) {
      const rows = lines.filter((line) => line.includes(name));
      expect(rows.some((line) => line.includes(`${score.toFixed(1)}%`))).toBe(true);
    }
  });
});

describe("sla_performance", () => {
  it("reports incident count, breaches and resolve-time statistics computed from the incidents", async () => {
    const { report, text } = get("sla_performance");
    const { period_start: start, period_end: end, tenant_id: tenantId, workspace_id: workspaceId } = report;
    const totals = await system(async (trx) => {
      const result = await sql<{ incidents: number; breached: number }>`
        with timed as (
          select i.severity,
            extract(epoch from coalesce(i.acknowledged_at, i.resolved_at, ${GENERATED_AT}::timestamptz) - i.opened_at) / 60 as ack_minutes,
            extract(epoch from coalesce(i.resolved_at, ${GENERATED_AT}::timestamptz) - i.opened_at) / 3600 as resolve_hours,
            (t.sla_targets -> i.severity ->> 'ack_minutes')::numeric as ack_target,
            (t.sla_targets -> i.severity ->> 'resolve_hours')::numeric as resolve_target
          from incidents i join tenants t on t.id = i.tenant_id
          where i.tenant_id = ${tenantId} and i.workspace_id = ${workspaceId}
            and i.opened_at >= ${start} and i.opened_at < ${end}
        )
        select count(*)::int as incidents,
               (count(*) filter (where ack_minutes > ack_target or resolve_hours > resolve_target))::int as breached
        from timed
      `.execute(trx);
      return result.rows[0]!;
    });
    expect(totals.incidents).toBeGreaterThan(10);
    expect(text).toContain(`the SOC handled ${totals.incidents} incidents`);
    expect(text).toMatch(new RegExp(`${totals.breached} incidents? missed at least one target`));

    const high = await system(async (trx) => {
      const result = await sql<{
        count: number;
        resolved: number;
        mean: number;
        median: number;
        p90: number;
      }>`
        select count(*)::int as count, count(hours)::int as resolved,
          round(avg(hours), 1)::float8 as mean,
          round((percentile_cont(0.5) within group (order by hours))::numeric, 1)::float8 as median,
          round((percentile_cont(0.9) within group (order by hours))::numeric, 1)::float8 as p90
        from (
          select extract(epoch from resolved_at - opened_at) / 3600 as hours from incidents
          where tenant_id = ${tenantId} and workspace_id = ${workspaceId} and severity = 'high'
            and opened_at >= ${start} and opened_at < ${end}
        ) as high
      `.execute(trx);
      return result.rows[0]!;
    });
    expect(high.count).toBeGreaterThan(0);
    // The "Time to resolve" row for high severity: count, resolved, mean, median, P90 (hours).
    const row = new RegExp(
      `HIGH ${high.count} ${high.resolved} ${high.mean.toFixed(1)} ${high.median.toFixed(1)} ${high.p90.toFixed(1)} 24 h`,
    );
    expect(text).toMatch(row);
  });
});

describe("compliance_status", () => {
  it("shows every framework's score at period end and the failing controls", async () => {
    const { report, lines, text } = get("compliance_status");
    const data = await system(async (trx) => {
      const scores = await sql<{ name: string; score: number }>`
        select f.name, (
          select round(h.score, 1)::float8 from compliance_score_history h
          where h.framework_id = f.id and h.recorded_on <= ${lastDay(report.period_end)}::date
          order by h.recorded_on desc limit 1
        ) as score
        from compliance_frameworks f
        where f.tenant_id = ${report.tenant_id} and f.workspace_id = ${report.workspace_id}
      `.execute(trx);
      const failing = await sql<{ ref: string }>`
        select ref from compliance_controls
        where tenant_id = ${report.tenant_id} and workspace_id = ${report.workspace_id} and status = 'failing'
        order by ref
      `.execute(trx);
      return { scores: scores.rows, failing: failing.rows.map((row) => row.ref) };
    });
    for (const { name, score } of data.scores) {
      expect(
        lines.filter((line) => line.includes(name)).some((line) => line.includes(`${score.toFixed(1)}%`)),
      ).toBe(true);
    }
    expect(data.failing.length).toBeGreaterThan(0);
    expect(text).toContain(`${data.failing.length} controls are failing`);
    for (const ref of data.failing) expect(text).toContain(ref);
  });
});

describe("detection_coverage", () => {
  it("states overall coverage and lists every uncovered technique", async () => {
    const { report, text } = get("detection_coverage");
    const data = await system(async (trx) => {
      const totals = await sql<{ covered: number; total: number; pct: number }>`
        select (count(*) filter (where is_covered))::int as covered, count(*)::int as total,
          round(100.0 * count(*) filter (where is_covered) / count(*), 1)::float8 as pct
        from detection_coverage where tenant_id = ${report.tenant_id} and workspace_id = ${report.workspace_id}
      `.execute(trx);
      const gaps = await sql<{ technique_id: string }>`
        select technique_id from detection_coverage
        where tenant_id = ${report.tenant_id} and workspace_id = ${report.workspace_id} and not is_covered
      `.execute(trx);
      return { ...totals.rows[0]!, gaps: gaps.rows.map((row) => row.technique_id) };
    });
    expect(text).toContain(`Detection rules cover ${data.covered} of ${data.total} MITRE ATT&CK techniques`);
    expect(text).toContain(`an overall coverage of ${data.pct.toFixed(1)}%`);
    expect(data.gaps.length).toBeGreaterThan(0);
    for (const id of data.gaps) expect(text).toContain(id);
  });
});

describe("assessment", () => {
  it("presents every finding of the engagement with its remediation, and no internal notes", async () => {
    const { report, text, body } = get("assessment");
    const data = await system(async (trx) => {
      const findings = await trx
        .selectFrom("findings")
        .select(["ref", "title", "remediation"])
        .where("engagement_id", "=", report.engagement_id!)
        .where("tenant_id", "=", report.tenant_id)
        .execute();
      const engagement = await trx
        .selectFrom("engagements")
        .select(["name", "internal_notes"])
        .where("id", "=", report.engagement_id!)
        .executeTakeFirstOrThrow();
      return { findings, engagement };
    });
    expect(data.findings.length).toBeGreaterThan(3);
    expect(text).toContain(`${data.findings.length} findings, most severe first`);
    expect(text).toContain(data.engagement.name);
    for (const finding of data.findings) {
      expect(body).toContain(`${finding.ref} ${finding.title}`);
      expect(body).toContain(finding.remediation.replace(/\s+/g, " "));
    }
    expect(data.engagement.internal_notes.length).toBeGreaterThan(0);
    expect(text).not.toContain(data.engagement.internal_notes.slice(0, 40));
  });
});

describe("a tenant without any data yet", () => {
  it("still gets a valid, readable report of every SOC type", async () => {
    const scope = await system(async (trx) => {
      const tenant = await trx
        .insertInto("tenants")
        .values({ slug: `empty-${randomUUID().slice(0, 8)}`, name: "Fabrikam Empty Holdings" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const workspace = await trx
        .insertInto("workspaces")
        .values({ tenant_id: tenant.id, name: "Managed SOC", kind: "soc" })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { tenantId: tenant.id, workspaceId: workspace.id };
    });
    for (const type of socReportTypes) {
      const report: SeededReport = {
        id: randomUUID(),
        tenant_id: scope.tenantId,
        workspace_id: scope.workspaceId,
        report_type: type,
        title: `Empty ${type}`,
        period_start: new Date("2026-01-01T00:00:00Z"),
        period_end: new Date("2026-02-01T00:00:00Z"),
        engagement_id: null,
      };
      const snapshot = await withScope(
        database,
        TEST_APP_ROLE,
        { kind: "tenant", tenantId: scope.tenantId, workspaceIds: "all" },
        (trx) => buildReportSnapshot(trx, report, { providerName: PROVIDER, generatedAt: GENERATED_AT }),
      );
      const { pages, raw } = readPdf(await renderReport(snapshot), `empty-${type}`);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(raw).toContain("Fabrikam Empty Holdings");
      expect(raw).not.toMatch(/NaN|Infinity|undefined/);
    }
  });
});

describe("snapshot scope", () => {
  it("refuses to build a snapshot of another tenant's report", async () => {
    const northwind = await latestReport("northwind", "executive_monthly");
    const contoso = await latestReport("contoso", "executive_monthly");
    await expect(
      withScope(
        database,
        TEST_APP_ROLE,
        { kind: "tenant", tenantId: northwind.tenant_id, workspaceIds: "all" },
        (trx) => buildReportSnapshot(trx, contoso, { providerName: PROVIDER, generatedAt: GENERATED_AT }),
      ),
    ).rejects.toThrow(/not visible/);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and leaves out undefined properties", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("refuses values JSON would silently change", () => {
    expect(() => canonicalJson({ when: new Date(0) })).toThrow(/plain object/);
    expect(() => canonicalJson({ value: Number.NaN })).toThrow(/finite/);
  });
});

describe("the report type registry", () => {
  it("names exactly the types the database accepts", async () => {
    const definitions = await system((trx) =>
      sql<{ definition: string }>`
        SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'reports'::regclass AND contype = 'c'`.execute(trx),
    );
    const check = definitions.rows.map((row) => row.definition).find((text) => text.includes("report_type"));
    expect(check).toBeDefined();
    const accepted = [...(check ?? "").matchAll(/'([a-z_]+)'::text/g)].map((match) => match[1]);
    expect(accepted.sort()).toEqual([...reportTypes].sort());
  });

  it("refuses an assessment report without an engagement", async () => {
    const report = await latestReport("northwind", "assessment");
    await expect(
      withScope(
        database,
        TEST_APP_ROLE,
        { kind: "tenant", tenantId: report.tenant_id, workspaceIds: "all" },
        (trx) =>
          buildReportSnapshot(
            trx,
            { ...report, engagement_id: null },
            { providerName: PROVIDER, generatedAt: GENERATED_AT },
          ),
      ),
    ).rejects.toThrow(/needs an engagement/);
  });
});
