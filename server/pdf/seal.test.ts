import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import forge from "node-forge";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReportDocument, type DocumentMeta, finishReportDocument } from "./document";
import { developmentSealingIdentity, openSealingIdentity, type SealingIdentity, sealPdf } from "./seal";
import { drawParagraph } from "./text";

/*
 * Seals checked the way a client's reader checks them: poppler's pdfsig verifies the CMS against the signed byte
 * ranges (with NSS), qpdf parses the incremental update. One RSA key is generated for the whole file (the
 * development identity's); the other certificates reuse it.
 */

const runFile = promisify(execFile);
const PROVIDER = "Acme Sécurité";

let folder: string;
let identity: SealingIdentity;
let pdf: Buffer;

/** Two pages of uncompressed text, so a test can find and change one letter of a content stream. */
function renderPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ compress: false, info: { CreationDate: new Date("2026-01-02T08:00:00Z") } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text("Sealed report, first page. ".repeat(40));
  doc.addPage().text("Second page: the findings continue here.");
  doc.end();
  return done;
}

interface Run {
  stdout: string;
  stderr: string;
  code: number;
}

/** A command's output and exit code; qpdf exits 3 on warnings, which a test wants to see rather than an error. */
async function run(command: string, args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await runFile(command, args, { env: { ...process.env, TZ: "UTC" } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout, stderr, code } = error as Run;
    return { stdout, stderr, code };
  }
}

async function writeTemporary(document: Buffer, name: string): Promise<string> {
  const file = path.join(folder, name);
  await fs.writeFile(file, document);
  return file;
}

/** pdfsig's report (it exits 0 for a signature that does not verify, too). */
async function pdfsig(document: Buffer, name: string): Promise<string> {
  return (await run("pdfsig", [await writeTemporary(document, name)])).stdout;
}

/** pdfsig's rendering of a time (in UTC here): "Mar 04 2026 05:06:07". */
function pdfsigTime(date: Date): string {
  const month = date.toLocaleString("en-US", { month: "short", timeZone: "UTC" });
  const [day, time] = date.toISOString().slice(8, 19).split("T");
  return `${month} ${day} ${date.getUTCFullYear()} ${time}`;
}

function keyOf(sealing: SealingIdentity): forge.pki.rsa.PrivateKey {
  const p12 = forge.pkcs12.pkcs12FromAsn1(
    forge.asn1.fromDer(forge.util.createBuffer(sealing.p12.toString("binary"))),
    false,
    sealing.passphrase,
  );
  const bagType = forge.pki.oids.pkcs8ShroudedKeyBag as string;
  return p12.getBags({ bagType })[bagType]?.[0]?.key as forge.pki.rsa.PrivateKey;
}

/**
 * A PKCS#12 of `key` and a certificate with the given subject and issuer, signed by that same key; for the key's
 * public half, or for `certifiedKey` when given.
 */
function buildP12(
  key: forge.pki.rsa.PrivateKey,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  passphrase: string,
  certifiedKey: forge.pki.rsa.PublicKey = forge.pki.setRsaPublicKey(key.n, key.e),
): Buffer {
  const cert = forge.pki.createCertificate();
  cert.publicKey = certifiedKey;
  cert.serialNumber = "5a01";
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.sign(key, forge.md.sha256.create());
  return Buffer.from(
    forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], passphrase)).getBytes(),
    "binary",
  );
}

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), "portcullis-seal-"));
  identity = await developmentSealingIdentity(path.join(folder, "data", "signing-dev.p12"), PROVIDER);
  pdf = await renderPdf();
});

