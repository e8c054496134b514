import { formatCount } from "../../lib/format";
import type { ControlStatus } from "./compliance.types";

const order: { status: ControlStatus; label: string; dot: string; spoken?: string }[] = [
  { status: "passing", label: "Passing", dot: "bg-green-600" },
  { status: "partial", label: "Partial", dot: "bg-orange-500" },
  { status: "failing", label: "Failing", dot: "bg-red-600" },
  { status: "not_applicable", label: "N/A", dot: "bg-slate-400", spoken: "Not applicable" },
];

/** How many controls are in each state, as a compact four-figure row. */
export function ControlCounts({
  controls,
  className = "",
}: {
  controls: Record<ControlStatus, number>;
  className?: string;
}) {
  return (
    <dl className={`grid grid-cols-4 gap-2 rounded-lg bg-slate-50 px-3 py-2 text-center ${className}`}>
      {order.map(({ status, label, dot, spoken }) => (
        <div key={status} className="flex flex-col-reverse">
          <dt className="flex items-center justify-center gap-1 text-xs text-slate-600">
            <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
            {spoken ? (
              <>
                <span aria-hidden="true">{label}</span>
                <span className="sr-only">{spoken}</span>
              </>
            ) : (
              label
            )}
          </dt>
          <dd className="text-base font-semibold text-slate-900 tabular-nums">
            {formatCount(controls[status])}
          </dd>
        </div>
      ))}
    </dl>
  );
}
