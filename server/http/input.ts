import type { FastifyInstance } from "fastify";
import { AppError } from "../errors";

const MAX_DEPTH = 32;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** True when some string in `value` (at any depth) contains a NUL character, which PostgreSQL cannot store. */
function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > MAX_DEPTH || value === null || typeof value !== "object" || Buffer.isBuffer(value))
    return false;
  const items = Array.isArray(value) ? value : Object.entries(value).flat();
  return items.some((item) => containsNul(item, depth + 1));
}

/** Every `%xx` sequence of the query string decodes to valid UTF-8 (a lone `%` or `%FF` does not). */
function isWellFormedQuery(query: string): boolean {
  for (const part of query.split(/[&=]/)) {
    if (!part.includes("%")) continue;
    try {
      decodeURIComponent(part.replace(/\+/g, " "));
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Text the database could not store, or that is not text at all, is refused at the door with a 400, before any
 * handler runs: a NUL character anywhere in the query, route parameters or JSON body, a query string that is
 * not valid percent-encoded UTF-8, and JSON bodies that are not valid UTF-8 (instead of silently turning bad
 * bytes into replacement characters).
 */
export function registerInputChecks(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new AppError("bad_request", "The request body is not valid UTF-8"), undefined);
      return;
    }
    parseJson(request, text, done);
  });

  app.addHook("preValidation", async (request) => {
    const queryStart = request.url.indexOf("?");
    if (queryStart >= 0 && !isWellFormedQuery(request.url.slice(queryStart + 1))) {
      throw new AppError("bad_request", "The query string is not valid UTF-8");
    }
    if (containsNul(request.query) || containsNul(request.params) || containsNul(request.body)) {
      throw new AppError("bad_request", "Text may not contain NUL characters");
    }
  });
}
