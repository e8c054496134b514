import { createHash, randomUUID } from "node:crypto";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";
import { safeFilename } from "./reports.service";

let t: TestApp;
let northwind: BrowserClient;
let contosoReportId: string;
let northwindReportId: string;
let tenants: Record<string, string>;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

interface ReportList {
  items: { id: string; report_type: string; title: string; period_end: string; status: string }[];
  total: number;
  page: number;
  page_size: number;
}

async function tinyPdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
  tenants = Object.fromEntries(
    (await system((trx) => trx.selectFrom("tenants").select(["id", "slug"]).execute())).map((row) => [
      row.slug,
      row.id,
    ]),
  );
  const pick = (slug: string) =>
    system((trx) =>
      trx
        .selectFrom("reports")
        .select("id")
        .where("tenant_id", "=", tenants[slug]!)
        .where("report_type", "=", "executive_monthly")
        .orderBy("period_end", "desc")
        .executeTakeFirstOrThrow(),
    );
  northwindReportId = (await pick("northwind")).id;
  contosoReportId = (await pick("contoso")).id;
  northwind = new BrowserClient(t.url);
  await signInAs(northwind, "demo-northwind-viewer");
});

afterAll(async () => {
  await t?.close();
});

describe("GET /api/v1/reports", () => {
  it("answers 401 without a session", async () => {
    expect((await new BrowserClient(t.url).request("/api/v1/reports")).status).toBe(401);
  });

  it("lists the tenant's reports newest first, 20 a page, with the total", async () => {
    const body = (await northwind.request("/api/v1/reports")).json<ReportList>();
    const total = await system((trx) =>
      trx
        .selectFrom("reports")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("tenant_id", "=", tenants.northwind!)
        .executeTakeFirstOrThrow(),
    );
    expect(body.total).toBe(total.n);
    expect(body.page).toBe(1);
    expect(body.page_size).toBe(20);
    expect(body.items).toHaveLength(20);
    const ends = body.items.map((item) => Date.parse(item.period_end));
    expect([...ends].sort((a, b) => b - a)).toEqual(ends);
    const page2 = (await northwind.request("/api/v1/reports?page=2&pageSize=20")).json<ReportList>();
    expect(page2.items.map((i) => i.id).some((id) => body.items.some((first) => first.id === id))).toBe(
      false,
    );
  });

  it("filters by type and status, and searches titles, types and months", async () => {
    const sla = (await northwind.request("/api/v1/reports?type=sla_performance")).json<ReportList>();
    expect(sla.total).toBeGreaterThan(0);
    expect(sla.items.every((item) => item.report_type === "sla_performance")).toBe(true);

    const byTitle = (
      await northwind.request(`/api/v1/reports?q=${encodeURIComponent("Executive")}`)
    ).json<ReportList>();
    expect(byTitle.total).toBe(12);
    const byType = (await northwind.request("/api/v1/reports?q=detection%20coverage")).json<ReportList>();
    expect(byType.items.every((item) => item.report_type === "detection_coverage")).toBe(true);
    expect(byType.total).toBeGreaterThan(0);

    const none = (await northwind.request("/api/v1/reports?q=zzz-no-such-report")).json<ReportList>();
    expect(none).toEqual({ items: [], total: 0, page: 1, page_size: 20 });
    const generating = (await northwind.request("/api/v1/reports?status=failed")).json<ReportList>();
    expect(generating.items.every((item) => item.status === "failed")).toBe(true);
  });

  it("treats LIKE wildcards in the search as plain text", async () => {
    const body = (await northwind.request("/api/v1/reports?q=%25")).json<ReportList>();
    expect(body.total).toBe(0);
  });

  it("filters by period dates", async () => {
    const body = (await northwind.request("/api/v1/reports?from=2099-01-01")).json<ReportList>();
    expect(body.total).toBe(0);
  });

  it.each([
    ["pageSize=1000", 400],
    ["page=0", 400],
    ["type=passwords", 400],
    [`q=${"a".repeat(201)}`, 400],
    ["from=yesterday", 400],
  ])("rejects %s with a 400", async (query, status) => {
    const response = await northwind.request(`/api/v1/reports?${query}`);
    expect(response.status).toBe(status);
    expect(response.json()).toMatchObject({ error: "bad_request" });
  });
});

