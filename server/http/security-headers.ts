import type { FastifyInstance } from "fastify";
import helmet from "helmet";
import type { Config } from "../config";

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

/**
 * Security headers on every answer (helmet): a strict CSP with frame-ancestors, nosniff, a referrer policy, HSTS
 * over https; and the request id, which error bodies and the logs carry too. Helmet's middleware is built once
 * here and applied per request (building it parses the policy, which is not work for every request).
 */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const securityHeaders = helmet({
    contentSecurityPolicy: contentSecurityPolicy(config),
    hsts: config.isHttps ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });
}
