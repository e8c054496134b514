import { ArrowLeft } from "lucide-react";
import type { ReactNode } from "react";
import { Link, type To } from "react-router";
import { focusRing } from "./focus";

/** The link above a detail page back to its list ("All proposals"). */
export function BackLink({
  to,
  className = "",
  children,
}: {
  to: To;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Link
      to={to}
      className={`mb-4 inline-flex items-center gap-1.5 rounded text-sm font-medium text-orange-800 hover:underline ${className} ${focusRing}`}
    >
      <ArrowLeft className="size-4" aria-hidden="true" />
      {children}
    </Link>
  );
}
