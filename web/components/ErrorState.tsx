import { TriangleExclamationPoint } from "lucide-react";
import { isApiError } from "../lib/api";
import { Button } from "./Button";

interface ErrorStateProps {
  /** What could not be loaded, e.g. "the dashboard". */
  what: string;
  error: Error;
  onRetry: () => void;
}

/** A failed load: what failed, the server's message and request id (for support), and a retry. */
export function ErrorState({ what, error, onRetry }: ErrorStateProps) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  const message = isApiError(error) ? error.message : "The server could not be reached.";
  return (
    <div role="alert" className="flex flex-col items-center px-4 py-10 text-center">
      <TriangleExclamationPoint className="size-8 text-red-700" aria-hidden="true" />
      <p className="mt-3 text-base font-semibold text-slate-900">Could not load {what}</p>
      <p className="mt-1 max-w-md text-sm text-slate-600">{message}</p>
      {requestId && (
        <p className="mt-1 font-mono text-xs break-all text-slate-600">Request id: {requestId}</p>
      )}
      <Button variant="secondary" className="mt-4" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
