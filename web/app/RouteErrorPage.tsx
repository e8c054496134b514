import { TriangleExclamationPoint } from "lucide-react";
import { isRouteErrorResponse, useRouteError } from "react-router";
import { buttonClasses } from "../components/Button";
import { DocumentTitle } from "../components/DocumentTitle";

/** Last resort when a page throws while rendering: say so plainly and offer a reload. */
export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : undefined;

  return (
    <div role="alert" className="flex min-h-[60dvh] items-center justify-center px-4 py-12">
      <DocumentTitle title="Error" />
      <div className="max-w-md text-center">
        <TriangleExclamationPoint className="mx-auto size-10 text-orange-700" aria-hidden="true" />
        <h1 className="mt-4 text-xl font-semibold text-slate-900">Something went wrong</h1>
        <p className="mt-2 text-sm text-slate-600">
          This page hit an unexpected error. Reloading usually helps.
        </p>
        {detail && <p className="mt-2 break-words font-mono text-xs text-slate-500">{detail}</p>}
        <a href={window.location.href} className={buttonClasses("primary", "mt-6")}>
          Reload the page
        </a>
      </div>
    </div>
  );
}
