import type { TenantScope } from "../../db/scope";
import type { ChangeFeed } from "../../events/change-feed";
import type { DashboardFigures } from "./dashboard.queries";

export interface CachedFigures {
  figures: DashboardFigures;
  /** When the figures change with no write at all (a time window moves), in ms since the epoch. */
  validUntil: number;
}

/** How many tenants' figures one instance keeps; the least recently used tenant goes first. */
const MAX_TENANTS = 5_000;

/**
 * The dashboard's figures per tenant, workspace set and audience, kept only while they are exact: every write
 * that changes a figure is announced by a database trigger to every instance (see the change feed), which drops
 * that tenant's figures; nothing is served from memory while the feed is not live; and an entry expires when a
 * time window it depends on moves.
 *
 * A read races a write only one way: figures read before a change but stored after its announcement arrived
 * would be stale. Each tenant's version counter closes that gap: figures are stored only if no announcement for
 * the tenant (and no feed gap) arrived while they were being read.
 */
export function createDashboardCache(feed: ChangeFeed) {
  const tenants = new Map<string, Map<string, CachedFigures>>();
  const versions = new Map<string, number>();
  let generation = 0;

  feed.on("dashboard", (tenantId) => {
    versions.set(tenantId, (versions.get(tenantId) ?? 0) + 1);
    tenants.delete(tenantId);
  });
  feed.onGap(() => {
    generation++;
    tenants.clear();
  });

  const keyOf = (scope: TenantScope, publishedOnly: boolean) =>
    `${publishedOnly ? "published" : "all"}|${scope.workspaceIds === "all" ? "*" : [...scope.workspaceIds].sort().join(",")}`;

  return {
    /**
     * The cached figures, or `load()`'s, stored when still exact until the `validUntil` it gives (the figures
     * depend on the clock too). `now` decides what has expired.
     */
    async figures(
      scope: TenantScope,
      publishedOnly: boolean,
      now: Date,
      load: () => Promise<CachedFigures | undefined>,
    ): Promise<DashboardFigures | undefined> {
      const key = keyOf(scope, publishedOnly);
      const cached = feed.isLive ? tenants.get(scope.tenantId)?.get(key) : undefined;
      if (cached && cached.validUntil > now.getTime()) return cached.figures;

      const version = versions.get(scope.tenantId) ?? 0;
      const started = generation;
      const loaded = await load();
      if (
        !loaded ||
        !feed.isLive ||
        generation !== started ||
        (versions.get(scope.tenantId) ?? 0) !== version
      ) {
        return loaded?.figures;
      }
      let entries = tenants.get(scope.tenantId);
      if (entries) {
        tenants.delete(scope.tenantId); // re-inserted below: the Map's order is the recency order
      } else {
        entries = new Map();
        if (tenants.size >= MAX_TENANTS) tenants.delete(tenants.keys().next().value!);
      }
      tenants.set(scope.tenantId, entries);
      entries.set(key, loaded);
      return loaded.figures;
    },
  };
}

export type DashboardCache = ReturnType<typeof createDashboardCache>;
