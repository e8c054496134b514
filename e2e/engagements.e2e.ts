/**
 * Engagements, live, browser tests: a customer's engagement page (open in one browser context) follows what staff
 * change in the console (in another) without reloading — a milestone's status badge and the progress bar change and
 * the page's live region announces it; a client-visible update appears, an internal one never does. axe on the
 * engagement page and the console page, and both fit a 390 px phone. Real server process on a fresh PGlite data
 * folder with the demo data, real Chromium. Screenshots go to os.tmpdir()/portcullis-e2e/engagements-*.png.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { EngagementClientView, EngagementList, Milestone } from "../contracts/engagements";
import { accessibilityViolations, apiGet, browserJourney, DESKTOP, PHONE, screenshot } from "./support";

const CUSTOMER = "Priya Raman";
const STAFF = "Elena Vasquez";

const journey = browserJourney();
const { newPage, signInAs } = journey;

/** The demo's active Northwind engagement, as the customer's API answers it. */
async function activeEngagement(customer: Page): Promise<EngagementClientView> {
  const { items } = await apiGet<EngagementList>(customer, "/api/engagements");
  const active = items.find((item) => item.status === "active");
  if (!active) throw new Error(`no active engagement in ${JSON.stringify(items)}`);
  return apiGet<EngagementClientView>(customer, `/api/engagements/${active.id}/client-view`);
}

function milestones(view: EngagementClientView): Milestone[] {
  return view.phases.flatMap((phase) => phase.milestones);
}

/** The milestone's row on the customer's engagement page. */
function milestoneRow(page: Page, id: string): Locator {
  return page.locator(`li[data-milestone-id="${id}"]`);
}

/** The visually hidden region that announces live changes. */
function liveRegion(page: Page): Locator {
  return page.locator('[aria-live="polite"]');
}

/** The page is no wider than its window (nothing scrolls sideways). */
async function expectNoHorizontalOverflow(page: Page, width: number): Promise<void> {
  const widths = await page
    .locator("html")
    .evaluate((root) => ({ scroll: root.scrollWidth, client: root.clientWidth }));
  expect(widths.scroll, JSON.stringify(widths)).toBeLessThanOrEqual(width);
}

/** Posts an update from the console's editor: the text, then who sees it. */
async function postUpdate(staff: Page, body: string, audience: "Visible to the client" | "Internal") {
  await staff.getByLabel("New update").fill(body);
  await staff.getByRole("radio", { name: new RegExp(`^${audience}`) }).check();
  await staff.getByRole("button", { name: "Post update" }).click();
  await staff.getByRole("list", { name: "Updates, newest first" }).getByText(body).waitFor();
  await expect(staff.getByLabel("New update").inputValue()).resolves.toBe("");
}

