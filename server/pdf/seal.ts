import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { plainAddPlaceholder } from "@signpdf/placeholder-plain";
import { P12Signer } from "@signpdf/signer-p12";
import { SignPdf } from "@signpdf/signpdf";
import forge from "node-forge";

/*
 * Sealing a finished PDF with the provider's certificate: an incremental update adds a signature field whose CMS
 * (adbe.pkcs7.detached, SHA-256, RSA) covers every byte of the file but the signature itself, so any later change
 * shows in a PDF reader as "modified after signing".
 *
 * `@signpdf/placeholder-plain` edits the file as text: it needs a classic cross-reference table (pdfkit writes one;
 * a cross-reference stream is refused before it gets that far) and puts the signature field on the first page. It
 * comes with `@signpdf/placeholder-pdfkit010`, which declares pdfkit 0.10 as a peer but never loads it; package.json
 * points that peer at our pdfkit so a second, old pdfkit is not installed.
 */

/** A PKCS#12 (key + certificate) that opens with its passphrase, and what a reader will show of its certificate. */
export interface SealingIdentity {
  p12: Buffer;
  passphrase: string;
  /** e.g. "CN=Acme Security (development seal)" */
  subject: string;
  selfSigned: boolean;
  notAfter: Date;
}

/** What PDF readers show next to the seal. */
export interface SealInfo {
  reason: string;
  name: string;
  location?: string;
  contactInfo?: string;
  /** Written both as the signature dictionary's /M and as the CMS signingTime attribute. */
  signingTime: Date;
}

/** Room for the CMS in the file: 8 KiB holds an RSA-2048 or RSA-4096 signature with a chain of a few certificates. */
const SIGNATURE_LENGTH = 8192;

const { certBag, pkcs8ShroudedKeyBag } = forge.pki.oids as Record<"certBag" | "pkcs8ShroudedKeyBag", string>;

/** Safe bags are read the way `@signpdf/signer-p12` reads them, so a file that opens here also signs there. */
function readP12(
  p12: Buffer,
  passphrase: string,
): { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate } {
  let parsed: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(p12.toString("binary")));
    parsed = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/password|MAC/i.test(message)) {
      throw new Error("The sealing certificate (PKCS#12) does not open with this passphrase");
    }
    throw new Error(`The sealing certificate is not a PKCS#12 file that can be read: ${message}`);
  }
  const keyBags = parsed.getBags({ bagType: pkcs8ShroudedKeyBag })[pkcs8ShroudedKeyBag];
  if (!keyBags || keyBags.length === 0) {
    throw new Error("The sealing certificate (PKCS#12) holds no encrypted private key");
  }
  const key = keyBags[0]?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!key?.n) {
    // node-forge (and so the signer) only reads RSA keys.
    throw new Error("The sealing certificate's private key is not an RSA key");
  }
  const certBags = parsed.getBags({ bagType: certBag })[certBag] ?? [];
  const cert = certBags
    .map((bag) => bag.cert)
    .find((candidate): candidate is forge.pki.Certificate => {
      const publicKey = candidate?.publicKey as forge.pki.rsa.PublicKey | undefined;
      return publicKey?.n?.equals(key.n) === true && publicKey.e.equals(key.e);
    });
  if (!cert) {
    throw new Error("The sealing certificate (PKCS#12) holds no certificate for its private key");
  }
  return { key, cert };
}

// The typings call a name attribute's string type an ASN.1 class; it is the universal tag number.
const UTF8_STRING = forge.asn1.Type.UTF8 as number as forge.asn1.Class;
const BMP_STRING = forge.asn1.Type.BMPSTRING as number as forge.asn1.Class;
const UNIVERSAL_STRING = 28 as forge.asn1.Class;

/** UniversalString: UCS-4, big-endian. */
function toUniversalString(text: string): string {
  const bytes = Buffer.alloc(4 * [...text].length);
  [...text].forEach((character, index) => {
    bytes.writeUInt32BE(character.codePointAt(0) ?? 0, 4 * index);
  });
  return bytes.toString("binary");
}

function fromUniversalString(raw: string): string {
  const bytes = Buffer.from(raw, "binary");
  let text = "";
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4)
    text += String.fromCodePoint(bytes.readUInt32BE(offset));
  return text;
}

