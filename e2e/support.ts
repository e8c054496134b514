/**
 * Shared pieces for the browser journeys: the system Chromium, a real server process on a fresh data folder,
 * and screenshots written outside the repository.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
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