afterAll(async () => {
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

describe("sealPdf", () => {
  // Whole seconds: the CMS signing time has no fractions. An hour back, to show it is the given time, not "now".
  const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
  const reason = `Sealed by ${PROVIDER} with a DEVELOPMENT certificate (not for production use)`;
  let sealed: Buffer;

  beforeAll(async () => {
    // A one-character contact: the shortest text beyond ASCII.
    sealed = await sealPdf(pdf, identity, {
      reason,
      name: PROVIDER,
      location: "Lyon",
      contactInfo: "☎",
      signingTime,
    });
  });

  it("appends a signature over the whole document that pdfsig verifies, naming the signer and the signing time", async () => {
    // An incremental update: the document's own bytes stay as they were (but for its final newline).
    expect(sealed.subarray(0, pdf.length - 1).equals(pdf.subarray(0, pdf.length - 1))).toBe(true);
    const report = await pdfsig(sealed, "sealed.pdf");
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Total document signed");
    expect(report).toContain(`Signer Certificate Common Name: ${PROVIDER} (development seal)`);
    expect(report).toContain(`Signing Time: ${pdfsigTime(signingTime)}`);
    expect(report).toContain("Signature Type: adbe.pkcs7.detached");
    expect(report).toContain("Signing Hash Algorithm: SHA-256");
  });

  it("writes the reason, name, location and signing time into the signature dictionary", async () => {
    // pdfsig does not print the reason: qpdf reads the signature dictionary instead.
    const file = await writeTemporary(sealed, "dictionary.pdf");
    const json = JSON.parse((await run("qpdf", ["--json=2", "--json-key=qpdf", file])).stdout) as {
      qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
    };
    const signatures = Object.values(json.qpdf[1])
      .map((object) => object.value)
      .filter((value) => value?.["/Type"] === "/Sig");
    expect(signatures).toHaveLength(1);
    const iso = signingTime.toISOString();
    expect(signatures[0]).toMatchObject({
      "/Filter": "/Adobe.PPKLite",
      "/SubFilter": "/adbe.pkcs7.detached",
      "/Reason": `u:${reason}`,
      "/Name": `u:${PROVIDER}`,
      "/Location": "u:Lyon",
      "/ContactInfo": "u:☎",
      "/M": `u:D:${iso.replace(/[-:T]/g, "").slice(0, 14)}Z`,
    });
  });

  it("leaves a document qpdf finds no fault in, with the text of both pages", async () => {
    const file = await writeTemporary(sealed, "check.pdf");
    const check = await run("qpdf", ["--check", file]);
    expect(check).toMatchObject({ code: 0, stderr: "" });
    expect(check.stdout).toContain("No syntax or stream encoding errors found");
    const text = (await run("pdftotext", [file, "-"])).stdout;
    expect(text).toContain("Sealed report, first page.");
    expect(text).toContain("Second page: the findings continue here.");
  });

  it("shows a change to one byte of a content stream as a signature that no longer verifies", async () => {
    const tampered = Buffer.from(sealed);
    // "Sealed" becomes "Tealed": still a well-formed document, only the signed bytes differ.
    const at = tampered.indexOf(`<${Buffer.from("Sealed").toString("hex")}`);
    const signedUntil = Number(/\/ByteRange \[0 (\d+) /.exec(sealed.toString("latin1"))?.[1]);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(signedUntil);
    tampered[at + 2] = "4".charCodeAt(0);
    expect(tampered.subarray(at, at + 3).toString()).toBe("<54");

    const report = await pdfsig(tampered, "tampered.pdf");
    expect(report).not.toContain("Signature is Valid.");
    expect(report).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)\./);
  });

  it("seals a report built with this folder's document layout (compressed, buffered pages)", async () => {
    const meta: DocumentMeta = {
      documentId: "00000000-0000-4000-8000-000000000001",
      title: "Sealed report",
      reportTypeLabel: "Test Report",
      providerName: PROVIDER,
      tenantName: "Tenant",
      workspaceName: "Workspace",
      periodStart: "2026-01-01T00:00:00.000Z",
      periodEnd: "2026-02-01T00:00:00.000Z",
      generatedAt: "2026-02-02T08:00:00.000Z",
      dataSha256: "a".repeat(64),
    };
    const doc = createReportDocument(meta);
    drawParagraph(doc, "A paragraph on the first content page.");
    const report = await finishReportDocument(doc, meta);
    const sealedReport = await sealPdf(report, identity, { reason, name: PROVIDER, signingTime });
    expect(await pdfsig(sealedReport, "report.pdf")).toContain("Signature Validation: Signature is Valid.");
    expect(await run("qpdf", ["--check", await writeTemporary(sealedReport, "report.pdf")])).toMatchObject({
      code: 0,
      stderr: "",
    });
  });

  it("refuses a document that is already sealed", async () => {
    await expect(sealPdf(sealed, identity, { reason, name: PROVIDER, signingTime })).rejects.toThrow(
      /already signed/,
    );
  });

  it("refuses a document whose cross-reference section is not a classic table", async () => {
    const truncated = pdf.subarray(0, pdf.lastIndexOf("startxref"));
    await expect(sealPdf(truncated, identity, { reason, name: PROVIDER, signingTime })).rejects.toThrow(
      /classic table/,
    );
  });
});

describe("developmentSealingIdentity", () => {
  it("creates a self-signed certificate named after the provider, readable by its owner only", async () => {
    const file = path.join(folder, "data", "signing-dev.p12");
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    expect(identity.subject).toBe(`CN=${PROVIDER} (development seal)`);
    expect(identity.selfSigned).toBe(true);

    const p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer(identity.p12.toString("binary"))),
      false,
      identity.passphrase,
    );
    const bagType = forge.pki.oids.certBag as string;
    const cert = p12.getBags({ bagType })[bagType]?.[0]?.cert as forge.pki.Certificate;
    expect((cert.publicKey as forge.pki.rsa.PublicKey).n.bitLength()).toBe(2048);
    expect(cert.getExtension("keyUsage")).toMatchObject({
      digitalSignature: true,
      nonRepudiation: true,
      keyCertSign: false,
    });
    const years =
      (cert.validity.notAfter.getTime() - cert.validity.notBefore.getTime()) / (365.25 * 86_400_000);
    expect(years).toBeCloseTo(5, 1);
    expect(identity.notAfter).toEqual(cert.validity.notAfter);
  });

  it("reuses the certificate on later calls", async () => {
    const again = await developmentSealingIdentity(path.join(folder, "data", "signing-dev.p12"), PROVIDER);
    expect(again.p12.equals(identity.p12)).toBe(true);
    expect(again.subject).toBe(identity.subject);
  });

  it("refuses a file that is not one of its certificates, rather than replacing it", async () => {
    const file = path.join(folder, "not-a-certificate.p12");
    await fs.writeFile(file, "something else");
    await expect(developmentSealingIdentity(file, PROVIDER)).rejects.toThrow(/delete it to create a new one/);
    expect(await fs.readFile(file, "utf8")).toBe("something else");
  });
});

