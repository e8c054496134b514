import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort } from "../test/helpers/process";

const PG_BIN = process.env.FAULT_PG_BIN ?? "/usr/lib/postgresql/15/bin";

/**
 * A PostgreSQL cluster of our own in a temporary folder, so the fault script can stop, restart and crash it
 * without touching any server that others use. PostgreSQL refuses to run as root: when we are root, every
 * command runs as the `postgres` user and the folder is handed to it.
 */
export class PgCluster {
  private removed = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly owner: { uid: number; gid: number } | null,
  ) {}

  get dataDir(): string {
    return path.join(this.dir, "data");
  }

  get logFile(): string {
    return path.join(this.dir, "postgres.log");
  }

  url(database = "postgres"): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async create(): Promise<PgCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-fault-"));
    let owner: { uid: number; gid: number } | null = null;
    if (process.getuid?.() === 0) {
      owner = {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
      };
      fs.chownSync(dir, owner.uid, owner.gid);
    }
    const cluster = new PgCluster(dir, await findFreePort(), owner);
    try {
      await cluster.run("initdb", [
        "-D",
        cluster.dataDir,
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync",
        "--no-instructions",
      ]);
      await cluster.pgCtl(["start", "-w", "-t", "60"]);
    } catch (error) {
      cluster.destroySync();
      throw error;
    }
    return cluster;
  }

  /** Runs a PostgreSQL program (as `postgres` when we are root); rejects with its output when it fails. */
  private run(program: string, args: string[]): Promise<void> {
    const binary = path.join(PG_BIN, program);
    const [command, argv] = this.owner
      ? ["runuser", ["-u", "postgres", "--", binary, ...args]]
      : [binary, args];
    return new Promise((resolve, reject) => {
      // Output goes to a file, never to a pipe: a postmaster started by pg_ctl inherits it and would hold a
      // pipe open for its whole life.
      const child = spawn(command, argv, { cwd: this.dir, stdio: "ignore" });
      child.on("error", reject);
      child.on("exit", (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`${program} ${args.join(" ")} exited ${code}; see ${this.logFile}`)),
      );
    });
  }

  private ctlArgs(): string[] {
    // Options given at start are kept by pg_ctl for `restart`. Unix socket in our own folder, TCP on loopback.
    return [
      "-D",
      this.dataDir,
      "-l",
      this.logFile,
      "-o",
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
    ];
  }

  pgCtl(args: string[]): Promise<void> {
    const [action, ...rest] = args;
    return this.run("pg_ctl", [action!, ...this.ctlArgs(), ...rest]);
  }

  restartFast(): Promise<void> {
    return this.pgCtl(["restart", "-m", "fast", "-w", "-t", "60"]);
  }

  stopImmediate(): Promise<void> {
    return this.pgCtl(["stop", "-m", "immediate", "-w", "-t", "60"]);
  }

  start(): Promise<void> {
    return this.pgCtl(["start", "-w", "-t", "60"]);
  }

  async createDatabase(name: string): Promise<string> {
    const admin = new pg.Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    return this.url(name);
  }

  /** Does a new connection get an answer now? (What a client opening a connection sees.) */
  async accepts(database = "postgres", timeoutMs = 1000): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.url(database),
      connectionTimeoutMillis: timeoutMs,
    });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Stops the cluster (immediately: its data is thrown away) and deletes the folder; safe to call twice. */
  destroySync(): void {
    if (this.removed) return;
    this.removed = true;
    if (fs.existsSync(path.join(this.dataDir, "postmaster.pid"))) {
      const binary = path.join(PG_BIN, "pg_ctl");
      const args = ["stop", "-D", this.dataDir, "-m", "immediate", "-w", "-t", "30"];
      const [command, argv] = this.owner
        ? ["runuser", ["-u", "postgres", "--", binary, ...args]]
        : [binary, args];
      spawnSync(command, argv, { cwd: this.dir, stdio: "ignore" });
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
