import { BadgeCheck, Building2, ShieldCheck } from "lucide-react";
import type { ReactNode } from "react";
import { DocumentTitle } from "../../components/DocumentTitle";

interface WelcomeBannerProps {
  name: string;
  tenantName: string;
  isSso: boolean;
  hasMfa: boolean;
}

/**
 * The full-width orange welcome banner. White text needs ≥ 4.5:1 everywhere on the gradient: its lightest stop,
 * orange-700 (#ca3500), gives 5.2:1 (orange-600 would give 3.6:1), and the rest only gets darker.
 */
export function WelcomeBanner({ name, tenantName, isSso, hasMfa }: WelcomeBannerProps) {
  return (
    <section
      aria-labelledby="welcome-heading"
      className="flex flex-col gap-4 rounded-xl bg-linear-to-r from-orange-700 to-orange-900 px-6 py-6 text-white shadow-sm sm:flex-row sm:items-center sm:justify-between sm:px-8"
    >
      <div className="min-w-0">
        <DocumentTitle title="Dashboard" />
        <h1 id="welcome-heading" className="text-2xl font-semibold tracking-tight break-words">
          Welcome, {name}
        </h1>
        <p className="mt-1 flex items-center gap-1.5 text-sm font-medium text-white">
          <Building2 className="size-4 shrink-0" aria-hidden="true" />
          {tenantName}
        </p>
      </div>
      {(isSso || hasMfa) && (
        <ul aria-label="Sign-in verification" className="flex flex-wrap gap-2">
          {isSso && (
            <BannerBadge>
              <BadgeCheck className="size-4" aria-hidden="true" />
              SSO Verified
            </BannerBadge>
          )}
          {hasMfa && (
            <BannerBadge>
              <ShieldCheck className="size-4" aria-hidden="true" />
              MFA
            </BannerBadge>
          )}
        </ul>
      )}
    </section>
  );
}

/** Solid white pills: orange-800 text on white is 7.4:1, and the pill stands out on any part of the gradient. */
function BannerBadge({ children }: { children: ReactNode }) {
  return (
    <li className="inline-flex items-center gap-1.5 rounded-full bg-white px-3 py-1 text-sm font-semibold text-orange-800 shadow-sm">
      {children}
    </li>
  );
}
