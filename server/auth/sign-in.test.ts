import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/helpers/app";
import { BrowserClient, signInAs } from "../../test/helpers/http-client";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({}, { listen: true });
});

afterAll(async () => {
  await t?.close();
});

describe("sign-in through the development identity provider", () => {
  it("signs a customer viewer in and lands on the portal", async () => {
    const client = new BrowserClient(t.url);
    const { response, visited } = await signInAs(client, "demo-northwind-viewer");
    expect(visited.some((url) => url.includes("/auth/callback"))).toBe(true);
    expect(new URL(response.url).pathname).toBe("/customer-portal");
    const me = await client.request("/api/v1/me");
    expect(me.status).toBe(200);
    expect(me.json()).toMatchObject({
      role: "customer_viewer",
      auth_method: "sso",
      mfa: false,
      tenant: { slug: "northwind" },
    });
  });
});
