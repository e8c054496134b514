import type { FastifyInstance, FastifyReply } from "fastify";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { apiKeyHash, bearerKeyOf } from "../auth/api-keys";
import { AppError } from "../errors";
import { isAuditedPath } from "./audit";

/**
 * Rate limits, counted per key (a client address, an email address) in PostgreSQL, so every instance behind the
 * load balancer counts against the same budget. The client address is Fastify's `request.ip`: X-Forwarded-For is
 * believed only from a configured trusted proxy (TRUST_PROXY).
 */
export const rateLimits = {
  /** Public routes that do work for anyone (document verification): generous for people, not for scripts. */
  public: { points: 60, durationSeconds: 60 },
  /** Every /auth/* request, per client address (points: AUTH_RATE_LIMIT): sign-in cannot be hammered. */
  auth: { points: 300, durationSeconds: 60 },
  /** Access links that did not open (unknown, used, expired, revoked, malformed), per client address. */
  linkFailures: { points: 10, durationSeconds: 5 * 60 },
  /** "Email me a link", per client address. */
  linkRequests: { points: 10, durationSeconds: 15 * 60 },
  /** "Email me a link", per email address: nobody can bury an inbox in links. */
  linkRequestsPerAddress: { points: 3, durationSeconds: 60 * 60 },
  /** Ingestion batches, per API key (counted before the key is looked up, by its hash). */
  ingest: { points: 120, durationSeconds: 60 },
} as const;

export type RateLimitName = keyof typeof rateLimits;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Counts each request against this per-address limit; over it, 429 with Retry-After. */
    rateLimit?: RateLimitName;
  }
}

export interface RateLimiter {
  /** Counts one request of `key`; over the limit, refuses it: 429 with Retry-After. */
  consume(reply: FastifyReply, name: RateLimitName, key: string): Promise<void>;
  /** Counts one request of `key`; false (nothing thrown) when over the limit. */
  tryConsume(name: RateLimitName, key: string): Promise<boolean>;
  /** Refuses (429 with Retry-After) when `key` has used up the limit already; counts nothing. */
  ensureAllowed(reply: FastifyReply, name: RateLimitName, key: string): Promise<void>;
  /** Counts one against `key` without refusing (a failure, counted after the fact). */
  count(name: RateLimitName, key: string): Promise<void>;
}

function refuse(reply: FastifyReply, msBeforeNext: number): never {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  reply.header("retry-after", String(seconds));
  const wait = seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
  throw new AppError("rate_limited", `Too many requests from your address; try again in ${wait}`);
}

export function registerRateLimits(
  app: FastifyInstance,
  deps: { pool: pg.Pool; authPerMinute: number },
): RateLimiter {
  const points = (name: RateLimitName) => (name === "auth" ? deps.authPerMinute : rateLimits[name].points);
  const limiters = new Map(
    (Object.keys(rateLimits) as RateLimitName[]).map((name) => [
      name,
      new RateLimiterPostgres({
        storeClient: deps.pool,
        storeType: "pool",
        tableName: "rate_limits",
        tableCreated: true,
        keyPrefix: name,
        points: points(name),
        duration: rateLimits[name].durationSeconds,
      }),
    ]),
  );
  const limiter = (name: RateLimitName) => limiters.get(name)!;

  const rateLimiter: RateLimiter = {
    async consume(reply, name, key) {
      try {
        await limiter(name).consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        refuse(reply, refusal.msBeforeNext);
      }
    },
    async tryConsume(name, key) {
      try {
        await limiter(name).consume(key);
        return true;
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        return false;
      }
    },
    async ensureAllowed(reply, name, key) {
      const state = await limiter(name).get(key);
      if (state && state.consumedPoints >= points(name)) refuse(reply, state.msBeforeNext);
    },
    async count(name, key) {
      await limiter(name).penalty(key, 1);
    },
  };

  app.addHook("onRequest", async (request, reply) => {
    // Sign-in and access-link routes, whatever they declare; the stylesheet of their pages is not counted.
    if (request.url.startsWith("/auth/") && isAuditedPath(request.url)) {
      await rateLimiter.consume(reply, "auth", request.ip);
    }
    const name = request.routeOptions.config.rateLimit;
    if (name) await rateLimiter.consume(reply, name, request.ip);
    if (request.routeOptions.config.apiKey) {
      const key = bearerKeyOf(request.headers.authorization);
      if (key) await rateLimiter.consume(reply, "ingest", apiKeyHash(key).toString("hex"));
    }
  });
  return rateLimiter;
}
