import { Shield } from "lucide-react";
import { Link, useLocation } from "react-router";
import { focusRing } from "../../components/focus";

/** The signed-out screen: one button into the SSO flow, back to where the user was. */
export function SignInPage() {
  const location = useLocation();
  const returnTo = `${location.pathname}${location.search}`;
  const loginHref = `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;

  return (
    <div className="flex min-h-dvh flex-col bg-slate-50">
      <title>Sign in · Portcullis</title>
      <main className="flex flex-1 items-center justify-center px-4 py-12">
        <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white px-5 py-10 text-center shadow-sm sm:px-10">
          <div className="mx-auto flex size-16 items-center justify-center rounded-full bg-orange-50 ring-1 ring-orange-200">
            <Shield className="size-8 text-orange-700" aria-hidden="true" />
          </div>
          <h1 className="mt-6 text-2xl font-semibold tracking-tight text-slate-900">
            Customer Report Portal
          </h1>
          <p className="mt-3 text-sm leading-6 text-slate-600">
            Access your organisation's security reports, compliance posture and engagement progress.
          </p>
          <a
            href={loginHref}
            className={`mt-8 inline-flex w-full items-center justify-center gap-2 rounded-lg bg-orange-700 px-4 py-3 text-sm font-semibold text-white shadow-sm hover:bg-orange-800 active:bg-orange-900 ${focusRing}`}
          >
            <Shield className="size-4" aria-hidden="true" />
            Sign in with Azure Government
          </a>
        </div>
      </main>
      <footer className="px-4 pb-8 text-center text-sm text-slate-600">
        <span>Portcullis</span>
        <span aria-hidden="true"> · </span>
        <Link
          to="/verify"
          className={`rounded font-medium text-orange-800 underline-offset-4 hover:underline ${focusRing}`}
        >
          Verify a document
        </Link>
      </footer>
    </div>
  );
}
