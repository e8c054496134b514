import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import type { AccessLog } from "../../../contracts/audit";
import { api } from "../../lib/api";

export interface AccessLogFilters {
  actor: string;
  action: string;
}

/** The filters as a query string (also the CSV export's). */
export function accessLogSearch({ actor, action }: AccessLogFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (actor) params.set("actor", actor);
  if (action) params.set("action", action);
  return params;
}

/** The access log, newest first, page after page ("Show older" asks for the next). */
export function useAccessLog(filters: AccessLogFilters) {
  return useInfiniteQuery({
    queryKey: ["access-log", filters],
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = accessLogSearch(filters);
      params.set("limit", "50");
      if (pageParam) params.set("before", String(pageParam));
      return api.get<AccessLog>(`/api/v1/access-log?${params}`, signal);
    },
    getNextPageParam: (page) => page.next_before,
    placeholderData: keepPreviousData,
  });
}
