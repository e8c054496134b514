import type { Readable } from "node:stream";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance, FastifySchema, RouteOptions } from "fastify";
import { Type } from "typebox";
import { ErrorBody, type ErrorBody as ErrorBodyType, type errorCodes } from "../../contracts/errors";
import { sessionCookieName } from "../auth/sessions";
import type { Config } from "../config";

/** The paths the API document covers: the JSON API, sign-in and the health checks. */
const DOCUMENTED = /^\/(api\/|auth\/|healthz$|readyz$)/;
const DOCS_PREFIX = "/api/docs";
/** The style element Swagger UI (6.x) inserts when it starts. */
const SWAGGER_UI_STYLE_HASH = "sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=";

export function isDocumentedRoute(url: string): boolean {
  return DOCUMENTED.test(url) && !url.startsWith(DOCS_PREFIX) && !url.startsWith("/auth/assets/");
}

type ErrorStatus = (typeof errorCodes)[keyof typeof errorCodes];

/** A documented answer with no body: a redirect, "no content", "not modified". */
export function noBody(description: string) {
  return Type.Unsafe<undefined>({ description, type: "null" });
}

/** A documented server-rendered page (sign-in errors), for the browser rather than for code. */
export function htmlPage(description: string) {
  return Type.Unsafe<string>({ description, content: { "text/html": { schema: { type: "string" } } } });
}

/** A documented file download. */
export function fileDownload(description: string, contentType: string) {
  return Type.Unsafe<Buffer | Readable>({
    description,
    content: { [contentType]: { schema: { type: "string", contentMediaType: contentType } } },
  });
}

/** A documented error answer in the house shape, for a status the route gives beyond the usual ones. */
export function errorAnswer(description: string) {
  return Type.Unsafe<ErrorBodyType>({ description, $ref: "ErrorBody#" });
}

const errorDescriptions: Partial<Record<ErrorStatus, string>> = {
  400: "The request is malformed: a parameter, the query or the body does not match the schema.",
  401: "No session, or the session cookie no longer opens one (signed out, expired, revoked).",
  403: "The session's role lacks the permission this route needs, or the request came from another origin.",
  404: "No such resource in the caller's scope. Another tenant's resource answers exactly the same.",
  413: "The request body is larger than this route accepts.",
  415: "The request body's content type is not one this route accepts.",
  429: "Too many requests from this address; see Retry-After.",
  500: "An unexpected error; the request id identifies it in the server's logs.",
  503: "The database cannot be reached right now; retry after Retry-After seconds.",
};

/** The error answers a route can give, from what it declares: a session, inputs, a body, a rate limit. */
function errorStatusesOf(route: RouteOptions): ErrorStatus[] {
  const schema = route.schema ?? {};
  const config = route.config as
    | { permission?: string; optionalSession?: boolean; rateLimit?: string }
    | undefined;
  const statuses: ErrorStatus[] = [500, 503];
  if (schema.params || schema.querystring || schema.body) statuses.push(400);
  if (config?.permission) statuses.push(401, 403);
  const methods = [route.method].flat();
  if (methods.some((method) => !["GET", "HEAD", "OPTIONS"].includes(method))) statuses.push(403, 413, 415);
  if (schema.params) statuses.push(404);
  if (config?.rateLimit) statuses.push(429);
  return [...new Set(statuses)].sort();
}

/**
 * Every documented route answers its errors in the house shape `{ error, message, requestId }`: the response
 * schemas are added here, once, as routes are declared — so Fastify serialises error bodies through them and the
 * API document lists them, and no route can forget one. A route's own declaration of a status wins.
 */
function addErrorResponses(app: FastifyInstance): void {
  app.addHook("onRoute", (route) => {
    if (!isDocumentedRoute(route.url)) return;
    const schema = (route.schema ?? {}) as FastifySchema & { response?: Record<string, unknown> };
    const response = schema.response ?? {};
    for (const status of errorStatusesOf(route)) {
      response[status] ??= { description: errorDescriptions[status], $ref: "ErrorBody#" };
    }
    schema.response = response;
    route.schema = schema;
  });
}

/** Groups of the reference page, by path. */
function tagOf(url: string): string {
  if (url.startsWith("/auth/")) return "Sign-in";
  if (url.startsWith("/api/v1/verify")) return "Document verification";
  if (url.startsWith("/api/v1/compliance")) return "Compliance";
  if (url.startsWith("/api/v1/reports")) return "Reports and dashboard";
  if (url.startsWith("/api/")) return "Account";
  return "Health";
}

/** Adds what the API document needs to know from the route's declaration: its permission and its scheme. */
function describeRoute({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }) {
  if (!isDocumentedRoute(url)) return { schema: { ...schema, hide: true }, url };
  const config = route.config as { permission?: string; optionalSession?: boolean } | undefined;
  const permission = config?.permission;
  const documented: Record<string, unknown> = { ...schema, tags: [tagOf(url)] };
  if (permission) {
    documented.security = [{ session: [] }];
    documented["x-permission"] = permission;
    const needs =
      permission === "authenticated" ? "Any signed-in session." : `Needs the \`${permission}\` permission.`;
    documented.description = [schema.description, needs].filter(Boolean).join("\n\n");
  } else if (config?.optionalSession) {
    documented.security = [{}, { session: [] }];
  } else {
    documented.security = [];
  }
  return { schema: documented as FastifySchema, url };
}

/**
 * The OpenAPI 3.1 document, generated from the routes' own schemas (the contract): served as JSON at
 * /api/docs/openapi.json and as a readable reference at /api/docs (Swagger UI, under the portal's own CSP: it
 * loads only its own scripts and styles).
 */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  app.addSchema(ErrorBody);
  addErrorResponses(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Portcullis API",
        version: "1",
        description:
          "The client portal's API. Every answer is scoped to the caller's organisation; an error is always " +
          "`{ error, message, requestId }` with a stable `error` code.",
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: {
            type: "apiKey",
            in: "cookie",
            name: sessionCookieName(config),
            description:
              "The session cookie set by signing in (/auth/login). State-changing requests must also carry the portal's own Origin.",
          },
        },
      },
    },
    refResolver: {
      // Shared schemas keep their own names in components.schemas (ErrorBody, …).
      buildLocalReference: (json, _baseUri, _fragment, index) => (json.$id as string) || `schema${index}`,
    },
    transform: describeRoute,
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    // BaseLayout: the reference alone, without the top bar that offers to explore any other URL.
    uiConfig: { layout: "BaseLayout", docExpansion: "list", deepLinking: true, defaultModelsExpandDepth: 0 },
    // The portal's policy stays in force on these pages; the one style element Swagger UI writes at run time
    // is allowed by its hash (its scripts and style sheets are its own files).
    transformStaticCSP: (header) =>
      header.replace(/style-src 'self'(?=;|$)/, `style-src 'self' '${SWAGGER_UI_STYLE_HASH}'`),
  });
  app.get(`${DOCS_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger());
}
