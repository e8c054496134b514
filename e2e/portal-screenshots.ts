/**
 * Screenshots of the portal's pages against a running server, for looking at the UI by eye at desktop and phone
 * width: the sign-in page (with each notice) and /verify, then the customer pages signed in through the real flow
 * (the dev identity provider), then emailed access links (the console, the dev mailbox, /access), then engagements
 * (the customer's list and live page, the console's editor, staff viewing as the client).
 *
 *   npx tsx e2e/portal-screenshots.ts <base url> [out dir]
 *
 * e.g. against a server started with `DATA_DIR=$(mktemp -d) PORT=3100 PUBLIC_URL=http://127.0.0.1:3100 npm start`:
 *   npx tsx e2e/portal-screenshots.ts http://127.0.0.1:3100 /tmp/portal-shots
 */
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { accessibilityViolations, launchChromium } from "./support";

const [baseUrl, outDir = "/tmp/portal-shots"] = process.argv.slice(2);
if (!baseUrl) {
  console.error("usage: npx tsx e2e/portal-screenshots.ts <base url> [out dir]");
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

const browser = await launchChromium();
const problems: string[] = [];

async function signedInContext(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: desktop });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`${name}: pageerror ${error.message}`));
  page.on("response", (response) => {
    const url = new URL(response.url());
    // The 404 asked for on purpose (the not-found page) and the 500 the script fakes are expected.
    const isExpected =
      url.pathname.includes("00000000-0000-4000-8000-000000000000") ||
      (response.status() === 500 && url.pathname === "/api/v1/reports/dashboard");
    if (response.status() >= 400 && !isExpected) {
      problems.push(`${name}: ${response.status()} ${url.pathname}${url.search}`);
    }
  });
  await page.goto(`${baseUrl}/auth/login?returnTo=${encodeURIComponent("/customer-portal")}`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => url.pathname === "/customer-portal");
  return { context, page };
}

/** Saves `<name>.png` and runs axe on what is on screen; violations are reported at the end. */
async function shot(page: Page, name: string, options: { full?: boolean; idle?: boolean } = {}) {
  if (options.idle ?? true) await page.waitForLoadState("networkidle");
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.full ?? true });
  console.log(
    `${file}  (${page.viewportSize()?.width}x${page.viewportSize()?.height}, ${await page.title()})`,
  );
  for (const violation of await accessibilityViolations(page)) problems.push(`${name}: axe ${violation}`);
}

/** The pages anyone gets: the server's sign-in page (plain, and with each notice) and /verify. */
async function publicPages() {
  for (const [width, viewport] of [
    ["desktop", desktop],
    ["phone", phone],
  ] as const) {
    for (const notice of [null, "signed_out", "expired", "ended"]) {
      const context = await browser.newContext({ viewport });
      if (notice) await context.addCookies([{ name: "portcullis_notice", value: notice, url: baseUrl }]);
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(`sign-in: pageerror ${error.message}`));
      await page.goto(`${baseUrl}/customer-portal`);
      await page.getByRole("heading", { name: "Customer Report Portal" }).waitFor();
      await shot(page, `00-sign-in${notice ? `-${notice}` : ""}-${width}`);
      await context.close();
    }
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`verify: pageerror ${error.message}`));
    await page.goto(`${baseUrl}/verify`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await shot(page, `00-verify-${width}`);
    await context.close();
  }
}

/**
 * Emailed access links: staff send a few from the console, the mails land in the development mailbox, a client
 * opens one on /access (its preview), uses it, and opens it again (it can't be used); /access without a link.
 */
