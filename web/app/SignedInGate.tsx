import { Outlet } from "react-router";
import { LoadingState } from "../components/LoadingState";
import { useMe } from "../features/auth/useMe";
import { isApiError } from "../lib/api";
import { MeErrorPage } from "./MeErrorPage";

/**
 * Renders the signed-in app once `/api/v1/me` answers. Visitors without a session never get here: the server
 * shows them its sign-in page. A 401 means the session ended since, and the page is on its way to sign-in.
 */
export function SignedInGate() {
  const me = useMe();

  // Data first: a failed background refetch keeps the last known user on screen.
  if (me.data) return <Outlet />;
  if (me.isError && !isApiError(me.error, 401)) {
    return <MeErrorPage error={me.error} onRetry={() => void me.refetch()} />;
  }
  return (
    <div className="flex min-h-dvh items-center justify-center">
      <LoadingState />
    </div>
  );
}
