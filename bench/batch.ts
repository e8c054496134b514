import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { NO_BROWSER_SIGN_IN_ENV } from "../test/helpers/process";
import { createBenchDatabase, startBenchServer, writeResults } from "./lib";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 2000);

/** 2,000 tenants with a month of SOC data each: incidents, daily alert counts, a framework with controls, coverage. */
async function fillTenants(url: string, tenants: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const lastMonth = "date_trunc('month', now() at time zone 'utc') - interval '1 month'";
  await client.query(`
    insert into tenants (slug, name) select 'bench-' || g, 'Benchmark Customer ' || g from generate_series(1, ${tenants}) g;
    insert into workspaces (tenant_id, name, kind) select id, 'Managed SOC', 'soc' from tenants;
    insert into incidents (tenant_id, workspace_id, external_id, title, severity, status, detection, mitre_tactic,
                           mitre_technique, opened_at, acknowledged_at, resolved_at)
      select w.tenant_id, w.id, 'INC-' || i, 'Suspicious sign-in ' || i,
             (array['critical','high','medium','low'])[1 + i % 4], case when i % 9 = 0 then 'open' else 'resolved' end,
             (array['Impossible travel','Encoded PowerShell','Brute force','Phishing click'])[1 + i % 4], 'TA0001', 'T1078',
             ${lastMonth} + (i || ' hours')::interval * 10,
             ${lastMonth} + (i || ' hours')::interval * 10 + interval '12 minutes',
             case when i % 9 = 0 then null else ${lastMonth} + (i || ' hours')::interval * 10 + ((i % 30) || ' hours')::interval end
      from workspaces w, generate_series(1, 60) i;
    insert into alert_daily_counts (tenant_id, workspace_id, day, detection, severity, count)
      select w.tenant_id, w.id, (${lastMonth})::date - 31 + d, det, 'medium', 20 + (d * 7 + length(det)) % 40
      from workspaces w, generate_series(0, 61) d, unnest(array['Impossible travel','Encoded PowerShell','Brute force']) det;
    insert into compliance_frameworks (tenant_id, workspace_id, key, name, score)
      select tenant_id, id, 'nist-800-53', 'NIST 800-53', 83.33 from workspaces;
    insert into compliance_controls (tenant_id, workspace_id, framework_id, ref, title, family, status, owner)
      select f.tenant_id, f.workspace_id, f.id, 'AC-' || c, 'Access control ' || c, 'Access Control',
             case when c % 6 = 0 then 'failing' else 'passing' end, case when c % 6 = 0 then 'IT Operations' end
      from compliance_frameworks f, generate_series(1, 12) c;
    insert into compliance_score_history (tenant_id, workspace_id, framework_id, recorded_on, score)
      select f.tenant_id, f.workspace_id, f.id, (date_trunc('month', now()) - (m || ' months')::interval)::date, 70 + m
      from compliance_frameworks f, generate_series(0, 11) m;
    insert into detection_coverage (tenant_id, workspace_id, tactic, technique_id, technique_name, is_covered, rule_count)
      select w.tenant_id, w.id, 'Initial Access', 'T' || (1000 + t), 'Technique ' || t, t % 4 <> 0, t % 4
      from workspaces w, generate_series(1, 20) t;
  `);
  await client.end();
}

async function count(url: string): Promise<{ completed: number; failed: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ completed: number; failed: number }>(
    `select count(*) filter (where status = 'completed')::int as completed, count(*) filter (where status = 'failed')::int as failed from reports`,
  );
  await client.end();
  return rows[0]!;
}

/**
 * Monthly executive reports for 2,000 tenants through the queue: the schedule creates the rows and enqueues them
 * (the CLI), two server instances' workers render and store them; timed until every report is stored.
 */
export async function benchBatch(): Promise<void> {
  const database = await createBenchDatabase("postgres", { demo: false });
  // Filled and watched as the owner (the request login role sees nothing without a scope).
  const url = database.env.DATABASE_OWNER_URL!;
  const instances: Awaited<ReturnType<typeof startBenchServer>>[] = [];
  try {
    await fillTenants(url, TENANTS);
    for (let i = 0; i < 2; i++)
      instances.push(await startBenchServer(database, { JOBS_ENABLED: "true", DB_POOL_SIZE: "4" }, null));

    const started = performance.now();
    const cli = spawnSync(
      process.execPath,
      [path.resolve("bin/portcullis.js"), "reports", "schedule-monthly"],
      {
        env: {
          ...process.env,
          ...database.env,
          ...NO_BROWSER_SIGN_IN_ENV,
          SESSION_SECRETS: "x".repeat(32),
          LOG_LEVEL: "warn",
        },
        encoding: "utf8",
      },
    );
    if (cli.status !== 0) throw new Error(`schedule failed: ${cli.stderr}`);
    let progress = { completed: 0, failed: 0 };
    while (progress.completed + progress.failed < TENANTS) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      progress = await count(url);
      if (performance.now() - started > 15 * 60_000) throw new Error(`too slow: ${JSON.stringify(progress)}`);
    }
    const seconds = (performance.now() - started) / 1000;
    const table = [
      "| tenants | instances | reports completed | failed | total s | reports/s |",
      "|---|---|---|---|---|---|",
      `| ${TENANTS} | 2 | ${progress.completed} | ${progress.failed} | ${seconds.toFixed(1)} | ${(progress.completed / seconds).toFixed(1)} |`,
    ].join("\n");
    writeResults(
      "batch",
      { tenants: TENANTS, instances: 2, ...progress, seconds },
      `Monthly executive reports, PostgreSQL, queue + 2 server instances.\n\n${table}`,
    );
  } finally {
    for (const instance of instances) await instance.stop();
    await database.drop();
  }
}
