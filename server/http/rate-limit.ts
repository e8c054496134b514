import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors";

/**
 * The rate limits routes may declare (`config.rateLimit`), per client address. Counters live in PostgreSQL, so
 * every instance behind the load balancer counts against the same budget. The address is Fastify's `request.ip`:
 * X-Forwarded-For is believed only from a configured trusted proxy.
 */
export const rateLimits = {
  /** Public routes that do work for anyone (document verification): generous for people, not for scripts. */
  public: { points: 60, durationSeconds: 60 },
} as const;

export type RateLimitName = keyof typeof rateLimits;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Counts each request against this per-address limit; over it, 429 with Retry-After. */
    rateLimit?: RateLimitName;
  }
}

export function registerRateLimits(app: FastifyInstance, deps: { pool: pg.Pool }): void {
  const limiters = new Map(
    Object.entries(rateLimits).map(([name, limit]) => [
      name,
      new RateLimiterPostgres({
        storeClient: deps.pool,
        storeType: "pool",
        tableName: "rate_limits",
        tableCreated: true,
        keyPrefix: name,
        points: limit.points,
        duration: limit.durationSeconds,
      }),
    ]),
  );

  app.addHook("onRequest", async (request, reply) => {
    const name = request.routeOptions.config.rateLimit;
    if (!name) return;
    try {
      await limiters.get(name)!.consume(request.ip);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      reply.header("retry-after", String(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))));
      throw new AppError("rate_limited", "Too many requests from your address; try again in a minute");
    }
  });
}
