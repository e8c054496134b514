/**
 * Proposals and approvals: staff draft and send, clients read and sign, and the evidence, the signed copy and its
 * seal hold up. Every security rule of signing is here: consent, the document's hash, one decision per signer,
 * roles, tenants and workspaces, expiry and superseded versions, concurrency.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  ClientProposalList,
  ClientProposalView,
  StaffProposal,
  StaffProposalList,
} from "../../../contracts/proposals";
import { signatureDisclosure } from "../../../contracts/proposals";
import type { BuiltTenant, BuiltUser, BuiltWorkspace } from "../../../test/factories";
import { unknownId } from "../../../test/factories";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient } from "../../../test/helpers/http-client";
import { linkSecretIn, startMailCatcher } from "../../../test/helpers/mail";
import { withScope } from "../../db/scope";
import { DISCLOSURE_SHA256 } from "./proposals.service";

const run = promisify(execFile);

let mail: Awaited<ReturnType<typeof startMailCatcher>>;
let dataDir: string;
let t: TestApp;
let tenant: BuiltTenant;
let workspace: BuiltWorkspace;
let sibling: BuiltWorkspace;
let foreignWorkspace: BuiltWorkspace;
let analyst: BrowserClient;
let approverUser: BuiltUser;
let approver: BrowserClient;
let secondApproverUser: BuiltUser;
let secondApprover: BrowserClient;
let viewer: BrowserClient;
let outsider: BrowserClient;
let siblingApprover: BrowserClient;

const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

const BODY = `# Retainer

## Scope
- Quarterly reviews
- Tabletop exercise

| Item | Notes |
| --- | --- |
| Reviews | four |
`;

let addressCounter = 0;
/** Each signer's requests come from their own client address (TRUST_PROXY is the loopback proxy here). */
const headersFor = () => ({
  "x-forwarded-for": `203.0.113.${++addressCounter}`,
  "user-agent": "Signer-Browser/1.0 (test)",
});

async function draft(body: Record<string, unknown> = {}) {
  const response = await analyst.request("/api/v1/admin/proposals", {
    json: {
      workspaceId: workspace.id,
      title: "Continuous governance retainer",
      bodyMd: BODY,
      currency: "USD",
      priceLines: [
        { description: "vCISO retainer (monthly)", quantity: 12, unitPriceMinor: 750_000 },
        { description: "Tabletop exercise", quantity: 2, unitPriceMinor: 520_050 },
      ],
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      signers: [{ userId: approverUser.id }],
      ...body,
    },
  });
  expect(response.status, response.text).toBe(201);
  return response.json<StaffProposal>();
}

async function send(id: string) {
  const response = await analyst.request(`/api/v1/admin/proposals/${id}/send`, { method: "POST" });
  expect(response.status, response.text).toBe(200);
  return response.json<StaffProposal>();
}

async function sentProposal(body: Record<string, unknown> = {}) {
  return send((await draft(body)).id);
}

const view = (client: BrowserClient, id: string) => client.request(`/api/proposals/${id}/client-view`);

function sign(
  client: BrowserClient,
  id: string,
  documentSha256: string,
  overrides: Record<string, unknown> = {},
) {
  return client.request(`/api/proposals/${id}/sign`, {
    json: { typedName: "Dana Reyes", consent: true, documentSha256, ...overrides },
    headers: headersFor(),
  });
}

async function download(client: BrowserClient, pathName: string): Promise<{ status: number; bytes: Buffer }> {
  const url = new URL(pathName, t.url).href;
  const response = await fetch(url, { headers: { cookie: await client.jar.getCookieString(url) } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The mail to `to` that names the proposal (earlier tests mailed the same people). */
async function mailAbout(to: string, proposalId: string) {
  for (let skip = 0; ; skip++) {
    const found = await mail.next(to, skip);
    if (found.text?.includes(proposalId) || found.subject?.includes(proposalId)) return found;
  }
}

async function waitForSignedCopy(id: string): Promise<StaffProposal> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const staff = (await analyst.request(`/api/v1/admin/proposals/${id}`)).json<StaffProposal>();
    if (staff.signedSha256) return staff;
    if (Date.now() > deadline) throw new Error("the signed copy was not made within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function pdfTool(tool: "pdftotext" | "pdfsig", bytes: Buffer): Promise<string> {
  const file = path.join(dataDir, `check-${++addressCounter}.pdf`);
  await writeFile(file, bytes);
  const args = tool === "pdftotext" ? ["-layout", file, "-"] : [file];
  const { stdout } = await run(tool, args).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? "",
  }));
  return stdout;
}

