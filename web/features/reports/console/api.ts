import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { StaffEngagementList } from "../../../../contracts/engagements";
import type {
  AdminReportItem,
  AdminReportList,
  GenerateReportBody,
} from "../../../../contracts/report-console";
import type { ReportStatus } from "../../../../contracts/reports";
import { api } from "../../../lib/api";
import { reportKeys } from "../api";

/** While any listed report is being generated, the list is read again this often, so its status changes live. */
export const GENERATING_REFRESH_MS = 2_500;

export interface ConsoleReportFilters {
  tenant: string;
  status: ReportStatus | "";
  published: "" | "true" | "false";
  page: number;
}

const consoleKeys = {
  all: ["admin-reports"] as const,
  list: (filters: ConsoleReportFilters) => ["admin-reports", "list", filters] as const,
};

function listPath({ tenant, status, published, page }: ConsoleReportFilters): string {
  const params = new URLSearchParams();
  if (tenant) params.set("tenant", tenant);
  if (status) params.set("status", status);
  if (published) params.set("published", published);
  if (page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `/api/v1/admin/reports?${search}` : "/api/v1/admin/reports";
}

/** Every tenant's reports, newest first; read again every few seconds while one of them is generating. */
export function useConsoleReports(filters: ConsoleReportFilters) {
  return useQuery({
    queryKey: consoleKeys.list(filters),
    queryFn: ({ signal }) => api.get<AdminReportList>(listPath(filters), signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((report) => report.status === "generating")
        ? GENERATING_REFRESH_MS
        : false,
  });
}

/** The engagements of one workspace: what an assessment report can cover. */
export function useWorkspaceEngagements(workspaceId: string, isNeeded: boolean) {
  return useQuery({
    queryKey: ["admin-reports", "engagements", workspaceId],
    queryFn: ({ signal }) =>
      api.get<StaffEngagementList>(
        `/api/v1/admin/engagements?${new URLSearchParams({ workspace: workspaceId })}`,
        signal,
      ),
    enabled: isNeeded && workspaceId !== "",
  });
}

/** After any change: the console's lists, and the portal's report pages a staff member may have open. */
function useInvalidateReports() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: consoleKeys.all }),
      queryClient.invalidateQueries({ queryKey: reportKeys.all }),
    ]);
}

export function useGenerateReport() {
  const invalidate = useInvalidateReports();
  return useMutation({
    mutationFn: (body: GenerateReportBody) => api.post<AdminReportItem>("/api/v1/admin/reports", body),
    onSuccess: invalidate,
  });
}

export type ReportAction = "regenerate" | "publish" | "unpublish";

export function useReportAction() {
  const invalidate = useInvalidateReports();
  return useMutation({
    mutationFn: ({ report, action }: { report: AdminReportItem; action: ReportAction }) =>
      api.post<AdminReportItem>(`/api/v1/admin/reports/${encodeURIComponent(report.id)}/${action}`),
    onSuccess: invalidate,
  });
}

/** The PDF of any report, unpublished ones too: staff check it before publishing. */
export function consoleReportPdfUrl(report: Pick<AdminReportItem, "id">): string {
  return `/api/v1/admin/reports/${encodeURIComponent(report.id)}/pdf`;
}
