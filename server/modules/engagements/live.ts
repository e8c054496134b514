import { PassThrough } from "node:stream";
import type { FastifyBaseLogger } from "fastify";
import type { EngagementEventData, EngagementEventName } from "../../../contracts/engagements";
import type { Actor } from "../../auth/permissions";
import type { SessionService } from "../../auth/sessions";
import type { RunScoped, ScopedTransaction, TenantScope } from "../../db/scope";
import { AppError } from "../../errors";
import type { ChangeFeed } from "../../events/change-feed";
import * as queries from "./engagements.queries";
import { phasesWithMilestones, toMilestone, toUpdate } from "./engagements.service";

/** A comment line every 15 s keeps proxies from closing an idle stream and finds dead connections. */
const HEARTBEAT_MS = 15_000;
/**
 * Ends of sessions are announced (sign-out, user disabled or role changed, link revoked) and a stream closes at its
 * session's expiry by a timer; as a safety net (a session row deleted outright), every 40th heartbeat — ten minutes —
 * the session is checked again. Streams start at a random point of that cycle, so the checks spread out.
 */
const SESSION_CHECK_EVERY = 40;
/** A client that stops reading is dropped once this much is waiting for it. */
const MAX_BUFFERED_BYTES = 256 * 1024;

export interface StreamLimits {
  perSession: number;
  perInstance: number;
}

interface Member {
  out: PassThrough;
  lastSeq: number;
  actor: Actor;
  token: string;
  heartbeats: number;
  expiry: NodeJS.Timeout;
}

interface Group {
  engagementId: string;
  scope: TenantScope;
  members: Set<Member>;
  /** Deliveries of one group run one after another, so events leave in order. */
  queue: Promise<void>;
}

type Rendered = { seq: number; text: string };

