import { ChartColumn, Clock, type LucideIcon, Shield, TriangleExclamationPoint } from "lucide-react";
import type { DashboardResponse } from "../../../contracts/dashboard";
import { Skeleton } from "../../components/Skeleton";
import { formatCount, formatDecimal, NO_VALUE } from "../../lib/format";

type QuickStatsData = DashboardResponse["quick_stats"];

interface Stat {
  label: string;
  icon: LucideIcon;
  /** Icon colour and tile. */
  accent: string;
  value: string;
  unit?: string;
  hint: string;
}

function statsOf(stats: QuickStatsData, frameworkCount: number): Stat[] {
  return [
    {
      label: "Open Incidents",
      icon: TriangleExclamationPoint,
      accent: "bg-orange-50 text-orange-700 ring-orange-200",
      value: formatCount(stats.open_incidents),
      hint: "Not yet resolved",
    },
    {
      label: "Alerts This Month",
      icon: ChartColumn,
      accent: "bg-sky-50 text-sky-700 ring-sky-200",
      value: formatCount(stats.alerts_this_month),
      hint: "Since the 1st of the month",
    },
    {
      label: "Compliance Score",
      icon: Shield,
      accent: "bg-green-50 text-green-700 ring-green-200",
      value: stats.compliance_score === null ? NO_VALUE : formatCount(stats.compliance_score),
      unit: stats.compliance_score === null ? undefined : "%",
      hint:
        frameworkCount === 0
          ? "No framework assessed yet"
          : `Mean of ${formatCount(frameworkCount)} framework${frameworkCount === 1 ? "" : "s"}`,
    },
    {
      label: "MTTR",
      icon: Clock,
      accent: "bg-violet-50 text-violet-700 ring-violet-200",
      value: formatDecimal(stats.mttr_hours),
      unit: stats.mttr_hours === null ? undefined : "hours",
      hint: "Mean time to resolve, last 30 days",
    },
  ];
}

/** The four quick-stat cards: four in a row on wide screens, two by two on small ones. */
export function QuickStats({ stats, frameworkCount }: { stats: QuickStatsData; frameworkCount: number }) {
  return (
    <section aria-labelledby="quick-stats-heading">
      <h2 id="quick-stats-heading" className="sr-only">
        Quick stats
      </h2>
      <ul className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        {statsOf(stats, frameworkCount).map(({ label, icon: Icon, accent, value, unit, hint }) => (
          <li key={label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
            <div className="flex items-start justify-between gap-2">
              <p className="text-sm font-medium text-slate-600">{label}</p>
              <span
                className={`flex size-9 shrink-0 items-center justify-center rounded-lg ring-1 ring-inset ${accent}`}
              >
                <Icon className="size-5" aria-hidden="true" />
              </span>
            </div>
            <p className="mt-2 text-2xl font-semibold tracking-tight text-slate-900 tabular-nums sm:text-3xl">
              {value}
              {unit && (
                <span className={`text-base font-medium text-slate-600 ${unit === "%" ? "" : "ml-1"}`}>
                  {unit}
                </span>
              )}
            </p>
            <p className="mt-1 text-xs text-slate-600">{hint}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function QuickStatsSkeleton() {
  return (
    <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      {[0, 1, 2, 3].map((index) => (
        <Skeleton key={index} className="h-32 rounded-xl" />
      ))}
    </div>
  );
}
