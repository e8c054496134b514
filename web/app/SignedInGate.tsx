import { Outlet } from "react-router";
import { LoadingState } from "../components/LoadingState";
import { SignInPage } from "../features/auth/SignInPage";
import { useMe } from "../features/auth/useMe";
import { MeErrorPage } from "./MeErrorPage";

/** Renders the signed-in app once `/api/v1/me` answers; nobody signed in gets the sign-in page at the same URL. */
export function SignedInGate() {
  const me = useMe();

  // Data first: a failed background refetch keeps the last known user on screen.
  if (me.data === null) return <SignInPage />;
  if (me.data) return <Outlet />;
  if (me.isError) return <MeErrorPage error={me.error} onRetry={() => void me.refetch()} />;
  return (
    <div className="flex min-h-dvh items-center justify-center">
      <LoadingState />
    </div>
  );
}
