import {
  type Compilable,
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type RawBuilder,
} from "kysely";
import type pg from "pg";
import type { DB } from "./types";

/**
 * Kysely bound to one pooled connection. Kysely's own pg driver cannot do the three things the request pipeline
 * needs, so this thin connection does them:
 * - run a named (prepared) statement, parsed and planned once per connection instead of on every request;
 * - return the last result of a multi-statement text (`begin; select set_config(…)` is one round trip);
 * - tell the pool to discard the connection when a transaction could not be ended cleanly.
 */
class PooledConnection implements DatabaseConnection {
  readonly db: Kysely<DB>;

  constructor(readonly client: pg.PoolClient) {
    this.db = new Kysely<DB>({ dialect: singleConnectionDialect(this) });
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const name = statementNames.get(query);
    const values = [...query.parameters];
    const result = await (name
      ? this.client.query({ name, text: query.sql, values })
      : this.client.query(query.sql, values));
    const last = (Array.isArray(result) ? result[result.length - 1] : result) as pg.QueryResult;
    const { command, rowCount, rows } = last;
    const changes = ["INSERT", "UPDATE", "DELETE", "MERGE"].includes(command);
    return {
      rows: (rows ?? []) as R[],
      ...(changes ? { numAffectedRows: BigInt(rowCount ?? 0) } : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported on request connections
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("streaming queries are not supported inside a unit of work");
  }
}

/** A dialect whose every query runs on one already-acquired connection (acquiring and releasing are no-ops). */
function singleConnectionDialect(connection: DatabaseConnection): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createDriver: () => ({
      async init() {},
      async acquireConnection() {
        return connection;
      },
      async beginTransaction() {
        throw new Error("a unit of work is already a transaction");
      },
      async commitTransaction() {},
      async rollbackTransaction() {},
      async releaseConnection() {},
      async destroy() {},
    }),
  };
}

/** One wrapper (and one bound Kysely) per physical connection, kept as long as the pool keeps the client. */
const connections = new WeakMap<pg.PoolClient, PooledConnection>();

function connectionFor(client: pg.PoolClient): PooledConnection {
  let connection = connections.get(client);
  if (!connection) {
    connection = new PooledConnection(client);
    connections.set(client, connection);
  }
  return connection;
}

/** Compiled queries that run as named statements (set by `preparedQuery`). */
const statementNames = new WeakMap<CompiledQuery, string>();

/** Builds queries for compilation only (never executes). */
const compiler = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

type Slot = { param: number } | { value: unknown };

/**
 * A fixed query of the hot path, compiled by Kysely once at start-up and run as a named prepared statement: no
 * per-request compilation, and PostgreSQL parses and plans it once per connection. `build` receives placeholders
 * for the `arity` parameters (use them only as values, never to shape the query).
 */
export function preparedQuery<Row, Params extends unknown[]>(
  name: string,
  arity: Params["length"],
  build: (db: Kysely<DB>, ...params: Params) => Compilable<Row> | RawBuilder<Row>,
): (trx: Kysely<DB>, ...params: Params) => Promise<Row[]> {
  const placeholders = Array.from({ length: arity }, (_, index) => `\u0000parameter ${index}\u0000`);
  const query = build(compiler, ...(placeholders as Params));
  const compiled = "isRawBuilder" in query ? query.compile(compiler) : query.compile();
  const slots: Slot[] = compiled.parameters.map((value) => {
    const index = placeholders.indexOf(value as string);
    return index >= 0 ? { param: index } : { value };
  });
  for (let index = 0; index < arity; index++) {
    if (!slots.some((slot) => "param" in slot && slot.param === index)) {
      throw new Error(`preparedQuery ${name}: parameter ${index} is not used as a value`);
    }
  }
  return async (trx, ...params) => {
    const query = CompiledQuery.raw(
      compiled.sql,
      slots.map((slot) => ("param" in slot ? params[slot.param] : slot.value)),
    );
    statementNames.set(query, name);
    const result = await trx.executeQuery<Row>(query);
    return result.rows;
  };
}

/**
 * After a failed begin, commit or rollback the connection may be inside a broken transaction: it goes back to
 * the pool only once a rollback succeeded, and is destroyed otherwise. (Destroying alone is not enough: the
 * embedded PGlite engine has a single session, which a new client would inherit as it is.)
 */
async function releaseAfterFailure(client: pg.PoolClient, error: unknown): Promise<void> {
  try {
    await client.query("rollback");
  } catch {
    client.release(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  client.release();
}

/**
 * One transaction on one pooled connection, opened with `begin(…; first statement)` in a single round trip and
 * ended exactly once. Whatever happens, the connection goes back to the pool clean or is discarded, never lent
 * out again in a broken transaction.
 */
export class Transaction {
  private finished = false;

  private constructor(private readonly connection: PooledConnection) {}

  /** Acquires a connection and sends `begin; <opening>` (one round trip). */
  static async begin(pool: pg.Pool, opening: string): Promise<Transaction> {
    const client = await pool.connect();
    const connection = connectionFor(client);
    try {
      await client.query(`begin; ${opening}`);
    } catch (error) {
      await releaseAfterFailure(client, error);
      throw error;
    }
    return new Transaction(connection);
  }

  /** Kysely on this transaction's connection. */
  get db(): Kysely<DB> {
    if (this.finished) throw new Error("the transaction has ended");
    return this.connection.db;
  }

  get isOpen(): boolean {
    return !this.finished;
  }

  async commit(): Promise<void> {
    await this.end("commit");
  }

  /** Never throws: a connection that cannot roll back is discarded. */
  async rollback(): Promise<void> {
    await this.end("rollback").catch(() => {});
  }

  private async end(command: "commit" | "rollback"): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const { client } = this.connection;
    try {
      await client.query(command);
    } catch (error) {
      await releaseAfterFailure(client, error);
      throw error;
    }
    client.release();
  }
}
