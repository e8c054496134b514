import { parseArgs } from "node:util";
import pino from "pino";
import { type AccessLinkRole, accessLinkRoles, EMAIL_PATTERN } from "../contracts/access-links";
import { describeVerification, verifyAuditTrail } from "./audit/verify";
import { exitOnStartupError, openMigratedDatabase, readConfig, StartupError } from "./boot";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import { createScopedRunner, withScope } from "./db/scope";
import { isDatabaseEmpty, seedDemo } from "./db/seed/demo";
import { AppError } from "./errors";
import { JobQueue } from "./jobs/queue";
import { issueLinkForOperator } from "./modules/access-links/access-links.service";
import { createReportGeneration } from "./modules/reports/report-generation";

const usage = `Usage: portcullis <command> [options]

Commands:
  audit verify                    check the audit trail's seals and rows; names the first broken one (exit 1)
  issue-link --workspace <id> --email <address> [--role customer_viewer|customer_approver] [--hours <n>]
                                  print a one-time access link to a workspace (no email is sent)
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

  async "issue-link"(config, database, args) {
    const { values } = parseArgs({
      args,
      options: {
        workspace: { type: "string" },
        email: { type: "string" },
        role: { type: "string", default: "customer_viewer" },
        hours: { type: "string" },
      },
    });
    const { workspace, email, role } = values;
    if (!workspace || !email)
      throw new StartupError("issue-link needs --workspace <id> and --email <address>");
    if (!new RegExp(EMAIL_PATTERN).test(email)) throw new StartupError(`not an email address: ${email}`);
    if (!(accessLinkRoles as readonly string[]).includes(role)) {
      throw new StartupError(`--role must be one of ${accessLinkRoles.join(", ")}`);
    }
    const hours = values.hours === undefined ? undefined : Number(values.hours);
    if (hours !== undefined && (!Number.isInteger(hours) || hours < 1)) {
      throw new StartupError("--hours must be a whole number of hours");
    }
    try {
      const link = await issueLinkForOperator(
        { config, runScoped: createScopedRunner(database, config.appRole) },
        { workspaceId: workspace, email, role: role as AccessLinkRole, ...(hours ? { hours } : {}) },
      );
      console.log(`Access link for ${email} (works once, until ${link.expiresAt.toISOString()}):`);
      console.log(link.url);
    } catch (error) {
      if (error instanceof AppError) throw new StartupError(error.message);
      throw error;
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