const frame = <K extends EngagementEventName>(name: K, data: EngagementEventData[K], id?: number) =>
  `${id !== undefined ? `id: ${id}\n` : ""}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * Live engagement streams (Server-Sent Events) of one instance. Database triggers record each client-visible change
 * in `engagement_events` and announce `engagement:<id>` at commit; the change feed brings the announcement here
 * (LISTEN/NOTIFY, PGlite's listen()). Streams of one engagement that read in the same scope form a group, which
 * reads the new events and what they name once, in that scope, under row-level security, and writes them to each
 * member in order. A member remembers the last event it got, so a reconnect with Last-Event-ID (within the hour the
 * events are kept) gets exactly what it missed.
 */
export function createEngagementStreams(deps: {
  runScoped: RunScoped;
  changes: ChangeFeed;
  sessions: SessionService;
  log: FastifyBaseLogger;
  limits: StreamLimits;
}) {
  const { runScoped, changes, sessions, log, limits } = deps;
  const groups = new Map<string, Map<string, Group>>();
  const perSession = new Map<string, number>();
  let total = 0;

  const scopeKey = (scope: TenantScope) =>
    `${scope.tenantId}|${scope.workspaceIds === "all" ? "*" : [...scope.workspaceIds].sort().join(",")}`;

  function remove(group: Group, member: Member) {
    if (!group.members.delete(member)) return;
    clearTimeout(member.expiry);
    total--;
    const count = (perSession.get(member.actor.sessionId) ?? 1) - 1;
    if (count > 0) perSession.set(member.actor.sessionId, count);
    else perSession.delete(member.actor.sessionId);
    if (group.members.size === 0) {
      const byScope = groups.get(group.engagementId);
      byScope?.delete(scopeKey(group.scope));
      if (byScope?.size === 0) groups.delete(group.engagementId);
    }
    if (!member.out.destroyed) member.out.end();
  }

  function write(group: Group, member: Member, text: string) {
    if (member.out.destroyed) return remove(group, member);
    member.out.write(text);
    if (member.out.writableLength > MAX_BUFFERED_BYTES) {
      log.info({ engagement: group.engagementId }, "live stream dropped: the client is not reading");
      member.out.destroy();
      remove(group, member);
    }
  }

  async function render(trx: ScopedTransaction, engagementId: string, events: queries.EventRow[]) {
    const rendered: Rendered[] = [];
    for (const event of events) {
      const seq = Number(event.seq);
      if (event.kind === "milestone" && event.subject_id) {
        const row = await queries.findMilestone(trx, engagementId, event.subject_id);
        if (row) {
          const counts = await queries.milestoneCounts(trx, engagementId);
          const progress = {
            done: counts.done,
            total: counts.total,
            percentComplete: counts.total === 0 ? 0 : Math.floor((counts.done * 100) / counts.total),
          };
          rendered.push({
            seq,
            text: frame("milestone", toMilestone(row), seq) + frame("progress", progress),
          });
          continue;
        }
      }
      if (event.kind === "update" && event.subject_id) {
        const row = await queries.findClientUpdate(trx, engagementId, event.subject_id);
        if (row) rendered.push({ seq, text: frame("update", toUpdate(row), seq) });
        continue;
      }
      if (event.kind === "status") {
        const row = await queries.findEngagement(trx, engagementId);
        if (row) {
          const data = {
            status: row.status,
            name: row.name,
            summary: row.summary,
            startsOn: row.starts_on,
            endsOn: row.ends_on,
            updatedAt: row.updated_at.toISOString(),
          };
          rendered.push({ seq, text: frame("status", data, seq) });
        }
        continue;
      }
      // Phases changed, or a milestone was removed: the whole plan again.
      rendered.push({
        seq,
        text: frame("phases", { phases: await phasesWithMilestones(trx, engagementId) }, seq),
      });
    }
    return rendered;
  }

  async function deliver(group: Group): Promise<void> {
    if (group.members.size === 0) return;
    const from = Math.min(...[...group.members].map((member) => member.lastSeq));
    const rendered = await runScoped(group.scope, async (trx) => {
      const events = await queries.eventsAfter(trx, group.engagementId, String(from));
      return render(trx, group.engagementId, events);
    });
    for (const event of rendered) {
      for (const member of group.members) {
        if (event.seq <= member.lastSeq) continue;
        write(group, member, event.text);
        member.lastSeq = event.seq;
      }
    }
  }

  function pump(group: Group) {
    group.queue = group.queue
      .then(() => deliver(group))
      .catch((error: unknown) =>
        log.warn({ err: error, engagement: group.engagementId }, "live stream delivery failed"),
      );
  }

  const unsubscribe = [
    changes.on("engagement", (engagementId) => {
      for (const group of groups.get(engagementId)?.values() ?? []) pump(group);
    }),
    // Announcements may have been missed while the feed reconnected: every group catches up from the table.
    changes.onGap(() => {
      for (const byScope of groups.values()) for (const group of byScope.values()) pump(group);
    }),
    ...(["session", "user", "client_token"] as const).map((topic) =>
      changes.on(topic, (id) => {
        const ended = (actor: Actor) =>
          topic === "session"
            ? actor.sessionId === id
            : topic === "user"
              ? actor.userId === id
              : actor.clientTokenId === id;
        for (const byScope of groups.values()) {
          for (const group of byScope.values()) {
            for (const member of group.members) if (ended(member.actor)) remove(group, member);
          }
        }
      }),
    ),
  ];

  const heartbeat = setInterval(() => {
    for (const byScope of groups.values()) {
      for (const group of byScope.values()) {
        for (const member of group.members) {
          write(group, member, ": heartbeat\n\n");
          if (++member.heartbeats % SESSION_CHECK_EVERY === 0) {
            sessions.checkToken(member.token).then(
              (checked) => {
                if ("refused" in checked) remove(group, member);
              },
              () => {},
            );
          }
        }
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    get size() {
      return total;
    },

    /**
     * Opens a stream for a caller already allowed to see the engagement in `scope`. `lastEventId`: resume after
     * it (a reconnect); otherwise only changes from now on. Throws 429 over the limits.
     */
    open(input: {
      engagementId: string;
      scope: TenantScope;
      actor: Actor;
      token: string;
      lastEventId: string | undefined;
      /** When the session's token expires (ms since the epoch): the stream ends then. */
      sessionExpiresAt: number;
      /** The engagement's event log: its newest and oldest kept seq. */
      newest: number;
      oldest: number;
    }): PassThrough {
      const { engagementId, scope, actor } = input;
      if (total >= limits.perInstance) {
        throw new AppError(
          "rate_limited",
          "This server holds as many live streams as it can; try again shortly",
        );
      }
      if ((perSession.get(actor.sessionId) ?? 0) >= limits.perSession) {
        throw new AppError(
          "rate_limited",
          `At most ${limits.perSession} live streams per session: close another tab`,
        );
      }
      const { newest, oldest } = input;
      const out = new PassThrough();
      // The browser reconnects by itself after 3 s; comments pad the first bytes past proxy buffers.
      out.write("retry: 3000\n: connected\n\n");
      const resumeFrom =
        input.lastEventId !== undefined && /^\d{1,18}$/.test(input.lastEventId)
          ? Number(input.lastEventId)
          : null;
      let lastSeq = newest;
      if (resumeFrom !== null) {
        // Older than what is kept: some changes cannot be replayed, so the client reads the whole view again.
        if (resumeFrom < oldest - 1 || resumeFrom > newest) out.write(frame("resync", {}));
        else lastSeq = resumeFrom;
      }
      const byScope = groups.get(engagementId) ?? new Map<string, Group>();
      groups.set(engagementId, byScope);
      const key = scopeKey(scope);
      const group = byScope.get(key) ?? { engagementId, scope, members: new Set(), queue: Promise.resolve() };
      byScope.set(key, group);
      const member: Member = {
        out,
        lastSeq,
        actor,
        token: input.token,
        heartbeats: Math.floor(Math.random() * SESSION_CHECK_EVERY),
        expiry: setTimeout(() => remove(group, member), Math.max(0, input.sessionExpiresAt - Date.now())),
      };
      member.expiry.unref();
      group.members.add(member);
      total++;
      perSession.set(actor.sessionId, (perSession.get(actor.sessionId) ?? 0) + 1);
      out.on("close", () => remove(group, member));
      if (lastSeq < newest) pump(group);
      return out;
    },

    close() {
      clearInterval(heartbeat);
      for (const stop of unsubscribe) stop();
      for (const byScope of groups.values()) {
        for (const group of byScope.values()) for (const member of group.members) remove(group, member);
      }
    },
  };
}

export type EngagementStreams = ReturnType<typeof createEngagementStreams>;
