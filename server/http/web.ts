import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { InitialData, InitialDataElementId } from "../../contracts/auth";
import type { Actor } from "../auth/permissions";
import { DEFAULT_LANDING, safeReturnTo } from "../auth/return-to";
import type { Config } from "../config";
import { AppError } from "../errors";
import { clearSignInNotice, type PageSession, type SignInNotice } from "./notice";
import { escapeHtml } from "./page";

/** Paths the server owns: a miss under them is a JSON 404, never a page. */
const SERVER_PREFIXES = ["/api/", "/auth/", "/dev-idp/", "/dev/", "/healthz", "/readyz", "/assets/"];

/** Pages anyone may open: the app itself, without a session (document verification, an emailed access link). */
const PUBLIC_PAGES = new Set(["/verify", "/access"]);

export interface WebAppOptions {
  config: Config;
  /** Decides, for a page request, whether it has a valid session; may clear a dead session cookie. */
  pageSession(request: FastifyRequest, reply: FastifyReply): Promise<PageSession>;
  /**
   * What the app's page carries for a signed-in actor (who they are), so that its first render waits for no API
   * call: the page costs one round trip less before the first figures can be asked for.
   */
  initialData(actor: Actor): InitialData;
}

const noticeText: Record<SignInNotice, string> = {
  signed_out: "You signed out.",
  expired: "Your session expired. Sign in again to continue.",
  ended: "Your session was ended. Sign in again to continue.",
};

const NOTICE_BLOCK = /<!--notice-->([\s\S]*?)<!--\/notice-->/;

/** The built sign-in page, split once at start-up around what each request fills in. */
interface SignInTemplate {
  render(notice: SignInNotice | null, loginHref: string): string;
}

function parseSignInTemplate(html: string, file: string): SignInTemplate {
  const block = NOTICE_BLOCK.exec(html);
  const count = (text: string, token: string) => text.split(token).length - 1;
  if (!block || count(block[1]!, "{{notice}}") !== 1 || count(html, "{{login_href}}") !== 1) {
    throw new Error(`${file} lacks its placeholders (one notice block with {{notice}}, one {{login_href}})`);
  }
  const [before, after] = html.split(block[0]) as [string, string];
  const [noticeBefore, noticeAfter] = block[1]!.split("{{notice}}") as [string, string];
  return {
    render(notice, loginHref) {
      const noticeHtml = notice ? `${noticeBefore}${escapeHtml(noticeText[notice])}${noticeAfter}` : "";
      return `${before}${noticeHtml}${after}`.replace("{{login_href}}", () => escapeHtml(loginHref));
    },
  };
}

/** How to send a page generated per request: brotli, else gzip, else as is; `q=0` refuses an encoding. */
function pageEncoding(acceptEncoding: string | undefined): "br" | "gzip" | null {
  const weights = new Map<string, number>();
  for (const part of (acceptEncoding ?? "").toLowerCase().split(",")) {
    const [name = "", ...params] = part.split(";").map((piece) => piece.trim());
    const q = params.find((param) => param.startsWith("q="));
    weights.set(name, q ? Number(q.slice(2)) : 1);
  }
  const accepts = (encoding: string) => (weights.get(encoding) ?? weights.get("*") ?? 0) > 0;
  return accepts("br") ? "br" : accepts("gzip") ? "gzip" : null;
}

