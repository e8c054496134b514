import type { FastifyBaseLogger } from "fastify";
import pg from "pg";
import type { Database } from "../db/connection";

/** The channel database triggers announce changes on; payloads are `<topic>:<subject>`, ids only. */
export const CHANGES_CHANNEL = "portcullis_changes";

const RECONNECT_DELAYS_MS = [100, 250, 500, 1000, 2000, 5000];

/**
 * Changes committed by any instance, as PostgreSQL announces them (LISTEN/NOTIFY; PGlite's own `listen()` in the
 * embedded mode). What an instance keeps in memory about the database stays exact only while it hears every
 * change, so `isLive` is false from the moment the listening connection is lost until it is back, and `onGap`
 * handlers run whenever changes may have been missed.
 */
export interface ChangeFeed {
  readonly isLive: boolean;
  /** Calls `handler(subject)` for every `<topic>:<subject>` announcement; returns the unsubscribe function. */
  on(topic: string, handler: (subject: string) => void): () => void;
  /** Calls `handler` when announcements may have been missed (the connection was lost, or is back). */
  onGap(handler: () => void): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createChangeFeed(database: Database, log: FastifyBaseLogger): ChangeFeed {
  const topics = new Map<string, Set<(subject: string) => void>>();
  const gapHandlers = new Set<() => void>();
  let live = false;
  let closed = false;
  let client: pg.Client | null = null;
  let stopPglite: (() => Promise<void>) | null = null;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;

  const dispatch = (payload: string | undefined) => {
    if (!payload) return;
    const separator = payload.indexOf(":");
    if (separator < 0) return;
    for (const handler of topics.get(payload.slice(0, separator)) ?? [])
      handler(payload.slice(separator + 1));
  };
  const gap = () => {
    for (const handler of gapHandlers) handler();
  };

  const lost = (reason: unknown) => {
    if (closed) return;
    if (live)
      log.warn({ err: reason }, "change feed lost its database connection; caches are off until it is back");
    live = false;
    gap();
    client?.removeAllListeners();
    client?.end().catch(() => {});
    client = null;
    const delay = RECONNECT_DELAYS_MS[Math.min(attempt++, RECONNECT_DELAYS_MS.length - 1)]!;
    retryTimer = setTimeout(() => void connect(), delay);
    retryTimer.unref();
  };

  async function connect(): Promise<void> {
    retryTimer = null;
    if (closed || !database.clientConfig) return;
    const next = new pg.Client(database.clientConfig);
    next.on("error", lost);
    next.on("end", () => lost(new Error("connection ended")));
    next.on("notification", (message) => dispatch(message.payload));
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      if (client === next) lost(error);
      return;
    }
    attempt = 0;
    live = true;
    // Anything remembered before this moment may have missed an announcement.
    gap();
  }

  return {
    get isLive() {
      return live;
    },
    on(topic, handler) {
      let handlers = topics.get(topic);
      if (!handlers) {
        handlers = new Set();
        topics.set(topic, handlers);
      }
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onGap(handler) {
      gapHandlers.add(handler);
      return () => gapHandlers.delete(handler);
    },
    async start() {
      if (database.pglite) {
        stopPglite = await database.pglite.listen(CHANGES_CHANNEL, dispatch);
        live = true;
        return;
      }
      await connect();
    },
    async close() {
      closed = true;
      live = false;
      if (retryTimer) clearTimeout(retryTimer);
      await stopPglite?.();
      const current = client;
      client = null;
      current?.removeAllListeners();
      current?.on("error", () => {});
      await current?.end().catch(() => {});
    },
  };
}
