import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";

/** Paths the server owns: a miss under them is a JSON 404, never the SPA. */
const SERVER_PREFIXES = ["/api/", "/auth/", "/dev-idp/", "/healthz", "/readyz"];

function isServerPath(url: string): boolean {
  const pathname = url.split("?")[0] ?? url;
  return pathname === "/api" || SERVER_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Serves the built single-page app from `distDir` and falls back to its index.html for client-side routes
 * (GET requests that ask for HTML). Everything else that matches no route is the house JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<void> {
  const indexPath = path.join(distDir, "index.html");
  const isBuilt = fs.existsSync(indexPath);
  if (isBuilt) {
    // wildcard: false registers one route per built file, so unknown paths reach the not-found handler below.
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, cacheControl: false });
    app.addHook("onSend", async (request, reply) => {
      if (request.url.startsWith("/assets/"))
        reply.header("cache-control", "public, max-age=31536000, immutable");
    });
  } else {
    app.log.warn({ distDir }, "web app not built: run `npm run build`");
  }

  app.setNotFoundHandler(async (request, reply) => {
    const wantsPage =
      (request.method === "GET" || request.method === "HEAD") &&
      !isServerPath(request.url) &&
      (request.headers.accept ?? "").includes("text/html");
    if (wantsPage && isBuilt) {
      return reply
        .header("cache-control", "no-cache")
        .type("text/html; charset=utf-8")
        .sendFile("index.html");
    }
    if (wantsPage) {
      throw new AppError("unavailable", "The web app is not built: run `npm run build`.");
    }
    const pathname = (request.url.split("?")[0] ?? "").slice(0, 200);
    throw new AppError("not_found", `Route ${request.method} ${pathname} not found`);
  });
}
