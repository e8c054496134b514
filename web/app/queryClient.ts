import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "../lib/api";
import { showSignIn } from "./sessionEnded";

export function createQueryClient(): QueryClient {
  // A 401 from any API call means the session ended (expiry, sign-out elsewhere): off to the sign-in page.
  const onError = (error: Error) => {
    if (isApiError(error, 401)) showSignIn();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
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
