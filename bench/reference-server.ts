/**
 * The bare reference the request pipeline is measured against (bench only, never shipped): Fastify, the same
 * session cookie verified with jose (HS256, pinned algorithm, issuer, audience and type), and one row-level-
 * security-scoped one-row select in a transaction — nothing else: no session row, no logging, no security headers.
 *
 * Run as its own process: `tsx bench/reference-server.ts` with DATABASE_URL (or DATA_DIR for the embedded PGlite),
 * SESSION_SECRET, PUBLIC_URL, PORT, DB_APP_ROLE and DB_POOL_SIZE in the environment. Prints "reference ready".
 */
import { webcrypto } from "node:crypto";
import Fastify from "fastify";
import { jwtVerify } from "jose";
import pg from "pg";
import { openDatabase } from "../server/db/connection";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const role = env("DB_APP_ROLE");
const issuer = env("PUBLIC_URL");
// Imported once, as jose uses a WebCrypto key as it is.
const key = await webcrypto.subtle.importKey(
  "raw",
  Buffer.from(env("SESSION_SECRET")),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["verify"],
);
// PGlite is reached through the same pg.Pool interface the portal uses (one connection); PostgreSQL directly.
const pool = process.env.DATA_DIR
  ? (await openDatabase({ kind: "pglite", dataDir: process.env.DATA_DIR })).pool
  : new pg.Pool({ connectionString: env("DATABASE_URL"), max: Number(process.env.DB_POOL_SIZE ?? 10) });
const app = Fastify({ logger: false });

app.get("/reference", async (request, reply) => {
  const cookie = request.headers.cookie ?? "";
  const token = /(?:^|;\s*)portcullis_session=([^;]+)/.exec(cookie)?.[1];
  if (!token) return reply.status(401).send({ error: "unauthenticated" });
  let tenantId: unknown;
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer,
      audience: "portcullis",
      typ: "portcullis-session+jwt",
    });
    tenantId = payload.tenant_id;
  } catch {
    return reply.status(401).send({ error: "unauthenticated" });
  }
  if (typeof tenantId !== "string" || !UUID.test(tenantId)) return reply.status(401).send({ error: "scope" });
  const client = await pool.connect();
  try {
    await client.query(
      `begin; select set_config('role', '${role}', true), set_config('app.tenant_id', '${tenantId}', true), set_config('app.workspace_ids', '*', true)`,
    );
    const { rows } = await client.query("select id, name, slug from tenants where id = $1", [tenantId]);
    await client.query("commit");
    return rows[0];
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
});

await app.listen({ port: Number(env("PORT")), host: "127.0.0.1" });
console.log("reference ready");
