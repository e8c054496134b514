import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/**
 * Sign-in settings for a server process that signs nobody in through the browser (benchmarks, crash and fault
 * tests): a real OpenID configuration whose issuer is never contacted, so the development identity provider is
 * not loaded. Sessions for such a server are created directly (see bench/lib.ts).
 */
export const NO_BROWSER_SIGN_IN_ENV = {
  SSO_PROVIDER: "oidc",
  SSO_ISSUER: "http://127.0.0.1:9/never-contacted",
  SSO_CLIENT_ID: "unused",
  SSO_CLIENT_SECRET: "unused",
};

export async function findFreePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `server/main.ts` as its own process (the way `npm start` runs it), with the given environment. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = Number(env.PORT) || (await findFreePort());
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("server/main.ts")], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LOG_LEVEL: "warn",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, port, url: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the server prints its ready line, or fails if it exits first. */
export async function waitForReady(server: ServerProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void server.exited.then((code) => {
    exitCode = code;
  });
  while (!server.stdout().includes("Portcullis is ready at")) {
    if (exitCode !== undefined) {
      throw new Error(`server exited (${exitCode}) before ready: ${server.stderr()}`);
    }
    if (Date.now() > deadline) throw new Error(`server not ready in ${timeoutMs} ms: ${server.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
