/**
 * The access link's secret, from the page's fragment (`/access#token=…`). It is read once, kept in memory only,
 * and taken out of the address bar at once with `history.replaceState`: no history entry, bookmark or screenshot
 * of the address bar keeps it. Loaded with the router (not with the page's code) so this happens at start-up.
 */
let token: string | null = null;

/** `token=…` of a fragment, percent-decoded; "+" stays "+" (URLSearchParams would make it a space). */
function tokenOf(fragment: string): string | null {
  const match = /(?:^|&)token=([^&]*)/.exec(fragment);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1] ?? "");
  } catch {
    return match[1] ?? ""; // Not valid percent-encoding: sent as is, and refused like any unknown link.
  }
}

export function takeLinkToken(): string | null {
  const fromFragment = tokenOf(window.location.hash.slice(1));
  if (fromFragment !== null) {
    token = fromFragment.trim();
    const { pathname, search } = window.location;
    window.history.replaceState(window.history.state, "", `${pathname}${search}`);
  }
  return token;
}
