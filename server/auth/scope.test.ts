import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Role } from "../../contracts/auth";
import { AppError } from "../errors";
import type { Actor } from "./permissions";
import { portalScope, sessionScope } from "./scope";

const tenant = { id: randomUUID(), name: "Northwind", slug: "northwind" };

function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  const customer = role === "customer_viewer" || role === "customer_approver";
  return {
    userId: randomUUID(),
    clientTokenId: null,
    sessionId: randomUUID(),
    name: "Someone",
    email: "someone@example.org",
    role,
    tenant: customer ? tenant : null,
    workspaceIds: "all",
    authMethod: "sso",
    mfa: false,
    ...overrides,
  };
}

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("portalScope", () => {
  it("takes a customer's scope from the session, never from the tenant the request names", () => {
    const workspaceIds = [randomUUID()];
    expect(portalScope(actor("customer_viewer", { workspaceIds }), randomUUID())).toEqual({
      kind: "tenant",
      tenantId: tenant.id,
      workspaceIds,
    });
    expect(portalScope(actor("customer_approver"))).toEqual({
      kind: "tenant",
      tenantId: tenant.id,
      workspaceIds: "all",
    });
  });

  it.each(["analyst", "admin"] as const)("gives %s the whole of the tenant it names", (role) => {
    const viewed = randomUUID();
    expect(portalScope(actor(role), viewed)).toEqual({
      kind: "tenant",
      tenantId: viewed,
      workspaceIds: "all",
    });
    expect(portalScope(actor(role), viewed.toUpperCase())).toMatchObject({ tenantId: viewed.toUpperCase() });
  });

  it.each([
    ["no tenant", undefined],
    ["an empty tenant", ""],
    ["a tenant that is not a uuid", "northwind"],
    ["a uuid with more around it", ` ${randomUUID()}`],
    ["a uuid with a suffix", `${randomUUID()}0`],
  ])("answers staff naming %s with 400", (_, viewed) => {
    const error = refusal(() => portalScope(actor("analyst"), viewed));
    expect(error).toMatchObject({ status: 400, code: "bad_request" });
    expect(error.message).toContain("?tenant=");
  });

  it("refuses a customer session without a tenant (403), whatever tenant it names", () => {
    const error = refusal(() => portalScope(actor("customer_viewer", { tenant: null }), randomUUID()));
    expect(error).toMatchObject({ status: 403, code: "forbidden", message: "This session has no tenant" });
  });
});

describe("sessionScope", () => {
  it("is the customer's tenant and workspaces, or every tenant for staff", () => {
    const workspaceIds = [randomUUID(), randomUUID()];
    expect(sessionScope(actor("customer_viewer", { workspaceIds }))).toEqual({
      kind: "tenant",
      tenantId: tenant.id,
      workspaceIds,
    });
    expect(sessionScope(actor("admin"))).toEqual({ kind: "provider" });
  });
});
