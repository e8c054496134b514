const tones = {
  success: "bg-green-600",
  warning: "bg-orange-500",
  danger: "bg-red-600",
};

export type ProgressTone = keyof typeof tones;

interface ProgressBarProps {
  /** 0–100. */
  value: number;
  /** The accessible name, e.g. "SOC 2 score". */
  label: string;
  tone: ProgressTone;
  className?: string;
}

/** A horizontal bar for a percentage; the figure itself should also be shown as text next to it. */
export function ProgressBar({ value, label, tone, className = "" }: ProgressBarProps) {
  const clamped = Math.min(100, Math.max(0, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuenow={Math.round(clamped)}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuetext={`${Math.round(clamped)}%`}
      className={`h-2 w-full overflow-hidden rounded-full bg-slate-200 ${className}`}
    >
      <div className={`h-full rounded-full ${tones[tone]}`} style={{ width: `${clamped}%` }} />
    </div>
  );
}
