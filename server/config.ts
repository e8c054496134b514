import path from "node:path";

/**
 * Every environment variable Portcullis reads, in one table. `loadConfig` parses them once at boot;
 * the first bad value stops start-up with a ConfigError naming the variable and what is expected.
 * The README's configuration table is this list.
 */
export const configVariables = {
  NODE_ENV: { expected: "development, test or production", default: "development" },
  PORT: { expected: "an integer from 1 to 65535", default: "3000" },
  HOST: { expected: "an interface address to listen on", default: "127.0.0.1" },
  PUBLIC_URL: { expected: "the portal's external http(s) URL, no path", default: "http://localhost:<PORT>" },
  DATABASE_URL: {
    expected: "a postgres:// or postgresql:// URL (unset: embedded PGlite in DATA_DIR)",
    default: "(unset)",
  },
  DATA_DIR: { expected: "a folder for the embedded database", default: "./data" },
  DB_POOL_SIZE: { expected: "an integer from 1 to 200 (PostgreSQL only)", default: "10" },
  DB_APP_ROLE: {
    expected: "the non-owner role request transactions run as (letters, digits, _)",
    default: "portcullis_app",
  },
  SEED_DEMO: { expected: "auto (seed an empty database), always or never", default: "auto" },
  LOG_LEVEL: { expected: "fatal, error, warn, info, debug, trace or silent", default: "info" },
  TRUST_PROXY: {
    expected: "false, true, a hop count or a comma-separated list of proxy addresses",
    default: "false",
  },
  WEB_DIST_DIR: { expected: "the folder of the built web app", default: "./dist/web" },
} as const;

export type ConfigVariable = keyof typeof configVariables;
export type Env = Partial<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(
    readonly variable: ConfigVariable,
    got: string,
  ) {
    super(`Invalid configuration: ${variable} must be ${configVariables[variable].expected} (got "${got}")`);
    this.name = "ConfigError";
  }
}

export interface Config {
  nodeEnv: "development" | "test" | "production";
  port: number;
  host: string;
  publicUrl: string;
  isHttps: boolean;
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; poolSize: number };
  appRole: string;
  seedDemo: "auto" | "always" | "never";
  logLevel: string;
  trustProxy: boolean | number | string[];
  webDistDir: string;
  /** Embedded mode: no DATABASE_URL, so demo data and the development identity provider are on by default. */
  isEmbedded: boolean;
}

function read(env: Env, name: ConfigVariable): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function oneOf<T extends string>(env: Env, name: ConfigVariable, allowed: readonly T[], fallback: T): T {
  const value = read(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(name, value);
  return value as T;
}

function integer(env: Env, name: ConfigVariable, min: number, max: number, fallback: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, raw);
  }
  return value;
}

function databaseUrl(env: Env): string | undefined {
  const raw = read(env, "DATABASE_URL");
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("DATABASE_URL", redactUrl(raw));
  }
  if (!["postgres:", "postgresql:"].includes(url.protocol) || url.hostname === "") {
    throw new ConfigError("DATABASE_URL", redactUrl(raw));
  }
  return raw;
}

function trustProxy(env: Env): Config["trustProxy"] {
  const raw = read(env, "TRUST_PROXY");
  if (raw === undefined || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return integer(env, "TRUST_PROXY", 1, 100, 1);
  const list = raw.split(",").map((entry) => entry.trim());
  if (list.some((entry) => !/^[0-9a-fA-F.:/]+$/.test(entry))) throw new ConfigError("TRUST_PROXY", raw);
  return list;
}

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(raw: string): string {
  return raw.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const nodeEnv = oneOf(env, "NODE_ENV", ["development", "test", "production"], "development");
  const port = integer(env, "PORT", 1, 65535, 3000);
  const host = read(env, "HOST") ?? "127.0.0.1";

  const publicUrlRaw = read(env, "PUBLIC_URL") ?? `http://localhost:${port}`;
  let publicUrl: URL;
  try {
    publicUrl = new URL(publicUrlRaw);
  } catch {
    throw new ConfigError("PUBLIC_URL", publicUrlRaw);
  }
  if (!["http:", "https:"].includes(publicUrl.protocol) || publicUrl.pathname !== "/" || publicUrl.search) {
    throw new ConfigError("PUBLIC_URL", publicUrlRaw);
  }

  const url = databaseUrl(env);
  const poolSize = integer(env, "DB_POOL_SIZE", 1, 200, 10);
  const dataDir = path.resolve(cwd, read(env, "DATA_DIR") ?? "./data");
  const appRole = read(env, "DB_APP_ROLE") ?? "portcullis_app";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole)) throw new ConfigError("DB_APP_ROLE", appRole);

  const logLevel = oneOf(
    env,
    "LOG_LEVEL",
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"],
    nodeEnv === "test" ? "silent" : "info",
  );

  return {
    nodeEnv,
    port,
    host,
    publicUrl: publicUrl.origin,
    isHttps: publicUrl.protocol === "https:",
    database: url ? { kind: "postgres", url, poolSize } : { kind: "pglite", dataDir },
    appRole,
    seedDemo: oneOf(env, "SEED_DEMO", ["auto", "always", "never"], "auto"),
    logLevel,
    trustProxy: trustProxy(env),
    webDistDir: path.resolve(cwd, read(env, "WEB_DIST_DIR") ?? "./dist/web"),
    isEmbedded: url === undefined,
  };
}