async function accessLinks() {
  const staff = await signedInContext("Marcus Chen");
  const { items } = await (await staff.page.request.get(`${baseUrl}/api/v1/admin/workspaces`)).json();
  const northwind = items.find(
    (item: { tenantName: string; kind: string }) =>
      item.tenantName === "Northwind Health Systems" && item.kind === "soc",
  );
  const domain: string = northwind.allowedEmailDomains[0] ?? "northwindhealth.org";
  const run = Date.now().toString(36);
  const addresses = [`dana.reyes.${run}`, `sam.okoro.${run}`, `li.wei.${run}`].map(
    (who) => `${who}@${domain}`,
  );
  await staff.page.goto(`${baseUrl}/console/access-links?workspace=${northwind.id}`);
  for (const [index, address] of addresses.entries()) {
    await staff.page.getByLabel("Email address").fill(address);
    await staff.page.getByLabel("Role").selectOption(index === 1 ? "customer_approver" : "customer_viewer");
    await staff.page.getByRole("button", { name: "Send link" }).click();
    await staff.page.getByText(`Link sent to ${address}`).waitFor();
  }
  // The list reads itself again while mail is queued; every mail has gone out once none says so.
  await staff.page
    .getByText("Queued", { exact: true })
    .first()
    .waitFor({ state: "detached", timeout: 60_000 });
  await shot(staff.page, "21-console-access-links-desktop");
  await staff.page.setViewportSize(phone);
  await shot(staff.page, "22-console-access-links-phone", { full: false });

  await staff.page.setViewportSize(desktop);
  await staff.page.goto(`${baseUrl}/dev/mailbox`);
  await staff.page.getByRole("heading", { name: "Development mailbox" }).waitFor();
  await shot(staff.page, "23-dev-mailbox-desktop", { full: false });
  await staff.page.setViewportSize(phone);
  await shot(staff.page, "24-dev-mailbox-phone", { full: false });
  const newest = staff.page.locator("li.mail").filter({ hasText: addresses[0] }).first();
  const link = await newest.locator(`a[href*="/access#token="]`).first().getAttribute("href");
  await staff.context.close();
  if (!link) throw new Error(`no access link in the mail to ${addresses[0]}`);

  for (const [width, viewport] of [
    ["desktop", desktop],
    ["phone", phone],
  ] as const) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`access: pageerror ${error.message}`));
    await page.goto(`${baseUrl}/access`);
    await page.getByRole("heading", { name: "Sign in with an emailed link" }).waitFor();
    await shot(page, `25-access-request-${width}`);
    await page.goto("about:blank");
    await page.goto(link);
    await page.getByRole("button", { name: "Continue" }).waitFor();
    await shot(page, `26-access-link-${width}`);
    await context.close();
  }

  // Used once, the link can't be used again.
  const client = await browser.newContext({ viewport: desktop });
  const page = await client.newPage();
  await page.goto(link);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => url.pathname === "/customer-portal");
  await page.goto("about:blank");
  await page.goto(link);
  await page.getByRole("heading", { name: "This link can't be used" }).waitFor();
  await shot(page, "27-access-link-used-desktop");
  await page.setViewportSize(phone);
  await shot(page, "28-access-link-used-phone");
  await client.close();
}

/**
 * Engagements: the customer's list and one engagement (its stream connected: "Live"), the console's list with the
 * editor open and its new-engagement form, and staff viewing the engagement as the client does. The engagement page
 * keeps its event stream open, so it is shot once "Live" shows rather than when the network is idle.
 */
async function engagements() {
  const customer = await signedInContext("Priya Raman");
  await customer.page.goto(`${baseUrl}/customer-portal/engagements`);
  await customer.page.getByRole("heading", { level: 1, name: "Engagements" }).waitFor();
  await customer.page
    .getByText(/ milestones done$/)
    .first()
    .waitFor();
  await shot(customer.page, "29-engagements-desktop");
  await customer.page.setViewportSize(phone);
  await shot(customer.page, "30-engagements-phone");

  await customer.page.setViewportSize(desktop);
  await customer.page.getByRole("link", { name: /^CMMC Level 2/ }).click();
  await customer.page.getByText("Live", { exact: true }).waitFor();
  const engagementId = customer.page.url().split("/").pop()?.split("?")[0] ?? "";
  await shot(customer.page, "31-engagement-desktop", { idle: false });
  await customer.page.setViewportSize(phone);
  await shot(customer.page, "32-engagement-phone", { idle: false });
  await shot(customer.page, "32b-engagement-phone-viewport", { full: false, idle: false });
  await customer.context.close();

  const staff = await signedInContext("Elena Vasquez");
  await staff.page.goto(`${baseUrl}/console/engagements?engagement=${engagementId}`);
  await staff.page.getByRole("heading", { level: 3, name: "Phases and milestones" }).waitFor();
  await shot(staff.page, "33-console-engagements-desktop");
  await staff.page.setViewportSize(phone);
  await shot(staff.page, "34-console-engagements-phone");
  await shot(staff.page, "34b-console-engagements-phone-viewport", { full: false });
  await staff.page.setViewportSize(desktop);
  await staff.page.getByRole("button", { name: "New engagement" }).click();
  await staff.page.getByRole("heading", { level: 2, name: "New engagement" }).waitFor();
  await shot(staff.page, "35-console-new-engagement", { full: false });

  await staff.page.getByRole("link", { name: "View as client" }).click();
  await staff.page.getByText("Live", { exact: true }).waitFor();
  await shot(staff.page, "36-engagement-as-client-staff", { full: false, idle: false });
  await staff.context.close();
}

