import { complianceThresholds } from "../../../contracts/compliance-score";
import { formatCalendarDate, formatDecimal } from "../../lib/format";
import type { TrendPoint } from "./compliance.types";

const lineColours = {
  success: "text-green-700",
  warning: "text-orange-600",
  danger: "text-red-700",
};

interface ScoreTrendProps {
  name: string;
  points: TrendPoint[];
  tone: keyof typeof lineColours;
}

/** One sentence a screen reader reads instead of the drawing. */
export function describeTrend(name: string, points: TrendPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return `${name}: no score history yet`;
  if (first === last)
    return `${name} score: ${formatDecimal(last.score)}% on ${formatCalendarDate(last.date)}`;
  return `${name} score trend: ${formatDecimal(first.score)}% on ${formatCalendarDate(first.date)} to ${formatDecimal(
    last.score,
  )}% on ${formatCalendarDate(last.date)}`;
}

interface Scaled {
  x: number;
  y: number;
}

/** Maps points onto a 0–100 × 0–100 box: x by date (irregular gaps stay honest), y by score within [low, high]. */
function scale(points: TrendPoint[], low: number, high: number): Scaled[] {
  const times = points.map((point) => Date.parse(`${point.date}T00:00:00Z`));
  const start = Math.min(...times);
  const span = Math.max(...times) - start || 1;
  const range = high - low || 1;
  return points.map((point, index) => ({
    x: (((times[index] ?? start) - start) / span) * 100,
    y: 100 - ((point.score - low) / range) * 100,
  }));
}

function linePath(scaled: Scaled[]): string {
  return scaled
    .map(({ x, y }, index) => `${index === 0 ? "M" : "L"}${x.toFixed(2)},${y.toFixed(2)}`)
    .join(" ");
}

/** A small line of the score history for a framework card. */
export function ScoreSparkline({ name, points, tone }: ScoreTrendProps) {
  if (points.length < 2) return null;
  const scores = points.map((point) => point.score);
  const low = Math.max(0, Math.min(...scores) - 2);
  const high = Math.min(100, Math.max(...scores) + 2);
  const scaled = scale(points, low, high);
  const path = linePath(scaled);
  return (
    <svg
      role="img"
      aria-label={describeTrend(name, points)}
      viewBox="0 0 100 100"
      preserveAspectRatio="none"
      className={`block h-10 w-full overflow-visible ${lineColours[tone]}`}
    >
      <path d={`${path} L100,100 L0,100 Z`} fill="currentColor" fillOpacity={0.08} stroke="none" />
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinejoin="round"
        strokeLinecap="round"
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}

const THRESHOLDS = [
  {
    score: complianceThresholds.compliant,
    label: `${complianceThresholds.compliant}% compliant`,
    stroke: "text-green-700",
    line: "border-green-700",
  },
  {
    score: complianceThresholds.atRisk,
    label: `${complianceThresholds.atRisk}% at risk`,
    stroke: "text-orange-600",
    line: "border-orange-600",
  },
];

/** The framework page's trend: the score history against the compliance thresholds, with its data table. */
export function ScoreTrendChart({ name, points, tone }: ScoreTrendProps) {
  if (points.length < 2) {
    return <p className="text-sm text-slate-600">Not enough history for a trend yet.</p>;
  }
  const scores = points.map((point) => point.score);
  // Start the axis at a round number below the lowest score so changes are visible, and end at 100.
  const low = Math.max(0, Math.floor((Math.min(...scores) - 5) / 10) * 10);
  const high = 100;
  const scaled = scale(points, low, high);
  const path = linePath(scaled);
  const ticks = Array.from({ length: Math.floor((high - low) / 10) + 1 }, (_, index) => low + index * 10);
  const yOf = (score: number) => 100 - ((score - low) / (high - low)) * 100;
  const first = points[0];
  const last = points[points.length - 1];

  return (
    <figure>
      <div className="flex gap-2">
        <div aria-hidden="true" className="relative w-9 shrink-0 text-right text-xs text-slate-600">
          {ticks.map((tick) => (
            <span key={tick} className="absolute right-0 -translate-y-1/2" style={{ top: `${yOf(tick)}%` }}>
              {tick}%
            </span>
          ))}
        </div>
        <div className="relative h-56 flex-1">
          <svg
            role="img"
            aria-label={describeTrend(name, points)}
            viewBox="0 0 100 100"
            preserveAspectRatio="none"
            className={`absolute inset-0 size-full overflow-visible ${lineColours[tone]}`}
          >
            {ticks.map((tick) => (
              <line
                key={tick}
                x1={0}
                x2={100}
                y1={yOf(tick)}
                y2={yOf(tick)}
                className="text-slate-200"
                stroke="currentColor"
                strokeWidth={1}
                vectorEffect="non-scaling-stroke"
              />
            ))}
            {THRESHOLDS.filter((threshold) => threshold.score >= low).map((threshold) => (
              <line
                key={threshold.score}
                x1={0}
                x2={100}
                y1={yOf(threshold.score)}
                y2={yOf(threshold.score)}
                className={threshold.stroke}
                stroke="currentColor"
                strokeWidth={1.5}
                strokeDasharray="6 4"
                vectorEffect="non-scaling-stroke"
              />
            ))}
            <path d={`${path} L100,100 L0,100 Z`} fill="currentColor" fillOpacity={0.08} stroke="none" />
            <path
              d={path}
              fill="none"
              stroke="currentColor"
              strokeWidth={2.5}
              strokeLinejoin="round"
              strokeLinecap="round"
              vectorEffect="non-scaling-stroke"
            />
          </svg>
        </div>
      </div>
      <div aria-hidden="true" className="mt-2 ml-11 flex justify-between text-xs text-slate-600">
        <span>{first && formatCalendarDate(first.date)}</span>
        <span>{last && formatCalendarDate(last.date)}</span>
      </div>
      <figcaption className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {THRESHOLDS.map((threshold) => (
          <span key={threshold.score} className="inline-flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`inline-block w-5 border-t-2 border-dashed ${threshold.line}`}
            />
            {threshold.label}
          </span>
        ))}
      </figcaption>
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer rounded font-medium text-orange-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-orange-700">
          Show the figures
        </summary>
        <table className="mt-2 w-full max-w-sm text-left text-sm">
          <caption className="sr-only">{name} score history</caption>
          <thead className="text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-1 font-semibold">
                Date
              </th>
              <th scope="col" className="py-1 text-right font-semibold">
                Score
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {points.map((point) => (
              <tr key={point.date}>
                <td className="py-1 text-slate-700">{formatCalendarDate(point.date)}</td>
                <td className="py-1 text-right text-slate-900 tabular-nums">{formatDecimal(point.score)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
