/**
 * Issue "Sign-in", done-when: on a fresh start, "Sign in with Azure Government" → pick a demo user on the
 * development identity provider → land on /customer-portal signed in → sign out. Real server process, real
 * Chromium, embedded database with the demo data. Screenshots go to os.tmpdir()/portcullis-e2e/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  accessibilityViolations,
  launchChromium,
  type RunningPortal,
  screenshot,
  startPortal,
} from "./support";

let portal: RunningPortal;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Errors the pages logged or threw, and failed requests; every test ends by checking there were none. */
let pageErrors: string[] = [];
/** Failed requests that are expected: browsers' automatic favicon request. */
const expectedFailures = [/ 404 \/favicon\.ico$/];

beforeEach(() => {
  pageErrors = [];
});

beforeAll(async () => {
  portal = await startPortal();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await portal?.stop();
});

/** Every script a page of the context loaded, by path. */
const scriptsLoaded = new WeakMap<Page, string[]>();

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const scripts: string[] = [];
  scriptsLoaded.set(page, scripts);
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
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

function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

/** GET /api/v1/me with the page's cookies, outside the page (the probe is not one of the page's requests). */
async function meStatus(page: Page): Promise<number> {
  return (await page.request.get(`${portal.url}/api/v1/me`)).status();
}

