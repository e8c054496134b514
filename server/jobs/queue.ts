import type { FastifyBaseLogger } from "fastify";
import PgBoss from "pg-boss";
import type { Config } from "../config";
import type { Database } from "../db/connection";

const BATCH_SIZE = 10;
const POLLING_INTERVAL_MS = 500;
/** How long stopping waits for running jobs to finish. */
const STOP_TIMEOUT_MS = 10_000;

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
  private stopping = false;
  private readonly workers: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly database: Database,
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
    await this.whileAloneInTheFleet(async () => {
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
    });
    this.started = true;
    if (!this.config.jobs.enabled) return;
    for (const queue of this.queues.values()) {
      for (let worker = 0; worker < (queue.concurrency ?? 1); worker++) this.workers.push(this.work(queue));
    }
  }

  /**
   * Runs `setup` while no other instance runs its own: instances started together would otherwise both find a
   * queue missing and create it at once (a unique violation, or a deadlock inside pg-boss). A session-level
   * advisory lock on one owner connection serialises them. The embedded PGlite serves one process, and its single
   * connection must stay free for `setup` itself.
   */
  private async whileAloneInTheFleet(setup: () => Promise<void>): Promise<void> {
    if (this.database.kind !== "postgres") return setup();
    const lock = await this.database.owner.pool.connect();
    try {
      await lock.query("select pg_advisory_lock(hashtext('portcullis:job-queue-setup'))");
      await setup();
    } finally {
      // A connection that cannot unlock is dropped (the server then releases its lock with the session).
      await lock.query("select pg_advisory_unlock(hashtext('portcullis:job-queue-setup'))").then(
        () => lock.release(),
        (error: Error) => lock.release(error),
      );
    }
  }

  /**
   * One worker: fetches a batch and runs its jobs one after another (one job per fetch would cap a worker at a
   * fetch per polling interval). A failing job is failed on its own (and retried with backoff); the batch's other
   * jobs are completed together afterwards.
   *
   * The loop is ours rather than pg-boss's `work()` because that one records a batch's outcome without awaiting
   * it: when the database is down at that moment (a restart), the rejection is unhandled and ends the process.
   * Here every outcome is awaited and a failure to record it is logged; the job stays active, pg-boss expires it
   * after JOBS_EXPIRE_SECONDS and runs it again, which every handler tolerates (a report completes once).
   */
  private async work(queue: QueueDefinition<object>): Promise<void> {
    while (!this.stopping) {
      let batch: PgBoss.JobWithMetadata<object>[] = [];
      try {
        // No jobs when the database cannot be reached: pg-boss's fetch answers an empty batch, and we poll again.
        batch = await this.boss.fetch<object>(queue.name, { batchSize: BATCH_SIZE, includeMetadata: true });
      } catch (error) {
        this.log.warn({ err: error, queue: queue.name }, "job queue: fetching jobs failed");
      }
      const done: string[] = [];
      for (const job of batch) {
        try {
          await queue.handler(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
          done.push(job.id);
        } catch (error) {
          await this.record(queue.name, [job.id], () =>
            this.boss.fail(queue.name, job.id, { message: (error as Error).message }),
          );
        }
      }
      if (done.length > 0) await this.record(queue.name, done, () => this.boss.complete(queue.name, done));
      // A full batch may mean more work is waiting: fetch again at once. Otherwise wait for the next poll.
      if (batch.length < BATCH_SIZE) await this.pause(POLLING_INTERVAL_MS);
    }
  }

  private async record(queue: string, jobIds: string[], write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.log.warn(
        { err: error, queue, jobIds },
        "job queue: could not record a job's outcome; it will be retried",
      );
    }
  }

  /** Waits `ms`, or less if the queue stops meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
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

  /** Stops taking jobs and waits (up to 10 s) for the running ones to finish. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopping = true;
    for (const wake of [...this.sleepers]) wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(this.workers),
      new Promise((resolve) => {
        timer = setTimeout(resolve, STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    await this.boss.stop({ graceful: true, close: false, wait: true, timeout: STOP_TIMEOUT_MS });
  }
}
