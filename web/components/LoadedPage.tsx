import type { InfiniteQueryObserverResult, QueryObserverResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isApiError } from "../lib/api";
import { Card } from "./Card";
import { DocumentTitle } from "./DocumentTitle";
import { ErrorState } from "./ErrorState";
import { LoadingState } from "./LoadingState";
import { PageHeader } from "./PageHeader";

type PageQuery<Data> = QueryObserverResult<Data, Error> | InfiniteQueryObserverResult<Data, Error>;

interface LoadedPageProps<Data> {
  query: PageQuery<Data>;
  /** The page's title while it loads or when it fails, e.g. "Proposal". */
  title: string;
  loadingLabel: string;
  /** What could not be loaded, for the error state, e.g. "this proposal". */
  what: string;
  /** The heading when the server answers 404. */
  notFoundTitle: string;
  /** The card's content then: an EmptyState that says where to look instead. */
  notFound: ReactNode;
  children: (data: Data) => ReactNode;
}

/**
 * A detail page's content: loading, not found, failed, or its data. Data already shown stays when a later
 * refetch fails.
 */
export function LoadedPage<Data>({
  query,
  title,
  loadingLabel,
  what,
  notFoundTitle,
  notFound,
  children,
}: LoadedPageProps<Data>) {
  if (query.isPending) {
    return (
      <>
        <DocumentTitle title={title} />
        <LoadingState label={loadingLabel} />
      </>
    );
  }
  if (!query.isError) return children(query.data);
  if (query.data !== undefined) return children(query.data);
  if (isApiError(query.error, 404)) {
    return (
      <>
        <PageHeader title={notFoundTitle} />
        <Card>{notFound}</Card>
      </>
    );
  }
  return (
    <>
      <PageHeader title={title} />
      <Card>
        <ErrorState what={what} error={query.error} onRetry={() => void query.refetch()} />
      </Card>
    </>
  );
}
