/**
 * Shared pieces for the browser journeys: the system Chromium, a real server process on a fresh data folder,
 * and screenshots written outside the repository.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { findFreePort, type ServerProcess, spawnServer, waitForReady } from "../test/helpers/process";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** Builds the web app when there is no build yet (CI runs `npm run build` first, so this is for local runs). */
export function ensureWebBuilt(): string {
  const distDir = path.resolve("dist/web");
  // Both pages: a build from before the sign-in page existed has only index.html.
  if (!["index.html", "sign-in.html"].every((page) => fs.existsSync(path.join(distDir, page)))) {
    const result = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
    if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status})`);
  }
  return distDir;
}

export interface RunningPortal {
  server: ServerProcess;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts the portal the way `npm start` does: embedded PGlite in a new folder, demo data, the dev IdP. */
export async function startPortal(): Promise<RunningPortal> {
  const webDistDir = ensureWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-e2e-data-"));
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await spawnServer({
    DATA_DIR: dataDir,
    WEB_DIST_DIR: webDistDir,
    PORT: String(port),
    PUBLIC_URL: url,
  });
  const stop = async () => {
    await stopProcess(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForReady(server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, url, dataDir, stop };
}

/** SIGTERM by PID, then SIGKILL if it has not ended in 10 s. */
async function stopProcess(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  process.kill(child.pid, "SIGTERM");
  const ended = await Promise.race([
    server.exited.then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 10_000)),
  ]);
  if (!ended && child.exitCode === null && child.signalCode === null) {
    process.kill(child.pid, "SIGKILL");
    await server.exited;
  }
}

export const SCREENSHOT_DIR = path.join(os.tmpdir(), "portcullis-e2e");

/** Saves a screenshot of the page as `<name>.png` in SCREENSHOT_DIR and prints its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}

/** Runs axe (WCAG 2.x A/AA) on the page and returns the violations in a readable form. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .map(
          (node) =>
            `${node.target.join(" ")}${node.failureSummary ? ` [${node.failureSummary.replace(/\s+/g, " ")}]` : ""}`,
        )
        .join("; ")}`,
  );
}

/**
 * Browser pages for one test file, each in a new context (no cookies), watched for errors: thrown errors, console
 * errors and failed requests other than the expected ones. `reset` before each test, `closeAll` after it; a test
 * ends by checking `errors` is empty.
 */
export class WatchedPages {
  /** Errors the pages logged or threw, and failed requests. */
  errors: string[] = [];
  /** Failed requests that are expected: browsers' automatic favicon request, and what a test asks for on purpose. */
  private expected: RegExp[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(private readonly browser: Browser) {
    this.reset();
  }

  reset(): void {
    this.errors = [];
    this.expected = [/ 404 \/favicon\.ico$/];
  }

  /** A failed request (`"<METHOD> <status> <path>"`) the test provokes on purpose. */
  expectFailure(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  async newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await this.browser.newContext({ viewport });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on("pageerror", (error) => this.errors.push(`pageerror on ${page.url()}: ${error.message}`));
    page.on("response", (response) => {
      if (response.status() < 400) return;
      const failure = `${response.request().method()} ${response.status()} ${new URL(response.url()).pathname}`;
      if (!this.expected.some((expected) => expected.test(failure))) this.errors.push(failure);
    });
    page.on("console", (message) => {
      // Failed loads are reported (with their URL) by the response listener above.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        this.errors.push(`console error on ${page.url()}: ${message.text()}`);
      }
    });
    return page;
  }

  async closeAll(): Promise<void> {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => {});
  }
}

/** Through the sign-in page and the dev IdP's chooser, as the named demo user, straight to `returnTo`. */
export async function signInThroughDevIdp(
  page: Page,
  baseUrl: string,
  name: string,
  returnTo: string,
): Promise<void> {
  await page.goto(`${baseUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByRole("heading", { name: "Choose a demo user" }).waitFor();
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => url.pathname === returnTo.split("?")[0]);
}

/** GET from the page, with its session cookie. */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const body = await page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
    return response.json();
  }, path);
  return body as T;
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * A journey file's setup: one portal process (a fresh data folder) and one Chromium for the whole file, and pages
 * watched test by test (errors reset before each test, browser contexts closed after it). Call it at the top of
 * the file; read `portal` and `pages` inside tests.
 */
export function browserJourney() {
  let portal: RunningPortal | undefined;
  let browser: Browser | undefined;
  let pages: WatchedPages | undefined;
  beforeAll(async () => {
    portal = await startPortal();
    browser = await launchChromium();
    pages = new WatchedPages(browser);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });
  beforeEach(() => pages?.reset());
  afterEach(() => pages?.closeAll());

  const journey = {
    get portal(): RunningPortal {
      if (!portal) throw new Error("the portal starts in beforeAll");
      return portal;
    },
    get pages(): WatchedPages {
      if (!pages) throw new Error("the browser starts in beforeAll");
      return pages;
    },
    newPage: (viewport = DESKTOP) => journey.pages.newPage(viewport),
    /** Through the development identity provider as the named demo user, straight to `returnTo`. */
    signInAs: (page: Page, name: string, returnTo: string) =>
      signInThroughDevIdp(page, journey.portal.url, name, returnTo),
  };
  return journey;
}