describe("GET /api/v1/reports/:id", () => {
  it("returns the report's metadata", async () => {
    const response = await northwind.request(`/api/v1/reports/${northwindReportId}`);
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({
      id: northwindReportId,
      report_type: "executive_monthly",
      workspace_name: "Managed SOC",
    });
  });

  it("answers another tenant's report with the same bytes as a report that does not exist", async () => {
    const foreign = await northwind.request(`/api/v1/reports/${contosoReportId}`);
    const missing = await northwind.request(`/api/v1/reports/${randomUUID()}`);
    expect(foreign.status).toBe(404);
    const strip = (text: string) => text.replace(/"requestId":"[^"]+"/, "");
    expect(strip(foreign.text)).toBe(strip(missing.text));
    expect(foreign.text.length).toBe(missing.text.length);
  });

  it.each(["..%2F..%2Fetc%2Fpasswd", "not-a-uuid", "1%20OR%201%3D1"])(
    "answers a malformed id (%s) with 404",
    async (id) => {
      expect((await northwind.request(`/api/v1/reports/${id}`)).status).toBe(404);
      expect((await northwind.request(`/api/v1/reports/${id}/pdf`)).status).toBe(404);
    },
  );
});

describe("GET /api/v1/reports/:id/pdf", () => {
  it("answers 409 while the report is still being generated", async () => {
    await system((trx) =>
      trx.updateTable("reports").set({ status: "generating" }).where("id", "=", northwindReportId).execute(),
    );
    const response = await northwind.request(`/api/v1/reports/${northwindReportId}/pdf`);
    expect(response.status).toBe(409);
  });

  it("downloads the stored bytes as an attachment with the security headers and its SHA-256 as ETag", async () => {
    const pdf = await tinyPdf("Executive Summary");
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    await system((trx) =>
      trx
        .updateTable("reports")
        .set({ status: "completed", pdf, sha256, size_bytes: pdf.length, generated_at: new Date() })
        .where("id", "=", northwindReportId)
        .execute(),
    );
    const response = await fetch(`${t.url}/api/v1/reports/${northwindReportId}/pdf`, {
      headers: { cookie: await northwind.jar.getCookieString(t.url) },
    });
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(sha256);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w.-]+\.pdf"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("etag")).toBe(`"${sha256}"`);

    const cached = await fetch(`${t.url}/api/v1/reports/${northwindReportId}/pdf`, {
      headers: { cookie: await northwind.jar.getCookieString(t.url), "if-none-match": `"${sha256}"` },
    });
    expect(cached.status).toBe(304);
  });

  it("answers another tenant's PDF with 404", async () => {
    expect((await northwind.request(`/api/v1/reports/${contosoReportId}/pdf`)).status).toBe(404);
  });
});

describe("safeFilename", () => {
  it("keeps letters, digits, dots and dashes only", () => {
    expect(safeFilename('Executive Summary — "October" 2026\r\n../x', new Date("2026-10-01T00:00:00Z"))).toBe(
      "Executive-Summary-October-2026-..x-2026-10.pdf",
    );
    expect(safeFilename("ÄÖÜ", new Date("2026-01-01T00:00:00Z"))).toBe("AOU-2026-01.pdf");
  });
});

describe("GET /api/v1/compliance", () => {
  it("returns every framework with score, status, control counts and history", async () => {
    const response = await northwind.request("/api/v1/compliance");
    expect(response.status).toBe(200);
    const body = response.json<{
      overall_score: number;
      frameworks: {
        key: string;
        score: number;
        status: string;
        controls: Record<string, number>;
        trend: { score: number }[];
      }[];
    }>();
    const rows = await system((trx) =>
      trx
        .selectFrom("compliance_frameworks")
        .select(["key", "score", "id"])
        .where("tenant_id", "=", tenants.northwind!)
        .execute(),
    );
    expect(body.frameworks.map((f) => f.key).sort()).toEqual(rows.map((r) => r.key).sort());
    for (const framework of body.frameworks) {
      const counts = await system((trx) =>
        trx
          .selectFrom("compliance_controls")
          .innerJoin("compliance_frameworks", "compliance_frameworks.id", "compliance_controls.framework_id")
          .select(["compliance_controls.status", (eb) => eb.fn.countAll<number>().as("n")])
          .where("compliance_frameworks.key", "=", framework.key)
          .where("compliance_frameworks.tenant_id", "=", tenants.northwind!)
          .groupBy("compliance_controls.status")
          .execute(),
      );
      for (const row of counts) expect(framework.controls[row.status]).toBe(row.n);
      const applicable = counts.filter((c) => c.status !== "not_applicable").reduce((sum, c) => sum + c.n, 0);
      const passing = counts.find((c) => c.status === "passing")?.n ?? 0;
      expect(framework.score).toBeCloseTo((100 * passing) / applicable, 1);
      expect(framework.trend.length).toBeGreaterThanOrEqual(12);
      expect(framework.trend.at(-1)?.score).toBe(framework.score);
    }
    const mean = rows.reduce((sum, r) => sum + r.score, 0) / rows.length;
    expect(body.overall_score).toBe(Math.round(mean * 10) / 10);
  });

  it("returns a framework's controls by key, and 404 for an unknown or foreign one", async () => {
    const response = await northwind.request("/api/v1/compliance/nist-800-53");
    expect(response.status).toBe(200);
    const body = response.json<{ controls_list: { ref: string; status: string; owner: string | null }[] }>();
    expect(body.controls_list.length).toBeGreaterThan(10);
    expect(body.controls_list.some((control) => control.status === "failing" && control.owner)).toBe(true);

    expect((await northwind.request("/api/v1/compliance/no-such-framework")).status).toBe(404);
    const foreign = await system((trx) =>
      trx
        .selectFrom("compliance_frameworks")
        .select("id")
        .where("tenant_id", "=", tenants.contoso!)
        .executeTakeFirstOrThrow(),
    );
    expect((await northwind.request(`/api/v1/compliance/${foreign.id}`)).status).toBe(404);
  });
});

