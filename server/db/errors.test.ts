import net from "node:net";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_APP_ROLE } from "../../test/helpers/constants";
import { createTestDatabase, isPostgresRun, type TestDatabase } from "../../test/helpers/database";
import { findFreePort } from "../../test/helpers/process";
import { AppError } from "../errors";
import { type Database, openDatabase } from "./connection";
import { isDatabaseUnavailable } from "./errors";
import { withScope } from "./scope";

/** The rejection of `promise` (every case here must fail). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** One wire-protocol message: type byte, length, body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/** An ErrorResponse as PostgreSQL sends it (severity, SQLSTATE, message). */
function errorResponse(severity: string, code: string, text: string): Buffer {
  const fields = [`S${severity}`, `V${severity}`, `C${code}`, `M${text}`];
  return message("E", Buffer.concat([...fields.map((field) => Buffer.from(`${field}\0`)), Buffer.from([0])]));
}

const authenticationOk = message("R", Buffer.from([0, 0, 0, 0]));
const readyForQuery = message("Z", Buffer.from("I"));

/**
 * A server on a loopback port that speaks just enough of PostgreSQL's protocol to fail the way a real one does
 * when it cannot serve: `onStartup` answers the client's startup message, `onQuery` its first query. The errors
 * the driver raises from these bytes are the driver's own, exactly as it raises them against PostgreSQL.
 */
