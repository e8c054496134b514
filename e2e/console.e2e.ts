/**
 * The provider console end to end, browser test: an admin creates a tenant (its people sign in by emailed link)
 * and a workspace, and invites a customer; an analyst generates a report for that workspace and publishes it once
 * it is ready; the customer follows the link from the development mailbox and downloads the report, byte for
 * byte the stored PDF. axe and screenshots on every console page on the way, at desktop and phone width. Real
 * server process on a fresh PGlite data folder with the demo data, real Chromium. Screenshots go to
 * os.tmpdir()/portcullis-e2e/console-*.png.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { AdminReportList } from "../contracts/report-console";
import { accessibilityViolations, apiGet, browserJourney, PHONE, screenshot } from "./support";

const journey = browserJourney();
const { newPage } = journey;

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
const TENANT = `Harbor Dental ${suffix}`;
const SLUG = `harbor-${suffix}`;
const DOMAIN = `harbor-${suffix}.example`;
const WORKSPACE = "Security operations";
const CUSTOMER = `dana@${DOMAIN}`;

/** No axe violation, then a screenshot at desktop width and one at phone width (the page must fit it). */
async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `console-${name}`);
  const desktop = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.waitForLoadState("networkidle");
  const width = await page.locator("html").evaluate((root) => root.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  expect(await accessibilityViolations(page)).toEqual([]);
  await screenshot(page, `console-${name}-phone`);
  if (desktop) await page.setViewportSize(desktop);
}

/** The newest mail to `address` in the development mailbox: its access link. */
async function mailedLink(page: Page, address: string): Promise<string> {
  let link: string | null = null;
  await expect
    .poll(
      async () => {
        await page.goto(`${journey.portal.url}/dev/mailbox`);
        const mail = page.locator("li.mail").filter({ has: page.getByText(address, { exact: true }) });
        if ((await mail.count()) === 0) return null;
        link = await mail
          .first()
          .locator(`a[href^="${journey.portal.url}/access#token="]`)
          .first()
          .getAttribute("href");
        return link;
      },
      { timeout: 30_000, interval: 500 },
    )
    .not.toBeNull();
  if (!link) throw new Error(`no mail to ${address}`);
  return link;
}

describe("the provider console", () => {
  it("an admin adds a customer, an analyst publishes its first report, and the customer downloads it", async () => {
    // The admin: a tenant whose people sign in by emailed link, and its SOC workspace.
    const admin = await newPage();
    await journey.signInAs(admin, "Marcus Chen", "/console/tenants");
    await admin.getByRole("heading", { level: 1, name: "Tenants" }).waitFor();
    await admin.getByRole("table", { name: /Tenants/ }).waitFor();
    await checkPage(admin, "tenants");

    await admin.getByRole("button", { name: "New tenant" }).click();
    const tenantForm = admin
      .locator("form")
      .filter({ has: admin.getByRole("button", { name: "Create tenant" }) });
    // Refused in the browser first: nothing is sent with a blank name.
    await tenantForm.getByRole("button", { name: "Create tenant" }).click();
    await expect(tenantForm.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).resolves.toBe(
      "true",
    );
    await checkPage(admin, "tenant-new-errors");
    await tenantForm.getByLabel("Name", { exact: true }).fill(TENANT);
    await tenantForm.getByLabel("Slug").fill(SLUG);
    await tenantForm.getByLabel("Allowed email domains").fill(DOMAIN);
    await tenantForm.getByRole("button", { name: "Create tenant" }).click();
    await admin.waitForURL((url) => url.pathname.startsWith("/console/tenants/"));
    await admin.getByRole("heading", { level: 1, name: TENANT }).waitFor();

    await admin.getByRole("button", { name: "New workspace" }).click();
    const newWorkspace = admin.getByRole("form", { name: "New workspace" });
    await newWorkspace.getByLabel("Name").fill(WORKSPACE);
    await newWorkspace.getByRole("button", { name: "Create workspace" }).click();
    const workspaces = admin.getByRole("table", { name: `Workspaces of ${TENANT}` });
    await workspaces.getByRole("row").filter({ hasText: WORKSPACE }).waitFor();
    await checkPage(admin, "tenant");

    // The admin invites the customer: the tenant takes email links, so a link is mailed.
    await admin.goto(`${journey.portal.url}/console/users`);
    await admin.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await checkPage(admin, "users");
    await admin.getByRole("button", { name: "Invite user" }).click();
    const invite = admin.getByRole("dialog", { name: "Invite a customer user" });
    await invite.getByLabel("Email address").fill(CUSTOMER);
    await invite.getByLabel("Workspace").selectOption({ label: `${WORKSPACE} (Managed SOC)` });
    await invite.getByRole("button", { name: "Invite", exact: true }).click();
    await invite.getByText("An access link is on its way").waitFor();
    await checkPage(admin, "users-invited");
    await invite.getByRole("button", { name: "Done" }).click();
    const link = await mailedLink(admin, CUSTOMER);

    // The analyst: generates last month's executive summary for the new workspace, then publishes it when ready.
    const analyst = await newPage();
    await journey.signInAs(analyst, "Elena Vasquez", "/console/reports");
    await analyst.getByRole("heading", { level: 1, name: "Reports" }).waitFor();
    await analyst.getByRole("button", { name: "Generate report" }).click();
    await analyst.getByLabel("Workspace").selectOption({ label: `${WORKSPACE} (Managed SOC)` });
    const form = analyst.locator("form").filter({ has: analyst.getByLabel("First day") });
    await form.getByLabel("Type").selectOption({ label: "Executive Monthly" });
    await form.getByRole("button", { name: "Generate report" }).click();
    // The new report is listed at once, as generating, for this tenant only.
    await analyst.getByRole("row").filter({ hasText: TENANT }).first().waitFor();
    const reports = await apiGet<AdminReportList>(analyst, "/api/v1/admin/reports");
    const ours = reports.items.filter((item) => item.tenant.name === TENANT);
    expect(ours).toHaveLength(1);
    const report = ours[0];
    if (!report) throw new Error("the generated report is not listed");
    expect(report.published).toBe(false);

    // The list follows the job live: Publish appears once the PDF is ready, without a reload.
    const publish = analyst.getByRole("button", { name: `Publish ${report.title}` });
    await publish.waitFor({ timeout: 60_000 });
    await checkPage(analyst, "reports");
    await publish.click();
    await analyst.getByRole("button", { name: `Unpublish ${report.title}` }).waitFor();
    await analyst.getByRole("status").getByText(`“${report.title}” is published`).first().waitFor();

    // The customer: follows the mailed link and downloads the report from the archive.
    const customer = await newPage();
    await customer.goto(link);
    await customer.getByRole("button", { name: "Continue" }).click();
    await customer.waitForURL((url) => url.pathname === "/customer-portal");
    await customer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    const row = customer.getByRole("row").filter({ hasText: report.title });
    await row.waitFor();
    const [download] = await Promise.all([
      customer.waitForEvent("download"),
      row.getByRole("link", { name: /Download/ }).click(),
    ]);
    const bytes = await readFile((await download.path()) ?? "");
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const published = (await apiGet<AdminReportList>(analyst, "/api/v1/admin/reports")).items.find(
      (item) => item.id === report.id,
    );
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(published?.sha256);
  });
});
