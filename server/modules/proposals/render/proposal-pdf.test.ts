import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseMarkdown } from "../../../markdown";
import { createDocument, finishDocument } from "../../../pdf/document";
import { drawMarkdown } from "../../../pdf/markdown";
import {
  type ProposalDocumentData,
  renderProposalPdf,
  renderSignedProposalPdf,
  type SignatureCertificate,
  type SignatureDecisionEvidence,
} from "./proposal-pdf";

/*
 * Proposals rendered to PDF and read back with the tools a client's machine would use: qpdf (structure) and
 * poppler (pages, text). qpdf and poppler-utils are required: a missing tool fails the run rather than skipping it.
 */

let workDir: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-proposal-"));
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

function tool(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { status?: number; stderr?: string };
    if (failure.code === "ENOENT") {
      throw new Error(`${command} is required for the PDF tests (install qpdf and poppler-utils)`);
    }
    throw new Error(`${command} ${args.join(" ")} failed (${failure.status}): ${failure.stderr ?? ""}`);
  }
}

interface ReadPdf {
  pages: number;
  /** pdftotext -layout output, one entry per page. */
  pageTexts: string[];
  /** All pages' text with runs of blanks and line breaks collapsed to one space. */
  text: string;
}

let fileCount = 0;

function readPdf(pdf: Buffer): ReadPdf {
  const file = path.join(workDir, `document-${++fileCount}.pdf`);
  fs.writeFileSync(file, pdf);
  tool("qpdf", ["--check", file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(tool("pdfinfo", [file]))?.[1]);
  const raw = tool("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]);
  const pageTexts = raw.split("\f").slice(0, pages);
  return { pages, pageTexts, text: raw.replace(/\s+/g, " ") };
}

/** The PDF's bytes with every compressed stream inflated, so a search sees page content and objects alike. */
function everything(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const inflated: string[] = [raw];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf("endstream", start);
    try {
      inflated.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      // Not a deflated stream.
    }
  }
  return inflated.join("\n");
}

function uriTargets(pdf: Buffer): string[] {
  return [...everything(pdf).matchAll(/\/URI\s*\(((?:\\.|[^\\)])*)\)/g)].map((match) => match[1] ?? "");
}

