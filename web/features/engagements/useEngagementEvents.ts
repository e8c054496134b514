import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type {
  EngagementEventData,
  EngagementEventName,
  EngagementList,
} from "../../../contracts/engagements";
import { meQuery } from "../auth/useMe";
import { type ClientViewData, engagementEventsUrl, engagementKeys } from "./api";
import {
  findMilestone,
  milestoneAnnouncement,
  onFirstPage,
  phasesAnnouncement,
  progressOf,
  statusAnnouncement,
  updateAnnouncement,
  withMilestone,
  withSummary,
  withUpdate,
} from "./liveEvents";

/**
 * The stream's state as the page shows it: `live` while events arrive, `reconnecting` while the browser retries a
 * dropped stream, `offline` when it gave up (no network, the server refused) until the next try.
 */
export type LiveState = "connecting" | "live" | "reconnecting" | "offline";

export interface Announcement {
  id: number;
  text: string;
}

/** After the browser gave up on the stream (a 429, a server restart), the next tries wait this long, then longer. */
const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];
/** A tab out of sight this long lets go of its stream (browsers allow few connections per site); back, it resyncs. */
const HIDDEN_GRACE_MS = 120_000;
/** The last few announcements stay in the live region (each added line is read once). */
const MAX_ANNOUNCEMENTS = 3;
/** How long a milestone or update changed by an event stays marked on screen. */
const HIGHLIGHT_MS = 6_000;

const eventNames: EngagementEventName[] = ["milestone", "progress", "update", "status", "phases", "resync"];

export interface EngagementEvents {
  state: LiveState;
  announcements: Announcement[];
  /** Ids of the milestones and updates that changed a moment ago, to mark on screen. */
  highlighted: ReadonlySet<string>;
  /** Try the stream again now (after it went offline). */
  reconnect: () => void;
}

/**
 * Follows one engagement's Server-Sent Events and applies them to the cached client view (and the engagements
 * list), so the page changes without reloading. Closes the stream on unmount. `enabled: false` (the engagement
 * is not there) opens nothing.
 */