describe("unpublished reports", () => {
  it("are a 404 to the tenant's customers on the list, the details, the PDF and every dashboard figure, while staff see them", async () => {
    const tenant = await t.build.tenant();
    const workspace = await t.build.workspace(tenant);
    const now = new Date();
    const thisMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const published = await t.build.report(workspace, { type: "executive_monthly", periodStart: thisMonth });
    const hidden = await t.build.report(workspace, {
      type: "compliance_status",
      published: false,
      periodStart: thisMonth,
      title: "Draft compliance status",
    });
    const customers = await Promise.all(
      (["customer_viewer", "customer_approver"] as const).map(async (role) =>
        t.build.signedIn(await t.build.user(tenant, role)),
      ),
    );
    const staff = await t.build.signedIn(await t.build.user(null, "analyst"));
    const asStaff = (path: string) => `${path}${path.includes("?") ? "&" : "?"}tenant=${tenant.id}`;
    const missing = unknownId();

    for (const customer of customers) {
      const list = (await customer.request("/api/v1/reports?pageSize=100")).json<ReportList>();
      expect(list.items.map((item) => item.id)).toEqual([published.id]);
      expect(list.total).toBe(1);
      const search = (
        await customer.request(`/api/v1/reports?q=${encodeURIComponent("Draft compliance")}`)
      ).json<ReportList>();
      expect(search.total).toBe(0);

      // The hidden report answers exactly like one that does not exist.
      for (const suffix of ["", "/pdf"]) {
        const answer = await customer.request(`/api/v1/reports/${hidden.id}${suffix}`);
        const none = await customer.request(`/api/v1/reports/${missing}${suffix}`);
        expect(answer.status).toBe(404);
        expect({ ...answer.json<object>(), requestId: "" }).toEqual({
          ...none.json<object>(),
          requestId: "",
        });
      }

      const dashboard = (await customer.request("/api/v1/reports/dashboard")).json<{
        quick_stats: { total_reports: number; reports_this_month: number };
        recent_reports: { id: string }[];
        report_counts_by_type: Record<string, number>;
      }>();
      expect(dashboard.quick_stats.total_reports).toBe(1);
      expect(dashboard.quick_stats.reports_this_month).toBe(1);
      expect(dashboard.recent_reports.map((item) => item.id)).toEqual([published.id]);
      expect(dashboard.report_counts_by_type).toMatchObject({ executive_monthly: 1, compliance_status: 0 });
    }

    const staffList = (await staff.request(asStaff("/api/v1/reports?pageSize=100"))).json<ReportList>();
    expect(staffList.items.map((item) => item.id).sort()).toEqual([published.id, hidden.id].sort());
    expect((await staff.request(asStaff(`/api/v1/reports/${hidden.id}`))).status).toBe(200);
    const pdf = await staff.request(asStaff(`/api/v1/reports/${hidden.id}/pdf`));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("etag")).toBe(`"${hidden.sha256}"`);
    const staffDashboard = (await staff.request(asStaff("/api/v1/reports/dashboard"))).json<{
      quick_stats: { total_reports: number; reports_this_month: number };
      report_counts_by_type: Record<string, number>;
    }>();
    expect(staffDashboard.quick_stats).toMatchObject({ total_reports: 2, reports_this_month: 2 });
    expect(staffDashboard.report_counts_by_type).toMatchObject({
      executive_monthly: 1,
      compliance_status: 1,
    });
  });
});