/** node-forge hands name values over as the bytes of their encoding. */
function attributeText(attribute: forge.pki.CertificateField): string {
  const raw = String(attribute.value);
  if (attribute.valueTagClass === UTF8_STRING) return forge.util.decodeUtf8(raw);
  if (attribute.valueTagClass === BMP_STRING) return Buffer.from(raw, "binary").swap16().toString("utf16le");
  if (attribute.valueTagClass === UNIVERSAL_STRING) return fromUniversalString(raw);
  return raw;
}

/** "C=US, O=Acme, CN=Acme Seal": the attributes in the certificate's order, as OpenSSL prints them. */
function distinguishedName(attributes: forge.pki.CertificateField[]): string {
  return attributes
    .map(
      (attribute) => `${attribute.shortName ?? attribute.name ?? attribute.type}=${attributeText(attribute)}`,
    )
    .join(", ");
}

/**
 * node-forge writes the signer's issuer name into the CMS by encoding its UTF8String values again, so a non-ASCII
 * one comes out double-encoded, names no certificate, and the seal never verifies.
 */
function hasIssuerForgeMisencodes(cert: forge.pki.Certificate): boolean {
  return cert.issuer.attributes.some(
    (attribute) =>
      attribute.valueTagClass === UTF8_STRING &&
      Buffer.from(String(attribute.value), "binary").some((byte) => byte > 0x7f),
  );
}

function isSelfSigned(cert: forge.pki.Certificate): boolean {
  if (!cert.isIssuer(cert)) return false;
  try {
    return cert.verify(cert);
  } catch {
    return false;
  }
}

/** Reads a PKCS#12 (checks it opens with the passphrase and holds a key + certificate; a clear Error otherwise). */
export function openSealingIdentity(p12: Buffer, passphrase: string): SealingIdentity {
  const { cert } = readP12(p12, passphrase);
  if (hasIssuerForgeMisencodes(cert)) {
    throw new Error(
      "The sealing certificate's issuer name has non-ASCII characters in a UTF8String, which the signing library (node-forge) writes wrongly into the signature, so seals would not verify: use a certificate whose issuer name is ASCII",
    );
  }
  return {
    p12,
    passphrase,
    subject: distinguishedName(cert.subject.attributes),
    selfSigned: isSelfSigned(cert),
    notAfter: cert.validity.notAfter,
  };
}

/** The development file needs a passphrase for its key to be stored encrypted; the file's mode is what protects it. */
const DEVELOPMENT_PASSPHRASE = "portcullis-development-seal";

