/**
 * Emailed access links, browser tests: staff issue a link in the console (/console/access-links), it arrives in
 * the development mailbox (/dev/mailbox), the client opens it on /access, sees where it leads, presses Continue
 * and lands in the portal signed in for that one workspace; the link never opens again. A client without a link
 * asks for one on /access ("Email me a link") and the new mail's link works. axe on both journey.pages. Real server
 * process on a fresh PGlite data folder with the demo data, real Chromium. Screenshots go to
 * os.tmpdir()/portcullis-e2e/access-*.png.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { AccessLinkList, WorkspaceOptions } from "../contracts/access-links";
import type { MeResponse } from "../contracts/auth";
import { accessibilityViolations, apiGet, browserJourney, PHONE, screenshot } from "./support";

const journey = browserJourney();
const { newPage, signInAs } = journey;

/** A workspace of a demo customer, by the tenant's name and the workspace's kind. */
async function workspaceOf(page: Page, tenantName: string, kind: "soc" | "advisory") {
  const { items } = await apiGet<WorkspaceOptions>(page, "/api/v1/admin/workspaces");
  const workspace = items.find((item) => item.tenantName === tenantName && item.kind === kind);
  if (!workspace) throw new Error(`no ${kind} workspace for ${tenantName} in ${JSON.stringify(items)}`);
  return workspace;
}

/** A fresh address at the tenant's domain, so runs never meet each other's links or rate limits. */
function newAddress(domain: string, who: string): string {
  return `${who}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@${domain}`;
}

/** The mails to `address` listed in the development mailbox, newest first: each one's access link. */
async function mailedLinks(staff: Page, address: string): Promise<string[]> {
  await staff.goto(`${journey.portal.url}/dev/mailbox`);
  await staff.getByRole("heading", { level: 1, name: "Development mailbox" }).waitFor();
  const mails = staff.locator("li.mail").filter({ has: staff.getByText(address, { exact: true }) });
  const links: string[] = [];
  for (const mail of await mails.all()) {
    const href = await mail
      .locator(`a[href^="${journey.portal.url}/access#token="]`)
      .first()
      .getAttribute("href");
    if (href) links.push(href);
  }
  return links;
}