/** A few kilobytes: compressing it costs well under a millisecond and saves a round trip on slow links. */
function sendCompressedHtml(request: FastifyRequest, reply: FastifyReply, html: string): FastifyReply {
  const encoding = pageEncoding(request.headers["accept-encoding"]);
  reply.header("vary", "accept-encoding").type("text/html; charset=utf-8");
  if (encoding === "br") {
    const body = zlib.brotliCompressSync(html, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
    return reply.header("content-encoding", "br").send(body);
  }
  if (encoding === "gzip") return reply.header("content-encoding", "gzip").send(zlib.gzipSync(html));
  return reply.send(html);
}

function sendApp(reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").sendFile("index.html");
}

/** The element the app reads its initial data from (a data block: never run, so the CSP has no say in it). */
const INITIAL_DATA_ID: InitialDataElementId = "initial-data";

/** The built app page, split once at start-up where a signed-in user's initial data goes (just before </head>). */
function parseAppTemplate(html: string, file: string): (data: InitialData) => string {
  const parts = html.split("</head>");
  if (parts.length !== 2) throw new Error(`${file} must contain </head> exactly once`);
  const [head, rest] = parts as [string, string];
  // JSON inside <script> ends at the first "</script": "<" is written as \u003c, which JSON.parse reads back.
  return (data) =>
    `${head}<script type="application/json" id="${INITIAL_DATA_ID}">${JSON.stringify(data).replace(/</g, "\\u003c")}</script></head>${rest}`;
}

function pathnameOf(url: string): string {
  return url.split("?")[0] ?? url;
}

function isServerPath(pathname: string): boolean {
  return pathname === "/api" || SERVER_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

/**
 * Serves the built web app from `config.webDistDir`. A page request (GET/HEAD asking for HTML, outside the
 * server's own paths) with a valid session gets the single-page app's index.html, which routes on the client;
 * without one it gets the sign-in page: static HTML and CSS, no script, saying why the session ended if it just
 * did, its button keeping the page asked for. `/verify` is the app for everyone. `/` goes to the portal.
 * Everything else that matches no route is the house JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const { config, pageSession, initialData } = options;
  const distDir = config.webDistDir;
  const signInPath = path.join(distDir, "sign-in.html");
  const appPath = path.join(distDir, "index.html");
  const isBuilt = fs.existsSync(appPath) && fs.existsSync(signInPath);
  let signInPage: SignInTemplate | undefined;
  let appPage: ((data: InitialData) => string) | undefined;
  if (isBuilt) {
    signInPage = parseSignInTemplate(fs.readFileSync(signInPath, "utf8"), signInPath);
    appPage = parseAppTemplate(fs.readFileSync(appPath, "utf8"), appPath);
    await app.register(fastifyStatic, {
      root: distDir,
      // One route per built file (wildcard: false), so unknown paths reach the not-found handler below. The
      // pages are answered there, after the session check; the compressed copies are sent in place of their
      // file for clients that accept them (with Vary: Accept-Encoding).
      wildcard: false,
      globIgnore: ["index.html", "sign-in.html", "**/*.br", "**/*.gz"],
      preCompressed: true,
      index: false,
      cacheControl: false,
    });
    app.addHook("onSend", async (request, reply) => {
      if (request.url.startsWith("/assets/"))
        reply.header("cache-control", "public, max-age=31536000, immutable");
    });
  } else {
    app.log.warn({ distDir }, "web app not built: run `npm run build`");
  }

  // Whatever the client accepts: `curl /` and a browser both land on the portal.
  app.get("/", async (_request, reply) => reply.redirect(DEFAULT_LANDING, 302));

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = pathnameOf(request.url);
    // A browser asks for text/html; `curl` for anything (*/* or no Accept at all) gets the page too. Only a client
    // that asks for something else (JSON) gets the JSON 404.
    const accept = request.headers.accept ?? "*/*";
    const wantsPage =
      (request.method === "GET" || request.method === "HEAD") &&
      !isServerPath(pathname) &&
      (accept.includes("text/html") || accept.includes("*/*"));
    if (wantsPage && signInPage && appPage) {
      if (PUBLIC_PAGES.has(pathname)) return sendApp(reply);
      const session = await pageSession(request, reply);
      // A notice is shown once: the page that shows it, or that makes it moot by being signed in, clears it.
      clearSignInNotice(request, reply, config);
      if ("actor" in session) {
        // The page now names its user: like every answer that depends on the session, never stored.
        const html = appPage(initialData(session.actor));
        return sendCompressedHtml(request, reply.header("cache-control", "no-store"), html);
      }
      const returnTo = safeReturnTo(request.url, config.publicUrl);
      const html = signInPage.render(session.notice, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
      return sendCompressedHtml(request, reply.header("cache-control", "no-store"), html);
    }
    if (wantsPage) {
      throw new AppError("unavailable", "The web app is not built: run `npm run build`.");
    }
    throw new AppError("not_found", `Route ${request.method} ${pathname.slice(0, 200)} not found`);
  });
}
