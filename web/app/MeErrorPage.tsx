import { ShieldOff, TriangleExclamationPoint } from "lucide-react";
import { Button } from "../components/Button";
import { DocumentTitle } from "../components/DocumentTitle";
import { SignOutButton } from "../features/auth/SignOutButton";
import { isApiError } from "../lib/api";

interface MeErrorPageProps {
  error: Error;
  onRetry: () => void;
}

/** Full-screen state when the current user can't be loaded: no access (403) or a server/network failure. */
export function MeErrorPage({ error, onRetry }: MeErrorPageProps) {
  const isForbidden = isApiError(error, 403);
  const Icon = isForbidden ? ShieldOff : TriangleExclamationPoint;
  const requestId = isApiError(error) ? error.requestId : undefined;

  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12">
      <DocumentTitle title={isForbidden ? "No access" : "Error"} />
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white px-6 py-10 text-center shadow-sm">
        <Icon className="mx-auto size-10 text-orange-700" aria-hidden="true" />
        <h1 className="mt-4 text-xl font-semibold text-slate-900">
          {isForbidden ? "You don't have access to this portal" : "Portcullis could not load"}
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          {isForbidden
            ? "Your account was recognised but has no role here. Ask your administrator to grant you access."
            : "The server did not answer as expected. Try again in a moment."}
        </p>
        {requestId && <p className="mt-2 font-mono text-xs text-slate-500">Request id: {requestId}</p>}
        <div className="mt-6 flex flex-col gap-3">
          {isForbidden ? <SignOutButton /> : <Button onClick={onRetry}>Try again</Button>}
        </div>
      </div>
    </main>
  );
}
