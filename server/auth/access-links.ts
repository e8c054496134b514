import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { AccessLinkRole } from "../../contracts/access-links";
import type { ScopedTransaction } from "../db/scope";

/**
 * The secret of an emailed access link: 32 random bytes (256 bits), base64url. Only its SHA-256 is stored, so a
 * copy of the database opens nothing.
 */
const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkSecret(): { secret: string; hash: Buffer } {
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { secret, hash: hashOf(secret) };
}

function hashOf(secret: string): Buffer {
  return createHash("sha256").update(secret).digest();
}

/**
 * The stored hash a presented string would have, and whether it could be a secret of ours at all. A malformed one
 * is still hashed and looked up, so it costs what an unknown one costs.
 */
export function linkSecretHash(presented: string): { hash: Buffer; wellFormed: boolean } {
  return { hash: hashOf(presented), wellFormed: SECRET_PATTERN.test(presented) };
}

/** The link a client follows: the secret rides in the fragment, which browsers never send to a server. */
export function accessLinkUrl(publicUrl: string, secret: string): string {
  return `${publicUrl}/access#token=${secret}`;
}

/**
 * AES-256-GCM over the secret, bound to the link's id (a payload copied to another row does not open), under a
 * key that is not in the database. Held only until the link's email is sent.
 */
export function sealLinkSecret(key: Buffer, tokenId: string, secret: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(tokenId));
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** The sealed secret, or null when it cannot be opened (the signing secret changed since it was sealed). */
export function openLinkSecret(key: Buffer, tokenId: string, sealed: Buffer): string | null {
  if (sealed.length < 12 + 16 + 1) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12)).setAAD(
      Buffer.from(tokenId),
    );
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([
      decipher.update(sealed.subarray(12, sealed.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}

export interface RedeemedLink {
  id: string;
  tenant_id: string;
  workspace_id: string;
  email: string;
  role: AccessLinkRole;
  /** Set when the link was sent to a proposal's signer. */
  proposal_id: string | null;
}

/**
 * Uses a link: one atomic UPDATE, so of any number of concurrent redemptions exactly one gets the row. A used,
 * revoked or expired link updates nothing. Runs in the system scope (the link names its tenant).
 */
export async function redeemLink(
  trx: ScopedTransaction,
  hash: Buffer,
  ip: string | null,
): Promise<RedeemedLink | undefined> {
  return trx
    .updateTable("client_tokens")
    .set({ used_at: sql<Date>`now()`, used_ip: ip, mail_payload: null })
    .where("token_hash", "=", hash)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(["id", "tenant_id", "workspace_id", "email", "role", "proposal_id"])
    .executeTakeFirst();
}