function createDevelopmentP12(providerName: string): Buffer {
  const { privateKey: pem } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  // A positive serial with no leading zero byte (DER), 127 random bits.
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  cert.serialNumber = serial.toString("hex");
  // A day back, so a signing time from earlier today (or a clock a little behind) is inside the validity.
  const notBefore = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + 5);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const commonName = `${providerName} (development seal)`;
  // A name beyond ASCII goes in a UniversalString, which node-forge copies as it is (a UTF8String would be
  // mangled, see hasIssuerForgeMisencodes; poppler shows a BMPString's zero bytes).
  const name = [
    /^[\x20-\x7e]*$/.test(commonName)
      ? { name: "commonName", value: commonName, valueTagClass: UTF8_STRING }
      : { name: "commonName", value: toUniversalString(commonName), valueTagClass: UNIVERSAL_STRING },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(key, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], DEVELOPMENT_PASSPHRASE, {
    algorithm: "aes256",
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

/**
 * The embedded default: a self-signed RSA-2048 certificate ("<providerName> (development seal)", 5 years, key usage
 * digitalSignature + nonRepudiation) kept in `file`, created on first use with mode 0600 and reused afterwards (a
 * later change of the provider's name does not renew it: delete the file for that).
 */
export async function developmentSealingIdentity(
  file: string,
  providerName: string,
): Promise<SealingIdentity> {
  const existing = await fs.readFile(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing) return openDevelopmentFile(file, existing);

  await fs.mkdir(path.dirname(file), { recursive: true });
  const p12 = createDevelopmentP12(providerName);
  // Written aside, then linked into place: two processes starting together both end up with the first one's
  // certificate, and nobody ever reads a half-written file.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await fs.writeFile(temporary, p12, { mode: 0o600, flag: "wx" });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return openDevelopmentFile(file, await fs.readFile(file));
}

function openDevelopmentFile(file: string, p12: Buffer): SealingIdentity {
  try {
    return openSealingIdentity(p12, DEVELOPMENT_PASSPHRASE);
  } catch (error) {
    throw new Error(
      `${file} is not a development sealing certificate (${(error as Error).message}); delete it to create a new one`,
    );
  }
}

/**
 * Appends a CMS (adbe.pkcs7.detached) signature over the whole document and returns the sealed bytes. The input must
 * have a classic cross-reference table (pdfkit's output) and no signature yet.
 */
export async function sealPdf(pdf: Buffer, identity: SealingIdentity, info: SealInfo): Promise<Buffer> {
  if (pdf.lastIndexOf("/ByteRange") !== -1)
    throw new Error("The PDF is already signed: it is sealed only once");
  // The placeholder library reads the last cross-reference section as a table; say so plainly for a stream.
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(
    pdf.toString("latin1", Math.max(0, pdf.length - 64)),
  );
  const xrefAt = Number(startxref?.[1] ?? -1);
  if (xrefAt < 0 || pdf.toString("latin1", xrefAt, xrefAt + 4) !== "xref") {
    throw new Error(
      "Only a PDF whose last cross-reference section is a classic table (pdfkit's output) can be sealed",
    );
  }
  const text = new TextFields();
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: text.standIn(info.reason),
    name: text.standIn(info.name),
    // The library writes every field; an absent one would otherwise read "undefined".
    location: text.standIn(info.location ?? ""),
    contactInfo: text.standIn(info.contactInfo ?? ""),
    signingTime: info.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: "adbe.pkcs7.detached",
  });
  const signer = new P12Signer(identity.p12, { passphrase: identity.passphrase });
  return new SignPdf().sign(pointStartxrefAtXref(text.writeInto(withPlaceholder)), signer, info.signingTime);
}

/**
 * The placeholder library writes a text string beyond ASCII as UTF-16 whose bytes it then encodes as UTF-8, which
 * no reader can decode. Such a field goes in as an ASCII stand-in exactly as long as its correct form (a UTF-16BE
 * hex string with a byte-order mark) and is swapped for it afterwards: same length, so every offset stays right.
 */
class TextFields {
  private readonly swaps: { standIn: string; hex: string }[] = [];

  standIn(text: string): string {
    if ([...text].every((character) => character.charCodeAt(0) < 0x80)) return text;
    const hex = `<${Buffer.from(`\ufeff${text}`, "utf16le").swap16().toString("hex")}>`;
    // Random, so it cannot already be in the file (checked all the same); cut or padded to the exact length.
    const token = randomBytes(8)
      .toString("hex")
      .slice(0, hex.length - 2)
      .padEnd(hex.length - 2, "~");
    this.swaps.push({ standIn: `(${token})`, hex });
    return token;
  }

  writeInto(pdf: Buffer): Buffer {
    for (const { standIn, hex } of this.swaps) {
      const at = pdf.indexOf(standIn, 0, "latin1");
      if (at === -1 || pdf.indexOf(standIn, at + 1, "latin1") !== -1) {
        throw new Error("The signature dictionary was not written as expected");
      }
      pdf.write(hex, at, "latin1");
    }
    return pdf;
  }
}

/**
 * The placeholder library's closing `startxref` counts the newline before its `xref` keyword. Readers look around
 * and cope; qpdf warns. Corrected before signing, while these bytes are still free to change.
 */
function pointStartxrefAtXref(pdf: Buffer): Buffer {
  const tailStart = Math.max(0, pdf.length - 64);
  const match = /startxref\n(\d+)\n%%EOF$/.exec(pdf.toString("latin1", tailStart));
  if (!match) return pdf;
  const offset = Number(match[1]);
  if (pdf.toString("latin1", offset, offset + 5) !== "\nxref") return pdf;
  return Buffer.concat([
    pdf.subarray(0, tailStart + match.index),
    Buffer.from(`startxref\n${offset + 1}\n%%EOF`),
  ]);
}