try {
  await publicPages();
  const { context, page } = await signedInContext("Priya Raman");
  await page.getByRole("heading", { name: "Welcome, Priya Raman" }).waitFor();
  // The archive's list is built when it comes near the viewport, as when a reader scrolls down to it.
  await page.getByRole("heading", { name: "Report Archive" }).scrollIntoViewIfNeeded();
  await page.getByText(/^Showing/).waitFor();
  await page.mouse.wheel(0, -100_000);
  await shot(page, "01-dashboard-desktop");
  await page.setViewportSize(phone);
  await shot(page, "02-dashboard-phone");
  await shot(page, "02b-dashboard-phone-viewport", { full: false });

  await page.setViewportSize(desktop);
  await page.goto(`${baseUrl}/customer-portal/reports`);
  await page.getByLabel("Search reports").fill("no such report zzz");
  await page.getByText("No reports found.").waitFor();
  await shot(page, "03-reports-empty-search");

  await page.getByLabel("Search reports").fill("");
  await page.getByLabel("Type").selectOption("sla_performance");
  await page.getByText(/^Showing/).waitFor();
  await shot(page, "04-reports-type-filter");

  await page.goto(`${baseUrl}/customer-portal/reports`);
  await page.getByRole("table").getByRole("link").first().click();
  await page.getByRole("heading", { name: "Details" }).waitFor();
  await shot(page, "05-report-detail-desktop");
  await page.setViewportSize(phone);
  await shot(page, "06-report-detail-phone");

  await page.setViewportSize(desktop);
  await page.goto(`${baseUrl}/customer-portal/reports/00000000-0000-4000-8000-000000000000`);
  await page.getByRole("heading", { name: "Report not found" }).waitFor();
  await shot(page, "07-report-not-found");

  await page.goto(`${baseUrl}/customer-portal/compliance`);
  await page.getByRole("heading", { level: 2 }).first().waitFor();
  await shot(page, "08-compliance-desktop");
  await page.setViewportSize(phone);
  await shot(page, "09-compliance-phone");

  await page.setViewportSize(desktop);
  await page.getByRole("link", { name: "CMMC Level 2" }).click();
  await page.getByRole("heading", { name: "Controls" }).waitFor();
  await shot(page, "10-framework-desktop");
  await page.setViewportSize(phone);
  await shot(page, "11-framework-phone", { full: false });

  // Reports without a PDF yet (generating) and failed ones, by rewriting the real answers in the browser.
  await page.setViewportSize(desktop);
  await page.route(/\/api\/v1\/reports(\/dashboard)?(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const items: { status: string; generated_at: string | null; sha256: string | null }[] =
      body.items ?? body.recent_reports;
    items.forEach((item, index) => {
      if (index % 3 === 2) return;
      item.status = index % 3 === 0 ? "generating" : "failed";
      item.generated_at = null;
      item.sha256 = null;
    });
    await route.fulfill({ response, json: body });
  });
  await page.goto(`${baseUrl}/customer-portal`);
  await page.getByText(/^Showing/).waitFor();
  await shot(page, "16-dashboard-without-pdfs", { full: true });
  await page.unrouteAll();

  // The failure and loading states, by answering the dashboard API in the browser.
  await page.setViewportSize(desktop);
  await page.route("**/api/v1/reports/dashboard", (route) =>
    route.fulfill({
      status: 500,
      contentType: "application/json",
      body: JSON.stringify({
        error: "internal",
        message: "Internal server error",
        requestId: "req-shot-500",
      }),
    }),
  );
  await page.goto(`${baseUrl}/customer-portal`);
  await page.getByText("Could not load the dashboard").waitFor({ timeout: 15_000 });
  await shot(page, "14-dashboard-error", { full: false });
  await page.unroute("**/api/v1/reports/dashboard");
  await page.route("**/api/v1/reports**", () => {
    // Never answered: the page stays in its loading state.
  });
  await page.goto(`${baseUrl}/customer-portal`);
  await page.getByText("Loading the dashboard…").waitFor({ state: "attached" });
  await shot(page, "15-dashboard-loading", { full: false, idle: false });
  await context.close();

  const daniel = await signedInContext("Daniel Whitaker");
  await daniel.page.getByText(/^Showing/).waitFor();
  await shot(daniel.page, "12-dashboard-mfa", { full: false });
  await daniel.context.close();

  const marcus = await signedInContext("Marcus Chen");
  await marcus.page.getByText("Choose a tenant to view").waitFor();
  await shot(marcus.page, "13-staff-choose-tenant", { full: false });
  // Staff opening a customer's dashboard: the customer's access log will show it.
  const tenants = await (await marcus.page.request.get(`${baseUrl}/api/v1/admin/tenants`)).json();
  const northwind = tenants.items.find((tenant: { slug: string }) => tenant.slug === "northwind");
  await marcus.page.request.get(`${baseUrl}/api/v1/reports/dashboard?tenant=${northwind.id}`);
  await marcus.page.goto(`${baseUrl}/console/audit`);
  await marcus.page.getByText(/^Chain intact|^Audit trail broken/).waitFor();
  await marcus.page.getByText(/^#\d+/).first().waitFor();
  await shot(marcus.page, "17-console-audit-desktop", { full: false });
  await marcus.page.setViewportSize(phone);
  await shot(marcus.page, "18-console-audit-phone", { full: false });
  await marcus.context.close();

  const priya = await signedInContext("Priya Raman");
  await priya.page.goto(`${baseUrl}/customer-portal/access-log`);
  await priya.page.getByText("Provider staff").first().waitFor();
  await shot(priya.page, "19-access-log-desktop", { full: false });
  await priya.page.setViewportSize(phone);
  await shot(priya.page, "20-access-log-phone", { full: false });
  await priya.context.close();

  await accessLinks();
  await engagements();
} finally {
  await browser.close();
}

if (problems.length > 0) {
  console.error(`problems seen:\n  ${problems.join("\n  ")}`);
  process.exitCode = 1;
}
