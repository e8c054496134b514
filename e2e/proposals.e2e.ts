/**
 * Proposals, browser test: staff draft a proposal in the console (/console/proposals) and send it; the approver,
 * invited by email, opens the link from the development mailbox, reads the proposal and signs it in the sign
 * dialog; a viewer of the same organisation sees no sign button and the API refuses them; staff see the signature
 * and the signed copy, whose seal pdfsig accepts. axe on every page. Real server process on a fresh PGlite data
 * folder with the demo data, real Chromium. Screenshots go to os.tmpdir()/portcullis-e2e/proposal-*.png.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { WorkspaceOptions } from "../contracts/access-links";
import type { ClientProposalView, StaffProposal } from "../contracts/proposals";
import {
  accessibilityViolations,
  apiGet,
  browserJourney,
  PHONE,
  SCREENSHOT_DIR,
  screenshot,
} from "./support";

const run = promisify(execFile);

const journey = browserJourney();
const { newPage, signInAs } = journey;

async function expectAccessible(page: Page) {
  await page.waitForLoadState("networkidle");
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** The access link in the newest mail to `address` in the development mailbox (polled until it arrives). */
async function mailedLink(staff: Page, address: string): Promise<string> {
  let link: string | null = null;
  await expect
    .poll(
      async () => {
        await staff.goto(`${journey.portal.url}/dev/mailbox`);
        await staff.getByRole("heading", { level: 1, name: "Development mailbox" }).waitFor();
        const mail = staff.locator("li.mail").filter({ has: staff.getByText(address, { exact: true }) });
        if ((await mail.count()) === 0) return false;
        link = await mail
          .first()
          .locator(`a[href^="${journey.portal.url}/access#token="]`)
          .first()
          .getAttribute("href");
        return link !== null;
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(true);
  return link!;
}

describe("a proposal from the console to a signature", () => {
  it("staff draft and send; the emailed approver signs; a viewer cannot; staff see the signed, sealed copy", async () => {
    const staff = await newPage();
    await signInAs(staff, "Marcus Chen", "/console/proposals");
    await staff.getByRole("heading", { level: 1, name: "Proposals" }).waitFor();
    await expectAccessible(staff);
    await screenshot(staff, "proposal-console-list");

    const { items } = await apiGet<WorkspaceOptions>(staff, "/api/v1/admin/workspaces");
    const workspace = items.find(
      (item) => item.tenantName === "Northwind Health Systems" && item.kind === "advisory",
    );
    if (!workspace) throw new Error("no Northwind advisory workspace in the demo data");
    const domain = workspace.allowedEmailDomains[0] ?? "northwindhealth.org";
    const address = `e2e.signer.${Date.now().toString(36)}@${domain}`;
    const title = `Tabletop exercise ${Date.now().toString(36)}`;

    await staff.getByRole("button", { name: "New proposal" }).click();
    await staff.getByLabel("Workspace").selectOption(workspace.id);
    await staff.getByLabel("Title").fill(title);
    await staff
      .getByLabel("Body (Markdown)")
      .fill(
        "## Scope\n\n- A half-day ransomware tabletop\n- A report with lessons learned\n\n<script>alert(1)</script>",
      );
    await staff.getByLabel("Line 1: description").fill("Tabletop exercise (half day)");
    await staff.getByLabel("Line 1: quantity").fill("2");
    await staff.getByLabel("Line 1: unit price").fill("5200");
    await staff.getByRole("button", { name: /Add (a )?signer by email/i }).click();
    await staff.getByLabel("Signer by email 1: email address").fill(address);
    await staff.getByLabel("Signer by email 1: name").fill("Erin Signer");
    await expectAccessible(staff);
    await screenshot(staff, "proposal-console-new");
    await staff.getByRole("button", { name: "Create draft" }).click();
    await staff.waitForURL((url) => /^\/console\/proposals\/[0-9a-f-]{36}$/.test(url.pathname));
    const proposalId = staff.url().split("/").pop()!;
    await staff.getByRole("heading", { level: 1, name: title }).waitFor();

    await staff.getByRole("button", { name: "Send", exact: true }).click();
    await staff.getByRole("button", { name: "Send to 1 signer" }).click();
    await expect
      .poll(async () => (await apiGet<StaffProposal>(staff, `/api/v1/admin/proposals/${proposalId}`)).status)
      .toBe("sent");

    // The approver follows the emailed link: it lands on the proposal.
    const link = await mailedLink(staff, address);
    const approver = await newPage();
    await approver.goto(link);
    await approver.getByRole("button", { name: "Continue" }).click();
    await approver.waitForURL((url) => url.pathname === `/customer-portal/proposals/${proposalId}`);
    await approver.getByRole("heading", { level: 1, name: title }).waitFor();
    // The body's script arrived as text.
    await expect(approver.getByText("<script>alert(1)</script>").isVisible()).resolves.toBe(true);
    await expect(approver.getByText("$10,400.00").first().isVisible()).resolves.toBe(true);
    await expectAccessible(approver);
    await screenshot(approver, "proposal-client");

    await approver.getByRole("button", { name: "Sign", exact: true }).click();
    const dialog = approver.getByRole("dialog");
    await dialog.waitFor();
    const shown = await apiGet<ClientProposalView>(approver, `/api/proposals/${proposalId}/client-view`);
    await expect(dialog.getByText(shown.documentSha256).isVisible()).resolves.toBe(true);
    await expect(dialog.getByText(/agree to do business electronically/).isVisible()).resolves.toBe(true);
    await dialog.getByLabel("Your full name").fill("Erin Signer");
    await dialog.getByLabel(/I agree to sign this document electronically/).check();
    await expectAccessible(approver);
    await screenshot(approver, "proposal-sign-dialog");
    await dialog.getByRole("button", { name: "Sign document" }).click();
    await approver
      .getByText(/You signed/)
      .first()
      .waitFor();
    await approver
      .getByRole("link", { name: /Download signed copy/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await expectAccessible(approver);
    await screenshot(approver, "proposal-signed");

    // A viewer of the organisation: reads it, no sign button, and the API refuses a signature.
    const viewer = await newPage(PHONE);
    await signInAs(viewer, "Priya Raman", `/customer-portal/proposals/${proposalId}`);
    await viewer.getByRole("heading", { level: 1, name: title }).waitFor();
    await expect(viewer.getByRole("button", { name: "Sign", exact: true }).count()).resolves.toBe(0);
    journey.pages.expectFailure(/^POST 403 \/api\/proposals\/[^/]+\/sign$/);
    const refused = await viewer.evaluate(
      async ([id, sha]) => {
        const response = await fetch(`/api/proposals/${id}/sign`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ typedName: "Priya Raman", consent: true, documentSha256: sha }),
        });
        await response.text();
        return response.status;
      },
      [proposalId, shown.documentSha256] as const,
    );
    expect(refused).toBe(403);
    await expectAccessible(viewer);
    await screenshot(viewer, "proposal-viewer-phone");

    // Staff see the signature's evidence and the signed copy; its seal is valid.
    await staff.goto(`${journey.portal.url}/console/proposals/${proposalId}`);
    await staff.getByRole("heading", { level: 1, name: title }).waitFor();
    await expect(staff.getByText("Erin Signer").first().isVisible()).resolves.toBe(true);
    await expect(
      staff
        .getByText(/Emailed access link|email/i)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    const staffView = await apiGet<StaffProposal>(staff, `/api/v1/admin/proposals/${proposalId}`);
    expect(staffView.status).toBe("signed");
    expect(staffView.signers[0]!.decision).toMatchObject({
      decision: "signed",
      typedName: "Erin Signer",
      authMethod: "email",
    });
    await expectAccessible(staff);
    await screenshot(staff, "proposal-console-signed");
    const signed = await staff.context().request.get(`${journey.portal.url}${staffView.links.signedPdf}`);
    expect(signed.status()).toBe(200);
    const file = path.join(SCREENSHOT_DIR, "proposal-signed.pdf");
    await writeFile(file, await signed.body());
    const { stdout } = await run("pdfsig", [file]);
    expect(stdout).toMatch(/Signature is Valid/);

    expect(journey.pages.errors).toEqual([]);
  }, 180_000);
});
