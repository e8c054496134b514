/**
 * Ingestion API keys, browser tests: an admin creates a key in the console (/console/api-keys), reads it from the
 * one-time panel, and a system (this test process) sends an incident with it; after a reload the key is gone from
 * the page (only its prefix is listed) and its last use shows; revoked through the dialog, the key is refused.
 * axe with the panel open and on the list, at desktop and phone width. Real server process on a fresh PGlite data
 * folder with the demo data, real Chromium. Screenshots go to os.tmpdir()/portcullis-e2e/api-keys-*.png.
 */
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { WorkspaceOptions } from "../contracts/access-links";
import type { ApiKeyList } from "../contracts/ingest";
import { accessibilityViolations, apiGet, browserJourney, DESKTOP, PHONE, screenshot } from "./support";

const KEY_PATTERN = /^pcik_[A-Za-z0-9_-]{43}$/;

const journey = browserJourney();
const { newPage } = journey;

/** A key name no other run or test uses. */
function newKeyName(what: string): string {
  return `${what} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

async function openApiKeys(viewport = DESKTOP): Promise<Page> {
  const page = await newPage(viewport);
  await journey.signInAs(page, "Marcus Chen", "/console/api-keys");
  await page.getByRole("heading", { level: 1, name: "API keys" }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Keys" }).waitFor();
  return page;
}

/** Through "New API key": names the key, ticks the tenant, creates it; returns the one-time panel. */
async function createKey(page: Page, name: string, tenantName: string): Promise<Locator> {
  await page.getByRole("button", { name: "New API key" }).click();
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create key" }) });
  await form.getByLabel("Name").fill(name);
  await form.getByRole("checkbox", { name: new RegExp(`^${tenantName}`) }).check();
  await form.getByRole("button", { name: "Create key" }).click();
  const panel = page.getByRole("region", { name: `Copy the key for “${name}” now` });
  await panel.waitFor();
  return panel;
}

async function shownKey(panel: Locator): Promise<string> {
  const key = (await panel.getByText(KEY_PATTERN).textContent())?.trim() ?? "";
  expect(key).toMatch(KEY_PATTERN);
  return key;
}

/** One incident into the workspace, from this process (as a SIEM would), with the key. */
async function sendIncident(key: string, workspaceId: string): Promise<Response> {
  return fetch(`${journey.portal.url}/api/v1/ingest/incidents`, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      workspaceId,
      items: [
        {
          externalId: `E2E-${Date.now().toString(36)}`,
          title: "Impossible travel sign-in",
          severity: "high",
          status: "open",
          detection: "Entra ID impossible travel",
          mitreTechnique: "T1078.004",
          openedAt: new Date().toISOString(),
        },
      ],
    }),
  });
}

async function pageFits(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.locator("html").evaluate((root) => root.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

describe("API keys in the console", () => {
  it("an admin creates a key, a system sends data with it, and once revoked it is refused", async () => {
    const staff = await openApiKeys();
    // A fresh data folder has no key (the demo data has none: a key exists only once someone creates it).
    await staff.getByText("No API keys yet").waitFor();
    await screenshot(staff, "api-keys-empty");
    const { items: workspaces } = await apiGet<WorkspaceOptions>(staff, "/api/v1/admin/workspaces");
    const workspace = workspaces.find(
      (item) => item.tenantName === "Northwind Health Systems" && item.kind === "soc",
    );
    if (!workspace) throw new Error(`no Northwind SOC workspace in ${JSON.stringify(workspaces)}`);

    // Nothing filled in: both fields say what they need, and nothing is sent.
    await staff.getByRole("button", { name: "New API key" }).click();
    const form = staff.locator("form").filter({ has: staff.getByRole("button", { name: "Create key" }) });
    await expect
      .poll(() => staff.evaluate<string | undefined>("document.activeElement?.id"))
      .toBe(await form.getByLabel("Name").getAttribute("id"));
    await form.getByRole("button", { name: "Create key" }).click();
    await form.getByText("Enter a name for the key.").waitFor();
    await expect(form.getByText("Choose at least one tenant.").isVisible()).resolves.toBe(true);
    await expect(form.getByLabel("Name").getAttribute("aria-invalid")).resolves.toBe("true");
    await staff.waitForLoadState("networkidle");
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "api-keys-form-errors");
    await form.getByRole("button", { name: "Cancel" }).click();

    const name = newKeyName("E2E SIEM");
    const panel = await createKey(staff, name, workspace.tenantName);
    const key = await shownKey(panel);
    await expect(panel.getByText("It may write to Northwind Health Systems.").isVisible()).resolves.toBe(
      true,
    );
    await expect(panel.getByText("This is the only time the key is shown.").isVisible()).resolves.toBe(true);
    const usage = (await panel.locator("pre").textContent()) ?? "";
    expect(usage).toContain("POST /api/v1/ingest/incidents");
    expect(usage).toContain("Authorization: Bearer <key>");
    await expect(panel.getByRole("link", { name: "API reference" }).getAttribute("href")).resolves.toBe(
      "/api/docs",
    );

    // Copy puts the key on the clipboard and says so, politely.
    await staff
      .context()
      .grantPermissions(["clipboard-read", "clipboard-write"], { origin: journey.portal.url });
    await panel.getByRole("button", { name: "Copy the key" }).click();
    await panel.locator("[aria-live='polite']").getByText("Copied", { exact: true }).waitFor();
    await expect(staff.evaluate<string>("navigator.clipboard.readText()")).resolves.toBe(key);

    // The list has it already, by its prefix.
    const table = staff.getByRole("table", { name: "API keys, newest first" });
    const row = table.getByRole("row").filter({ hasText: name });
    await row.getByText(`${key.slice(0, 11)}…`).waitFor();
    await staff.waitForLoadState("networkidle");
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "api-keys-created");

    const sent = await sendIncident(key, workspace.id);
    const sentBody = await sent.text();
    expect(sent.status, sentBody).toBe(200);
    expect(JSON.parse(sentBody)).toMatchObject({ workspaceId: workspace.id, received: 1, created: 1 });

    // After a reload the key is nowhere on the page, only its prefix; its use is listed.
    await staff.reload();
    await row.waitFor();
    await expect(panel.count()).resolves.toBe(0);
    expect(await staff.content()).not.toContain(key);
    await expect(row.getByText(`${key.slice(0, 11)}…`).isVisible()).resolves.toBe(true);
    const cells = row.locator("td");
    // Key, tenants, created, last used, status, actions.
    await expect(cells.nth(1).textContent()).resolves.toBe(workspace.tenantName);
    await expect(cells.nth(2).textContent()).resolves.toMatch(/^Marcus Chen/);
    const lastUsed = (await cells.nth(3).textContent()) ?? "";
    expect(lastUsed).not.toBe("Never");
    expect(lastUsed).toMatch(/\d{4}, \d{1,2}:\d{2} [AP]M$/);
    await expect(cells.nth(4).textContent()).resolves.toBe("Active");

    // Revoke, through the dialog; Cancel is what it starts on.
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const dialog = staff.getByRole("dialog", { name: `Revoke ${name}?` });
    await dialog.waitFor();
    await expect(
      dialog.getByText("Systems using it are refused from their next request.", { exact: false }).isVisible(),
    ).resolves.toBe(true);
    await expect
      .poll(() => staff.evaluate<string | undefined>("document.activeElement?.textContent?.trim()"))
      .toBe("Cancel");
    await staff.waitForLoadState("networkidle");
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "api-keys-revoke-dialog");
    await dialog.getByRole("button", { name: "Revoke key" }).click();
    await cells.nth(4).getByText("Revoked", { exact: true }).waitFor();
    await expect(dialog.isVisible()).resolves.toBe(false);
    await expect(row.getByRole("button", { name: `Revoke ${name}` }).count()).resolves.toBe(0);
    await expect(staff.getByRole("status").getByText(`${name} is revoked.`).count()).resolves.toBe(1);
    const listed = await apiGet<ApiKeyList>(staff, "/api/v1/admin/api-keys");
    expect(listed.items.find((item) => item.name === name)?.revokedAt).not.toBeNull();

    const refused = await sendIncident(key, workspace.id);
    expect(refused.status).toBe(401);

    await staff.waitForLoadState("networkidle");
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "api-keys-list");
    expect(journey.pages.errors).toEqual([]);
  });

  it("fits a phone: the one-time panel and the keys as cards, without axe violations", async () => {
    const staff = await openApiKeys(PHONE);
    const name = newKeyName("E2E phone SOAR");
    const panel = await createKey(staff, name, "Northwind Health Systems");
    await shownKey(panel);
    await staff.waitForLoadState("networkidle");
    await pageFits(staff, PHONE.width);
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "api-keys-created-phone");

    await panel.getByRole("button", { name: "Done" }).click();
    await expect(panel.count()).resolves.toBe(0);
    // Focus returns to the button that started it.
    await expect
      .poll(() => staff.evaluate<string | undefined>("document.activeElement?.textContent?.trim()"))
      .toBe("New API key");
    const card = staff.getByRole("listitem").filter({ hasText: name });
    await card.getByText("Never", { exact: true }).waitFor();
    await expect(card.getByRole("button", { name: `Revoke ${name}` }).isVisible()).resolves.toBe(true);
    await pageFits(staff, PHONE.width);
    expect(await accessibilityViolations(staff)).toEqual([]);
    await screenshot(staff, "api-keys-list-phone");
    expect(journey.pages.errors).toEqual([]);
  });
});
