import type { FastifyBaseLogger } from "fastify";
import PgBoss from "pg-boss";
import type { Config } from "../config";
import type { Database } from "../db/connection";

const BATCH_SIZE = 10;

export interface JobOptions {
  /** At most one queued or active job per key (e.g. one generation per report). */
  singletonKey?: string;
}

export interface QueueDefinition<T extends object> {
  name: string;
  retryLimit: number;
  /** Seconds before the first retry; doubled each time (backoff). */
  retryDelay: number;
  handler: (data: T, attempt: { retryCount: number; retryLimit: number }) => Promise<void>;
  /** How many jobs of this queue one process runs at once. */
  concurrency?: number;
}

/**
 * The background job queue (pg-boss) over the owner's connection pool, so it works the same on PGlite (one
 * connection shared by everything) and PostgreSQL (shared by every instance: any instance may run any job).
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, QueueDefinition<object>>();
  private started = false;

  constructor(
    database: Database,
    private readonly config: Config,
    private readonly log: FastifyBaseLogger,
  ) {
    this.boss = new PgBoss({
      // The queue's own schema belongs to the owner; the jobs' work on tenant data runs in scoped transactions.
      db: { executeSql: (text, values) => database.owner.pool.query(text, values) },
      schema: "pgboss",
      supervise: true,
      schedule: true,
      maintenanceIntervalSeconds: config.jobs.maintenanceSeconds,
      monitorStateIntervalSeconds: Math.max(config.jobs.maintenanceSeconds, 10),
    });
    this.boss.on("error", (error) => this.log.error({ err: error }, "job queue error"));
  }

  define<T extends object>(definition: QueueDefinition<T>): void {
    this.queues.set(definition.name, definition as unknown as QueueDefinition<object>);
  }

  /** Installs or migrates pg-boss's schema, creates the queues and, if this process works jobs, starts workers. */
  async start(): Promise<void> {
    await this.boss.start();
    for (const queue of this.queues.values()) {
      const options = {
        name: queue.name,
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelay,
        retryBackoff: true,
        expireInSeconds: this.config.jobs.expireSeconds,
      };
      if (await this.boss.getQueue(queue.name)) await this.boss.updateQueue(queue.name, options);
      else await this.boss.createQueue(queue.name, options);
    }
    this.started = true;
    if (!this.config.jobs.enabled) return;
    for (const queue of this.queues.values()) {
      // A worker fetches a batch and runs its jobs one after another (pg-boss waits a polling interval between
      // fetches, so one job per fetch would cap a worker at two jobs a second). A failing job is failed on its own
      // (and retried with backoff); the batch's other jobs complete when the handler returns.
      for (let worker = 0; worker < (queue.concurrency ?? 1); worker++) {
        await this.boss.work<object>(
          queue.name,
          { batchSize: BATCH_SIZE, pollingIntervalSeconds: 0.5, includeMetadata: true },
          async (batch) => {
            for (const job of batch) {
              try {
                await queue.handler(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
              } catch (error) {
                await this.boss.fail(queue.name, job.id, { message: (error as Error).message });
              }
            }
          },
        );
      }
    }
  }

  /** Enqueue after the transaction that made the work has committed. Returns the job id (null: already queued). */
  async send(name: string, data: object, options: JobOptions = {}): Promise<string | null> {
    return this.boss.send(name, data, options.singletonKey ? { singletonKey: options.singletonKey } : {});
  }

  async sendMany(name: string, items: { data: object; singletonKey?: string }[]): Promise<void> {
    if (items.length === 0) return;
    await this.boss.insert(
      items.map((item) => ({
        name,
        data: item.data,
        ...(item.singletonKey ? { singletonKey: item.singletonKey } : {}),
      })),
    );
  }

  async schedule(name: string, cron: string): Promise<void> {
    await this.boss.schedule(name, cron, {}, { tz: "UTC" });
  }

  /** Stops taking jobs and waits for the running ones to finish. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 });
  }
}
