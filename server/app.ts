import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import { createScopedRunner, type RunScoped } from "./db/scope";
import { registerErrorHandling } from "./http/errors";
import { registerWebApp } from "./http/web";
import { healthRoutes } from "./modules/health/health.routes";

/** What the modules are built from; `buildApp` is the only place that wires them. */
export interface AppContext {
  config: Config;
  database: Database;
  runScoped: RunScoped;
}

export interface AppDeps {
  config: Config;
  database: Database;
}

/** Paths whose query strings carry one-time secrets (authorization codes, state); logged without them. */
const SECRET_QUERY_PREFIXES = ["/auth/", "/dev-idp/", "/access"];

function loggerOptions(config: Config): FastifyServerOptions["logger"] {
  return {
    level: config.logLevel,
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        const hidesQuery = SECRET_QUERY_PREFIXES.some((prefix) => request.url.startsWith(prefix));
        const url = hidesQuery ? (request.url.split("?")[0] ?? "") : request.url;
        return { method: request.method, url, ip: request.ip };
      },
    },
  };
}

function contentSecurityPolicy(config: Config) {
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      // Inline style attributes only (progress bar widths); no inline <style> or scripts.
      styleSrcAttr: ["'unsafe-inline'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      ...(config.isHttps ? { upgradeInsecureRequests: [] } : {}),
    },
  };
}

/** A hop count becomes "trust the nearest n hops", as Fastify documents it. */
function trustProxySetting(
  value: Config["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === "number" ? (_address, hop) => hop < value : value;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const context: AppContext = {
    config,
    database,
    runScoped: createScopedRunner(database.db, config.appRole),
  };

  const app = Fastify({
    logger: loggerOptions(config),
    // Request ids are ours: an incoming X-Request-Id is not trusted into the audit trail.
    genReqId: () => randomUUID(),
    trustProxy: trustProxySetting(config.trustProxy),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  registerErrorHandling(app);
  await app.register(helmet, {
    contentSecurityPolicy: contentSecurityPolicy(config),
    hsts: config.isHttps ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);

  await app.register(healthRoutes(context));
  await registerWebApp(app, config.webDistDir);

  return app;
}
