/**
 * Takes a screenshot of a page in the system Chromium, for looking at the UI by eye.
 *
 *   npx tsx e2e/screenshot.ts <url> <out.png> [width] [height] [--as=customer|admin]
 *
 * `--as` answers GET /api/v1/me itself so every state of the app can be seen: a sample `customer` or `admin`,
 * `forbidden` (403) or `error` (500). Without it the real API answers. The server decides which page a visitor
 * gets, so the app itself needs a session cookie (`--cookie`); without one, the server's sign-in page shows.
 * `--cookie=name=value` sends a cookie (e.g. `portcullis_notice=expired` to see the sign-in page's notice),
 * `--full` takes the whole page, `--open-menu` opens the phone navigation first, `--tab=N` presses Tab N times
 * (to see focus rings), `--wait=MS` waits before the shot (e.g. for retries to end).
 */
import type { Page } from "playwright-core";
import { permissionMap } from "../server/auth/permissions";
import { launchChromium } from "./support";

const sampleUsers = {
  customer: {
    user: {
      id: "5b0c6a3e-0000-4000-8000-000000000001",
      name: "Casey Customer",
      email: "casey@contoso.example",
    },
    role: "customer_viewer",
    permissions: permissionMap("customer_viewer"),
    tenant: { id: "5b0c6a3e-0000-4000-8000-0000000000aa", name: "Contoso Federal", slug: "contoso" },
    auth_method: "sso",
    mfa: true,
  },
  admin: {
    user: { id: "5b0c6a3e-0000-4000-8000-000000000002", name: "Alex Admin", email: "alex@provider.example" },
    role: "admin",
    permissions: permissionMap("admin"),
    tenant: null,
    auth_method: "sso",
    mfa: false,
  },
} as const;

const errorAnswers = {
  forbidden: { status: 403, error: "forbidden", message: "No role for this portal" },
  error: { status: 500, error: "internal", message: "Internal server error" },
} as const;

type MeAnswer = keyof typeof sampleUsers | keyof typeof errorAnswers;
const meAnswers = [...Object.keys(sampleUsers), ...Object.keys(errorAnswers)];

function parseArgs(argv: string[]) {
  const flags = argv.filter((arg) => arg.startsWith("--"));
  const [url, out, width = "1280", height = "800"] = argv.filter((arg) => !arg.startsWith("--"));
  if (!url || !out) {
    console.error(
      `usage: npx tsx e2e/screenshot.ts <url> <out.png> [width] [height] [--as=${meAnswers.join("|")}] [--cookie=name=value] [--full] [--open-menu] [--tab=N] [--wait=MS]`,
    );
    process.exit(2);
  }
  const as = flags.find((flag) => flag.startsWith("--as="))?.slice("--as=".length);
  if (as !== undefined && !meAnswers.includes(as)) {
    console.error(`--as must be one of: ${meAnswers.join(", ")}`);
    process.exit(2);
  }
  return {
    url,
    out,
    width: Number(width),
    height: Number(height),
    as: as as MeAnswer | undefined,
    fullPage: flags.includes("--full"),
    openMenu: flags.includes("--open-menu"),
    cookies: flags
      .filter((flag) => flag.startsWith("--cookie="))
      .map((flag) => flag.slice("--cookie=".length).split(/=(.*)/s) as [string, string]),
    tabs: Number(numberFlag(flags, "--tab=") ?? 0),
    waitMs: Number(numberFlag(flags, "--wait=") ?? 0),
  };
}

function numberFlag(flags: string[], prefix: string): string | undefined {
  return flags.find((flag) => flag.startsWith(prefix))?.slice(prefix.length);
}

async function answerMeAs(page: Page, as: MeAnswer) {
  await page.route("**/api/v1/me", (route) => {
    if (as in sampleUsers) {
      const body = sampleUsers[as as keyof typeof sampleUsers];
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    }
    const { status, ...body } = errorAnswers[as as keyof typeof errorAnswers];
    return route.fulfill({
      status,
      contentType: "application/json",
      body: JSON.stringify({ ...body, requestId: "req-screenshot-1" }),
    });
  });
}

const options = parseArgs(process.argv.slice(2));
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: options.width, height: options.height } });
  if (options.cookies.length > 0) {
    // For the whole site (path /), as the server sets them.
    const origin = new URL(options.url).origin;
    await context.addCookies(options.cookies.map(([name, value]) => ({ name, value, url: `${origin}/` })));
  }
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") console.error(`[browser] ${message.text()}`);
  });
  if (options.as) await answerMeAs(page, options.as);
  await page.goto(options.url, { waitUntil: "networkidle" });
  if (options.openMenu) await page.getByRole("button", { name: "Open navigation" }).click();
  for (let i = 0; i < options.tabs; i++) await page.keyboard.press("Tab");
  if (options.waitMs > 0) await page.waitForTimeout(options.waitMs);
  await page.screenshot({ path: options.out, fullPage: options.fullPage });
  console.log(`${options.out} (${options.width}x${options.height}) title="${await page.title()}"`);
} finally {
  await browser.close();
}
