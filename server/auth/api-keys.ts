import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { RunScoped, ScopedTransaction } from "../db/scope";

/**
 * Ingestion API keys: `pcik_` + 32 random bytes (base64url). The prefix makes a leaked key recognisable (secret
 * scanners, logs); only the key's SHA-256 is stored, with its first characters to tell keys apart in the console.
 */
const KEY_PREFIX = "pcik_";
const KEY_PATTERN = /^pcik_[A-Za-z0-9_-]{43}$/;
/** How much of the key the console shows: the prefix and six characters. */
const SHOWN_LENGTH = KEY_PREFIX.length + 6;

export function newApiKey(): { key: string; shown: string; hash: Buffer } {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { key, shown: key.slice(0, SHOWN_LENGTH), hash: apiKeyHash(key) };
}

export function apiKeyHash(key: string): Buffer {
  return createHash("sha256").update(key).digest();
}

/** The key of an `Authorization: Bearer <key>` header, or null when the header carries no well-formed key. */
export function bearerKeyOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const key = match?.[1];
  return key && KEY_PATTERN.test(key) ? key : null;
}

export interface ActiveApiKey {
  id: string;
  name: string;
  prefix: string;
  tenantIds: string[];
}

/** Who is calling an ingestion route, and the request's unit of work (narrowed to one tenant to write). */
export interface ApiKeyCaller {
  key: ActiveApiKey;
  scoped: RunScoped;
}

/** A key that is not revoked, by its hash; its last use is recorded (at most once a minute). */
export async function findActiveApiKey(trx: ScopedTransaction, key: string): Promise<ActiveApiKey | null> {
  const row = await trx
    .selectFrom("api_keys")
    .select(["id", "name", "key_prefix", "tenant_ids", "last_used_at"])
    .where("key_hash", "=", apiKeyHash(key))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    await trx
      .updateTable("api_keys")
      .set({ last_used_at: sql<Date>`now()` })
      .where("id", "=", row.id)
      .execute();
  }
  return { id: row.id, name: row.name, prefix: row.key_prefix, tenantIds: row.tenant_ids };
}
