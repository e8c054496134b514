import { spawn } from "node:child_process";
import path from "node:path";
import { findFreePort } from "../test/helpers/process";
import {
  BENCH_SECRET,
  createBenchDatabase,
  type LoadResult,
  loadTest,
  startBenchServer,
  writeResults,
} from "./lib";

/** Starts the bare reference server (bench/reference-server.ts) as its own process. */
async function startReference(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("bench/reference-server.ts")], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("reference ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`reference exited ${code}`)));
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function benchPipeline(options: { seconds?: number; connections?: number } = {}): Promise<void> {
  const seconds = options.seconds ?? 10;
  const connections = options.connections ?? 50;
  const rows: Record<string, unknown>[] = [];
  for (const kind of ["postgres"] as const) {
    const database = await createBenchDatabase(kind);
    const { server, cookie, stop } = await startBenchServer(database, { JOBS_ENABLED: "false" });
    const reference = await startReference({
      DATABASE_URL: database.env.DATABASE_URL!,
      SESSION_SECRET: BENCH_SECRET,
      PUBLIC_URL: server.url,
      DB_APP_ROLE: "portcullis_app",
    });
    try {
      const results: Record<string, LoadResult> = {};
      for (const [name, url] of [
        ["reference", `${reference.url}/reference`],
        ["me", `${server.url}/api/v1/me`],
        ["dashboard", `${server.url}/api/v1/reports/dashboard`],
      ] as const) {
        await loadTest(url, cookie, 10, 2);
        results[name] = await loadTest(url, cookie, connections, seconds);
      }
      rows.push({ kind, ...results });
      console.log(JSON.stringify(results, null, 1));
    } finally {
      await reference.stop();
      await stop();
      await database.drop();
    }
  }
  writeResults("pipeline", { rows }, "");
}

await benchPipeline();
