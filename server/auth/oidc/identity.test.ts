import { describe, expect, it } from "vitest";
import { type IdentityRules, resolveIdentity } from "./identity";

const CUSTOMER_DIRECTORY = "6f1c2a7e-3b9d-4e58-9a41-0c7d5e2b8f13";
const STAFF_DIRECTORY = "0d5a3c91-8e2f-4b7a-a6c4-51f9e8d2b370";

const rules: IdentityRules = {
  allowedTenantIds: null,
  staffTenantIds: [STAFF_DIRECTORY],
  roleMap: {
    "Portal.Viewer": "customer_viewer",
    "Portal.Approver": "customer_approver",
    "Portal.Analyst": "analyst",
    "Portal.Admin": "admin",
  },
  tenantClaim: "tid",
  mfaAcrs: ["urn:example:mfa"],
  issuerKey: (issuer) => `key:${issuer}`,
};

/** An ID token's claims as a customer's directory sends them for a viewer; each test changes what it is about. */
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: "https://login.example.test/v2.0",
  sub: "subject-1",
  tid: CUSTOMER_DIRECTORY,
  roles: ["Portal.Viewer"],
  email: "viewer@example.org",
  name: "Vera Viewer",
  ...overrides,
});

function identityOf(input: Record<string, unknown>, with_: Partial<IdentityRules> = {}) {
  const result = resolveIdentity(input, { ...rules, ...with_ });
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.identity;
}

function refusalOf(input: Record<string, unknown>, with_: Partial<IdentityRules> = {}) {
  const result = resolveIdentity(input, { ...rules, ...with_ });
  if (result.ok) throw new Error(`signed in as ${result.identity.role}`);
  return result.reason;
}

