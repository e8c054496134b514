import fs from "node:fs";
import path from "node:path";
import type { Role } from "./db/types";

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
  DATABASE_OWNER_URL: {
    expected:
      "a postgres:// URL of the schema owner, for migrations and the job queue (required in production; DATABASE_URL's role then must only be a member of DB_APP_ROLE)",
    default: "(unset: DATABASE_URL, development only)",
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
  SSO_PROVIDER: {
    expected:
      "azure-gov, azure or oidc (unset: the built-in development identity provider, embedded mode only; required in production)",
    default: "(unset)",
  },
  DEV_IDP: {
    expected:
      "on or off: the built-in development identity provider (default: on only in the embedded mode without SSO_PROVIDER)",
    default: "(unset: auto)",
  },
  SSO_TENANT_IDS: {
    expected: "comma-separated Entra tenant GUIDs whose users may sign in (required for azure presets)",
    default: "(unset)",
  },
  SSO_STAFF_TENANT_IDS: {
    expected: "comma-separated tenant ids (tid) whose users may hold the analyst/admin roles",
    default: "(unset: nobody)",
  },
  SSO_ISSUER: { expected: "the issuer URL of the OpenID provider (SSO_PROVIDER=oidc)", default: "(unset)" },
  SSO_CLIENT_ID: {
    expected: "the application (client) id registered at the identity provider",
    default: "(unset)",
  },
  SSO_CLIENT_SECRET: {
    expected: "the client secret registered at the identity provider",
    default: "(unset)",
  },
  SSO_ROLE_MAP: {
    expected:
      "comma-separated AppRole=portal_role pairs (roles: customer_viewer, customer_approver, analyst, admin)",
    default:
      "Portal.Viewer=customer_viewer,Portal.Approver=customer_approver,Portal.Analyst=analyst,Portal.Admin=admin",
  },
  SSO_TENANT_CLAIM: { expected: "the ID-token claim naming the user's organisation", default: "tid" },
  SSO_MFA_ACRS: {
    expected: "comma-separated acr/acrs values that prove MFA (besides amr containing mfa)",
    default: "(unset)",
  },
  SESSION_SECRETS: {
    expected: "comma-separated secrets of at least 32 characters; the first signs, all verify (key rotation)",
    default: "(unset: random per process in development)",
  },
  PROVIDER_NAME: {
    expected: "your firm's name, printed on reports (≤ 100 characters)",
    default: "SentinelForge Security",
  },
  SMTP_URL: {
    expected:
      "smtp:// or smtps:// URL of the mail server (user and password in the URL); unset: a local development mailbox at /dev/mailbox (not in production)",
    default: "(unset)",
  },
  SIGNING_CERT_P12: {
    expected:
      "the path of a PKCS#12 (.p12/.pfx) file with the provider's signing key and certificate, or the file's content in base64; unset: a self-signed development certificate in DATA_DIR/signing-dev.p12 (not in production)",
    default: "(unset)",
  },
  SIGNING_CERT_PASSWORD: { expected: "the passphrase of SIGNING_CERT_P12", default: "(empty)" },
  MAIL_FROM: {
    expected: "the sender of the portal's email: an address, optionally with a name (Name <address>)",
    default: "PROVIDER_NAME <no-reply@PUBLIC_URL's host>",
  },
  ACCESS_LINK_HOURS: {
    expected: "an integer from 1 to ACCESS_LINK_MAX_HOURS: how long an emailed access link works by default",
    default: "72",
  },
  ACCESS_LINK_MAX_HOURS: {
    expected: "an integer from 1 to 8760: the longest lifetime staff may give an access link",
    default: "336",
  },
  LIVE_STREAMS_PER_SESSION: {
    expected: "an integer from 1 to 100: live engagement streams one session may hold open",
    default: "5",
  },
  LIVE_STREAMS_PER_INSTANCE: {
    expected: "an integer from 1 to 100000: live engagement streams one server process holds open",
    default: "10000",
  },
  AUTH_RATE_LIMIT: {
    expected: "an integer from 10 to 100000: requests per minute one client address may make to /auth/*",
    default: "300",
  },
  AUDIT_TRAIL: {
    expected:
      "on or off: record every API and sign-in request in the audit trail (off only to measure its cost in a benchmark)",
    default: "on",
  },
  AUDIT_RETENTION_DAYS: {
    expected: "an integer from 1 to 36500: audit events sealed longer ago are archived",
    default: "(unset: kept forever)",
  },
  JOBS_ENABLED: {
    expected: "true or false: run background workers (report generation) in this process",
    default: "true",
  },
  JOBS_EXPIRE_SECONDS: {
    expected: "an integer from 2 to 3600: a job running longer is presumed dead and retried",
    default: "120",
  },
  JOBS_MAINTENANCE_SECONDS: {
    expected: "an integer from 1 to 600: how often expired jobs are swept",
    default: "30",
  },
  SESSION_IDLE_MINUTES: { expected: "an integer from 1 to 1440", default: "30" },
  SESSION_ABSOLUTE_HOURS: { expected: "an integer from 1 to 168", default: "12" },
} as const;

