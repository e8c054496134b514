let isLeaving = false;

/**
 * The session ended while the app was open (it expired, or was ended elsewhere). The server answers a page
 * request without a session with its sign-in page, saying why and returning here afterwards, so the page is
 * simply loaded again. Vite's dev server serves the app for every page instead, so there sign-in starts at once.
 */
export function showSignIn(): void {
  if (isLeaving) return;
  isLeaving = true;
  if (import.meta.env.DEV) {
    const here = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/auth/login?returnTo=${encodeURIComponent(here)}`);
  } else {
    window.location.reload();
  }
}
