/**
 * Issue "Customer portal", browser tests: sign in through the dev identity provider, see the dashboard's figures
 * (compared with what the API answers), search and filter the archive (including the empty state), download a PDF
 * (bytes and SHA-256 checked against the API), open a report and the compliance pages from the UI, axe on every
 * portal page, phone width, and the MFA badge. Real server process on a fresh PGlite data folder with the demo
 * data, real Chromium. Screenshots go to os.tmpdir()/portcullis-e2e/portal-*.png.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  accessibilityViolations,
  launchChromium,
  type RunningPortal,
  SCREENSHOT_DIR,
  screenshot,
  startPortal,
} from "./support";

// The parts of the API's answers these tests read (server/modules/{dashboard,reports,compliance}/*.schemas.ts).
interface ReportItem {
  id: string;
  report_type: string;
  title: string;
  status: "completed" | "generating" | "failed";
  sha256: string | null;
}
interface ReportList {
  items: ReportItem[];
  total: number;
  page: number;
  page_size: number;
}
interface DashboardData {
  tenant_name: string;
  quick_stats: {
    open_incidents: number;
    alerts_this_month: number;
    compliance_score: number | null;
    mttr_hours: number | null;
  };
  recent_reports: ReportItem[];
  compliance_summary: Record<string, { score: number; status: string }>;
}
interface ComplianceSummary {
  frameworks: { key: string; name: string; score: number }[];
}

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let portal: RunningPortal;
let browser: Browser;
let context: BrowserContext | undefined;
/** Errors the page logged or threw, and failed requests; every test ends by checking there were none. */
let pageErrors: string[] = [];
/** Failed requests that are expected: browsers' automatic favicon request. */
const expectedFailures = [/ 404 \/favicon\.ico$/];

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await portal?.stop();
});

beforeEach(() => {
  pageErrors = [];
});

afterEach(async () => {
  await context?.close().catch(() => {});
  context = undefined;
});

/** A page in a new browser context (no cookies), watched for errors. */
async function newPage(viewport = DESKTOP): Promise<Page> {
  context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() < 400) return;
    const failure = `${response.request().method()} ${response.status()} ${new URL(response.url()).pathname}`;
    if (!expectedFailures.some((expected) => expected.test(failure))) pageErrors.push(failure);
  });
  page.on("console", (message) => {
    // Failed loads are reported (with their URL) by the response listener above.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  return page;
}

/** From the sign-in page, through the dev IdP's chooser, onto the dashboard as the named demo user. */
async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto(`${portal.url}/customer-portal`);
  await page.getByRole("link", { name: "Sign in with Azure Government" }).click();
  await page.getByRole("heading", { name: "Choose a demo user" }).waitFor();
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => url.pathname === "/customer-portal");
  await banner(page)
    .getByRole("heading", { name: `Welcome, ${name}` })
    .waitFor();
}

/** GET from the page, with its session cookie. */
async function apiGet<T>(page: Page, path: string): Promise<T> {
  const body = await page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return response.json();
  }, path);
  return body as T;
}

/**
 * The demo reports' PDFs are rendered in the background a few seconds after start: polls the archive until none
 * is still generating, and returns the list.
 */
async function waitForReportsSettled(page: Page, timeoutMs = 90_000): Promise<ReportItem[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await apiGet<ReportList>(page, "/api/v1/reports?pageSize=100");
    if (list.items.length > 0 && list.items.every((item) => item.status !== "generating")) return list.items;
    if (Date.now() > deadline) {
      const pending = list.items.filter((item) => item.status === "generating").map((item) => item.title);
      throw new Error(`reports still generating after ${timeoutMs} ms: ${pending.join(", ")}`);
    }
    await page.waitForTimeout(500);
  }
}

/**
 * A full-page screenshot from the top of the page (a scrolled page shifts the sticky sidebar in full-page shots),
 * and with `viewportToo` also what is on screen, as `<name>-viewport.png`.
 */
async function shot(page: Page, name: string, viewportToo = false): Promise<void> {
  await page.locator("html").evaluate((root) => root.ownerDocument.defaultView?.scrollTo(0, 0));
  await screenshot(page, name);
  if (viewportToo) {
    const file = path.join(SCREENSHOT_DIR, `${name}-viewport.png`);
    await page.screenshot({ path: file });
    console.log(`screenshot: ${file}`);
  }
}

/** Polls `read` until it returns `expected` (deep equality), then asserts it one last time. */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 15_000): Promise<void> {
  await expect.poll(read, { timeout: timeoutMs, interval: 100 }).toEqual(expected);
}