export type ConfigVariable = keyof typeof configVariables;
export type Env = Partial<Record<string, string | undefined>>;

export class ConfigError extends Error {
  /** `reason` replaces the generic "must be …" when the value is fine on its own but not in this combination. */
  constructor(
    readonly variable: ConfigVariable,
    got: string,
    reason?: string,
  ) {
    super(
      `Invalid configuration: ${reason ?? `${variable} must be ${configVariables[variable].expected} (got "${got}")`}`,
    );
    this.name = "ConfigError";
  }
}

const ROLES: readonly Role[] = ["customer_viewer", "customer_approver", "analyst", "admin"];

/** How users sign in: the built-in development identity provider, or a real OpenID provider. */
export type SsoConfig =
  | { kind: "dev-idp" }
  | {
      kind: "external";
      preset: "azure-gov" | "azure" | "oidc";
      /** One issuer per allowed Entra tenant (azure presets), or the one issuer (oidc). Validated exactly. */
      issuers: string[];
      clientId: string;
      clientSecret: string;
      /** Tenant-claim values allowed to sign in; null: any value that maps to a portal tenant. */
      allowedTenantIds: string[] | null;
      staffTenantIds: string[];
      roleMap: Record<string, Role>;
      tenantClaim: string;
      mfaAcrs: string[];
    };

