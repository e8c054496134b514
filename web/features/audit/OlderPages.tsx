import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Button } from "../../components/Button";
import { ErrorState } from "../../components/ErrorState";
import { SkeletonRows } from "../../components/Skeleton";

interface OlderPagesProps<Item> {
  log: UseInfiniteQueryResult<InfiniteData<{ items: Item[] }>>;
  /** What failed to load, for the error state ("the audit log"). */
  what: string;
  loadingText: string;
  /** Shown when no page holds an item. */
  empty: ReactNode;
  olderLabel: string;
  children: (items: Item[]) => ReactNode;
}

/** A log read newest first, page after page: loading, error and empty states, and "show older" at the end. */
export function OlderPages<Item>({
  log,
  what,
  loadingText,
  empty,
  olderLabel,
  children,
}: OlderPagesProps<Item>) {
  if (log.isPending) {
    return <SkeletonRows label={loadingText} rows={4} className="p-5" rowClassName="h-10 rounded-md" />;
  }
  if (log.isError) return <ErrorState what={what} error={log.error} onRetry={() => void log.refetch()} />;
  const items = log.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return empty;
  return (
    <div aria-busy={log.isPlaceholderData || log.isFetchingNextPage}>
      {children(items)}
      {log.hasNextPage && (
        <div className="border-t border-slate-200 px-5 py-3 text-center">
          <Button
            variant="secondary"
            onClick={() => void log.fetchNextPage()}
            disabled={log.isFetchingNextPage}
          >
            {log.isFetchingNextPage ? "Loading…" : olderLabel}
          </Button>
        </div>
      )}
    </div>
  );
}