describe("resolveIdentity", () => {
  it("maps a customer's token onto a portal identity", () => {
    expect(identityOf(claims())).toEqual({
      issuerKey: "key:https://login.example.test/v2.0",
      subject: "subject-1",
      email: "viewer@example.org",
      name: "Vera Viewer",
      role: "customer_viewer",
      directoryTenantId: CUSTOMER_DIRECTORY,
      mfa: false,
    });
  });

  it("names the user by oid when the token has one (Entra's stable id), else by sub", () => {
    expect(identityOf(claims({ oid: "object-1" })).subject).toBe("object-1");
    expect(identityOf(claims({ oid: "  " })).subject).toBe("subject-1");
  });

  it.each([
    ["no issuer", { iss: undefined }],
    ["a blank issuer", { iss: "   " }],
    ["no subject", { sub: undefined }],
    ["a subject that is not text", { sub: 42, oid: ["x"] }],
  ])("refuses a token with %s", (_, overrides) => {
    expect(refusalOf(claims(overrides))).toBe("The identity provider's token names no user.");
  });

  it("trims what it keeps and bounds its length", () => {
    const identity = identityOf(
      claims({
        iss: "  https://login.example.test/v2.0 ",
        sub: ` ${"s".repeat(250)} `,
        tid: ` ${CUSTOMER_DIRECTORY.toUpperCase()} `,
        email: ` ${"e".repeat(400)}@example.org `,
        name: ` ${"n".repeat(250)} `,
      }),
    );
    expect(identity.issuerKey).toBe("key:https://login.example.test/v2.0");
    expect(identity.subject).toBe("s".repeat(200));
    expect(identity.directoryTenantId).toBe(CUSTOMER_DIRECTORY);
    expect(identity.email).toBe("e".repeat(320));
    expect(identity.name).toBe("n".repeat(200));
  });

  describe("allowed directories", () => {
    const allowed = { allowedTenantIds: [CUSTOMER_DIRECTORY] };

    it("lets an allowed directory in, whatever the case of its tenant claim", () => {
      expect(identityOf(claims({ tid: CUSTOMER_DIRECTORY.toUpperCase() }), allowed).directoryTenantId).toBe(
        CUSTOMER_DIRECTORY,
      );
    });

    it.each([
      ["another directory", { tid: STAFF_DIRECTORY }],
      ["no tenant claim", { tid: undefined }],
      ["a blank tenant claim", { tid: " " }],
    ])("refuses %s", (_, overrides) => {
      expect(refusalOf(claims(overrides), allowed)).toBe(
        "Your organisation's directory is not allowed to sign in to this portal.",
      );
    });

    it("reads the tenant from the configured claim", () => {
      const identity = identityOf(claims({ tid: undefined, tenant: CUSTOMER_DIRECTORY }), {
        ...allowed,
        tenantClaim: "tenant",
      });
      expect(identity.directoryTenantId).toBe(CUSTOMER_DIRECTORY);
    });

    it("lets any directory in when no list is configured, and a token without one is a customer without a directory", () => {
      expect(identityOf(claims({ tid: "11111111-1111-4111-8111-111111111111" })).role).toBe(
        "customer_viewer",
      );
      expect(identityOf(claims({ tid: undefined })).directoryTenantId).toBeNull();
    });
  });

  describe("roles", () => {
    it("never gives a default role", () => {
      const why =
        "Your account has no portal role. Ask your administrator to assign one of: Portal.Viewer, Portal.Approver, Portal.Analyst, Portal.Admin.";
      expect(refusalOf(claims({ roles: undefined }))).toBe(why);
      expect(refusalOf(claims({ roles: [] }))).toBe(why);
      expect(refusalOf(claims({ roles: ["Owner", "customer_viewer", 7, null] }))).toBe(why);
      expect(refusalOf(claims({ roles: { "Portal.Viewer": true } }))).toBe(why);
    });

    it("accepts a single role sent as a string, and ignores what is not a string in a list", () => {
      expect(identityOf(claims({ roles: "Portal.Approver" })).role).toBe("customer_approver");
      expect(identityOf(claims({ roles: [7, "Portal.Approver", null] })).role).toBe("customer_approver");
    });

    it("grants nothing for a role nested in a list (only a list of strings names roles)", () => {
      expect(refusalOf(claims({ roles: [["Portal.Viewer"]] }))).toMatch(/no portal role/);
      const staff = claims({ tid: STAFF_DIRECTORY, roles: ["Portal.Analyst", ["Portal.Admin"]] });
      expect(identityOf(staff).role).toBe("analyst");
    });

    it("gives the strongest of several roles a directory may hold", () => {
      expect(identityOf(claims({ roles: ["Portal.Viewer", "Portal.Approver"] })).role).toBe(
        "customer_approver",
      );
      expect(identityOf(claims({ roles: ["Portal.Approver", "Portal.Viewer"] })).role).toBe(
        "customer_approver",
      );
      const staff = { tid: STAFF_DIRECTORY };
      expect(identityOf(claims({ ...staff, roles: ["Portal.Analyst", "Portal.Admin"] })).role).toBe("admin");
      expect(identityOf(claims({ ...staff, roles: ["Portal.Admin", "Portal.Analyst"] })).role).toBe("admin");
      expect(identityOf(claims({ ...staff, roles: ["Portal.Analyst"] })).role).toBe("analyst");
    });

    it("honours staff roles only from the provider's own directory", () => {
      const customerAdmin = claims({ roles: ["Portal.Admin"] });
      expect(refusalOf(customerAdmin)).toBe(
        "Staff roles are only accepted from the provider's own directory.",
      );
      expect(refusalOf(claims({ tid: undefined, roles: ["Portal.Analyst"] }))).toBe(
        "Staff roles are only accepted from the provider's own directory.",
      );
      // A customer holding a staff role as well as a customer one is the customer, never staff.
      expect(identityOf(claims({ roles: ["Portal.Admin", "Portal.Viewer"] })).role).toBe("customer_viewer");
    });

    it("gives the provider's own directory staff roles only", () => {
      expect(refusalOf(claims({ tid: STAFF_DIRECTORY }))).toBe(
        "Accounts of the provider's directory need a staff role (analyst or admin).",
      );
      expect(
        identityOf(
          claims({ tid: STAFF_DIRECTORY.toUpperCase(), roles: ["Portal.Viewer", "Portal.Analyst"] }),
        ),
      ).toMatchObject({ role: "analyst", directoryTenantId: STAFF_DIRECTORY });
    });
  });

  describe("multi-factor authentication", () => {
    it.each([
      [{ amr: ["pwd", "mfa"] }, true],
      [{ amr: "mfa" }, true],
      [{ amr: ["pwd"] }, false],
      [{ amr: ["pwd", "otp"] }, false],
      [{ acr: "urn:example:mfa" }, true],
      [{ acrs: ["c1", "urn:example:mfa"] }, true],
      [{ acr: "urn:example:password" }, false],
      [{ acrs: ["urn:example:password"] }, false],
      [{}, false],
    ])("reads %o as mfa %s", (overrides, mfa) => {
      expect(identityOf(claims(overrides)).mfa).toBe(mfa);
    });
  });

  describe("email and name", () => {
    it("takes the address from email, else preferred_username, else upn", () => {
      expect(
        identityOf(claims({ email: undefined, preferred_username: "pref@example.org", upn: "u@x.org" }))
          .email,
      ).toBe("pref@example.org");
      expect(identityOf(claims({ email: " ", upn: "upn@example.org" })).email).toBe("upn@example.org");
    });

    it("refuses an account without an address of at least three characters", () => {
      const why =
        "Your identity provider did not send an email address for your account. Ask your administrator to release the email (or preferred_username) claim to this portal.";
      expect(refusalOf(claims({ email: undefined }))).toBe(why);
      expect(refusalOf(claims({ email: "a@" }))).toBe(why);
      expect(identityOf(claims({ email: "a@b" })).email).toBe("a@b");
    });

    it("names an account without a name by its address", () => {
      expect(identityOf(claims({ name: undefined })).name).toBe("viewer@example.org");
      expect(identityOf(claims({ name: "  " })).name).toBe("viewer@example.org");
    });
  });
});
