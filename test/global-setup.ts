import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { fromPGlite, openDatabase } from "../server/db/connection";
import { migrateToLatest } from "../server/db/migrations";
import { seedDemo } from "../server/db/seed/demo";
import { TEST_APP_ROLE } from "./helpers/constants";
import { ensureLoginRole } from "./helpers/roles";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: path of a tar dump of a migrated, seeded database. PostgreSQL: name of the template database. */
    templatePath: string;
    templateDatabase: string;
    webDistDir: string;
  }
}

async function buildWebIfMissing(): Promise<string> {
  const distDir = path.resolve("dist/web");
  // Both pages: a build from before the sign-in page existed has only index.html.
  if (!["index.html", "sign-in.html"].every((page) => fs.existsSync(path.join(distDir, page)))) {
    const { build } = await import("vite");
    await build({ configFile: path.resolve("vite.config.ts"), logLevel: "warn" });
  }
  return distDir;
}

/**
 * Migrates and seeds ONE database per run; each test file then starts from a copy of it
 * (a PGlite dump, or `CREATE DATABASE … TEMPLATE` on PostgreSQL).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide("webDistDir", await buildWebIfMissing());
  const adminUrl = process.env.TEST_PG_ADMIN_URL;

  if (!adminUrl) {
    const pglite = await PGlite.create();
    const database = fromPGlite(pglite, () => pglite.close());
    await migrateToLatest(database.owner.db, { appRole: TEST_APP_ROLE });
    await seedDemo(database, TEST_APP_ROLE);
    const dump = await pglite.dumpDataDir("none");
    await database.close();
    const templatePath = path.join(os.tmpdir(), `portcullis-template-${randomBytes(6).toString("hex")}.tar`);
    fs.writeFileSync(templatePath, Buffer.from(await dump.arrayBuffer()));
    project.provide("templatePath", templatePath);
    project.provide("templateDatabase", "");
    return async () => fs.rmSync(templatePath, { force: true });
  }

  const templateName = `portcullis_tpl_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${templateName}`;
  const database = await openDatabase({
    kind: "postgres",
    url: url.toString(),
    ownerUrl: url.toString(),
    poolSize: 2,
  });
  await migrateToLatest(database.owner.db, { appRole: TEST_APP_ROLE });
  await seedDemo(database, TEST_APP_ROLE);
  await database.close();
  await ensureLoginRole(admin);
  project.provide("templatePath", "");
  project.provide("templateDatabase", templateName);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
    await admin.end();
  };
}