async function fakeServer(behaviour: {
  onStartup?: (socket: net.Socket) => void;
  onQuery?: (socket: net.Socket) => void;
}): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    let started = false;
    socket.on("data", () => {
      if (!started) {
        started = true;
        behaviour.onStartup?.(socket);
      } else {
        behaviour.onQuery?.(socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("isDatabaseUnavailable: the database cannot serve now", () => {
  it("a refused connection (nothing listens on the port)", async () => {
    const port = await findFreePort();
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres" });
    const error = await failure(client.connect());
    expect((error as { code?: string }).code).toBe("ECONNREFUSED");
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("a refused connection to a name with several addresses (Node reports an AggregateError)", async () => {
    const port = await findFreePort();
    const client = new pg.Client({ host: "localhost", port, user: "postgres" });
    expect(isDatabaseUnavailable(await failure(client.connect()))).toBe(true);
  });

  it("the server closes the connection before answering", async () => {
    const server = await fakeServer({ onStartup: (socket) => socket.destroy() });
    try {
      const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: "postgres" });
      const error = await failure(client.connect());
      expect((error as Error).message).toMatch(/^Connection terminated/);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it.each([
    ["57P03", "the database system is starting up"],
    ["57P03", "the database system is shutting down"],
    ["53300", "sorry, too many clients already"],
    ["08004", "the server rejected the connection"],
  ])("the server refuses the connection: %s %s", async (code, text) => {
    const server = await fakeServer({
      onStartup: (socket) => socket.end(errorResponse("FATAL", code, text)),
    });
    try {
      const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: "postgres" });
      const error = await failure(client.connect());
      expect(error).toBeInstanceOf(pg.DatabaseError);
      expect((error as pg.DatabaseError).code).toBe(code);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("the server ends the session mid-query (restart, fast shutdown), and the client is unusable after", async () => {
    const server = await fakeServer({
      onStartup: (socket) => socket.write(Buffer.concat([authenticationOk, readyForQuery])),
      onQuery: (socket) =>
        socket.end(errorResponse("FATAL", "57P01", "terminating connection due to administrator command")),
    });
    try {
      const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: "postgres" });
      client.on("error", () => {});
      await client.connect();
      const error = await failure(client.query("select 1"));
      expect((error as pg.DatabaseError).code).toBe("57P01");
      expect(isDatabaseUnavailable(error)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const after = await failure(client.query("select 1"));
      expect((after as Error).message).toMatch(/not queryable/);
      expect(isDatabaseUnavailable(after)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("the socket drops mid-query without a word (crash, immediate shutdown)", async () => {
    const server = await fakeServer({
      onStartup: (socket) => socket.write(Buffer.concat([authenticationOk, readyForQuery])),
      onQuery: (socket) => socket.destroy(),
    });
    try {
      const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: "postgres" });
      client.on("error", () => {});
      await client.connect();
      const error = await failure(client.query("select 1"));
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("no connection in time: a server that never answers, then a full pool", async () => {
    const server = await fakeServer({});
    const pool = new pg.Pool({
      host: "127.0.0.1",
      port: server.port,
      user: "postgres",
      max: 1,
      connectionTimeoutMillis: 200,
    });
    pool.on("error", () => {});
    try {
      const [connecting, waiting] = await Promise.all([failure(pool.connect()), failure(pool.connect())]);
      expect((connecting as Error).message).toBe("Connection terminated due to connection timeout");
      expect((waiting as Error).message).toBe("timeout exceeded when trying to connect");
      expect(isDatabaseUnavailable(connecting)).toBe(true);
      expect(isDatabaseUnavailable(waiting)).toBe(true);

      const client = new pg.Client({
        host: "127.0.0.1",
        port: server.port,
        user: "postgres",
        connectionTimeoutMillis: 200,
      });
      expect(isDatabaseUnavailable(await failure(client.connect()))).toBe(true);
    } finally {
      await pool.end();
      await server.close();
    }
  });

  it("the pool of a shutting-down process", async () => {
    const pool = new pg.Pool({ host: "127.0.0.1", port: await findFreePort() });
    await pool.end();
    expect(isDatabaseUnavailable(await failure(pool.query("select 1")))).toBe(true);
  });
});

describe("isDatabaseUnavailable: everything else is not", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it.each([
    ["a syntax error", "selec 1"],
    ["a missing table", "select * from no_such_table"],
    ["a unique violation", "insert into tenants (id, slug, name) select id, slug, name from tenants limit 1"],
    ["a check violation", "update reports set status = 'completed', pdf = null"],
    ["a division by zero", "select 1 / 0"],
  ])("%s", async (_name, statement) => {
    const error = await failure(
      withScope(database, TEST_APP_ROLE, { kind: "system" }, (trx) => sql.raw(statement).execute(trx)),
    );
    expect((error as { code?: string }).code).toMatch(/^(42|23|22)/);
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("a protocol violation (class 08, but a bug: retrying repeats it)", async () => {
    const server = await fakeServer({
      onStartup: (socket) => socket.end(errorResponse("FATAL", "08P01", "invalid startup packet layout")),
    });
    try {
      const client = new pg.Client({ host: "127.0.0.1", port: server.port, user: "postgres" });
      expect(isDatabaseUnavailable(await failure(client.connect()))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("the app's own errors and non-errors", () => {
    expect(isDatabaseUnavailable(new AppError("not_found", "Report not found"))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable("ECONNREFUSED")).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

/*
 * On a real PostgreSQL (`npm run test:pg`): sessions ended by the server itself, through the app's own pool.
 * Only this file's connections are terminated, on its own database.
 */
describe.skipIf(!isPostgresRun)("a real server ending sessions", () => {
  let database: TestDatabase;
  let admin: pg.Client;
  let app: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    admin = new pg.Client({ connectionString: database.ownerUrl });
    await admin.connect();
    // One connection: whatever the pool hands out next is the one that was (or replaced the one that was) broken.
    app = await openDatabase({
      kind: "postgres",
      url: database.url!,
      ownerUrl: database.ownerUrl!,
      poolSize: 1,
    });
  });
  afterAll(async () => {
    await app?.close();
    await admin?.end();
    await database?.close();
  });

  const backendPid = async (trx: Database["db"]) =>
    (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid;

  it("57P01 for the running statement when its session is terminated", async () => {
    const error = await failure(
      withScope(app, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
        const pid = await backendPid(trx);
        // Caught at once: the statement may fail before the terminating call returns.
        const sleeping = failure(sql`select pg_sleep(10)`.execute(trx));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await admin.query("select pg_terminate_backend($1)", [pid]);
        throw await sleeping;
      }),
    );
    expect((error as pg.DatabaseError).code).toBe("57P01");
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it("a connection broken between two statements of a transaction: no crash, and never handed out again", async () => {
    let brokenPid = 0;
    const error = await failure(
      withScope(app, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
        brokenPid = await backendPid(trx);
        await admin.query("select pg_terminate_backend($1)", [brokenPid]);
        // The server's message arrives while no statement runs: nobody but the pool's listener hears it.
        await new Promise((resolve) => setTimeout(resolve, 200));
        return sql`select 1`.execute(trx);
      }),
    );
    expect(isDatabaseUnavailable(error)).toBe(true);
    const next = await withScope(app, TEST_APP_ROLE, { kind: "system" }, backendPid);
    expect(next).not.toBe(brokenPid);
  });

  it("57014 when the statement timeout stops a statement (the server is too busy or a lock is held)", async () => {
    const error = await failure(
      withScope(app, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
        await sql`select set_config('statement_timeout', '50ms', true)`.execute(trx);
        return sql`select pg_sleep(2)`.execute(trx);
      }),
    );
    expect((error as pg.DatabaseError).code).toBe("57014");
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
});
