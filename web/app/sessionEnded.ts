let isLeaving = false;

/** A reload this recent that led straight back to a 401 means the page and the API disagree: no more reloads. */
const RELOAD_GUARD_MS = 10_000;
const RELOADED_AT = "portcullis:reloaded-for-sign-in";

/**
 * The session ended while the app was open (it expired, or was ended elsewhere). The server answers a page
 * request without a session with its sign-in page, saying why and returning here afterwards, so the page is
 * simply loaded again. Where that cannot help — Vite's dev server serves the app for every page, or the reload a
 * moment ago came straight back here — sign-in starts at once instead, so the page never reloads in a loop.
 */
export function showSignIn(): void {
  if (isLeaving) return;
  isLeaving = true;
  const reloadedAt = Number(window.sessionStorage.getItem(RELOADED_AT) ?? 0);
  if (import.meta.env.DEV || Date.now() - reloadedAt < RELOAD_GUARD_MS) {
    window.sessionStorage.removeItem(RELOADED_AT);
    const here = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/auth/login?returnTo=${encodeURIComponent(here)}`);
  } else {
    window.sessionStorage.setItem(RELOADED_AT, String(Date.now()));
    window.location.reload();
  }
}
