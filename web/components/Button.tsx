import type { ButtonHTMLAttributes } from "react";
import { focusRing } from "./focus";

const variants = {
  primary: "bg-orange-700 text-white shadow-sm hover:bg-orange-800 active:bg-orange-900",
  secondary: "border border-slate-300 bg-white text-slate-700 shadow-sm hover:bg-slate-50",
  ghost: "text-slate-700 hover:bg-slate-100",
};

export type ButtonVariant = keyof typeof variants;

/** For a button that waits for its request: it stays focusable (aria-disabled) but looks unavailable. */
export const waitingClasses = "aria-disabled:cursor-not-allowed aria-disabled:opacity-60";

/** Classes for anything that should look like a button (also used on links). */
export function buttonClasses(variant: ButtonVariant = "primary", className = ""): string {
  return `inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]} ${focusRing} ${className}`;
}

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
}

export function Button({ variant = "primary", className = "", type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, className)} {...props} />;
}
