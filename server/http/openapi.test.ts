import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { registeredRoutes } from "../../test/helpers/routes";
import { isDocumentedRoute } from "./openapi";

interface Operation {
  security?: Record<string, string[]>[];
  "x-permission"?: string;
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema: Record<string, unknown> }> }
  >;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

let t: TestApp;
let document: OpenApiDocument;
beforeAll(async () => {
  t = await createTestApp();
  const response = await t.app.inject("/api/docs/openapi.json");
  expect(response.statusCode).toBe(200);
  document = response.json();
});

afterAll(async () => {
  await t?.close();
});

/** `/api/v1/reports/:id` as OpenAPI writes it. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

describe("the API document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("documents every route the server serves, each with its own success response", () => {
    const served = registeredRoutes(t.app).filter(
      (route) => isDocumentedRoute(route.url) && route.method !== "HEAD" && route.method !== "OPTIONS",
    );
    expect(served.length).toBeGreaterThan(10);
    const undocumented = served.filter((route) => {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      if (!operation) return true;
      // A success answer is declared when it has a body schema, or (a redirect, no content) says what it is;
      // @fastify/swagger writes "Default Response" where a route declared nothing.
      const success = Object.entries(operation.responses).filter(([status]) => /^[23]/.test(status));
      const declared = ([, answer]: [string, Operation["responses"][string]]) =>
        answer.content !== undefined || (answer.description ?? "Default Response") !== "Default Response";
      return success.length === 0 || !success.every(declared);
    });
    expect(undocumented.map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it("lists every route with its permission, its session scheme and the house error body", () => {
    const protectedRoutes = t.app.protectedRoutes;
    expect(protectedRoutes.length).toBeGreaterThan(5);
    for (const route of protectedRoutes) {
      const operation = document.paths[openApiPath(route.url)]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(operation!["x-permission"]).toBe(route.permission);
      expect(operation!.security).toEqual([{ session: [] }]);
      for (const status of ["401", "403", "500"]) {
        const schema = operation!.responses[status]?.content?.["application/json"]?.schema;
        expect(schema, `${route.method} ${route.url} ${status}`).toEqual({
          $ref: "#/components/schemas/ErrorBody",
        });
      }
    }
    expect(document.components.schemas.ErrorBody).toMatchObject({
      type: "object",
      required: ["error", "message", "requestId"],
    });
  });

  it("shows the public routes as public", () => {
    expect(document.paths["/api/v1/verify"]?.post?.security).toEqual([]);
    expect(document.paths["/healthz"]?.get?.security).toEqual([]);
  });

  it("renders a reference page", async () => {
    const page = await t.app.inject("/api/docs/");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.body).toContain("swagger-ui");
    // Under the portal's own policy: no inline script is needed.
    expect(String(page.headers["content-security-policy"])).toContain("script-src 'self'");
  });
});
