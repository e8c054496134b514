import { type Config, ConfigError, loadConfig } from "./config";
import { type Database, DatabaseOpenError, openDatabase } from "./db/connection";
import { migrateToLatest } from "./db/migrations";
import { isDatabaseEmpty, seedDemo } from "./db/seed/demo";

/** A start-up failure whose message is one line for the operator (no stack trace). */
export class StartupError extends Error {
  override name = "StartupError";
}

export function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new StartupError(error.message);
    throw error;
  }
}

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(config: Config): Promise<Database> {
  let database: Database;
  try {
    database = await openDatabase(config.database);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new StartupError(error.message);
    throw error;
  }
  try {
    await migrateToLatest(database.owner.db, { appRole: config.appRole });
  } catch (error) {
    await database.close();
    throw new StartupError(`Database migration failed: ${(error as Error).message}`);
  }
  return database;
}

/** SEED_DEMO=auto seeds an empty embedded database only; `always` seeds any empty database. */
export async function seedDemoIfWanted(config: Config, database: Database): Promise<boolean> {
  const wanted = config.seedDemo === "always" || (config.seedDemo === "auto" && config.isEmbedded);
  if (!wanted || !(await isDatabaseEmpty(database, config.appRole))) return false;
  await seedDemo(database, config.appRole);
  return true;
}

/** Prints a start-up failure as one line and exits non-zero. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof StartupError) {
    console.error(`portcullis: ${error.message}`);
  } else {
    console.error("portcullis: unexpected error during start-up");
    console.error(error);
  }
  process.exit(1);
}
