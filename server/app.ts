import { randomBytes, randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { archiveSealedBefore } from "./audit/retention";
import { startSealer } from "./audit/sealer";
import { demoAccounts, demoIdentityRules } from "./auth/dev-idp/demo-directory";
import type { IdentityRules } from "./auth/oidc/identity";
import { createRelyingParty } from "./auth/oidc/relying-party";
import { createSessionService, SessionKeys, type SessionService } from "./auth/sessions";
import type { Config } from "./config";
import type { Database } from "./db/connection";
import { createScopedRunner, type RunScoped } from "./db/scope";
import { createChangeFeed } from "./events/change-feed";
import { registerAudit } from "./http/audit";
import { registerAuth } from "./http/auth";
import { registerErrorHandling } from "./http/errors";
import { registerCanonicalHost } from "./http/host";
import { registerInputChecks } from "./http/input";
import { registerOpenApi } from "./http/openapi";
import { registerPageAssets } from "./http/page";
import { registerRateLimits } from "./http/rate-limit";
import { registerSecurityHeaders } from "./http/security-headers";
import { registerWebApp } from "./http/web";
import { JobQueue } from "./jobs/queue";
import { createMailer } from "./mail/mailer";
import { accessLinkRoutes } from "./modules/access-links/access-links.routes";
import {
  ACCESS_LINK_MAIL_QUEUE,
  ACCESS_LINK_MAIL_RETRIES,
  ACCESS_LINK_REQUEST_QUEUE,
  createAccessLinkService,
} from "./modules/access-links/access-links.service";
import { auditRoutes } from "./modules/audit/audit.routes";
import { createAuditService } from "./modules/audit/audit.service";
import { complianceRoutes } from "./modules/compliance/compliance.routes";
import { createComplianceService } from "./modules/compliance/compliance.service";
import { createDashboardCache } from "./modules/dashboard/dashboard.cache";
import { dashboardRoutes } from "./modules/dashboard/dashboard.routes";
import { createDashboardService } from "./modules/dashboard/dashboard.service";
import { DEV_IDP_INTERACTION_PATH, DEV_IDP_PATH, registerDevIdp } from "./modules/dev-idp/dev-idp.routes";
import { registerDevMailbox } from "./modules/dev-mailbox/dev-mailbox.routes";
import { engagementRoutes } from "./modules/engagements/engagements.routes";
import { createEngagementService } from "./modules/engagements/engagements.service";
import { createEngagementStreams } from "./modules/engagements/live";
import { healthRoutes } from "./modules/health/health.routes";
import { ingestRoutes } from "./modules/ingest/ingest.routes";
import { createIngestService } from "./modules/ingest/ingest.service";
import { meRoutes } from "./modules/me/me.routes";
import { meOf } from "./modules/me/me.service";
import { proposalRoutes } from "./modules/proposals/proposals.routes";
import {
  createProposalService,
  PROPOSAL_CERTIFY_QUEUE,
  PROPOSAL_MAIL_QUEUE,
} from "./modules/proposals/proposals.service";
import { reportConsoleRoutes } from "./modules/reports/console.routes";
import { createReportConsoleService } from "./modules/reports/console.service";
import { createReportGeneration, type ReportGeneration } from "./modules/reports/report-generation";
import { reportRoutes } from "./modules/reports/reports.routes";
import { createReportService } from "./modules/reports/reports.service";
import { registerAuthRoutes } from "./modules/sign-in/sign-in.routes";
import { tenantRoutes } from "./modules/tenants/tenants.routes";
import { createTenantService } from "./modules/tenants/tenants.service";
import { userRoutes } from "./modules/users/users.routes";
import { createUserService } from "./modules/users/users.service";
import { verifyRoutes } from "./modules/verify/verify.routes";
import { createVerifyService } from "./modules/verify/verify.service";
import { developmentSealingIdentity, openSealingIdentity, type SealingIdentity, sealPdf } from "./pdf/seal";

declare module "fastify" {
  interface FastifyInstance {
    /** Report generation (enqueue, monthly schedule), for the console and the CLI. */
    reportGeneration: ReportGeneration;
  }
}

/** Every ten minutes: forget engagement events older than an hour (a reconnect replays at most ten minutes). */
const ENGAGEMENT_EVENTS_PRUNE_QUEUE = "engagement-events.prune";

/** Hourly: archive the audit trail's sealed ranges older than AUDIT_RETENTION_DAYS. */
const AUDIT_RETENTION_QUEUE = "audit.retention";

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

/**
 * JSON and form bodies are small everywhere (a few fields); a route that takes more says so itself, and the PDF
 * upload of document verification has its own parser limit.
 */
const BODY_LIMIT_BYTES = 8 * 1024;

/** Paths whose query strings carry one-time secrets (authorization codes, state); logged without them. */
const SECRET_QUERY_PREFIXES = ["/auth/", "/dev-idp/", "/access", "/api/v1/ingest/"];

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

/** A hop count becomes "trust the nearest n hops", as Fastify documents it. */
function trustProxySetting(
  value: Config["trustProxy"],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === "number" ? (_address, hop) => hop < value : value;
}

/**
 * Seals finished documents with the provider's certificate: `SIGNING_CERT_P12`, opened at start (a wrong password
 * stops the server), or the development certificate kept in the data folder, made on first use.
 */
function createSealer(config: Config): (pdf: Buffer, signingTime: Date) => Promise<Buffer> {
  const { signing, providerName } = config;
  const opened = signing.kind === "p12" ? openSealingIdentity(signing.p12, signing.passphrase) : null;
  const developmentFile = signing.kind === "development" ? signing.file : null;
  let development: Promise<SealingIdentity> | null = null;
  const identity = () => {
    if (opened) return Promise.resolve(opened);
    development ??= developmentSealingIdentity(developmentFile ?? "", providerName);
    return development;
  };
  const reason = opened
    ? `Signed electronically in the ${providerName} client portal; sealed by ${providerName}`
    : `Signed electronically in the ${providerName} client portal; sealed with a DEVELOPMENT certificate (not for production use)`;
  return async (pdf, signingTime) =>
    sealPdf(pdf, await identity(), { reason, name: providerName, signingTime });
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

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const runScoped = createScopedRunner(database, config.appRole);
  const keys = await SessionKeys.import(config.session.secrets);
  const sessions = createSessionService({ config, keys, runScoped });

  const app = Fastify({
    logger: loggerOptions(config),
    // Request ids are ours: an incoming X-Request-Id is not trusted into the audit trail.
    genReqId: () => randomUUID(),
    trustProxy: trustProxySetting(config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const jobs = new JobQueue(database, config, app.log);
  const changes = createChangeFeed(database, app.log);
  const reportGeneration = createReportGeneration({ config, runScoped, jobs, log: app.log });
  const mailer = await createMailer({ config, runScoped, log: app.log });
  const accessLinks = createAccessLinkService({
    config,
    runScoped,
    sessions,
    sealKey: keys.linkSealKey,
    jobs,
    mailer,
  });
  jobs.define<{ tokenId: string }>({
    name: ACCESS_LINK_MAIL_QUEUE,
    retryLimit: ACCESS_LINK_MAIL_RETRIES,
    retryDelay: 5,
    handler: (data, attempt) => accessLinks.sendMail(data.tokenId, attempt),
  });
  jobs.define<{ email: string; workspaceHint?: string }>({
    name: ACCESS_LINK_REQUEST_QUEUE,
    retryLimit: 3,
    retryDelay: 5,
    handler: async (data) => {
      await accessLinks.request(data.email, data.workspaceHint);
    },
  });
  jobs.define({
    name: ENGAGEMENT_EVENTS_PRUNE_QUEUE,
    retryLimit: 1,
    retryDelay: 60,
    handler: async () => {
      await runScoped({ kind: "system" }, (trx) =>
        trx
          .deleteFrom("engagement_events")
          .where("created_at", "<", new Date(Date.now() - 3_600_000))
          .execute(),
      );
    },
  });
  const proposals = createProposalService({
    config,
    runScoped,
    jobs,
    mailer,
    accessLinks,
    seal: createSealer(config),
  });
  jobs.define<{ signerId: string }>({
    name: PROPOSAL_MAIL_QUEUE,
    retryLimit: ACCESS_LINK_MAIL_RETRIES,
    retryDelay: 5,
    handler: (data) => proposals.sendSignerMail(data.signerId),
  });
  jobs.define<{ proposalId: string }>({
    name: PROPOSAL_CERTIFY_QUEUE,
    retryLimit: 5,
    retryDelay: 10,
    handler: (data) => proposals.certify(data.proposalId),
  });
  const streams = createEngagementStreams({
    runScoped,
    changes,
    sessions,
    log: app.log,
    limits: config.liveStreams,
  });
  const context: AppContext = { config, database, runScoped, sessions, jobs, reportGeneration };
  app.decorate("reportGeneration", reportGeneration);
  // Workers start once the app is ready and stop (finishing their job) when it closes, before the database does.
  const { retentionDays } = config.audit;
  if (retentionDays !== null) {
    jobs.define({
      name: AUDIT_RETENTION_QUEUE,
      retryLimit: 3,
      retryDelay: 60,
      handler: async () => {
        const cutoff = new Date(Date.now() - retentionDays * 86_400_000);
        const archived = await archiveSealedBefore(database.owner.db, cutoff);
        if (archived) app.log.info(archived, "audit retention: sealed ranges archived");
      },
    });
  }
  let sealer: { stop(): Promise<void> } | null = null;
  app.addHook("onReady", async () => {
    await changes.start();
    // Every instance offers to seal; one at a time does (see server/audit/sealer.ts).
    if (config.audit.enabled) {
      sealer = startSealer(runScoped, (error) =>
        app.log.warn({ err: error }, "audit sealing failed; retrying"),
      );
    }
    await jobs.start();
    if (config.jobs.enabled) {
      await reportGeneration.startSchedules();
      if (retentionDays !== null) await jobs.schedule(AUDIT_RETENTION_QUEUE, "17 * * * *");
      await jobs.schedule(ENGAGEMENT_EVENTS_PRUNE_QUEUE, "*/10 * * * *");
      const pending = await reportGeneration.recover();
      if (pending > 0) app.log.info({ pending }, "reports queued for generation");
      const mails = await accessLinks.requeueMail();
      if (mails > 0) app.log.info({ mails }, "access link emails queued again");
      const certifications = await proposals.requeueCertification();
      if (certifications > 0) app.log.info({ certifications }, "signed copies queued again");
    }
  });
  // Open streams end first: the server's close waits for every connection to finish.
  app.addHook("preClose", async () => streams.close());
  app.addHook("onClose", async () => {
    await sealer?.stop();
    await jobs.stop();
    await mailer.close();
    await changes.close();
  });

  registerErrorHandling(app);
  registerInputChecks(app);
  registerSecurityHeaders(app, config);
  registerCanonicalHost(app, config.publicUrl);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  const audit = registerAudit(app, {
    // Its own connection: answers wait for these commits, which must not queue behind request transactions.
    runScoped: createScopedRunner(database.audit, config.appRole),
    enabled: config.audit.enabled,
  });
  const pageSession = registerAuth(app, { config, database, sessions, audit });
  const rateLimiter = registerRateLimits(app, { pool: database.pool, authPerMinute: config.authRateLimit });
  await registerOpenApi(app, config);
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
  });

  await app.register(healthRoutes(context));
  await app.register(meRoutes);
  await app.register(dashboardRoutes(createDashboardService({ cache: createDashboardCache(changes) })));
  await app.register(reportRoutes(createReportService()));
  await app.register(reportConsoleRoutes(createReportConsoleService({ reportGeneration })));
  await app.register(complianceRoutes(createComplianceService()));
  await app.register(verifyRoutes(createVerifyService({ runScoped })));
  await app.register(tenantRoutes(createTenantService()));
  await app.register(userRoutes(createUserService({ sessions, accessLinks, roleMap: setup.rules.roleMap })));
  await app.register(accessLinkRoutes(accessLinks, { config, rateLimiter }));
  await app.register(engagementRoutes(createEngagementService(), { config, streams }));
  await app.register(proposalRoutes(proposals));
  await app.register(ingestRoutes(createIngestService()));
  if (config.mail.kind === "dev-mailbox") registerDevMailbox(app, { config, runScoped, pageSession });
  await app.register(auditRoutes(createAuditService({ runScoped, providerName: config.providerName })));
  await registerWebApp(app, {
    config,
    pageSession,
    initialData: (actor) => ({ me: meOf(actor) }),
  });

  return app;
}