function banner(page: Page): Locator {
  return page.getByRole("region", { name: /^Welcome, / });
}

/** A Card (a section headed by an h2) by its title. */
function card(page: Page, title: string): Locator {
  return page
    .locator("section")
    .filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });
}

function statCards(page: Page): Locator {
  return page.getByRole("region", { name: "Quick stats" }).getByRole("listitem");
}

/** The archive's table rows (wide screens), once the list on screen is not a placeholder any more. */
async function archiveRows(archive: Locator): Promise<Locator> {
  await archive.locator('[aria-busy="false"]').waitFor();
  return archive.getByRole("table").locator("tbody tr");
}

async function rowTitles(archive: Locator): Promise<string[]> {
  const rows = await archiveRows(archive);
  return rows.locator("th").getByRole("link").allTextContents();
}

/** The archive's count line as the UI writes it: "Showing 1–12 of 12". */
function showingText(list: ReportList): string {
  const first = Math.min(list.total, (list.page - 1) * list.page_size + 1);
  const last = Math.min(list.total, list.page * list.page_size);
  return `Showing ${count.format(first)}–${count.format(last)} of ${count.format(list.total)}`;
}

// The UI's number formats (web/lib/format.ts): en-US, whole numbers with thousands separators, one decimal.
const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });

describe("customer portal in the browser", () => {
  it("shows the signed-in customer's dashboard with the API's figures", async () => {
    const page = await newPage();
    await signInAs(page, "Priya Raman");
    await waitForReportsSettled(page);
    // Reloaded now that every PDF is ready; the answer the page itself got is kept for comparison.
    const [shownResponse] = await Promise.all([
      page.waitForResponse((response) => new URL(response.url()).pathname === "/api/v1/reports/dashboard"),
      page.reload(),
    ]);
    const shownData = (await shownResponse.json()) as DashboardData;
    await statCards(page).first().waitFor();

    // Banner: name, tenant, SSO badge; Priya signs in without MFA.
    const welcome = banner(page);
    await expect(welcome.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
      "Welcome, Priya Raman",
    );
    await expect(welcome.getByText("Northwind Health Systems", { exact: true }).isVisible()).resolves.toBe(
      true,
    );
    const badges = welcome.getByRole("list", { name: "Sign-in verification" }).getByRole("listitem");
    await expect(badges.allTextContents()).resolves.toEqual(["SSO Verified"]);

    const dashboard = await apiGet<DashboardData>(page, "/api/v1/reports/dashboard");
    expect(dashboard).toEqual(shownData);
    expect(dashboard.tenant_name).toBe("Northwind Health Systems");
    const stats = dashboard.quick_stats;
    // The demo data has all four figures; a null would make this journey meaningless.
    expect(stats.compliance_score).not.toBeNull();
    expect(stats.mttr_hours).not.toBeNull();

    // Quick stats: label and figure of each card, in the page's order, formatted as the UI formats them.
    const cards = statCards(page);
    await expect(cards.count()).resolves.toBe(4);
    const shown = [];
    for (const item of await cards.all()) {
      const [label, value] = await item
        .locator("p")
        .evaluateAll((paragraphs) => paragraphs.slice(0, 2).map((p) => (p.textContent ?? "").trim()));
      shown.push([label, value]);
    }
    expect(shown).toEqual([
      ["Open Incidents", count.format(stats.open_incidents)],
      ["Alerts This Month", count.format(stats.alerts_this_month)],
      ["Compliance Score", `${count.format(stats.compliance_score ?? 0)}%`],
      ["MTTR", `${oneDecimal.format(stats.mttr_hours ?? 0)}hours`],
    ]);
    expect(stats.alerts_this_month).toBeGreaterThanOrEqual(1000); // so the thousands separator is exercised

    // Compliance Posture: every framework of compliance_summary with its whole percentage.
    const posture = card(page, "Compliance Posture").getByRole("listitem");
    const frameworks = Object.entries(dashboard.compliance_summary);
    expect(frameworks.length).toBeGreaterThan(0);
    await expect(posture.count()).resolves.toBe(frameworks.length);
    for (const [index, [name, { score }]] of frameworks.entries()) {
      const item = posture.nth(index);
      const [shownName, shownScore] = await item
        .locator("span")
        .evaluateAll((spans) => spans.slice(0, 2).map((span) => span.textContent));
      expect([shownName, shownScore]).toEqual([name, `${count.format(score)}%`]);
      await expect(
        item.getByRole("progressbar", { name: `${name} score` }).getAttribute("aria-valuenow"),
      ).resolves.toBe(String(Math.round(score)));
    }

    // Recent Reports: the five newest titles, in the API's order.
    expect(dashboard.recent_reports).toHaveLength(5);
    const recentTitles = card(page, "Recent Reports").getByRole("listitem").locator("a:not([download])");
    await expect(recentTitles.allTextContents()).resolves.toEqual(
      dashboard.recent_reports.map((report) => report.title),
    );

    await page.waitForLoadState("networkidle");
    await shot(page, "portal-dashboard-desktop");
    expect(pageErrors).toEqual([]);
  });

  it("searches and filters the report archive, down to the empty state", async () => {
    const page = await newPage();
    await signInAs(page, "Priya Raman");
    const archive = card(page, "Report Archive");
    // Below the fold: its list is built once it comes near the viewport, as when a reader scrolls to it.
    await archive.scrollIntoViewIfNeeded();
    const search = archive.getByLabel("Search reports");
    const status = archive.getByRole("status");

    // Unfiltered: the first page of everything.
    const all = await apiGet<ReportList>(page, "/api/v1/reports?pageSize=20");
    await eventually(() => status.textContent(), showingText(all));
    await expect((await archiveRows(archive)).count()).resolves.toBe(Math.min(all.total, 20));

    // A search that matches: every row's title contains the term, and the count is the API's.
    await search.fill("Executive");
    await page.waitForURL((url) => url.searchParams.get("q") === "Executive");
    const executive = await apiGet<ReportList>(page, "/api/v1/reports?q=Executive&pageSize=20");
    expect(executive.total).toBeGreaterThan(0);
    expect(executive.total).toBeLessThan(all.total);
    await eventually(() => status.textContent(), showingText(executive));
    const executiveTitles = await rowTitles(archive);
    expect(executiveTitles).toHaveLength(Math.min(executive.total, 20));
    for (const title of executiveTitles) expect(title).toContain("Executive");
    expect(executiveTitles).toEqual(executive.items.map((item) => item.title));
    await shot(page, "portal-archive-search");

    // The type filter, with the search cleared: only SLA Performance reports.
    await search.fill("");
    await page.waitForURL((url) => !url.searchParams.has("q"));
    await eventually(() => status.textContent(), showingText(all));
    await archive.getByLabel("Type", { exact: true }).selectOption({ label: "SLA Performance" });
    await page.waitForURL((url) => url.searchParams.get("type") === "sla_performance");
    const sla = await apiGet<ReportList>(page, "/api/v1/reports?type=sla_performance&pageSize=20");
    expect(sla.total).toBeGreaterThan(0);
    expect(sla.items.every((item) => item.report_type === "sla_performance")).toBe(true);
    await eventually(() => status.textContent(), showingText(sla));
    const slaRows = await archiveRows(archive);
    await expect(slaRows.count()).resolves.toBe(Math.min(sla.total, 20));
    // Each row's type line (under the title) says SLA Performance.
    await expect(slaRows.locator("th p").allTextContents()).resolves.toEqual(
      sla.items.map(() => "SLA Performance"),
    );
    await expect(rowTitles(archive)).resolves.toEqual(sla.items.map((item) => item.title));
    await shot(page, "portal-archive-type-filter");

    // A search that matches nothing: the archive's empty state, exactly.
    await archive.getByLabel("Type", { exact: true }).selectOption({ label: "All types" });
    await search.fill("zzz no such report");
    await page.waitForURL((url) => url.searchParams.get("q") === "zzz no such report");
    const empty = archive.getByText("No reports found.", { exact: true });
    await empty.waitFor();
    await expect(empty.isVisible()).resolves.toBe(true);
    await expect(archive.getByRole("table").count()).resolves.toBe(0);
    await shot(page, "portal-archive-empty");

    // And back: "Clear search and filter" shows everything again.
    await archive.getByRole("button", { name: "Clear search and filter" }).click();
    await eventually(() => status.textContent(), showingText(all));
    await expect(search.inputValue()).resolves.toBe("");
    expect(pageErrors).toEqual([]);
  });

  it("downloads a report's PDF from the archive, byte for byte the one the API lists", async () => {
    const page = await newPage();
    await signInAs(page, "Priya Raman");
    const reports = await waitForReportsSettled(page);
    // The newest Executive Summary: a real multi-page report.
    const report = reports.find(
      (item) => item.report_type === "executive_monthly" && item.status === "completed",
    );
    expect(report?.sha256).toMatch(/^[0-9a-f]{64}$/);
    if (!report?.sha256) return;

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await page.waitForURL((url) => url.pathname === "/customer-portal/reports");
    await page.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
    const archive = card(page, "Report Archive");
    const row = (await archiveRows(archive)).filter({ has: page.getByRole("link", { name: report.title }) });
    await expect(row.count()).resolves.toBe(1);

    const downloadLink = row.getByRole("link", { name: `Download PDF of ${report.title}` });
    const [download] = await Promise.all([page.waitForEvent("download"), downloadLink.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(report.sha256);

    // The detail endpoint lists the same digest.
    const detail = await apiGet<ReportItem>(page, `/api/v1/reports/${report.id}`);
    expect(detail.sha256).toBe(report.sha256);
    await shot(page, "portal-reports-page");
    expect(pageErrors).toEqual([]);
  });

  it("opens a report and the compliance pages from the UI", async () => {
    const page = await newPage();
    await signInAs(page, "Priya Raman");
    await waitForReportsSettled(page);
    const dashboard = await apiGet<DashboardData>(page, "/api/v1/reports/dashboard");
    const newest = dashboard.recent_reports[0];
    if (!newest) throw new Error("no recent reports");

    // A recent report row opens the report's page.
    await card(page, "Recent Reports").getByRole("link", { name: newest.title, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/customer-portal/reports/${newest.id}`);
    await page.getByRole("heading", { level: 2, name: "Details" }).waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(newest.title);
    await expect(page.title()).resolves.toBe(`${newest.title} · Portcullis`);
    if (newest.sha256) {
      await expect(page.getByText(newest.sha256, { exact: true }).isVisible()).resolves.toBe(true);
    }
    await expect(page.getByRole("link", { name: "Back to dashboard" }).isVisible()).resolves.toBe(true);
    await page.waitForLoadState("networkidle");
    await shot(page, "portal-report-detail");

    // The Compliance nav link: one card per framework the API lists.
    const compliance = await apiGet<ComplianceSummary>(page, "/api/v1/compliance");
    expect(compliance.frameworks.map((framework) => framework.name).sort()).toEqual(
      Object.keys(dashboard.compliance_summary).sort(),
    );
    const complianceLink = page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Compliance" });
    await complianceLink.click();
    await page.waitForURL((url) => url.pathname === "/customer-portal/compliance");
    await page.getByRole("heading", { level: 1, name: "Compliance" }).waitFor();
    const frameworkHeadings = page.getByRole("main").getByRole("heading", { level: 2 });
    await frameworkHeadings.first().waitFor();
    await expect(frameworkHeadings.allTextContents()).resolves.toEqual(
      compliance.frameworks.map((framework) => framework.name),
    );
    await expect(complianceLink.getAttribute("aria-current")).resolves.toBe("page");
    await page.waitForLoadState("networkidle");
    await shot(page, "portal-compliance");

    // A framework card opens its controls.
    const framework = compliance.frameworks[0];
    if (!framework) throw new Error("no frameworks");
    await page.getByRole("link", { name: framework.name, exact: true }).click();
    await page.waitForURL((url) => url.pathname === `/customer-portal/compliance/${framework.key}`);
    await page.getByRole("heading", { level: 2, name: "Controls" }).waitFor();
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(framework.name);
    await expect(page.getByRole("table").locator("tbody tr").count()).resolves.toBeGreaterThan(0);
    await page.waitForLoadState("networkidle");
    await shot(page, "portal-framework");
    expect(pageErrors).toEqual([]);
  });

  it("has no axe violations on the portal pages", async () => {
    const page = await newPage();
    await signInAs(page, "Priya Raman");
    await waitForReportsSettled(page);
    const dashboard = await apiGet<DashboardData>(page, "/api/v1/reports/dashboard");
    const compliance = await apiGet<ComplianceSummary>(page, "/api/v1/compliance");
    const report = dashboard.recent_reports[0];
    const framework = compliance.frameworks[0];
    if (!report || !framework) throw new Error("no report or framework in the demo data");

    // Each page, and what shows it has loaded its data.
    const pages: [name: string, path: string, ready: Locator][] = [
      ["dashboard", "/customer-portal", statCards(page).first()],
      ["reports", "/customer-portal/reports", card(page, "Report Archive").getByRole("table")],
      [
        "report detail",
        `/customer-portal/reports/${report.id}`,
        page.getByRole("heading", { level: 2, name: "Details" }),
      ],
      [
        "compliance",
        "/customer-portal/compliance",
        page.getByRole("link", { name: framework.name, exact: true }),
      ],
      [
        "framework",
        `/customer-portal/compliance/${framework.key}`,
        page.getByRole("heading", { level: 2, name: "Controls" }),
      ],
    ];
    const found: Record<string, string[]> = {};
    for (const [name, path, ready] of pages) {
      await page.goto(`${portal.url}${path}`);
      await ready.waitFor();
      await page.waitForLoadState("networkidle");
      found[name] = await accessibilityViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(pages.map(([name]) => [name, []])));
    expect(pageErrors).toEqual([]);
  });

  it("shows a customer who accessed their data: colleagues and provider staff, nothing of another tenant", async () => {
    // Provider staff open Northwind's dashboard; a Contoso user works in their own portal.
    const staff = await newPage();
    await staff.goto(`${portal.url}/customer-portal`);
    await staff.getByRole("link", { name: "Sign in with Azure Government" }).click();
    await staff.getByRole("button", { name: "Sign in as Marcus Chen" }).click();
    await staff.getByText("Choose a tenant to view").waitFor();
    const tenants = await apiGet<{ items: { id: string; slug: string }[] }>(staff, "/api/v1/admin/tenants");
    const northwind = tenants.items.find((tenant) => tenant.slug === "northwind");
    await apiGet(staff, `/api/v1/reports/dashboard?tenant=${northwind?.id}`);
    await context?.close();
    const other = await newPage();
    await signInAs(other, "Maria Gonzalez");
    await context?.close();

    const page = await newPage();
    await signInAs(page, "Priya Raman");
    await page.getByRole("link", { name: "Access log" }).click();
    const table = page.getByRole("table", { name: "Accesses, newest first" });
    const staffRow = table.getByRole("row").filter({ hasText: "Marcus Chen (SentinelForge Security)" });
    await staffRow.first().waitFor();
    const staffText = await staffRow.first().textContent();
    expect(staffText).toContain("Viewed the dashboard");
    expect(staffText).toContain("Withheld (provider network)");
    expect(await table.getByRole("row").filter({ hasText: "Priya Raman" }).first().textContent()).toContain(
      "127.0.0.1",
    );
    expect(await table.getByText("Maria Gonzalez").count()).toBe(0);

    await page.getByLabel("Person").selectOption({ label: "Marcus Chen" });
    await expect
      .poll(async () =>
        (await table.getByRole("row").allInnerTexts()).slice(1).every((row) => row.includes("Marcus Chen")),
      )
      .toBe(true);
    await page.waitForLoadState("networkidle");
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, "portal-access-log");
    await page.setViewportSize(PHONE);
    await shot(page, "portal-access-log-phone");
    expect(pageErrors).toEqual([]);
  });

  it("fits a phone's width", async () => {
    const page = await newPage(PHONE);
    await signInAs(page, "Priya Raman");
    await statCards(page).first().waitFor();
    await page.waitForLoadState("networkidle");

    const widths = await page
      .locator("html")
      .evaluate((root) => ({ scroll: root.scrollWidth, client: root.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(PHONE.width);
    await expect(banner(page).isVisible()).resolves.toBe(true);
    await expect(statCards(page).count()).resolves.toBe(4);
    for (const item of await statCards(page).all()) {
      await expect(item.isVisible()).resolves.toBe(true);
      const box = await item.boundingBox();
      expect(box).not.toBeNull();
      if (box) expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await shot(page, "portal-dashboard-phone", true);
    expect(pageErrors).toEqual([]);
  });

  it("shows the MFA badge in the banner for a user who signed in with MFA", async () => {
    const page = await newPage();
    await signInAs(page, "Daniel Whitaker");
    const welcome = banner(page);
    await expect(welcome.getByText("Northwind Health Systems", { exact: true }).isVisible()).resolves.toBe(
      true,
    );
    const badges = welcome.getByRole("list", { name: "Sign-in verification" }).getByRole("listitem");
    await expect(badges.allTextContents()).resolves.toEqual(["SSO Verified", "MFA"]);
    for (const badge of await badges.all()) await expect(badge.isVisible()).resolves.toBe(true);
    await statCards(page).first().waitFor();
    await page.waitForLoadState("networkidle");
    await shot(page, "portal-dashboard-mfa");
    expect(pageErrors).toEqual([]);
  });
});
