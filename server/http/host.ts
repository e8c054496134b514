import type { FastifyInstance } from "fastify";

/** Called by address (load balancers, API clients): answered under whatever host name they used. */
const ANY_HOST_PREFIXES = ["/api/", "/healthz", "/readyz"];

/** The host[:port] a browser would send for `host` under `protocol`: lower case, default port dropped. */
function normalHost(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/**
 * Sends a page request that arrived under another host name than PUBLIC_URL's (127.0.0.1 for localhost, the bare
 * address, an old name) to the same path and query on PUBLIC_URL, before anything else happens: sign-in cookies
 * belong to PUBLIC_URL's host, so a sign-in started under another name could never finish. `request.host` honours
 * X-Forwarded-Host only when TRUST_PROXY is set, so a proxy must pass the original Host or be trusted.
 */
export function registerCanonicalHost(app: FastifyInstance, publicUrl: string): void {
  const { protocol, host: publicHost } = new URL(publicUrl);
  app.addHook("onRequest", async (request, reply) => {
    if (request.method !== "GET" && request.method !== "HEAD") return;
    const pathname = request.url.split("?")[0] ?? "";
    if (pathname === "/api" || ANY_HOST_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return;
    if (normalHost(protocol, request.host) === publicHost) return;
    // Built by concatenation, never resolved against the request: "//elsewhere/x" stays a path on PUBLIC_URL.
    const target = `${publicUrl}${request.url.startsWith("/") ? request.url : "/"}`;
    reply.header("cache-control", "no-store").redirect(target, 302);
    return reply;
  });
}