describe("openSealingIdentity", () => {
  const ca = [
    { name: "countryName", value: "FR" },
    { name: "commonName", value: "Acme Test CA" },
  ];

  it("refuses a wrong passphrase with a clear error", () => {
    expect(() => openSealingIdentity(identity.p12, "not the passphrase")).toThrow(
      "The sealing certificate (PKCS#12) does not open with this passphrase",
    );
  });

  it("refuses a file that is not a PKCS#12", () => {
    expect(() => openSealingIdentity(Buffer.from("-----BEGIN CERTIFICATE-----"), "")).toThrow(
      /not a PKCS#12 file/,
    );
  });

  it("refuses a PKCS#12 whose certificate is for another key", () => {
    const key = keyOf(identity);
    const otherKey = forge.pki.setRsaPublicKey(key.n, new forge.jsbn.BigInteger("3"));
    const p12 = buildP12(key, [{ name: "commonName", value: "Acme Seal" }], ca, "pw", otherKey);
    expect(() => openSealingIdentity(p12, "pw")).toThrow("holds no certificate for its private key");
  });

  it("opens a CA-issued certificate and seals with it", async () => {
    const subject = [
      { name: "countryName", value: "FR" },
      { name: "organizationName", value: "Acme" },
      { name: "commonName", value: "Acme Document Seal" },
    ];
    const issued = openSealingIdentity(buildP12(keyOf(identity), subject, ca, "pw"), "pw");
    expect(issued).toMatchObject({ subject: "C=FR, O=Acme, CN=Acme Document Seal", selfSigned: false });

    const sealed = await sealPdf(pdf, issued, {
      reason: "Sealed by Acme",
      name: "Acme",
      signingTime: new Date(),
    });
    const report = await pdfsig(sealed, "issued.pdf");
    expect(report).toContain("Signer Certificate Common Name: Acme Document Seal");
    expect(report).toContain("Signature is Valid.");
  });

  it("refuses an issuer name with non-ASCII UTF8String text, whose seals would not verify", async () => {
    const utf8 = forge.asn1.Type.UTF8 as number as forge.asn1.Class;
    const issuer = [{ name: "commonName", value: "Autorité de certification", valueTagClass: utf8 }];
    const p12 = buildP12(keyOf(identity), [{ name: "commonName", value: "Acme Seal" }], issuer, "pw");
    expect(() => openSealingIdentity(p12, "pw")).toThrow(/issuer name has non-ASCII characters/);

    // The refusal is needed: the signer writes that issuer wrongly, and the seal names no certificate.
    const unchecked = { ...identity, p12, passphrase: "pw" };
    const sealed = await sealPdf(pdf, unchecked, { reason: "r", name: "n", signingTime: new Date() });
    expect(await pdfsig(sealed, "misencoded.pdf")).not.toContain("Signature is Valid.");
  });
});