export interface Config {
  nodeEnv: "development" | "test" | "production";
  port: number;
  host: string;
  publicUrl: string;
  isHttps: boolean;
  database:
    | { kind: "pglite"; dataDir: string }
    | {
        kind: "postgres";
        /** Request connections: a login role that can only become the application role. */
        url: string;
        /** The schema owner: migrations and the job queue. */
        ownerUrl: string;
        poolSize: number;
      };
  appRole: string;
  seedDemo: "auto" | "always" | "never";
  logLevel: string;
  trustProxy: boolean | number | string[];
  webDistDir: string;
  /** Embedded mode: no DATABASE_URL, so demo data and the development identity provider are on by default. */
  isEmbedded: boolean;
  sso: SsoConfig;
  isDevIdpEnabled: boolean;
  providerName: string;
  jobs: { enabled: boolean; expireSeconds: number; maintenanceSeconds: number };
  /**
   * Where mail goes: a mail server, or (development only) the local listener whose mail is read at /dev/mailbox.
   */
  mail: { kind: "smtp"; url: string; from: string } | { kind: "dev-mailbox"; from: string };
  accessLinks: { defaultHours: number; maxHours: number };
  /**
   * The certificate finished documents are sealed with: a PKCS#12 (read here, opened at start), or (development
   * only) a self-signed one kept in the data folder and made on first use.
   */
  signing: { kind: "p12"; p12: Buffer; passphrase: string } | { kind: "development"; file: string };
  /** Requests per minute per client address on /auth/*. */
  authRateLimit: number;
  liveStreams: { perSession: number; perInstance: number };
  /** The audit trail is written (always, but in a benchmark measuring what it costs). */
  audit: { enabled: boolean; retentionDays: number | null };
  session: {
    /** Signing secrets, newest first; empty means "generate one for this process" (development only). */
    secrets: string[];
    idleMinutes: number;
    absoluteHours: number;
  };
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

function databaseUrl(env: Env, name: "DATABASE_URL" | "DATABASE_OWNER_URL"): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, redactUrl(raw));
  }
  if (!["postgres:", "postgresql:"].includes(url.protocol) || url.hostname === "") {
    throw new ConfigError(name, redactUrl(raw));
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

function list(env: Env, name: ConfigVariable): string[] {
  return (read(env, name) ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function required(env: Env, name: ConfigVariable): string {
  const value = read(env, name);
  if (value === undefined) throw new ConfigError(name, "");
  return value;
}

function roleMap(env: Env): Record<string, Role> {
  const raw = read(env, "SSO_ROLE_MAP") ?? configVariables.SSO_ROLE_MAP.default;
  const map: Record<string, Role> = {};
  for (const pair of raw.split(",").map((entry) => entry.trim())) {
    const [claim, role] = pair.split("=").map((part) => part.trim());
    if (!claim || !role || !(ROLES as readonly string[]).includes(role))
      throw new ConfigError("SSO_ROLE_MAP", raw);
    map[claim] = role as Role;
  }
  return map;
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/;

/**
 * The built-in development identity provider signs anyone in as any demo user, provider admins included. It runs
 * only when nothing else is configured in the embedded mode, or when asked for with DEV_IDP=on, and never where
 * someone else could reach it: not in production, not over https, not on a non-loopback interface.
 */
function sso(
  env: Env,
  context: { nodeEnv: Config["nodeEnv"]; isEmbedded: boolean; isHttps: boolean; host: string },
): SsoConfig {
  const preset = read(env, "SSO_PROVIDER");
  const devIdp = oneOf(env, "DEV_IDP", ["on", "off", "auto"], "auto");
  if (preset !== undefined && devIdp === "on") {
    throw new ConfigError("DEV_IDP", devIdp, "DEV_IDP=on cannot be combined with SSO_PROVIDER: choose one");
  }
  if (preset === undefined) {
    if (devIdp === "off" || (devIdp === "auto" && !context.isEmbedded)) {
      throw new ConfigError(
        "SSO_PROVIDER",
        "",
        "SSO_PROVIDER is required (azure-gov, azure or oidc): with DATABASE_URL set or DEV_IDP=off there is no built-in sign-in (DEV_IDP=on starts the development identity provider for a local trial)",
      );
    }
    const exposure =
      context.nodeEnv === "production"
        ? "NODE_ENV=production"
        : context.isHttps
          ? "an https PUBLIC_URL"
          : !LOOPBACK_HOST.test(context.host)
            ? `HOST=${context.host} (not a loopback address)`
            : undefined;
    if (exposure) {
      throw new ConfigError(
        "SSO_PROVIDER",
        "",
        `the built-in development identity provider lets anyone sign in as a provider admin, so it never runs with ${exposure}: set SSO_PROVIDER`,
      );
    }
    return { kind: "dev-idp" };
  }
  if (preset !== "azure-gov" && preset !== "azure" && preset !== "oidc")
    throw new ConfigError("SSO_PROVIDER", preset);

  const tenantIds = list(env, "SSO_TENANT_IDS");
  if (tenantIds.some((id) => preset !== "oidc" && !GUID.test(id))) {
    throw new ConfigError("SSO_TENANT_IDS", tenantIds.join(","));
  }
  let issuers: string[];
  if (preset === "oidc") {
    const issuer = required(env, "SSO_ISSUER");
    try {
      const url = new URL(issuer);
      if (!["http:", "https:"].includes(url.protocol)) throw new Error("protocol");
    } catch {
      throw new ConfigError("SSO_ISSUER", issuer);
    }
    issuers = [issuer.replace(/\/$/, "")];
  } else {
    if (tenantIds.length === 0) throw new ConfigError("SSO_TENANT_IDS", "");
    const authority =
      preset === "azure-gov" ? "https://login.microsoftonline.us" : "https://login.microsoftonline.com";
    issuers = tenantIds.map((id) => `${authority}/${id.toLowerCase()}/v2.0`);
  }
  return {
    kind: "external",
    preset,
    issuers,
    clientId: required(env, "SSO_CLIENT_ID"),
    clientSecret: required(env, "SSO_CLIENT_SECRET"),
    allowedTenantIds: tenantIds.length > 0 ? tenantIds.map((id) => id.toLowerCase()) : null,
    staffTenantIds: list(env, "SSO_STAFF_TENANT_IDS").map((id) => id.toLowerCase()),
    roleMap: roleMap(env),
    tenantClaim: read(env, "SSO_TENANT_CLAIM") ?? "tid",
    mfaAcrs: list(env, "SSO_MFA_ACRS"),
  };
}

function sessionSecrets(env: Env, nodeEnv: Config["nodeEnv"], isEmbedded: boolean): string[] {
  const secrets = list(env, "SESSION_SECRETS");
  if (secrets.some((secret) => secret.length < 32))
    throw new ConfigError("SESSION_SECRETS", "(a secret shorter than 32 characters)");
  // Secrets never have defaults outside the embedded development mode.
  if (secrets.length === 0 && (nodeEnv === "production" || !isEmbedded)) {
    throw new ConfigError("SESSION_SECRETS", "");
  }
  return secrets;
}

const SMTP_URL = /^smtps?:\/\/[^\s]+$/;

function mail(env: Env, nodeEnv: Config["nodeEnv"], publicUrl: URL, provider: string): Config["mail"] {
  const fromRaw = read(env, "MAIL_FROM");
  if (
    fromRaw !== undefined &&
    (/[\r\n]/.test(fromRaw) || !/<?[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>?$/.test(fromRaw))
  ) {
    throw new ConfigError("MAIL_FROM", fromRaw);
  }
  // A display name is quoted, so a comma or a colon in the provider's name cannot become a second address.
  const from = fromRaw ?? `"${provider.replace(/["\\]/g, "")}" <no-reply@${publicUrl.hostname}>`;
  const url = read(env, "SMTP_URL");
  if (url === undefined) {
    if (nodeEnv === "production") {
      throw new ConfigError(
        "SMTP_URL",
        "",
        "SMTP_URL is required in production: access links and notifications are sent by email",
      );
    }
    return { kind: "dev-mailbox", from };
  }
  if (!SMTP_URL.test(url)) throw new ConfigError("SMTP_URL", redactUrl(url));
  try {
    new URL(url);
  } catch {
    throw new ConfigError("SMTP_URL", redactUrl(url));
  }
  return { kind: "smtp", url, from };
}

/** A DER SEQUENCE, as every PKCS#12 file is: enough to tell one from a PEM file or stray text. */
function isDer(content: Buffer): boolean {
  return content.length > 64 && content[0] === 0x30;
}

/**
 * SIGNING_CERT_P12 is a file when it names one, else the file's content in base64 (a secret: never printed). Only
 * read here; whether it opens with its passphrase is checked at start.
 */
function signing(env: Env, nodeEnv: Config["nodeEnv"], dataDir: string, cwd: string): Config["signing"] {
  const raw = read(env, "SIGNING_CERT_P12");
  if (raw === undefined) {
    if (nodeEnv === "production") {
      throw new ConfigError(
        "SIGNING_CERT_P12",
        "",
        "SIGNING_CERT_P12 is required in production: documents are sealed with the provider's certificate, and a self-signed development one proves nothing to clients",
      );
    }
    return { kind: "development", file: path.join(dataDir, "signing-dev.p12") };
  }
  // Not trimmed: a passphrase may begin or end with a space.
  const passphrase = env.SIGNING_CERT_PASSWORD ?? "";
  const file = path.resolve(cwd, raw);
  let isFile = false;
  try {
    isFile = raw.length <= 4096 && fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    // Too long or not a name at all (base64 content): not a file.
  }
  if (isFile) {
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch (error) {
      throw new ConfigError(
        "SIGNING_CERT_P12",
        file,
        `SIGNING_CERT_P12 names a file that cannot be read (${(error as NodeJS.ErrnoException).code}): ${file}`,
      );
    }
    if (!isDer(content)) {
      throw new ConfigError(
        "SIGNING_CERT_P12",
        file,
        `SIGNING_CERT_P12 names a file that is not a PKCS#12 (DER) file: ${file}`,
      );
    }
    return { kind: "p12", p12: content, passphrase };
  }
  const base64 = raw.replace(/\s+/g, "");
  const content =
    /^[A-Za-z0-9+/]+={0,2}$/.test(base64) && base64.length % 4 === 0 ? Buffer.from(base64, "base64") : null;
  if (content && isDer(content)) return { kind: "p12", p12: content, passphrase };
  // A value that reads as a path is shown; anything else may be (broken) key material and is not.
  const looksLikePath = raw.length <= 512 && /^(\/|\.{1,2}[/\\]|~|[A-Za-z]:\\)|\.(p12|pfx)$/i.test(raw);
  throw new ConfigError(
    "SIGNING_CERT_P12",
    looksLikePath ? `no file at ${file}` : "neither a file nor base64 of a PKCS#12 file",
  );
}

function accessLinks(env: Env): Config["accessLinks"] {
  const maxHours = integer(env, "ACCESS_LINK_MAX_HOURS", 1, 8760, 336);
  return { maxHours, defaultHours: integer(env, "ACCESS_LINK_HOURS", 1, maxHours, Math.min(72, maxHours)) };
}

function providerName(env: Env): string {
  const name = read(env, "PROVIDER_NAME") ?? configVariables.PROVIDER_NAME.default;
  if (name.length > 100) throw new ConfigError("PROVIDER_NAME", `${name.slice(0, 20)}…`);
  return name;
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

  const url = databaseUrl(env, "DATABASE_URL");
  const ownerUrl = databaseUrl(env, "DATABASE_OWNER_URL");
  if (ownerUrl && !url) throw new ConfigError("DATABASE_OWNER_URL", "(set without DATABASE_URL)");
  // In production the request connections must not be the owner's: a single SQL injection could otherwise
  // leave the application role and read past row-level security.
  if (url && !ownerUrl && nodeEnv === "production") throw new ConfigError("DATABASE_OWNER_URL", "");
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

  const isHttps = publicUrl.protocol === "https:";
  const ssoConfig = sso(env, { nodeEnv, isEmbedded: url === undefined, isHttps, host });
  return {
    nodeEnv,
    port,
    host,
    publicUrl: publicUrl.origin,
    isHttps,
    database: url
      ? { kind: "postgres", url, ownerUrl: ownerUrl ?? url, poolSize }
      : { kind: "pglite", dataDir },
    appRole,
    seedDemo: oneOf(env, "SEED_DEMO", ["auto", "always", "never"], "auto"),
    logLevel,
    trustProxy: trustProxy(env),
    webDistDir: path.resolve(cwd, read(env, "WEB_DIST_DIR") ?? "./dist/web"),
    isEmbedded: url === undefined,
    sso: ssoConfig,
    isDevIdpEnabled: ssoConfig.kind === "dev-idp",
    providerName: providerName(env),
    audit: {
      enabled: oneOf(env, "AUDIT_TRAIL", ["on", "off"], "on") === "on",
      retentionDays:
        read(env, "AUDIT_RETENTION_DAYS") === undefined
          ? null
          : integer(env, "AUDIT_RETENTION_DAYS", 1, 36_500, 0),
    },
    jobs: {
      enabled: oneOf(env, "JOBS_ENABLED", ["true", "false"], "true") === "true",
      expireSeconds: integer(env, "JOBS_EXPIRE_SECONDS", 2, 3600, 120),
      maintenanceSeconds: integer(env, "JOBS_MAINTENANCE_SECONDS", 1, 600, 30),
    },
    session: {
      secrets: sessionSecrets(env, nodeEnv, url === undefined),
      idleMinutes: integer(env, "SESSION_IDLE_MINUTES", 1, 1440, 30),
      absoluteHours: integer(env, "SESSION_ABSOLUTE_HOURS", 1, 168, 12),
    },
    mail: mail(env, nodeEnv, publicUrl, providerName(env)),
    accessLinks: accessLinks(env),
    // The development certificate lives in DATA_DIR even when the database is a PostgreSQL server.
    signing: signing(env, nodeEnv, dataDir, cwd),
    authRateLimit: integer(env, "AUTH_RATE_LIMIT", 10, 100_000, 300),
    liveStreams: {
      perSession: integer(env, "LIVE_STREAMS_PER_SESSION", 1, 100, 5),
      perInstance: integer(env, "LIVE_STREAMS_PER_INSTANCE", 1, 100_000, 10_000),
    },
  };
}