beforeAll(async () => {
  mail = await startMailCatcher();
  dataDir = await mkdtemp(path.join(tmpdir(), "portcullis-proposals-"));
  t = await createTestApp(
    {
      SMTP_URL: mail.url,
      JOBS_ENABLED: "true",
      TRUST_PROXY: "127.0.0.1",
      PROVIDER_NAME: "Bastion Advisory",
      DATA_DIR: dataDir,
    },
    { listen: true },
  );
  tenant = await t.build.tenant({ name: "Harbor Bank" });
  workspace = await t.build.workspace(tenant, { kind: "advisory", name: "Governance 2027" });
  sibling = await t.build.workspace(tenant, { kind: "advisory", name: "Pentest" });
  foreignWorkspace = await t.build.workspace(await t.build.tenant(), { kind: "advisory" });
  analyst = await t.build.signedIn(await t.build.user(null, "analyst", { name: "Ana Lyst" }), t.url);
  approverUser = await t.build.user(tenant, "customer_approver", { name: "Dana Reyes" });
  approver = await t.build.signedIn(approverUser, t.url);
  secondApproverUser = await t.build.user(tenant, "customer_approver", { name: "Sam Ortiz" });
  secondApprover = await t.build.signedIn(secondApproverUser, t.url);
  viewer = await t.build.signedIn(await t.build.user(tenant, "customer_viewer"), t.url);
  outsider = await t.build.signedIn(
    await t.build.user((await t.build.tenant()) as BuiltTenant, "customer_approver"),
    t.url,
  );
  siblingApprover = await t.build.signedIn(
    await t.build.user(tenant, "customer_approver", { workspaces: [sibling] }),
    t.url,
  );
}, 60_000);