function unspaced(text: string | undefined): string {
  return (text ?? "").replace(/\s+/g, "");
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const phase = (n: number) => `## Phase ${n}: testing activities

During phase ${n} the team reviews the **external attack surface**, the *identity provider configuration* and the
\`conditional-access\` policies, following the [OWASP testing guide](https://owasp.org/www-project-web-security-testing-guide/).
Every finding is reported as it is confirmed, with a severity rating and the recommended remediation.

- Discovery of internet-facing hosts and services
- Authenticated testing of the customer portal
  - Role and tenant isolation checks
  - Session handling and token lifetimes
- Phishing-resistant MFA review

1. Kick-off call and rules of engagement
2. Testing window
3. Read-out of the results
`;

const longBody = `# Executive summary

We propose a **penetration test and architecture review** of the customer-facing platform, giving leadership an
independent view of the risks to patient data and a prioritised plan to reduce them.

> Testing happens only inside the agreed window, from the addresses in the rules of engagement.

# Scope of work

| Area | Systems | Approach | Effort |
|------|---------|----------|-------:|
| External network | 42 public IP addresses | Unauthenticated scanning, manual verification | 3 days |
| Web applications | Patient portal, partner API | OWASP ASVS level 2 | 6 days |
| Cloud | Azure tenant | CIS benchmark review | 2 days |

${[1, 2, 3, 4, 5, 6].map(phase).join("\n")}

### Deliverables

\`\`\`
report:  executive summary, technical findings
retest:  within 90 days
\`\`\`

---

# Assumptions

Test accounts for every role are available two business days before testing starts.
`;

function proposal(overrides: Partial<ProposalDocumentData> = {}): ProposalDocumentData {
  return {
    proposalId: "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
    kind: "proposal",
    title: "Penetration test and security architecture review",
    version: 3,
    providerName: "Bastion Test Security",
    tenantName: "Contoso Clinics",
    workspaceName: "Advisory",
    engagementName: null,
    subjectLabel: null,
    bodyMd: longBody,
    currency: "USD",
    priceLines: [
      {
        description: "Network and web application testing",
        quantity: 9,
        unitPriceMinor: 95000,
        amountMinor: 855000,
      },
      { description: "Cloud configuration review", quantity: 2, unitPriceMinor: 110000, amountMinor: 220000 },
      { description: "Identity review", quantity: 1.5, unitPriceMinor: 106334, amountMinor: 159500 },
    ],
    totalMinor: 1234500,
    expiresAt: "2026-04-30T23:59:59.000Z",
    preparedAt: "2026-03-04T09:15:00.000Z",
    signers: [
      { name: "Alex Kim", email: "alex.kim@contoso.example" },
      { name: "Priya Natarajan", email: "priya.natarajan@contoso.example" },
    ],
    ...overrides,
  };
}

const DOCUMENT_SHA256 = "3e".repeat(32);

const decisions: SignatureDecisionEvidence[] = [
  {
    signerName: "Alex Kim",
    email: "alex.kim@contoso.example",
    decision: "signed",
    typedName: "Alex J. Kim",
    reason: null,
    authMethod: "sso",
    userId: "0c9d8e7f-6a5b-4c3d-8e1f-0a9b8c7d6e5f",
    clientTokenId: null,
    sessionId: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c",
    consentVersion: "2026-01",
    consentSha256: "ab".repeat(32),
    documentSha256: DOCUMENT_SHA256,
    decidedAt: "2026-03-05T10:01:02.000Z",
    ip: "203.0.113.45",
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    mfa: true,
  },
  {
    signerName: "Priya Natarajan",
    email: "priya.natarajan@contoso.example",
    decision: "declined",
    typedName: null,
    reason: "The testing window overlaps our change freeze; please move it to May.",
    authMethod: "email",
    userId: null,
    clientTokenId: "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d",
    sessionId: null,
    consentVersion: "2026-02",
    consentSha256: "cd".repeat(32),
    documentSha256: DOCUMENT_SHA256,
    decidedAt: "2026-03-06T14:22:09.000Z",
    ip: "2001:db8:85a3::8a2e:370:7334",
    userAgent: null,
    mfa: false,
  },
];

const certificate: SignatureCertificate = {
  documentSha256: DOCUMENT_SHA256,
  outcome: "declined",
  completedAt: "2026-03-06T14:22:09.000Z",
  decisions,
  timeline: [
    { at: "2026-03-04T09:20:00.000Z", event: "Sent to Alex Kim <alex.kim@contoso.example>" },
    { at: "2026-03-04T09:20:00.000Z", event: "Sent to Priya Natarajan <priya.natarajan@contoso.example>" },
    { at: "2026-03-05T09:58:41.000Z", event: "Viewed by Alex Kim" },
    { at: "2026-03-05T10:01:02.000Z", event: "Signed by Alex Kim" },
    { at: "2026-03-06T14:20:13.000Z", event: "Viewed by Priya Natarajan" },
    { at: "2026-03-06T14:22:09.000Z", event: "Declined by Priya Natarajan" },
  ],
};

/** Each decision's evidence as the certificate prints it, label then value. */
function expectedEvidence(decision: SignatureDecisionEvidence): [string, string][] {
  const time = decision.decidedAt.replace("T", " ").slice(0, 19);
  return [
    ["Signer", decision.signerName],
    ["Email", decision.email],
    ["Decision", decision.decision === "signed" ? "Signed" : "Declined"],
    decision.decision === "signed"
      ? ["Typed name", decision.typedName ?? ""]
      : ["Reason", decision.reason ?? ""],
    ["Authentication", decision.authMethod === "sso" ? "Single sign-on" : "Emailed access link"],
    ["MFA", decision.mfa ? "Yes" : "No"],
    decision.authMethod === "sso"
      ? ["User id", decision.userId ?? ""]
      : ["Access link id", decision.clientTokenId ?? ""],
    ["Session id", decision.sessionId ?? "Not recorded"],
    ["Consent text version", decision.consentVersion ?? ""],
    ["Consent text SHA-256", decision.consentSha256 ?? ""],
    [
      decision.decision === "signed" ? "Document SHA-256 signed" : "Document SHA-256 declined",
      decision.documentSha256,
    ],
    ["Time (UTC)", time],
    ["IP address", decision.ip ?? "Not recorded"],
    ["User agent", decision.userAgent ?? "Not recorded"],
  ];
}

/** A page's text without its running header and footer, last body line last. */
function bodyLines(page: string): string[] {
  return page
    .split("\n")
    .filter((line) => line.trim() !== "")
    .filter(
      (line) => !/Page \d+ of \d+|Proposal version|^\s*Document [0-9a-f-]{36}\s*$|Confidential/.test(line),
    )
    .filter((line) => !line.includes("Contoso Clinics") || line.includes("Prepared"));
}

describe("renderProposalPdf", () => {
  it("renders the title, the body's headings, the price total, the signers and page numbers", async () => {
    const data = proposal();
    const { pages, text, pageTexts } = readPdf(await renderProposalPdf(data));
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(text).toContain(data.title);
    // Letter-spaced labels come out of pdftotext with blanks between letters.
    expect(unspaced(pageTexts[0])).toContain("PROPOSAL");
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain(`Document ${data.proposalId}`);
    expect(text).toContain("Proposal version 3");
    for (const heading of [
      "Executive summary",
      "Scope of work",
      "Phase 1: testing activities",
      "Deliverables",
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain("Role and tenant isolation checks");
    expect(text).toMatch(/External network\s+42 public IP addresses/);
    expect(text).toMatch(/Network and web application testing 9 \$950\.00 \$8,550\.00/);
    expect(text).toMatch(/Identity review 1\.5 \$1,063\.34 \$1,595\.00/);
    expect(text).toMatch(/Total \(USD\) \$12,345\.00/);
    for (const signer of data.signers) {
      expect(text).toContain(signer.name);
      expect(text).toContain(signer.email);
    }
    expect(text).toContain("This proposal is valid until April 30, 2026 (UTC).");
    // The cover: who, by whom, which version, and no data snapshot (a document cannot carry its own hash).
    expect(unspaced(pageTexts[0])).toContain("PREPAREDFORPREPAREDBY");
    expect(pageTexts[0]).toContain("March 4, 2026");
    expect(text).not.toMatch(/snapshot/i);
  });

  it("renders the same data to the same bytes", async () => {
    const first = await renderProposalPdf(proposal());
    const second = await renderProposalPdf(proposal());
    expect(sha256(second)).toBe(sha256(first));
    const file = path.join(workDir, "dated.pdf");
    fs.writeFileSync(file, first);
    expect(tool("pdfinfo", ["-isodates", file])).toMatch(/CreationDate:\s+2026-03-04T09:15:00/);
  });

  it("formats money in the currency's own minor units", async () => {
    const { text } = readPdf(
      await renderProposalPdf(
        proposal({
          currency: "JPY",
          priceLines: [
            { description: "Retainer", quantity: 1, unitPriceMinor: 1234500, amountMinor: 1234500 },
          ],
          totalMinor: 1234500,
        }),
      ),
    );
    expect(text).toMatch(/Total \(JPY\) ¥1,234,500/);
  });

  it("shows raw HTML and unsafe links as text and makes only http(s) and mailto links clickable", async () => {
    const hostile = [
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "[x](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "<iframe src=//evil>",
      "<svg onload=alert(1)>",
      "&lt;script&gt;",
      "![x](javascript:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
    ];
    const pdf = await renderProposalPdf(proposal({ bodyMd: hostile.join("\n\n"), priceLines: [] }));
    expect(uriTargets(pdf)).toEqual([]);
    expect(everything(pdf)).not.toMatch(/\/(JavaScript|JS|Launch)\b/);
    const { text } = readPdf(pdf);
    expect(text).toContain("<script>alert(1)</script>");
    expect(text).toContain("[x](javascript:alert(1))");
    expect(text).toContain("<svg onload=alert(1)>");

    const linked = await renderProposalPdf(
      proposal({
        bodyMd: `${hostile.join("\n\n")}\n\n[site](https://example.com) and [mail us](mailto:team@example.com)`,
        priceLines: [],
      }),
    );
    expect(uriTargets(linked)).toEqual(["https://example.com", "mailto:team@example.com"]);
    // Annotations are plain objects, readable without inflating anything.
    expect(linked.toString("latin1")).toContain("/URI (https://example.com)");
    expect(everything(linked)).not.toMatch(/\/(JavaScript|JS|Launch)\b/);
  });

  it("draws no link annotation for an unsafe target even when the tokens carry one", async () => {
    // Tokens from anywhere but our parser: the drawing refuses the target on its own.
    const tokens = parseMarkdown("[x](https://placeholder.example) and [y](https://example.com)");
    const link = tokens[1]?.children?.find((token) => token.type === "link_open");
    link?.attrSet("href", "javascript:alert(1)");
    const frame = {
      documentId: "doc",
      title: "Links",
      kindLabel: "Test",
      providerName: "Provider",
      tenantName: "Tenant",
      subject: "Links",
      keywords: "",
      createdAt: "2026-03-04T09:15:00.000Z",
      coverFields: [],
      coverDigest: null,
      coverNote: "",
      footerNote: "",
      isCoverNumbered: false,
    };
    const doc = createDocument(frame);
    drawMarkdown(doc, tokens);
    const pdf = await finishDocument(doc, frame);
    expect(uriTargets(pdf)).toEqual(["https://example.com"]);
    expect(everything(pdf)).not.toMatch(/\/(JavaScript|JS|Launch)\b/);
  });

  it("never leaves a heading alone at the bottom of a page", async () => {
    const blocks = [
      (n: number) =>
        `## Heading-${n}\n\n${"A paragraph that wraps over several lines of the page. ".repeat(6)}`,
      (n: number) =>
        `# Heading-${n}\n\n| Column | Notes |\n|---|---|\n| a | ${"long cell text ".repeat(30)} |\n| b | c |`,
      (n: number) => `## Heading-${n}\n\n### Heading-${n}b\n\n- first item\n- second item`,
      (n: number) => `### Heading-${n}\n\n\`\`\`\n${"code line\n".repeat(8)}\`\`\``,
    ];
    let headingsSeen = 0;
    for (let filler = 0; filler < 48; filler += 3) {
      const lead = Array.from({ length: filler }, (_, n) => `Filler paragraph ${n}, one line long.`).join(
        "\n\n",
      );
      const body = `${lead}\n\n${Array.from({ length: 10 }, (_, n) => blocks[n % blocks.length]?.(n)).join("\n\n")}`;
      const { pageTexts } = readPdf(
        await renderProposalPdf(proposal({ bodyMd: body, priceLines: [], signers: [], expiresAt: null })),
      );
      for (const page of pageTexts.slice(1)) {
        const lines = bodyLines(page);
        headingsSeen += lines.filter((line) => /Heading-\d+/.test(line)).length;
        expect(lines.at(-1) ?? "").not.toMatch(/Heading-\d+/);
      }
    }
    expect(headingsSeen).toBeGreaterThan(100);
  });

  it("puts an approval's engagement and subject at the top and leaves out pricing and expiry", async () => {
    const data = proposal({
      kind: "approval",
      title: "Fieldwork sign-off",
      engagementName: "Contoso penetration test 2026",
      subjectLabel: "Milestone completion: Fieldwork complete",
      bodyMd: "Fieldwork is complete.\n\n- 42 hosts tested\n- 3 findings reported",
      priceLines: [],
      totalMinor: 0,
      signers: [{ name: "Alex Kim", email: "alex.kim@contoso.example" }],
    });
    const { text, pageTexts } = readPdf(await renderProposalPdf(data));
    expect(unspaced(pageTexts[0])).toContain("APPROVALREQUEST");
    expect(pageTexts[1]).toContain("Milestone completion: Fieldwork complete");
    expect(pageTexts[1]).toContain("Contoso penetration test 2026");
    expect(text).toContain("Approval request version 3");
    expect(text).not.toContain("Pricing");
    expect(text).not.toContain("valid until");
    expect(text).toContain("alex.kim@contoso.example");
  });
});

describe("renderSignedProposalPdf", () => {
  it("adds a signature certificate with every piece of evidence and the timeline", async () => {
    const { text } = readPdf(await renderSignedProposalPdf(proposal(), certificate));
    const certificateText = text.slice(text.indexOf("Signature certificate"));
    expect(certificateText).toMatch(/Document SHA-256 3e3e/);
    expect(certificateText).toContain(`Document SHA-256 ${DOCUMENT_SHA256}`);
    expect(certificateText).toContain("Completed (UTC) 2026-03-06 14:22:09");
    expect(certificateText).toContain("Outcome Declined");
    for (const decision of decisions) {
      for (const [label, value] of expectedEvidence(decision)) {
        expect(certificateText, label).toContain(`${label} ${value}`);
      }
    }
    for (const entry of certificate.timeline) {
      expect(certificateText).toContain(`${entry.at.replace("T", " ").slice(0, 19)} ${entry.event}`);
    }
  });

  it("keeps the proposal's pages as they are and only renumbers them", async () => {
    const plain = readPdf(await renderProposalPdf(proposal()));
    const signed = readPdf(await renderSignedProposalPdf(proposal(), certificate));
    expect(signed.pages).toBeGreaterThan(plain.pages);
    const unnumbered = (page: string) => page.replace(/Page (\d+) of \d+/, "Page $1");
    for (let index = 0; index < plain.pages; index++) {
      expect(unnumbered(signed.pageTexts[index] ?? "")).toBe(unnumbered(plain.pageTexts[index] ?? ""));
    }
    expect(signed.pageTexts[plain.pages]).toContain("Signature certificate");
  });

  it("renders the same data and certificate to the same bytes", async () => {
    const first = await renderSignedProposalPdf(proposal(), certificate);
    const second = await renderSignedProposalPdf(proposal(), certificate);
    expect(sha256(second)).toBe(sha256(first));
  });
});
