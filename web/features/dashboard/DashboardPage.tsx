import { RequireTenant } from "../../app/RequireTenant";
import { useViewedTenant } from "../../app/viewedTenant";
import { Card } from "../../components/Card";
import { ErrorState } from "../../components/ErrorState";
import { Skeleton } from "../../components/Skeleton";
import { hasPermission } from "../auth/me.types";
import { useCurrentUser } from "../auth/useMe";
import { AwaitingSignature } from "../proposals/AwaitingSignature";
import { ReportArchive } from "../reports/ReportArchive";
import { useDashboard } from "./api";
import { CompliancePosture } from "./CompliancePosture";
import { QuickStats, QuickStatsSkeleton } from "./QuickStats";
import { RecentReports } from "./RecentReports";
import { WelcomeBanner } from "./WelcomeBanner";

/** `/customer-portal`: banner, what waits for the user's signature, quick stats, reports + compliance, archive. */
export function DashboardPage() {
  return (
    <RequireTenant title="Dashboard">
      <Dashboard />
    </RequireTenant>
  );
}

function Dashboard() {
  const me = useCurrentUser();
  const dashboard = useDashboard(useViewedTenant().tenant);

  return (
    <div className="space-y-6">
      {/* From the session, so the greeting shows before the figures arrive. */}
      <WelcomeBanner
        name={me.user.name}
        tenantName={dashboard.data?.tenant_name ?? me.tenant?.name ?? ""}
        isSso={me.auth_method === "sso"}
        hasMfa={me.mfa}
      />

      {/* Its own query: shown when it arrives, never holding back the figures below. */}
      {hasPermission(me, "can_sign_documents") && <AwaitingSignature />}

      {dashboard.isPending ? (
        <>
          <p role="status" className="sr-only">
            Loading the dashboard…
          </p>
          <QuickStatsSkeleton />
          <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
            <Skeleton className="h-80 rounded-xl lg:col-span-2" />
            <Skeleton className="h-80 rounded-xl" />
          </div>
        </>
      ) : dashboard.isError ? (
        <Card>
          <ErrorState what="the dashboard" error={dashboard.error} onRetry={() => void dashboard.refetch()} />
        </Card>
      ) : (
        <>
          <QuickStats
            stats={dashboard.data.quick_stats}
            frameworkCount={Object.keys(dashboard.data.compliance_summary).length}
          />
          <div className="grid grid-cols-1 items-start gap-6 lg:grid-cols-3">
            <RecentReports reports={dashboard.data.recent_reports} className="lg:col-span-2" />
            <CompliancePosture summary={dashboard.data.compliance_summary} />
          </div>
        </>
      )}

      <ReportArchive isBelowFold />
    </div>
  );
}