describe("engagements, live, in the browser", () => {
  it("the customer's page follows the console's changes without reloading", async () => {
    const customer = await newPage();
    await signInAs(customer, CUSTOMER, "/customer-portal/engagements");
    const view = await activeEngagement(customer);
    const all = milestones(view);
    const milestone = all.find((item) => item.status === "pending");
    if (!milestone) throw new Error(`no pending milestone in ${view.name}`);
    const done = all.filter((item) => item.status === "done").length;

    // From the list to the engagement, which connects to its stream.
    await customer.getByRole("link", { name: view.name }).click();
    await customer.getByRole("heading", { level: 1, name: view.name }).waitFor();
    await customer.getByText("Live", { exact: true }).waitFor();
    const progress = customer.getByRole("progressbar", { name: "Engagement progress" });
    await expect(progress.getAttribute("aria-valuenow")).resolves.toBe(String(view.percentComplete));
    await customer.getByText(`${done} of ${all.length} milestones done`).waitFor();
    await expect(milestoneRow(customer, milestone.id).getByText("Pending").isVisible()).resolves.toBe(true);
    // Gone after a reload: proves the changes below arrive without one.
    await customer.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });

    const staff = await newPage();
    await signInAs(staff, STAFF, `/console/engagements?engagement=${view.id}`);
    await staff.getByRole("heading", { level: 2, name: view.name }).waitFor();
    await staff.getByLabel(`Status of '${milestone.title}'`).selectOption("done");
    await staff
      .getByRole("status")
      .filter({ hasText: `Milestone '${milestone.title}' is now done.` })
      .waitFor();

    // The customer's page: the badge, the bar and the count change, and the change is announced.
    const expectedPercent = Math.floor(((done + 1) * 100) / all.length);
    await milestoneRow(customer, milestone.id).getByText("Done", { exact: true }).waitFor();
    await expect.poll(() => progress.getAttribute("aria-valuenow")).toBe(String(expectedPercent));
    await customer.getByText(`${done + 1} of ${all.length} milestones done`).waitFor();
    await customer.getByText(`${expectedPercent}% complete`).waitFor();
    await expect
      .poll(() => liveRegion(customer).textContent())
      .toContain(`Milestone '${milestone.title}' is now done.`);

    // Updates: a client-visible one appears and is announced; an internal one never reaches the client (the
    // client-visible one after it proves the stream went past it).
    const run = Date.now().toString(36);
    const visible = `Gap review workshop booked for next Tuesday (${run}).`;
    const internal = `Internal: the client's CISO is hard to reach (${run}).`;
    const visibleAfter = `Draft roadmap shared in the workspace (${run}).`;
    const timeline = customer.getByRole("list", { name: "Updates, newest first" });
    await postUpdate(staff, visible, "Visible to the client");
    await timeline.getByText(visible).waitFor();
    await expect.poll(() => liveRegion(customer).textContent()).toContain(`: ${visible}`);
    await postUpdate(staff, internal, "Internal");
    await postUpdate(staff, visibleAfter, "Visible to the client");
    await timeline.getByText(visibleAfter).waitFor();
    await expect(timeline.getByText(internal).count()).resolves.toBe(0);
    await expect(customer.getByText(internal).count()).resolves.toBe(0);
    await expect(liveRegion(customer).textContent()).resolves.not.toContain("CISO");
    // Newest first.
    const bodies = await timeline.getByRole("listitem").allTextContents();
    expect(bodies.findIndex((text) => text.includes(visibleAfter))).toBeLessThan(
      bodies.findIndex((text) => text.includes(visible)),
    );

    expect(
      await customer.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await customer.getByText("Live", { exact: true }).waitFor();
    await screenshot(customer, "engagements-customer-live");
    await screenshot(staff, "engagements-console-editor");

    // What the API tells the client agrees, and holds nothing internal.
    const after = await apiGet<EngagementClientView>(customer, `/api/engagements/${view.id}/client-view`);
    expect(after.percentComplete).toBe(expectedPercent);
    expect(JSON.stringify(after)).not.toContain(internal);
    expect(journey.pages.errors).toEqual([]);
  });

  it("has no axe violations on the engagement page and the console page, and both fit 390 px", async () => {
    const customer = await newPage(PHONE);
    await signInAs(customer, CUSTOMER, "/customer-portal/engagements");
    const view = await activeEngagement(customer);
    await customer.waitForLoadState("networkidle");
    await expectNoHorizontalOverflow(customer, PHONE.width);
    expect(await accessibilityViolations(customer)).toEqual([]);

    await customer.getByRole("link", { name: view.name }).click();
    await customer.getByRole("heading", { level: 1, name: view.name }).waitFor();
    await customer.getByText("Live", { exact: true }).waitFor();
    await expectNoHorizontalOverflow(customer, PHONE.width);
    expect(await accessibilityViolations(customer)).toEqual([]);
    await screenshot(customer, "engagements-customer-phone");
    await customer.setViewportSize(DESKTOP);
    expect(await accessibilityViolations(customer)).toEqual([]);

    const staff = await newPage();
    await signInAs(staff, STAFF, `/console/engagements?engagement=${view.id}`);
    await staff.getByRole("heading", { level: 2, name: view.name }).waitFor();
    await staff.getByRole("heading", { level: 3, name: "Phases and milestones" }).waitFor();
    await staff.waitForLoadState("networkidle");
    expect(await accessibilityViolations(staff)).toEqual([]);
    // With the forms open too: a new engagement, a milestone's editor, a new milestone.
    await staff.getByRole("button", { name: "New engagement" }).click();
    await staff.getByRole("heading", { level: 2, name: "New engagement" }).waitFor();
    await staff
      .getByRole("button", { name: /^Edit milestone / })
      .first()
      .click();
    await staff
      .getByRole("button", { name: /^Add milestone/ })
      .first()
      .click();
    expect(await accessibilityViolations(staff)).toEqual([]);
    await staff.setViewportSize(PHONE);
    await expectNoHorizontalOverflow(staff, PHONE.width);
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "engagements-console-phone");
    expect(journey.pages.errors).toEqual([]);
  });

  it("staff create an engagement, plan it and reorder it in the console; a 400 is shown", async () => {
    const staff = await newPage();
    await signInAs(staff, STAFF, "/console/engagements");
    await staff.getByRole("heading", { level: 2, name: "All engagements" }).waitFor();
    await staff.getByRole("button", { name: "New engagement" }).click();
    const name = `Tabletop exercise ${Date.now().toString(36)}`;
    await staff.getByLabel("Workspace").selectOption({ label: "Microsoft 365 Security Review (Advisory)" });
    await staff.getByLabel("Name").fill(name);
    await staff.getByLabel("Starts").fill("2027-02-01");
    await staff.getByLabel("Ends").fill("2027-01-15");
    await staff.getByRole("button", { name: "Create engagement" }).click();
    await staff.getByText("The end date is before the start date.").waitFor();
    await staff.getByLabel("Ends").fill("2027-03-01");
    await staff.getByRole("button", { name: "Create engagement" }).click();
    await staff.getByRole("heading", { level: 2, name }).waitFor();
    expect(new URL(staff.url()).searchParams.get("engagement")).toMatch(/^[0-9a-f-]{36}$/);
    await staff.getByText("No phases yet. Add the first one below.").waitFor();

    const plan = staff.getByRole("region", { name: "Phases and milestones" });
    for (const phase of ["Preparation", "Exercise", "Debrief"]) {
      await staff.getByLabel("New phase").fill(phase);
      await staff.getByRole("button", { name: "Add phase" }).click();
      await plan.getByRole("heading", { level: 4, name: new RegExp(`${phase}$`) }).waitFor();
    }
    await staff.getByRole("button", { name: "Move phase 'Debrief' up" }).click();
    await expect
      .poll(() => plan.getByRole("heading", { level: 4 }).allTextContents())
      .toEqual(["1. Preparation", "2. Debrief", "3. Exercise"]);

    await staff.getByRole("button", { name: "Add milestone to 'Preparation'" }).click();
    await staff.getByLabel("Milestone", { exact: true }).fill("Scenario agreed");
    await staff.getByLabel("Due date").fill("2027-02-10");
    await staff.getByRole("button", { name: "Add", exact: true }).click();
    await plan.getByText("Scenario agreed", { exact: true }).waitFor();
    await plan.getByText("Due Feb 10, 2027").waitFor();

    // A server 400 is shown as the server words it: the save's body is rewritten on its way (an empty name, which
    // the form itself would not send).
    await staff.route("**/api/v1/admin/engagements/*", (route) =>
      route.request().method() === "PATCH"
        ? route.continue({ postData: JSON.stringify({ name: "" }) })
        : route.continue(),
    );
    journey.pages.expectFailure(/^PATCH 400 \/api\/v1\/admin\/engagements\/[^/]+$/);
    const answer = staff.waitForResponse((response) => response.request().method() === "PATCH");
    await staff.getByLabel("Name").fill(`${name} (renamed)`);
    await staff.getByRole("button", { name: "Save details" }).click();
    const refused = await answer;
    expect(refused.status()).toBe(400);
    const { message } = (await refused.json()) as { message: string };
    await staff.getByText(message, { exact: true }).waitFor();
    await staff.unrouteAll();
    await staff.getByRole("button", { name: "Save details" }).click();
    await staff.getByRole("heading", { level: 2, name: `${name} (renamed)` }).waitFor();
    expect(journey.pages.errors).toEqual([]);
  });
});