afterAll(async () => {
  await t?.close();
  await mail?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("staff draft and send", () => {
  it("computes the totals in minor units and renders the PDF with its SHA-256", async () => {
    const proposal = await draft();
    expect(proposal.status).toBe("draft");
    expect(proposal.priceLines.map((line) => line.amountMinor)).toEqual([9_000_000, 1_040_100]);
    expect(proposal.totalMinor).toBe(10_040_100);
    expect(proposal.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const pdf = await download(analyst, proposal.links.pdf);
    expect(pdf.status).toBe(200);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfTool("pdftotext", pdf.bytes);
    expect(text).toContain("Continuous governance retainer");
    expect(text).toContain("$100,401.00");
    expect(text).toContain("Dana Reyes");
  });

  it("lists every tenant's proposals for staff, or one tenant's", async () => {
    const mine = await draft();
    const all = (await analyst.request("/api/v1/admin/proposals")).json<StaffProposalList>();
    expect(all.items.map((item) => item.id)).toContain(mine.id);
    const other = (
      await analyst.request(`/api/v1/admin/proposals?tenant=${foreignWorkspace.tenantId}`)
    ).json<StaffProposalList>();
    expect(other.items.map((item) => item.id)).not.toContain(mine.id);
    const own = (
      await analyst.request(`/api/v1/admin/proposals?tenant=${tenant.id}`)
    ).json<StaffProposalList>();
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((item) => item.tenantId === tenant.id)).toBe(true);
  });

  it("refuses customers (403), the anonymous (401), unknown signers and foreign workspaces", async () => {
    expect((await new BrowserClient(t.url).request("/api/v1/admin/proposals")).status).toBe(401);
    expect((await approver.request("/api/v1/admin/proposals")).status).toBe(403);
    expect((await viewer.request("/api/v1/admin/proposals", { json: {} })).status).toBe(403);
    const outsiderUser = await t.build.user(await t.build.tenant(), "customer_approver");
    const wrongSigner = await analyst.request("/api/v1/admin/proposals", {
      json: { workspaceId: workspace.id, title: "x", bodyMd: "x", signers: [{ userId: outsiderUser.id }] },
    });
    expect(wrongSigner.status).toBe(400);
    const viewerAsSigner = await analyst.request("/api/v1/admin/proposals", {
      json: { workspaceId: workspace.id, title: "x", bodyMd: "x", signers: [{ userId: unknownId() }] },
    });
    expect(viewerAsSigner.status).toBe(400);
    const unknownWorkspace = await analyst.request("/api/v1/admin/proposals", {
      json: {
        workspaceId: unknownId(),
        title: "x",
        bodyMd: "x",
        signers: [{ email: "a@b.example", name: "A" }],
      },
    });
    expect(unknownWorkspace.status).toBe(404);
  });

  it("answers hostile or malformed drafts with a clear 4xx and stores nothing", async () => {
    const count = () =>
      system((trx) =>
        trx
          .selectFrom("proposals")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("workspace_id", "=", workspace.id)
          .executeTakeFirstOrThrow(),
      );
    const before = (await count()).n;
    const base = {
      workspaceId: workspace.id,
      title: "x",
      bodyMd: "x",
      signers: [{ userId: approverUser.id }],
    };
    const line = (quantity: number, unitPriceMinor: number) => ({
      description: "x",
      quantity,
      unitPriceMinor,
    });
    const cases: [Record<string, unknown>, number][] = [
      [{ ...base, title: "" }, 400],
      [{ ...base, title: "x".repeat(201) }, 400],
      [{ ...base, title: "nul\u0000byte" }, 400],
      [{ ...base, bodyMd: "x".repeat(50_001) }, 400],
      [{ ...base, bodyMd: "x".repeat(300_000) }, 413],
      [{ ...base, currency: "usd" }, 400],
      [{ ...base, priceLines: [line(-1, 100)] }, 400],
      [{ ...base, priceLines: [line(1.5, 100)] }, 400],
      [{ ...base, priceLines: Array.from({ length: 100 }, () => line(100_000, 10_000_000_000)) }, 400],
      [{ ...base, signers: [] }, 400],
      [{ ...base, signers: [{ userId: approverUser.id }, { userId: approverUser.id }] }, 400],
      [{ ...base, signers: [{ email: "not-an-address", name: "X" }] }, 400],
      [{ ...base, expiresAt: "tomorrow" }, 400],
      [{ ...base, kind: "approval" }, 400],
      [{ ...base, engagementId: unknownId() }, 400],
    ];
    for (const [index, [json, status]] of cases.entries()) {
      const response = await analyst.request("/api/v1/admin/proposals", { json });
      expect([index, response.status]).toEqual([index, status]);
      expect(response.json<{ error: string; message: string }>().message.length).toBeGreaterThan(0);
    }
    expect((await count()).n).toBe(before);
  });

  it("edits a draft only; a sent proposal changes by a new version", async () => {
    const proposal = await draft();
    const edited = await analyst.request(`/api/v1/admin/proposals/${proposal.id}`, {
      method: "PATCH",
      json: {
        title: "Retainer (revised)",
        priceLines: [{ description: "One", quantity: 3, unitPriceMinor: 1_001 }],
      },
    });
    expect(edited.status, edited.text).toBe(200);
    const after = edited.json<StaffProposal>();
    expect(after.totalMinor).toBe(3_003);
    expect(after.documentSha256).not.toBe(proposal.documentSha256);
    await send(proposal.id);
    const again = await analyst.request(`/api/v1/admin/proposals/${proposal.id}`, {
      method: "PATCH",
      json: { title: "Too late" },
    });
    expect(again.status).toBe(409);
    expect(
      (await analyst.request(`/api/v1/admin/proposals/${proposal.id}/send`, { method: "POST" })).status,
    ).toBe(409);
  });

  it("emails an SSO signer a portal link, and an address an approver access link that lands on the proposal", async () => {
    const email = "lee.chan@harborbank.example";
    const proposal = await sentProposal({
      signers: [{ userId: approverUser.id }, { email, name: "Lee Chan" }],
    });
    const portalMail = await mailAbout(approverUser.email, proposal.id);
    expect(portalMail.subject).toContain("Continuous governance retainer");
    expect(portalMail.text).toContain(`${t.url}/customer-portal/proposals/${proposal.id}`);

    const linkMail = await mail.next(email);
    expect(linkMail.subject).toContain("Continuous governance retainer");
    const client = new BrowserClient(t.url);
    const redeemed = await client.request("/auth/client-token/redeem", {
      json: { token: linkSecretIn(linkMail) },
    });
    expect(redeemed.status, redeemed.text).toBe(200);
    expect(redeemed.json<{ redirectTo: string }>().redirectTo).toBe(
      `/customer-portal/proposals/${proposal.id}`,
    );
    const seen = (await view(client, proposal.id)).json<ClientProposalView>();
    expect(seen.you).toEqual({ isSigner: true, canDecide: true, decision: null });

    const signed = await sign(client, proposal.id, seen.documentSha256, { typedName: "Lee Chan" });
    expect(signed.status, signed.text).toBe(200);
    const staff = (await analyst.request(`/api/v1/admin/proposals/${proposal.id}`)).json<StaffProposal>();
    const lee = staff.signers.find((signer) => signer.email === email)!;
    expect(lee.via).toBe("email");
    expect(lee.decision).toMatchObject({ decision: "signed", authMethod: "email", typedName: "Lee Chan" });
    expect(staff.status).toBe("viewed");
  });
});

describe("the client's view", () => {
  it("never shows a draft: 404, the same bytes as a random id", async () => {
    const proposal = await draft({ title: "Draft kept from the client" });
    const hidden = await view(approver, proposal.id);
    const random = await view(approver, unknownId());
    expect(hidden.status).toBe(404);
    expect(hidden.text.replace(/"requestId":"[^"]+"/, "")).toBe(
      random.text.replace(/"requestId":"[^"]+"/, ""),
    );
    expect((await download(approver, `/api/proposals/${proposal.id}/pdf`)).status).toBe(404);
    const list = (await approver.request("/api/proposals")).json<ClientProposalList>();
    expect(list.items.map((item) => item.id)).not.toContain(proposal.id);
    // Nor does the access log name it: the attempt is there, the draft's title is not.
    const log = await approver.request("/api/v1/access-log?limit=200");
    expect(log.status).toBe(200);
    expect(log.text).toContain("Viewed a proposal");
    expect(log.text).not.toContain(proposal.title);
  });

  it("renders a sent proposal that has no PDF yet (written by the demo seed or a migration) on its first read, once", async () => {
    const id = await system(async (trx) => {
      const row = await trx
        .insertInto("proposals")
        .values({
          tenant_id: tenant.id,
          workspace_id: workspace.id,
          title: "Seeded retainer",
          body_md: "## Scope\n\n- Reviews",
          price_lines: JSON.stringify([
            { description: "Review", quantity: 2, unit_price_minor: 1_000, amount_minor: 2_000 },
          ]),
          total_minor: 2_000,
          status: "sent",
          sent_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .insertInto("proposal_signers")
        .values({
          tenant_id: tenant.id,
          workspace_id: workspace.id,
          proposal_id: row.id,
          email: approverUser.email.toLowerCase(),
          name: approverUser.name,
          user_id: approverUser.id,
          position: 0,
        })
        .execute();
      return row.id;
    });
    const [first, second] = await Promise.all([view(viewer, id), view(approver, id)]);
    const hashes = [first, second].map((answer) => answer.json<ClientProposalView>().documentSha256);
    expect(hashes[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(hashes[1]).toBe(hashes[0]);
    const pdf = await download(approver, `/api/proposals/${id}/pdf`);
    expect(createHash("sha256").update(pdf.bytes).digest("hex")).toBe(hashes[0]);
    expect((await sign(approver, id, hashes[0]!)).status).toBe(200);
  });

  it("marks the proposal viewed on a client's first view, not on staff's", async () => {
    const proposal = await sentProposal();
    const staffView = await analyst.request(`/api/proposals/${proposal.id}/client-view?tenant=${tenant.id}`);
    expect(staffView.status).toBe(200);
    // Staff viewing the customer's portal keep the tenant in the PDF's address, and it works.
    const staffLinks = staffView.json<ClientProposalView>().links;
    expect(staffLinks.pdf).toBe(`/api/proposals/${proposal.id}/pdf?tenant=${tenant.id}`);
    expect((await download(analyst, staffLinks.pdf)).status).toBe(200);
    expect(
      (await analyst.request(`/api/v1/admin/proposals/${proposal.id}`)).json<StaffProposal>().viewedAt,
    ).toBeNull();
    const seen = (await view(viewer, proposal.id)).json<ClientProposalView>();
    expect(seen.status).toBe("viewed");
    expect(seen.you).toEqual({ isSigner: false, canDecide: false, decision: null });
    expect(seen.links.pdf).toBe(`/api/proposals/${proposal.id}/pdf`);
    expect(seen.signers).toEqual([{ name: "Dana Reyes", isYou: false, decision: null }]);
    expect(seen.disclosure).toEqual({
      version: signatureDisclosure.version,
      text: signatureDisclosure.text,
      sha256: DISCLOSURE_SHA256,
    });
    const staff = (await analyst.request(`/api/v1/admin/proposals/${proposal.id}`)).json<StaffProposal>();
    expect(staff.viewedAt).not.toBeNull();
    expect(staff.signers[0]!.viewedAt).toBeNull();
    expect((await view(approver, proposal.id)).json<ClientProposalView>().signers[0]!.isYou).toBe(true);
    const later = (await analyst.request(`/api/v1/admin/proposals/${proposal.id}`)).json<StaffProposal>();
    expect(later.signers[0]!.viewedAt).not.toBeNull();
  });

  it("hides another tenant's and another workspace's proposal behind a 404 identical to a random id", async () => {
    const proposal = await sentProposal();
    const strip = (text: string) => text.replace(/"requestId":"[^"]+"/, "");
    const random = strip((await view(outsider, unknownId())).text);
    for (const client of [outsider, siblingApprover]) {
      const seen = await view(client, proposal.id);
      expect(seen.status).toBe(404);
      expect(strip(seen.text)).toBe(random);
      const signed = await sign(client, proposal.id, proposal.documentSha256!);
      expect(signed.status).toBe(404);
      expect((await download(client, `/api/proposals/${proposal.id}/pdf`)).status).toBe(404);
    }
    expect((await outsider.request("/api/proposals")).json<ClientProposalList>().items).toEqual([]);
  });

  it("renders the body inert: no script, event handler, iframe or javascript: link survives", async () => {
    const payloads = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "[x](javascript:alert(1))",
      "<iframe src=//evil.example></iframe>",
      "<svg onload=alert(1)>",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      "![x](javascript:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ];
    const proposal = await sentProposal({ bodyMd: payloads.join("\n\n") });
    const html = (await view(approver, proposal.id)).json<ClientProposalView>().bodyHtml;
    // Every payload arrives as text: no element but the paragraphs, no attribute at all.
    expect(html.match(/<[a-z][^>]*>/gi)?.every((tag) => tag === "<p>")).toBe(true);
    expect(html).not.toMatch(/href=/i);
    expect(html).toContain("&lt;script&gt;");
    // The title reaches the signer's email: escaped there too.
    const hostile = await sentProposal({ title: '<img src=x onerror=alert(1)> "Retainer"' });
    const sent = await mailAbout(approverUser.email, hostile.id);
    expect(sent.html).not.toMatch(/<img|onerror=alert\(1\)>/i);
    expect(sent.html).toContain("&#60;img src=x onerror=alert(1)&#62;");
    // A safe link still works.
    const linked = await sentProposal({ bodyMd: "[our site](https://example.com)" });
    expect((await view(approver, linked.id)).json<ClientProposalView>().bodyHtml).toContain(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">our site</a>',
    );
  });
});

describe("signing", () => {
  it("records the evidence of a signature, field by field, as the request gave it", async () => {
    const proposal = await sentProposal();
    const shown = (await view(approver, proposal.id)).json<ClientProposalView>();
    const headers = headersFor();
    const response = await approver.request(`/api/proposals/${proposal.id}/sign`, {
      json: { typedName: "  Dana Reyes  ", consent: true, documentSha256: shown.documentSha256 },
      headers,
    });
    expect(response.status, response.text).toBe(200);
    const after = response.json<ClientProposalView>();
    expect(after.status).toBe("signed");
    expect(after.you.decision?.decision).toBe("signed");
    const [evidence, session] = await system(async (trx) => [
      await trx
        .selectFrom("proposal_signatures")
        .selectAll()
        .where("proposal_id", "=", proposal.id)
        .execute(),
      await trx.selectFrom("sessions").select("id").where("user_id", "=", approverUser.id).execute(),
    ]);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({
      decision: "signed",
      signer_user_id: approverUser.id,
      signer_client_token_id: null,
      signer_email: approverUser.email.toLowerCase(),
      signer_name: "Dana Reyes",
      auth_method: "sso",
      typed_name: "Dana Reyes",
      reason: null,
      consent_text_version: signatureDisclosure.version,
      consent_sha256: DISCLOSURE_SHA256,
      document_sha256: shown.documentSha256,
      ip: headers["x-forwarded-for"],
      user_agent: headers["user-agent"],
      mfa: false,
    });
    expect(session.map((row) => row.id)).toContain(evidence[0]!.session_id);
    expect(Math.abs(evidence[0]!.signed_at.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("refuses without consent (400), with a stale hash (409), twice (409), and to a viewer (403)", async () => {
    const proposal = await sentProposal();
    const hash = proposal.documentSha256!;
    expect((await sign(approver, proposal.id, hash, { consent: false })).status).toBe(400);
    expect((await sign(approver, proposal.id, hash, { consent: undefined })).status).toBe(400);
    const stale = await sign(approver, proposal.id, "0".repeat(64));
    expect(stale.status).toBe(409);
    expect(stale.json<{ message: string }>().message).toMatch(/changed/);
    expect((await sign(viewer, proposal.id, hash)).status).toBe(403);
    expect((await sign(secondApprover, proposal.id, hash)).status).toBe(403);
    expect((await sign(approver, proposal.id, hash)).status).toBe(200);
    const twice = await sign(approver, proposal.id, hash);
    expect(twice.status).toBe(409);
    const declineAfter = await approver.request(`/api/proposals/${proposal.id}/decline`, {
      json: { reason: "Changed my mind" },
    });
    expect(declineAfter.status).toBe(409);
    const count = await system((trx) =>
      trx
        .selectFrom("proposal_signatures")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("proposal_id", "=", proposal.id)
        .executeTakeFirstOrThrow(),
    );
    expect(count.n).toBe(1);
  });

  it("refuses an expired proposal and a superseded version with 409 and a clear message", async () => {
    const expiring = await sentProposal();
    await system((trx) =>
      trx
        .updateTable("proposals")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", expiring.id)
        .execute(),
    );
    const expired = await sign(approver, expiring.id, expiring.documentSha256!);
    expect(expired.status).toBe(409);
    expect(expired.json<{ message: string }>().message).toMatch(/expired/);
    expect((await view(approver, expiring.id)).json<ClientProposalView>().status).toBe("expired");

    const first = await sentProposal();
    const revised = await analyst.request(`/api/v1/admin/proposals/${first.id}/revise`, { method: "POST" });
    expect(revised.status, revised.text).toBe(201);
    const second = revised.json<StaffProposal>();
    expect(second.version).toBe(2);
    expect(second.supersedesId).toBe(first.id);
    // Until the new version is sent, the first can still be signed; then it cannot.
    const before = (await view(approver, first.id)).json<ClientProposalView>();
    expect(before.you.canDecide).toBe(true);
    // A draft version is never named to the client.
    expect(before.replacedById).toBeNull();
    await send(second.id);
    expect((await view(approver, first.id)).json<ClientProposalView>().replacedById).toBe(second.id);
    const superseded = await sign(approver, first.id, first.documentSha256!);
    expect(superseded.status).toBe(409);
    expect(superseded.json<{ message: string }>().message).toMatch(/newer version/);
    expect(
      (await analyst.request(`/api/v1/admin/proposals/${first.id}/revise`, { method: "POST" })).status,
    ).toBe(409);
  });

  it("declines with a reason: the proposal is declined and nobody else can sign it", async () => {
    const proposal = await sentProposal({
      signers: [{ userId: approverUser.id }, { userId: secondApproverUser.id }],
    });
    expect((await approver.request(`/api/proposals/${proposal.id}/decline`, { json: {} })).status).toBe(400);
    const declined = await approver.request(`/api/proposals/${proposal.id}/decline`, {
      json: { reason: "Budget moved to next year" },
      headers: headersFor(),
    });
    expect(declined.status, declined.text).toBe(200);
    expect(declined.json<ClientProposalView>().status).toBe("declined");
    expect((await sign(secondApprover, proposal.id, proposal.documentSha256!)).status).toBe(409);
    const staff = (await analyst.request(`/api/v1/admin/proposals/${proposal.id}`)).json<StaffProposal>();
    expect(staff.signers[0]!.decision).toMatchObject({
      decision: "declined",
      reason: "Budget moved to next year",
    });
  });

  it("lets two signers sign at once: both succeed and the proposal is signed exactly once", async () => {
    const proposal = await sentProposal({
      signers: [{ userId: approverUser.id }, { userId: secondApproverUser.id }],
    });
    const hash = proposal.documentSha256!;
    const answers = await Promise.all([
      sign(approver, proposal.id, hash),
      sign(secondApprover, proposal.id, hash),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const statuses = answers.map((answer) => answer.json<ClientProposalView>().status).sort();
    // Decisions are taken one at a time: the second saw the first's signature and ended the proposal.
    expect(statuses).toEqual(["signed", "viewed"]);
    const row = await system((trx) =>
      trx
        .selectFrom("proposals")
        .select(["status", "decided_at"])
        .where("id", "=", proposal.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.status).toBe("signed");
    expect(row.decided_at).not.toBeNull();
  });

  it("answers the same signer signing twice at once with one 200 and one 409", async () => {
    const proposal = await sentProposal();
    const hash = proposal.documentSha256!;
    const answers = await Promise.all([sign(approver, proposal.id, hash), sign(approver, proposal.id, hash)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it("keeps decisions append-only: the app role cannot change or remove one", async () => {
    const proposal = await sentProposal();
    expect((await sign(approver, proposal.id, proposal.documentSha256!)).status).toBe(200);
    for (const statement of [
      sql`UPDATE proposal_signatures SET typed_name = 'Someone else' WHERE proposal_id = ${proposal.id}`,
      sql`DELETE FROM proposal_signatures WHERE proposal_id = ${proposal.id}`,
    ]) {
      await expect(system((trx) => statement.execute(trx))).rejects.toThrow(/permission denied/);
    }
  });
});

describe("the signed copy", () => {
  it("appends the signature certificate, is sealed (pdfsig: valid), recognised by /verify — and a changed byte breaks both", async () => {
    const proposal = await sentProposal({
      signers: [{ userId: approverUser.id }, { userId: secondApproverUser.id }],
    });
    const hash = proposal.documentSha256!;
    expect((await sign(approver, proposal.id, hash, { typedName: "Dana Reyes" })).status).toBe(200);
    expect((await sign(secondApprover, proposal.id, hash, { typedName: "Sam Ortiz" })).status).toBe(200);
    const staff = await waitForSignedCopy(proposal.id);

    const client = (await view(approver, proposal.id)).json<ClientProposalView>();
    expect(client.links.signedPdf).toBe(`/api/proposals/${proposal.id}/signed-pdf`);
    const signed = await download(approver, client.links.signedPdf!);
    expect(signed.status).toBe(200);
    const staffCopy = await download(analyst, staff.links.signedPdf!);
    expect(staffCopy.bytes.equals(signed.bytes)).toBe(true);

    const text = await pdfTool("pdftotext", signed.bytes);
    expect(text).toContain("Signature certificate");
    expect(text.replace(/\s+/g, "")).toContain(hash);
    for (const signer of staff.signers) {
      expect(text).toContain(signer.name);
      expect(text).toContain(signer.email);
      expect(text).toContain(signer.decision!.ip!);
      expect(text).toContain(signatureDisclosure.version);
    }
    expect(text).toContain("Sam Ortiz");

    const sig = await pdfTool("pdfsig", signed.bytes);
    expect(sig).toMatch(/Signature is Valid/i);
    expect(sig).toContain("Bastion Advisory");
    // The seal's reason, in the signature dictionary, says the certificate is for development.
    const reason = /\/Reason\s*\(([^)]*)\)/.exec(signed.bytes.toString("latin1"))?.[1] ?? "";
    expect(reason).toMatch(/DEVELOPMENT certificate/);

    const verify = (sha256: string) =>
      new BrowserClient(t.url)
        .request("/api/v1/verify", { json: { sha256 } })
        .then((r) => r.json<{ issued: boolean; document?: { kind: string } }>());
    expect(await verify(staff.signedSha256!)).toMatchObject({
      issued: true,
      document: { kind: "signed_proposal" },
    });
    expect(await verify(hash)).toMatchObject({ issued: true, document: { kind: "proposal" } });

    const tampered = Buffer.from(signed.bytes);
    const at = tampered.indexOf("Signature certificate");
    const index = at > 0 ? at : Math.floor(tampered.length / 3);
    tampered[index] = tampered[index]! ^ 0x01;
    const tamperedSig = await pdfTool("pdfsig", tampered);
    expect(tamperedSig).not.toMatch(/Signature is Valid/i);
    expect(tamperedSig).toMatch(/Digest Mismatch/i);
    const tamperedHash = createHash("sha256").update(tampered).digest("hex");
    expect(await verify(tamperedHash)).toMatchObject({ issued: false });
  }, 60_000);
});

describe("approvals", () => {
  it("asks for a decision on a milestone, shows it as waiting for the approver, and certifies it like a proposal", async () => {
    const engagement = await t.build.engagement(workspace, { name: "Governance engagement" });
    const response = await analyst.request("/api/v1/admin/proposals", {
      json: {
        workspaceId: workspace.id,
        kind: "approval",
        engagementId: engagement.id,
        subject: "milestone",
        subjectId: engagement.milestoneIds[1],
        title: "Accept scoping as complete",
        bodyMd: "Scoping is complete: please confirm.",
        signers: [{ userId: approverUser.id }],
      },
    });
    expect(response.status, response.text).toBe(201);
    const approval = response.json<StaffProposal>();
    expect(approval.subjectLabel).toBe("Milestone completion: Scoping");
    await send(approval.id);

    const waiting = (await approver.request("/api/proposals?awaitingMe=true")).json<ClientProposalList>();
    expect(waiting.items.map((item) => item.id)).toContain(approval.id);
    const onEngagement = (
      await viewer.request(`/api/proposals?engagementId=${engagement.id}`)
    ).json<ClientProposalList>();
    expect(
      onEngagement.items.map((item) => [item.id, item.kind, item.subjectLabel, item.awaitingYou]),
    ).toEqual([[approval.id, "approval", "Milestone completion: Scoping", false]]);
    expect((await sign(approver, approval.id, approval.documentSha256!)).status).toBe(200);
    const after = (await approver.request("/api/proposals?awaitingMe=true")).json<ClientProposalList>();
    expect(after.items.map((item) => item.id)).not.toContain(approval.id);

    const foreign = await analyst.request("/api/v1/admin/proposals", {
      json: {
        workspaceId: foreignWorkspace.id,
        kind: "approval",
        engagementId: engagement.id,
        subject: "scope_change",
        title: "x",
        bodyMd: "x",
        signers: [{ email: "a@b.example", name: "A" }],
      },
    });
    expect(foreign.status).toBe(404);
  });
});
