import { randomBytes, randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import helmet from "@fastify/helmet";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { registerAuthRoutes } from "./auth/auth.routes";
import { demoAccounts, demoIdentityRules } from "./auth/dev-idp/demo-directory";
import { DEV_IDP_INTERACTION_PATH, DEV_IDP_PATH, registerDevIdp } from "./auth/dev-idp/dev-idp.routes";
import type { IdentityRules } from "./auth/oidc/identity";
import { createRelyingParty } from "./auth/oidc/relying-party";
import { createSessionService, SessionKeys, type SessionService } from "./auth/sessions";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import { createScopedRunner, type RunScoped } from "./db/scope";
import { type Authenticate, registerAuth } from "./http/auth";
import { registerErrorHandling } from "./http/errors";
import { registerCanonicalHost } from "./http/host";
import { signInNoticeOf } from "./http/notice";
import { registerPageAssets } from "./http/page";
import { registerWebApp, type WebAppOptions } from "./http/web";
import { JobQueue } from "./jobs/queue";
import { complianceRoutes } from "./modules/compliance/compliance.routes";
import { createComplianceService } from "./modules/compliance/compliance.service";
import { dashboardRoutes } from "./modules/dashboard/dashboard.routes";
import { createDashboardService } from "./modules/dashboard/dashboard.service";
import { healthRoutes } from "./modules/health/health.routes";
import { meRoutes } from "./modules/me/me.routes";
import { createReportGeneration, type ReportGeneration } from "./modules/reports/report-generation";
import { reportRoutes } from "./modules/reports/reports.routes";
import { createReportService } from "./modules/reports/reports.service";
import { verifyRoutes } from "./modules/verify/verify.routes";

declare module "fastify" {
  interface FastifyInstance {
    /** Report generation (enqueue, monthly schedule), for the console and the CLI. */
    reportGeneration: ReportGeneration;
  }
}

/** What the modules are built from; `buildApp` is the only place that wires them. */
export interface AppContext {
  config: Config;
  database: Database;
  runScoped: RunScoped;
  sessions: SessionService;
  jobs: JobQueue;
  reportGeneration: ReportGeneration;
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

interface SignInSetup {
  issuers: string[];
  clientId: string;
  clientSecret: string;
  rules: IdentityRules;
  authorizationParams?: Record<string, string>;
}

/** The relying party's settings: the configured identity provider, or the embedded development one. */
function signInSetup(config: Config): SignInSetup {
  if (config.sso.kind === "external") {
    const { sso } = config;
    return {
      issuers: sso.issuers,
      clientId: sso.clientId,
      clientSecret: sso.clientSecret,
      rules: { ...sso, issuerKey: (issuer) => issuer },
    };
  }
  return {
    issuers: [`${config.publicUrl}${DEV_IDP_PATH}`],
    clientId: "portcullis-dev-portal",
    clientSecret: randomBytes(32).toString("base64url"),
    rules: demoIdentityRules,
    // Always show the demo user list, so signing out and in again can switch users.
    authorizationParams: { prompt: "login" },
  };
}

/**
 * Whether a page request comes with a valid session and, if not, what the sign-in page should say. The auth
 * plugin's `authenticate` clears a dead session cookie and leaves the reason as the sign-in notice.
 */
function pageSessionState(authenticate: Authenticate): WebAppOptions["sessionState"] {
  return async (request, reply) =>
    (await authenticate(request, reply)) ? "signed_in" : (signInNoticeOf(request) ?? "none");
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const runScoped = createScopedRunner(database.db, config.appRole);
  const keys = new SessionKeys(config.session.secrets);
  const sessions = createSessionService({ config, runScoped, keys });

  const app = Fastify({
    logger: loggerOptions(config),
    // Request ids are ours: an incoming X-Request-Id is not trusted into the audit trail.
    genReqId: () => randomUUID(),
    trustProxy: trustProxySetting(config.trustProxy),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const jobs = new JobQueue(database, config, app.log);
  const reportGeneration = createReportGeneration({ config, runScoped, jobs, log: app.log });
  const context: AppContext = { config, database, runScoped, sessions, jobs, reportGeneration };
  app.decorate("reportGeneration", reportGeneration);
  // Workers start once the app is ready and stop (finishing their job) when it closes, before the database does.
  app.addHook("onReady", async () => {
    await jobs.start();
    if (config.jobs.enabled) {
      await reportGeneration.startSchedules();
      const pending = await reportGeneration.recover();
      if (pending > 0) app.log.info({ pending }, "reports queued for generation");
    }
  });
  app.addHook("onClose", async () => jobs.stop());

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
  registerCanonicalHost(app, config.publicUrl);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  const authenticate = registerAuth(app, { config, sessions });
  registerPageAssets(app);

  const setup = signInSetup(config);
  const redirectUri = `${config.publicUrl}/auth/callback`;
  if (config.isDevIdpEnabled) {
    // Loaded only when used: production never loads the development identity provider at all.
    const { createIdentityProvider } = await import("./auth/dev-idp/provider");
    const provider = await createIdentityProvider({
      issuer: setup.issuers[0]!,
      clientId: setup.clientId,
      clientSecret: setup.clientSecret,
      redirectUri,
      accounts: demoAccounts,
      interactionPath: DEV_IDP_INTERACTION_PATH,
    });
    await registerDevIdp(app, { provider, accounts: demoAccounts });
  }
  await registerAuthRoutes(app, {
    config,
    runScoped,
    keys,
    sessions,
    relyingParty: createRelyingParty({ ...setup, redirectUri }),
    rules: setup.rules,
    issuers: setup.issuers,
    authenticate,
  });

  await app.register(healthRoutes(context));
  await app.register(meRoutes(context));

  const reports = createReportService({ runScoped });
  const compliance = createComplianceService({ runScoped });
  await app.register(dashboardRoutes(createDashboardService({ runScoped })));
  await app.register(reportRoutes(reports));
  await app.register(complianceRoutes(compliance));
  await app.register(verifyRoutes(runScoped));
  await registerWebApp(app, { config, sessionState: pageSessionState(authenticate) });

  return app;
}
