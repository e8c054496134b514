import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { type Config, redactUrl } from "../config";
import type { DB } from "./types";

// Parse once, here, for every connection: counts (int8) as numbers, numeric as numbers, dates as 'YYYY-MM-DD'.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A pool and Kysely over it. */
export interface Connection {
  db: Kysely<DB>;
  pool: pg.Pool;
}

/**
 * The server's two ways into the database.
 * - `pool`/`db`: where requests, jobs' data access and the rate limiter run. On PostgreSQL it logs in as a role
 *   that is only a member of the application role (no ownership, no BYPASSRLS), so even SQL that escapes a
 *   scoped transaction cannot read past row-level security or become the owner.
 * - `owner`: the schema owner, for migrations and the job queue's own schema.
 * The embedded PGlite engine has a single connection (a superuser): both are the same, and every scoped
 * transaction switches to the application role.
 */
export interface Database extends Connection {
  kind: "pglite" | "postgres";
  owner: Connection;
  /**
   * A small pool of the request login role for the audit trail's group commits: answers wait for them, so they
   * must never queue behind the request transactions in `pool` (PGlite: the same single connection).
   */
  audit: Connection;
  /** PostgreSQL: how to open a dedicated connection of the request login role (LISTEN needs one of its own). */
  clientConfig?: pg.ClientConfig;
  /** The embedded engine, for what only it can do (LISTEN, clone). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/** Raised when the database cannot be opened; its message is one line meant for the operator. */
export class DatabaseOpenError extends Error {
  override name = "DatabaseOpenError";
}

const LOCK_FILE = "portcullis.lock";

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is a single-process engine: two processes on one folder silently lose writes. The lock file holds the
 * owner's PID; a lock whose process is gone is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(owner) && isProcessAlive(owner)) {
        throw new DatabaseOpenError(
          `The data folder ${dataDir} is in use by another Portcullis process (pid ${owner}); stop it first, or set DATABASE_URL to share a PostgreSQL server between processes.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseOpenError(
    `Could not lock the data folder ${dataDir}; remove ${lockPath} if no process uses it.`,
  );
}

function createKysely(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** Wraps an open PGlite engine in the same pg.Pool interface the PostgreSQL path uses (one code path). */
export function fromPGlite(pglite: PGlite, onClose: () => Promise<void> = async () => {}): Database {
  // One connection: PGlite has a single session, and every user (app, jobs, rate limiter) must queue on it.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 } as unknown as pg.PoolConfig);
  const db = createKysely(pool);
  return {
    db,
    pool,
    owner: { db, pool },
    audit: { db, pool },
    kind: "pglite",
    pglite,
    async close() {
      await db.destroy();
      await onClose();
    },
  };
}

export async function openDatabase(config: Config["database"]): Promise<Database> {
  if (config.kind === "pglite") {
    const release = acquireDataDirLock(config.dataDir);
    try {
      const pglite = await PGlite.create(path.join(config.dataDir, "pgdata"));
      return fromPGlite(pglite, async () => {
        await pglite.close();
        release();
      });
    } catch (error) {
      release();
      throw error;
    }
  }

  const pool = await openPool(config.url, config.poolSize, "DATABASE_URL");
  const db = createKysely(pool);
  let owner: Connection = { pool, db };
  if (config.ownerUrl !== config.url) {
    const ownerPool = await openPool(config.ownerUrl, OWNER_POOL_SIZE, "DATABASE_OWNER_URL").catch(
      async (error) => {
        await pool.end();
        throw error;
      },
    );
    owner = { pool: ownerPool, db: createKysely(ownerPool) };
  }
  const auditPool = await openPool(config.url, AUDIT_POOL_SIZE, "DATABASE_URL").catch(async (error) => {
    await pool.end();
    if (owner.pool !== pool) await owner.pool.end();
    throw error;
  });
  return {
    db,
    pool,
    owner,
    audit: { pool: auditPool, db: createKysely(auditPool) },
    kind: "postgres",
    clientConfig: { connectionString: config.url, ...POOL_TIMEOUTS },
    async close() {
      await db.destroy();
      if (owner.pool !== pool) await owner.db.destroy();
      await auditPool.end();
    },
  };
}

/** The owner's connections serve migrations and the job queue only. */
const OWNER_POOL_SIZE = 4;
/** Group commits of audit rows run one at a time (the next batch gathers meanwhile). */
const AUDIT_POOL_SIZE = 1;

/**
 * How the PostgreSQL pools bound waiting, so that no request waits on the database forever:
 * - `connectionTimeoutMillis`: a request waits at most this long for a connection, whether a new one (the server
 *   is down or unreachable) or a pooled one (every connection busy), then fails and is answered 503. A request
 *   takes one connection for its whole unit of work, so 3 s keeps the worst case well under a client's patience
 *   (10–30 s for browsers and load balancers) while riding out a burst that briefly uses the whole pool.
 * - `keepAlive`: TCP keepalive on every connection, first probe after 10 s idle, so a connection whose server
 *   vanished without closing it (network partition, host lost) is eventually found dead by the kernel's probes and
 *   discarded, instead of staying in the pool for ever.
 * - A statement's own run time is bounded on the server (`statement_timeout`, set per scoped transaction), which
 *   cancels it and leaves the connection usable. There is deliberately no client-side `query_timeout`: `pg` then
 *   abandons the query without cancelling it or closing the connection, so the still-busy connection goes back to
 *   the pool and the next request queues behind it; and it would also cut short migrations and job maintenance,
 *   which may legitimately run long.
 */
export const POOL_TIMEOUTS = {
  connectionTimeoutMillis: 3_000,
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} as const satisfies pg.PoolConfig;

async function openPool(url: string, max: number, variable: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max, ...POOL_TIMEOUTS });
  // An idle client's error (server restart) must not crash the process; the pool replaces the client.
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    // A client that is checked out between two queries (or whose query has already failed) when the server ends
    // its session has nobody listening for the socket's error: without this listener that error would be
    // unhandled and take the process down. The client marks itself unusable, so the pool discards it on release
    // instead of handing it out again; the query in flight, if any, fails on its own.
    client.on("error", () => {});
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new DatabaseOpenError(
      `Cannot connect to the database at ${variable} (${redactUrl(url)}): ${(error as Error).message}`,
    );
  }
  return pool;
}
