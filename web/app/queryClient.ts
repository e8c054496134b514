import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "../lib/api";
import { showSignIn } from "./sessionEnded";

/**
 * What a query or mutation may say about itself. `withoutSession`: a call made on a public page, whose 401 is
 * about what was sent (an access link that can't be used), not about a session that ended.
 */
export interface RequestMeta extends Record<string, unknown> {
  withoutSession?: boolean;
}

export function createQueryClient(): QueryClient {
  // A 401 from any API call means the session ended (expiry, sign-out elsewhere): off to the sign-in page.
  const onError = (error: Error, meta: RequestMeta | undefined) => {
    if (isApiError(error, 401) && !meta?.withoutSession) showSignIn();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.meta) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => onError(error, mutation.meta),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors won't change on retry; network failures and 5xx might.
        retry: (failureCount, error) =>
          !(isApiError(error) && error.status >= 400 && error.status < 500) && failureCount < 2,
      },
    },
  });
}