/** From the portal's sign-in page, through the dev IdP's chooser, as the named demo user. */
async function signInAs(page: Page, name: string, shotPrefix: string): Promise<void> {
  await expect(page.getByRole("heading", { name: "Customer Report Portal" }).isVisible()).resolves.toBe(true);
  await page.getByRole("link", { name: "Sign in with Azure Government" }).click();
  await page.getByRole("heading", { name: "Choose a demo user" }).waitFor();
  expect(pathOf(page)).toMatch(/^\/dev-idp\/interaction\/[A-Za-z0-9_-]+$/);
  await screenshot(page, `${shotPrefix}-dev-idp`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
}

function sidebar(page: Page) {
  return page.getByRole("complementary", { name: "Sidebar" });
}

/** The sign-in page's notice line, or null when it shows none. */
async function noticeOf(page: Page): Promise<string | null> {
  const notice = page.getByRole("status");
  return (await notice.count()) === 0 ? null : ((await notice.textContent()) ?? "").trim();
}

/** The server's sign-in page, on the path that was asked for, with no script at all. */
async function expectSignInPage(page: Page, path: string): Promise<void> {
  await page.getByRole("heading", { name: "Customer Report Portal" }).waitFor();
  expect(pathOf(page)).toBe(path);
  expect(await page.title()).toBe("Sign in · Portcullis");
  await expect(page.locator("script").count()).resolves.toBe(0);
  const href = await page.getByRole("link", { name: "Sign in with Azure Government" }).getAttribute("href");
  expect(href).toBe(`/auth/login?returnTo=${encodeURIComponent(path)}`);
}

async function waitForSignedIn(page: Page, name: string): Promise<void> {
  await sidebar(page).getByText(name, { exact: true }).waitFor();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

describe("sign-in journey in the browser", () => {
  it("signs a customer in with the dev identity provider and out again", async () => {
    const page = await newPage();
    await page.goto(`${portal.url}/customer-portal`);
    await expectSignInPage(page, "/customer-portal");
    expect(await noticeOf(page)).toBeNull();
    // Signed out, nothing but HTML and CSS: no app bundle, no API call answering 401.
    expect(scriptsLoaded.get(page)).toEqual([]);
    await screenshot(page, "01-sign-in-page");

    await signInAs(page, "Priya Raman", "02");
    await page.waitForURL((url) => url.pathname === "/customer-portal");
    await waitForSignedIn(page, "Priya Raman");
    expect(pathOf(page)).toBe("/customer-portal");
    // A customer sees the portal, not the provider console.
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Dashboard" }).isVisible()).resolves.toBe(true);
    await expect(nav.getByRole("link", { name: "Audit log" }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "Tenants" }).count()).resolves.toBe(0);
    await page.waitForLoadState("networkidle");
    await screenshot(page, "03-customer-signed-in");
    expect(await meStatus(page)).toBe(200);
    const session = (await page.context().cookies(portal.url)).find((c) => c.name === "portcullis_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignInPage(page, "/customer-portal");
    expect(await noticeOf(page)).toBe("You signed out.");
    await expect(page.getByRole("button", { name: "Sign out" }).count()).resolves.toBe(0);
    await screenshot(page, "04-signed-out");
    // Said once: the next visit shows the plain page.
    await page.reload();
    await expectSignInPage(page, "/customer-portal");
    expect(await noticeOf(page)).toBeNull();
    expect(await meStatus(page)).toBe(401);
    const portalCookies = (await page.context().cookies(portal.url)).map((cookie) => cookie.name);
    expect(portalCookies).not.toContain("portcullis_session");
    expect(portalCookies).not.toContain("portcullis_oidc");
    expect(pageErrors).toEqual([]);
  });

  it("signs a provider admin in and shows the console links", async () => {
    const page = await newPage();
    await page.goto(`${portal.url}/customer-portal`);
    await page.getByRole("heading", { name: "Customer Report Portal" }).waitFor();

    await signInAs(page, "Marcus Chen", "05");
    await page.waitForURL((url) => url.pathname === "/customer-portal");
    await waitForSignedIn(page, "Marcus Chen");
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const link of ["Tenants", "Access links", "Users", "Audit log", "API keys"]) {
      await expect(nav.getByRole("link", { name: link }).isVisible(), link).resolves.toBe(true);
    }
    await expect(sidebar(page).getByText("Administrator", { exact: true }).count()).resolves.toBeGreaterThan(
      0,
    );
    await page.waitForLoadState("networkidle");
    await screenshot(page, "06-admin-signed-in");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expectSignInPage(page, "/customer-portal");
    expect(await meStatus(page)).toBe(401);
    expect(pageErrors).toEqual([]);
  });

  it("takes a user whose session was ended elsewhere to the sign-in page, saying so", async () => {
    const laptop = await newPage();
    await laptop.goto(`${portal.url}/customer-portal`);
    await signInAs(laptop, "Priya Raman", "09");
    await waitForSignedIn(laptop, "Priya Raman");

    const phone = await newPage();
    await phone.goto(`${portal.url}/customer-portal`);
    await signInAs(phone, "Priya Raman", "10");
    await waitForSignedIn(phone, "Priya Raman");
    const status = await phone.evaluate(async () => {
      const body = new URLSearchParams({ scope: "everywhere" });
      return (await fetch("/auth/logout", { method: "POST", body, credentials: "same-origin" })).status;
    });
    expect(status).toBe(204);

    // The laptop's next API call (the compliance page's data, not loaded yet) answers 401; the app loads the
    // page again and the server says why.
    await laptop.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" }).click();
    await expectSignInPage(laptop, "/customer-portal/compliance");
    expect(await noticeOf(laptop)).toBe("Your session was ended. Sign in again to continue.");
    await screenshot(laptop, "11-session-ended");
    // The refused API call is the one expected failure.
    expect(pageErrors.filter((failure) => !/^GET 401 \/api\/v1\//.test(failure))).toEqual([]);
  });

  it("returns to the page the user asked for (returnTo)", async () => {
    const page = await newPage();
    await page.goto(`${portal.url}/customer-portal/compliance`);
    await expectSignInPage(page, "/customer-portal/compliance");

    await signInAs(page, "Priya Raman", "07");
    await page.waitForURL((url) => url.pathname === "/customer-portal/compliance");
    await waitForSignedIn(page, "Priya Raman");
    const active = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compliance" });
    await expect(active.getAttribute("aria-current")).resolves.toBe("page");
    await page.waitForLoadState("networkidle");
    await screenshot(page, "08-returned-to-compliance");
    expect(pageErrors).toEqual([]);
  });
});

describe("accessibility (axe, WCAG 2.2 A/AA)", () => {
  it("finds no violations on the sign-in page, the dev IdP's chooser and the signed-in shell", async () => {
    const page = await newPage();
    const found: Record<string, string[]> = {};

    await page.goto(`${portal.url}/customer-portal`);
    await expectSignInPage(page, "/customer-portal");
    found["sign-in page"] = await accessibilityViolations(page);

    await page.getByRole("link", { name: "Sign in with Azure Government" }).click();
    await page.getByRole("heading", { name: "Choose a demo user" }).waitFor();
    found["dev IdP chooser"] = await accessibilityViolations(page);

    await page.getByRole("button", { name: "Sign in as Priya Raman" }).click();
    await page.waitForURL((url) => url.pathname === "/customer-portal");
    await waitForSignedIn(page, "Priya Raman");
    await page.waitForLoadState("networkidle");
    found["customer dashboard"] = await accessibilityViolations(page);

    expect(found).toEqual({ "sign-in page": [], "dev IdP chooser": [], "customer dashboard": [] });
    expect(pageErrors).toEqual([]);
  });
});
