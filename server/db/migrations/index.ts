import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import * as m0001 from "./0001_initial";
import * as m0002 from "./0002_scheduled_reports";
import * as m0003 from "./0003_dashboard_indexes";
import * as m0004 from "./0004_change_notifications";
import * as m0005 from "./0005_rate_limits";
import * as m0006 from "./0006_audit_trail";
import * as m0007 from "./0007_access_links";
import * as m0008 from "./0008_engagement_events";
import * as m0009 from "./0009_proposals";
import * as m0010 from "./0010_workspace_archive";

export interface MigrationContext {
  /** The non-owner role that request transactions run as. */
  appRole: string;
}

interface MigrationModule {
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
  down(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
}

/** Migrations in order. Add a file `NNNN_name.ts` and list it here; names sort by their number. */
const migrations: Record<string, MigrationModule> = {
  "0001_initial": m0001,
  "0002_scheduled_reports": m0002,
  "0003_dashboard_indexes": m0003,
  "0004_change_notifications": m0004,
  "0005_rate_limits": m0005,
  "0006_audit_trail": m0006,
  "0007_access_links": m0007,
  "0008_engagement_events": m0008,
  "0009_proposals": m0009,
  "0010_workspace_archive": m0010,
};

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly context: MigrationContext) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, module]) => [
        name,
        {
          up: (db: Kysely<unknown>) => module.up(db, this.context),
          down: (db: Kysely<unknown>) => module.down(db, this.context),
        },
      ]),
    );
  }
}

export function createMigrator<DB>(db: Kysely<DB>, context: MigrationContext): Migrator {
  return new Migrator({ db, provider: new StaticMigrationProvider(context) });
}

/** Runs every pending migration; throws the first failure. Returns the names applied now. */
export async function migrateToLatest<DB>(db: Kysely<DB>, context: MigrationContext): Promise<string[]> {
  const { error, results } = await createMigrator(db, context).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? [])
    .filter((result) => result.status === "Success")
    .map((result) => result.migrationName);
}

/** True when every known migration has been applied. */
export async function isSchemaCurrent<DB>(db: Kysely<DB>, context: MigrationContext): Promise<boolean> {
  const all = await createMigrator(db, context).getMigrations();
  return all.every((migration) => migration.executedAt !== undefined);
}
