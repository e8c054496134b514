import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { type Database, fromPGlite, openDatabase } from "../../server/db/connection";
import { LOGIN_ROLE, urlAs } from "./roles";

export const isPostgresRun = Boolean(process.env.TEST_PG_ADMIN_URL);

export interface TestDatabase extends Database {
  /** Connection URLs (PostgreSQL runs only), e.g. to start a second server process on the same data. */
  url?: string;
  ownerUrl?: string;
}

/**
 * A fresh copy of the run's migrated, seeded template database, for one test file.
 * PGlite: loaded from the template dump. PostgreSQL: a new database with a random name, dropped on close.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) {
    const dump = fs.readFileSync(inject("templatePath"));
    const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
    return fromPGlite(pglite, () => pglite.close());
  }

  const name = `portcullis_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`);
  } finally {
    await admin.end();
  }
  const url = urlAs(adminUrl, LOGIN_ROLE, name);
  const ownerUrl = urlAs(adminUrl, new URL(adminUrl).username || "postgres", name);
  const database = await openDatabase({ kind: "postgres", url, ownerUrl, poolSize: 5 });
  return {
    ...database,
    url,
    ownerUrl,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
