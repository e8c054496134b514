import { ClipboardCheck, type LucideIcon, Presentation, Radar, ShieldCheck, Timer } from "lucide-react";
import type { ReportType } from "./reports.types";

const icons: Record<ReportType, LucideIcon> = {
  executive_monthly: Presentation,
  sla_performance: Timer,
  compliance_status: ShieldCheck,
  detection_coverage: Radar,
  assessment: ClipboardCheck,
};

/** The report type's icon in a tinted tile; decorative (the type is always written out next to it). */
export function ReportTypeIcon({ type, size = "md" }: { type: ReportType; size?: "sm" | "md" }) {
  const Icon = icons[type];
  return (
    <span
      className={`flex shrink-0 items-center justify-center rounded-lg bg-orange-50 text-orange-700 ring-1 ring-orange-200 ring-inset ${
        size === "sm" ? "size-7" : "size-9"
      }`}
    >
      <Icon className={size === "sm" ? "size-4" : "size-5"} aria-hidden="true" />
    </span>
  );
}
