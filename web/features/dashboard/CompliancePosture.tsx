import { ChevronRight, ShieldCheck } from "lucide-react";
import { Link } from "react-router";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { useViewedTenant } from "../../app/viewedTenant";
import { Card } from "../../components/Card";
import { EmptyState } from "../../components/EmptyState";
import { focusRing } from "../../components/focus";
import { ProgressBar } from "../../components/ProgressBar";
import { formatPercent } from "../../lib/format";
import { withTenant } from "../../lib/tenantPath";
import { complianceStatusLabels, statusTone } from "../compliance/compliance.types";

const statusText = {
  success: "text-green-800",
  warning: "text-orange-800",
  danger: "text-red-700",
};

/** Each framework's score with its colour-coded bar; the status is also written out (not colour alone). */
export function CompliancePosture({ summary }: { summary: DashboardResponse["compliance_summary"] }) {
  const frameworks = Object.entries(summary);
  const { tenant } = useViewedTenant();
  return (
    <Card
      title="Compliance Posture"
      actions={
        <Link
          to={withTenant("/customer-portal/compliance", tenant)}
          className={`inline-flex items-center gap-0.5 rounded text-sm font-medium text-orange-800 hover:underline ${focusRing}`}
        >
          Details
          <span className="sr-only"> of compliance posture</span>
          <ChevronRight className="size-4" aria-hidden="true" />
        </Link>
      }
    >
      {frameworks.length === 0 ? (
        <EmptyState icon={ShieldCheck} title="No frameworks assessed yet" />
      ) : (
        <ul className="space-y-5">
          {frameworks.map(([name, { score, status }]) => {
            const tone = statusTone[status];
            return (
              <li key={name}>
                <div className="flex items-baseline justify-between gap-3">
                  <span className="min-w-0 text-sm font-medium text-slate-900">{name}</span>
                  <span className="shrink-0 text-sm font-semibold text-slate-900 tabular-nums">
                    {formatPercent(score)}
                  </span>
                </div>
                <ProgressBar value={score} label={`${name} score`} tone={tone} className="mt-1.5" />
                <p className={`mt-1 text-xs font-medium ${statusText[tone]}`}>
                  {complianceStatusLabels[status]}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
