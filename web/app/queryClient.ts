import { QueryCache, QueryClient } from "@tanstack/react-query";
import { meQueryKey } from "../features/auth/useMe";
import { isApiError } from "../lib/api";

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      // A 401 from any API call means the session ended (expiry, sign-out elsewhere): show the sign-in page.
      onError: (error) => {
        if (isApiError(error, 401)) queryClient.setQueryData(meQueryKey, null);
      },
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
  return queryClient;
}
