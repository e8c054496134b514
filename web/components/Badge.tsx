import type { ReactNode } from "react";

// Every tone keeps text at ≥ 4.5:1 against its own background.
const tones = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-300",
  success: "bg-green-50 text-green-800 ring-green-300",
  warning: "bg-orange-50 text-orange-800 ring-orange-300",
  pending: "bg-amber-50 text-amber-800 ring-amber-300",
  danger: "bg-red-50 text-red-800 ring-red-300",
  info: "bg-sky-50 text-sky-800 ring-sky-300",
};

export type BadgeTone = keyof typeof tones;

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
