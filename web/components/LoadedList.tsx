import type { QueryObserverResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorState } from "./ErrorState";
import { SkeletonRows } from "./Skeleton";

interface LoadedListProps<Data> {
  query: QueryObserverResult<Data, Error>;
  /** Read out while the list loads, e.g. "Loading users…". */
  loadingLabel: string;
  /** What could not be loaded, for the error state, e.g. "the users". */
  what: string;
  /** The placeholder rows' height, e.g. "h-12 rounded-md". */
  rowClassName?: string;
  /** The list itself (its empty state included: `Table`'s `empty`). */
  children: (data: Data) => ReactNode;
}

/**
 * A list card's body: placeholder rows while it loads, the error with a retry if it fails, then the list. Rows
 * already shown stay when a later refetch fails.
 */
export function LoadedList<Data>({
  query,
  loadingLabel,
  what,
  rowClassName = "h-12 rounded-md",
  children,
}: LoadedListProps<Data>) {
  if (query.isPending)
    return <SkeletonRows label={loadingLabel} className="p-5" rowClassName={rowClassName} />;
  if (query.isError && query.data === undefined) {
    return <ErrorState what={what} error={query.error} onRetry={() => void query.refetch()} />;
  }
  return query.data === undefined ? null : children(query.data);
}