export function useEngagementEvents(
  id: string,
  tenant: string | undefined,
  enabled: boolean,
): EngagementEvents {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const [announcements, setAnnouncements] = useState<Announcement[]>([]);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(() => new Set());
  const reconnectRef = useRef<() => void>(() => {});
  const nextAnnouncement = useRef(0);

  const announce = useCallback((text: string | null) => {
    if (!text) return;
    const entry = { id: nextAnnouncement.current++, text };
    setAnnouncements((current) => [...current, entry].slice(-MAX_ANNOUNCEMENTS));
  }, []);

  const highlight = useCallback((itemId: string) => {
    setHighlighted((current) => new Set(current).add(itemId));
    window.setTimeout(() => {
      setHighlighted((current) => {
        const next = new Set(current);
        next.delete(itemId);
        return next;
      });
    }, HIGHLIGHT_MS);
  }, []);

  useEffect(() => {
    if (!enabled) return;
    setState("connecting");
    const viewKey = engagementKeys.view(id, tenant);
    let source: EventSource | null = null;
    let stopped = false;
    let attempt = 0;
    let retryTimer: number | undefined;
    let hiddenTimer: number | undefined;
    /** Events may have been missed (the stream dropped, or the page's data is older than the stream). */
    let mustResync = false;

    const readView = () => queryClient.getQueryData<ClientViewData>(viewKey)?.pages[0];
    const resync = () => void queryClient.invalidateQueries({ queryKey: viewKey, exact: true });
    const updateView = (change: (data: ClientViewData) => ClientViewData) =>
      queryClient.setQueryData<ClientViewData>(viewKey, (data) => (data ? change(data) : data));
    const updateLists = (change: Parameters<typeof withSummary>[2]) =>
      queryClient.setQueriesData<EngagementList>({ queryKey: engagementKeys.lists }, (list) =>
        list ? withSummary(list, id, change) : list,
      );

    const handlers: { [K in EngagementEventName]: (data: EngagementEventData[K]) => void } = {
      milestone: (milestone) => {
        const view = readView();
        if (!view) return;
        const next = withMilestone(view, milestone);
        if (!next) {
          resync();
          return;
        }
        announce(milestoneAnnouncement(findMilestone(view.phases, milestone.id), milestone));
        updateView((data) => onFirstPage(data, () => next));
        const { done, total, percent } = progressOf(next.phases);
        updateLists({ percentComplete: percent, milestones: { done, total } });
        highlight(milestone.id);
      },
      progress: ({ percentComplete, done, total }) => {
        updateView((data) => onFirstPage(data, (view) => ({ ...view, percentComplete })));
        updateLists({ percentComplete, milestones: { done, total } });
      },
      update: (update) => {
        const data = queryClient.getQueryData<ClientViewData>(viewKey);
        if (!data || data.pages.some((page) => page.updates.items.some((item) => item.id === update.id))) {
          return;
        }
        announce(updateAnnouncement(update));
        updateView((current) => withUpdate(current, update));
        highlight(update.id);
      },
      status: (status) => {
        const view = readView();
        announce(statusAnnouncement(view, status));
        updateView((data) => onFirstPage(data, (current) => ({ ...current, ...status })));
        updateLists(status);
      },
      // The server could not replay what this stream missed (it keeps an hour): read the whole view again.
      resync: () => resync(),
      phases: ({ phases }) => {
        const ordered = [...phases]
          .sort((a, b) => a.position - b.position)
          .map((phase) => ({
            ...phase,
            milestones: [...phase.milestones].sort((a, b) => a.position - b.position),
          }));
        announce(phasesAnnouncement(readView()?.phases, ordered));
        updateView((data) =>
          onFirstPage(data, (view) => ({
            ...view,
            phases: ordered,
            percentComplete: progressOf(ordered).percent,
          })),
        );
      },
    };

    const connect = () => {
      window.clearTimeout(retryTimer);
      if (stopped || source) return;
      const openedAt = Date.now();
      const stream = new EventSource(engagementEventsUrl(id, tenant));
      source = stream;
      stream.onopen = () => {
        attempt = 0;
        setState("live");
        // The page's data is from before this stream (a cached page, a dropped stream): read it again, once. A
        // first load whose data is still on its way needs nothing.
        const query = queryClient.getQueryState(viewKey);
        const isOlder =
          query !== undefined && query.fetchStatus !== "fetching" && query.dataUpdatedAt < openedAt;
        if (mustResync || isOlder) resync();
        mustResync = false;
      };
      stream.onerror = () => {
        if (source !== stream) return;
        mustResync = true;
        if (stream.readyState !== EventSource.CLOSED) {
          // The browser tries again by itself, with Last-Event-ID.
          setState(navigator.onLine ? "reconnecting" : "offline");
          return;
        }
        // It gave up: the server refused (429, the session ended, the engagement is gone) or went away.
        stream.close();
        source = null;
        setState("offline");
        // A session that ended sends the reader to sign in (the query cache does that for a 401).
        void queryClient.fetchQuery({ ...meQuery, staleTime: 0 }).catch(() => {});
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
        attempt++;
        retryTimer = window.setTimeout(connect, delay);
      };
      for (const name of eventNames) {
        stream.addEventListener(name, (event) => {
          if (source !== stream) return;
          let data: unknown;
          try {
            data = JSON.parse((event as MessageEvent<string>).data);
          } catch {
            return;
          }
          (handlers[name] as (data: unknown) => void)(data);
        });
      }
    };

    const disconnect = () => {
      source?.close();
      source = null;
    };

    const reconnectNow = () => {
      attempt = 0;
      if (!source) {
        setState("reconnecting");
        connect();
      }
    };
    reconnectRef.current = reconnectNow;

    const onVisibility = () => {
      window.clearTimeout(hiddenTimer);
      if (document.visibilityState === "hidden") {
        hiddenTimer = window.setTimeout(() => {
          if (!source) return;
          disconnect();
          window.clearTimeout(retryTimer);
          mustResync = true;
          setState("offline");
        }, HIDDEN_GRACE_MS);
      } else {
        reconnectNow();
      }
    };
    const onOffline = () => setState("offline");

    connect();
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("online", reconnectNow);
    window.addEventListener("offline", onOffline);
    return () => {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.clearTimeout(hiddenTimer);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("online", reconnectNow);
      window.removeEventListener("offline", onOffline);
      reconnectRef.current = () => {};
      disconnect();
    };
  }, [id, tenant, enabled, queryClient, announce, highlight]);

  const reconnect = useCallback(() => reconnectRef.current(), []);
  return { state, announcements, highlighted, reconnect };
}
