import { parseArgs } from "node:util";
import pino from "pino";
import { describeVerification, verifyAuditTrail } from "./audit/verify";
import { exitOnStartupError, openMigratedDatabase, readConfig, StartupError } from "./boot";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import { createScopedRunner, withScope } from "./db/scope";
import { isDatabaseEmpty, seedDemo } from "./db/seed/demo";
import { JobQueue } from "./jobs/queue";
import { createReportGeneration } from "./modules/reports/report-generation";

const usage = `Usage: portcullis <command> [options]

Commands:
  audit verify                    check the audit trail's seals and rows; names the first broken one (exit 1)
  migrate                         apply pending database migrations
  seed-demo [--force]             load the demo data (refuses a non-empty database unless --force)
  tenant list                     list tenants
  reports schedule-monthly        create last month's executive report for every SOC workspace now, and queue them
  workspace list --tenant <slug>  list a tenant's workspaces

Configuration comes from the same environment variables as the server (see README.md).
With the embedded database the CLI and a running server cannot share the data folder.`;

type Command = (config: Config, database: Database, args: string[]) => Promise<void>;

const commands: Record<string, Command> = {
  async "audit verify"(config, database) {
    const verification = await withScope(database, config.appRole, { kind: "system" }, verifyAuditTrail);
    console.log(describeVerification(verification));
    if (verification.headHash) console.log(`newest seal: ${verification.headHash}`);
    if (!verification.intact) process.exitCode = 1;
  },

  async "reports schedule-monthly"(config, database) {
    // This process only enqueues; the server's workers (any instance) render the reports.
    const log = pino({ level: config.logLevel });
    const jobs = new JobQueue(database, { ...config, jobs: { ...config.jobs, enabled: false } }, log);
    const generation = createReportGeneration({
      config,
      runScoped: createScopedRunner(database, config.appRole),
      jobs,
      log,
    });
    await jobs.start();
    try {
      console.log(`${await generation.scheduleMonthly()} executive reports queued`);
    } finally {
      await jobs.stop();
    }
  },

  async migrate() {
    console.log("migrations are up to date");
  },

  async "seed-demo"(config, database, args) {
    const { values } = parseArgs({ args, options: { force: { type: "boolean" } } });
    if (!values.force && !(await isDatabaseEmpty(database, config.appRole))) {
      throw new StartupError("the database already holds tenants; pass --force to add the demo data anyway");
    }
    const summary = await seedDemo(database, config.appRole);
    console.log(JSON.stringify(summary, null, 2));
  },

  async "tenant list"(config, database) {
    const tenants = await withScope(database, config.appRole, { kind: "system" }, (trx) =>
      trx.selectFrom("tenants").select(["id", "slug", "name", "require_mfa"]).orderBy("slug").execute(),
    );
    console.table(tenants);
  },

  async "workspace list"(config, database, args) {
    const { values } = parseArgs({ args, options: { tenant: { type: "string" } } });
    if (!values.tenant) throw new StartupError("workspace list needs --tenant <id|slug>");
    const tenant = values.tenant;
    const workspaces = await withScope(database, config.appRole, { kind: "system" }, (trx) =>
      trx
        .selectFrom("workspaces")
        .innerJoin("tenants", "tenants.id", "workspaces.tenant_id")
        .select(["workspaces.id", "workspaces.name", "workspaces.kind"])
        .where((eb) =>
          eb.or([eb("tenants.slug", "=", tenant), eb(eb.cast("tenants.id", "text"), "=", tenant)]),
        )
        .orderBy("workspaces.name")
        .execute(),
    );
    console.table(workspaces);
  },
};

async function run(argv: string[]): Promise<void> {
  const [first, second, ...rest] = argv;
  const twoWord = `${first} ${second}`;
  const name = first && first in commands ? first : twoWord in commands ? twoWord : undefined;
  if (!name) {
    console.log(usage);
    process.exit(first === undefined || first === "help" || first === "--help" ? 0 : 2);
  }
  const args = name === first ? argv.slice(1) : rest;
  const config = readConfig();
  const database = await openMigratedDatabase(config);
  try {
    await commands[name]!(config, database, args);
  } finally {
    await database.close();
  }
}

run(process.argv.slice(2)).then(() => process.exit(process.exitCode ?? 0), exitOnStartupError);