/** Polls the mailbox until `count` mails to `address` are there; returns the newest one's link. */
async function waitForMail(staff: Page, address: string, count: number): Promise<string> {
  let links: string[] = [];
  await expect
    .poll(
      async () => {
        links = await mailedLinks(staff, address);
        return links.length;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(count);
  const newest = links[0];
  if (!newest) throw new Error(`no link in the mail to ${address}`);
  return newest;
}

function linksTable(page: Page): Locator {
  return page.getByRole("table", { name: "Access links, newest first" });
}

/** Opens the emailed link in a browser with no session, checks the preview, presses Continue, lands signed in. */
async function followLink(
  link: string,
  expected: { email: string; workspaceName: string; tenantName: string },
  shotName: string,
): Promise<Page> {
  const client = await newPage();
  await client.goto(link);
  const card = client.getByRole("main");
  await card.getByRole("button", { name: "Continue" }).waitFor();
  // The secret left the address bar at once, and the page did not use the link by being opened.
  expect(new URL(client.url()).hash).toBe("");
  expect(await client.evaluate<string>("window.location.href")).not.toContain("token");
  await expect(
    card.getByText(`${expected.workspaceName} · ${expected.tenantName}`).isVisible(),
  ).resolves.toBe(true);
  await expect(card.getByText(expected.email, { exact: true }).isVisible()).resolves.toBe(true);
  await expect(card.getByText(/^Link expires /).isVisible()).resolves.toBe(true);
  await client.waitForLoadState("networkidle");
  expect(await accessibilityViolations(client)).toEqual([]);
  await screenshot(client, shotName);

  await card.getByRole("button", { name: "Continue" }).click();
  await client.waitForURL((url) => url.pathname === "/customer-portal");
  return client;
}

describe("emailed access links in the browser", () => {
  it("staff issue a link in the console; the client follows it from the mail into that one workspace", async () => {
    const staff = await newPage();
    await signInAs(staff, "Marcus Chen", "/console/access-links");
    await staff.getByRole("heading", { level: 1, name: "Access links" }).waitFor();
    const workspace = await workspaceOf(staff, "Northwind Health Systems", "soc");
    const domain = workspace.allowedEmailDomains[0] ?? "northwindhealth.org";
    const address = newAddress(domain, "e2e.client");

    await staff.getByLabel("Workspace").selectOption(workspace.id);
    await staff.getByRole("heading", { level: 2, name: `Links for ${workspace.name}` }).waitFor();
    const form = staff.locator("form").filter({ has: staff.getByRole("button", { name: "Send link" }) });
    await expect(form.getByText(`@${domain}`).first().isVisible()).resolves.toBe(true);

    // An address outside the tenant's domains: the server's 400, next to the field.
    journey.pages.expectFailure(/^POST 400 \/api\/workspaces\/[^/]+\/issue-client-token$/);
    await form.getByLabel("Email address").fill("someone@elsewhere.example");
    await form.getByRole("button", { name: "Send link" }).click();
    await expect.poll(() => form.getByLabel("Email address").getAttribute("aria-invalid")).toBe("true");
    await expect(form.getByText(/only for addresses at/).isVisible()).resolves.toBe(true);

    // The real one.
    await form.getByLabel("Email address").fill(address);
    await form.getByLabel("Role").selectOption({ label: "Viewer" });
    await form.getByLabel("Link works for").selectOption({ label: "24 hours" });
    await form.getByRole("button", { name: "Send link" }).click();
    await form.getByText(`Link sent to ${address}`).waitFor();
    expect(await form.getByLabel("Email address").inputValue()).toBe("");

    // The list shows it, unused; its email goes from queued to sent without a reload.
    const row = linksTable(staff).getByRole("row").filter({ hasText: address });
    await row.waitFor();
    await expect(row.locator("td").first().textContent()).resolves.toBe("Unused");
    await expect(row.getByText("Marcus Chen").isVisible()).resolves.toBe(true);
    await row.getByText("Sent", { exact: true }).waitFor({ timeout: 30_000 });
    await staff.waitForLoadState("networkidle");
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "access-console-issued");

    const link = await waitForMail(staff, address, 1);
    expect(link).toMatch(new RegExp(`^${journey.portal.url}/access#token=.+`));
    await screenshot(staff, "access-dev-mailbox");

    const client = await followLink(
      link,
      { email: address, workspaceName: workspace.name, tenantName: workspace.tenantName },
      "access-preview",
    );
    const me = await apiGet<MeResponse>(client, "/api/v1/me");
    expect(me.role).toBe("customer_viewer");
    expect(me.tenant?.name).toBe(workspace.tenantName);
    expect(me.workspace_ids).toEqual([workspace.id]);
    expect(me.auth_method).not.toBe("sso");
    await client.getByText("Email link", { exact: true }).first().waitFor();
    await client.waitForLoadState("networkidle");
    await screenshot(client, "access-portal-after-link");

    // The link worked once: opened again, it can't be used, and the page offers a new one.
    journey.pages.expectFailure(/^POST 401 \/auth\/client-token\/preview$/);
    const again = await newPage(PHONE);
    await again.goto(link);
    await again.getByRole("heading", { level: 1, name: "This link can't be used" }).waitFor();
    await expect(again.getByRole("button", { name: "Email me a link" }).isVisible()).resolves.toBe(true);
    await again.waitForLoadState("networkidle");
    expect(await accessibilityViolations(again)).toEqual([]);
    await screenshot(again, "access-used-phone");

    // The console: used now, and it can be revoked (which ends the client's session).
    await staff.goto(`${journey.portal.url}/console/access-links?workspace=${workspace.id}`);
    const usedRow = linksTable(staff).getByRole("row").filter({ hasText: address });
    // The status column (the dates column has a "Used" and a "Revoked" line too).
    const statusCell = usedRow.locator("td").first();
    await statusCell.getByText("Used", { exact: true }).waitFor();
    await usedRow.getByRole("button", { name: `Revoke the link for ${address}` }).click();
    await usedRow.getByRole("button", { name: `Revoke link for ${address}` }).click();
    await statusCell.getByText("Revoked", { exact: true }).waitFor();
    const list = await apiGet<AccessLinkList>(staff, `/api/workspaces/${workspace.id}/client-tokens`);
    expect(list.items.find((item) => item.email === address)?.status).toBe("revoked");
    expect((await client.request.get(`${journey.portal.url}/api/v1/me`)).status()).toBe(401);
    expect(journey.pages.errors).toEqual([]);
  });

  it("a client without a link asks for one on /access, and the mailed link works", async () => {
    // Invited first: staff send a link (through the API, as the console does), which the client never uses.
    const staff = await newPage();
    await signInAs(staff, "Elena Vasquez", "/console/access-links");
    const workspace = await workspaceOf(staff, "Contoso Federal Credit Union", "soc");
    const domain = workspace.allowedEmailDomains[0] ?? "contosofcu.org";
    const address = newAddress(domain, "e2e.asks");
    const issued = await staff.evaluate(
      async ({ workspaceId, email }) => {
        const response = await fetch(`/api/workspaces/${workspaceId}/issue-client-token`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email }),
        });
        return { status: response.status, body: await response.text() };
      },
      { workspaceId: workspace.id, email: address },
    );
    expect(issued, issued.body).toMatchObject({ status: 201 });
    await waitForMail(staff, address, 1);

    const client = await newPage(PHONE);
    await client.goto(`${journey.portal.url}/access`);
    await client.getByRole("heading", { level: 1, name: "Sign in with an emailed link" }).waitFor();
    await expect(
      client.getByRole("link", { name: "Sign in with your organisation's account" }).getAttribute("href"),
    ).resolves.toBe("/auth/login");
    await client.waitForLoadState("networkidle");
    expect(await accessibilityViolations(client)).toEqual([]);
    await screenshot(client, "access-request-phone");

    await client.getByLabel("Email address").fill(address);
    await client.getByRole("button", { name: "Email me a link" }).click();
    const status = client.getByRole("status").filter({ hasText: /link is on its way/ });
    await status.waitFor();
    await screenshot(client, "access-requested-phone");

    const link = await waitForMail(staff, address, 2);
    const signedIn = await followLink(
      link,
      { email: address, workspaceName: workspace.name, tenantName: workspace.tenantName },
      "access-preview-requested",
    );
    const me = await apiGet<MeResponse>(signedIn, "/api/v1/me");
    expect(me.tenant?.name).toBe(workspace.tenantName);
    expect(me.workspace_ids).toEqual([workspace.id]);
    expect(journey.pages.errors).toEqual([]);
  });

  it("has no axe violations on the console page at phone width, and the page fits", async () => {
    const staff = await newPage(PHONE);
    await signInAs(staff, "Marcus Chen", "/console/access-links");
    await staff.getByRole("heading", { level: 2, name: /^Links for / }).waitFor();
    await staff.waitForLoadState("networkidle");
    const widths = await staff
      .locator("html")
      .evaluate((root) => ({ scroll: root.scrollWidth, client: root.clientWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(PHONE.width);
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "access-console-phone");
    expect(journey.pages.errors).toEqual([]);
  });
});
