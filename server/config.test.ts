import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, redactUrl } from "./config";

const azure = {
  SSO_PROVIDER: "azure-gov",
  SSO_TENANT_IDS: "3F2504E0-4F89-11D3-9A0C-0305E82C3301, 7c9e6679-7425-40de-944b-e07fc1f90ae7",
  SSO_CLIENT_ID: "b1c2d3",
  SSO_CLIENT_SECRET: "client-secret-value",
};

describe("loadConfig", () => {
  it("defaults to the embedded mode: PGlite in ./data, port 3000, development", () => {
    const config = loadConfig({}, "/srv/portcullis");
    expect(config).toMatchObject({
      nodeEnv: "development",
      port: 3000,
      publicUrl: "http://localhost:3000",
      isHttps: false,
      isEmbedded: true,
      seedDemo: "auto",
      database: { kind: "pglite", dataDir: path.resolve("/srv/portcullis/data") },
    });
  });

  it("uses PostgreSQL when DATABASE_URL is set, with the owner's URL for migrations and jobs", () => {
    const env = {
      ...azure,
      DATABASE_URL: "postgres://web:pw@db.internal:5432/portcullis",
      DATABASE_OWNER_URL: "postgres://owner:pw@db.internal:5432/portcullis",
      DB_POOL_SIZE: "20",
      SESSION_SECRETS: "s".repeat(32),
    };
    expect(loadConfig(env).database).toEqual({
      kind: "postgres",
      url: "postgres://web:pw@db.internal:5432/portcullis",
      ownerUrl: "postgres://owner:pw@db.internal:5432/portcullis",
      poolSize: 20,
    });
    expect(loadConfig(env).isEmbedded).toBe(false);
    // Development may share one URL (the server warns at start); production may not.
    expect(loadConfig({ ...env, DATABASE_OWNER_URL: "" }).database).toMatchObject({
      url: env.DATABASE_URL,
      ownerUrl: env.DATABASE_URL,
    });
    expect(() => loadConfig({ ...env, DATABASE_OWNER_URL: "", NODE_ENV: "production" })).toThrow(
      /^Invalid configuration: DATABASE_OWNER_URL must be/,
    );
    expect(() => loadConfig({ DATABASE_OWNER_URL: env.DATABASE_OWNER_URL })).toThrow(/DATABASE_OWNER_URL/);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "0"],
    ["PORT", "70000"],
    ["PORT", "3000.5"],
    ["DATABASE_URL", "mysql://localhost/db"],
    ["DATABASE_URL", "not a url"],
    ["DATABASE_URL", "postgres://"],
    ["PUBLIC_URL", "ftp://portal.example"],
    ["PUBLIC_URL", "https://portal.example/sub/path"],
    ["NODE_ENV", "staging"],
    ["SEED_DEMO", "yes"],
    ["LOG_LEVEL", "verbose"],
    ["DB_POOL_SIZE", "-1"],
    ["DB_APP_ROLE", "app; drop table users"],
    ["TRUST_PROXY", "everyone"],
  ])("rejects %s=%s with one line naming the variable", (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(new RegExp(`^Invalid configuration: ${name} must be `));
    expect(message).not.toContain("\n");
  });

  it("never prints a database password in its error", () => {
    expect(() => loadConfig({ DATABASE_URL: "mysql://admin:s3cret@db/x" })).toThrow(/admin:\*\*\*@db/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://admin:s3cret@db/x" })).not.toThrow(/s3cret/);
  });

  it("redacts passwords from URLs", () => {
    expect(redactUrl("postgres://u:p@h:1/d")).toBe("postgres://u:***@h:1/d");
    expect(redactUrl("postgres://h/d")).toBe("postgres://h/d");
  });

  it("marks an https PUBLIC_URL as secure and parses TRUST_PROXY forms", () => {
    expect(loadConfig({ ...azure, PUBLIC_URL: "https://portal.example.com/" }).isHttps).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.1, 10.0.0.2" }).trustProxy).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
  });
});

describe("sign-in configuration", () => {
  it("uses the development identity provider when no SSO is configured", () => {
    const config = loadConfig({});
    expect(config.sso).toEqual({ kind: "dev-idp" });
    expect(config.isDevIdpEnabled).toBe(true);
  });

  it("refuses production without a real identity provider or session secrets", () => {
    expect(() => loadConfig({ NODE_ENV: "production", SESSION_SECRETS: "x".repeat(32) })).toThrow(
      /^Invalid configuration: the built-in development identity provider .* NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: "production", ...azure })).toThrow(
      /^Invalid configuration: SESSION_SECRETS/,
    );
  });

  describe("mail and access links", () => {
    const production = { NODE_ENV: "production", ...azure, SESSION_SECRETS: "s".repeat(32) };

    it("uses the development mailbox without SMTP_URL, and refuses production without one", () => {
      expect(loadConfig({}).mail).toEqual({
        kind: "dev-mailbox",
        from: '"SentinelForge Security" <no-reply@localhost>',
      });
      expect(() =>
        loadConfig({
          ...production,
          DATABASE_URL: "postgres://db/x",
          DATABASE_OWNER_URL: "postgres://o@db/x",
        }),
      ).toThrow(/^Invalid configuration: SMTP_URL is required in production/);
    });

    it("takes an smtp(s) URL and hides its password when refusing one", () => {
      expect(loadConfig({ SMTP_URL: "smtps://mailer:pw@smtp.example.com:465" }).mail).toMatchObject({
        kind: "smtp",
        url: "smtps://mailer:pw@smtp.example.com:465",
      });
      expect(() => loadConfig({ SMTP_URL: "http://mailer:hunter2@smtp.example.com" })).toThrow(
        'SMTP_URL must be smtp:// or smtps:// URL of the mail server (user and password in the URL); unset: a local development mailbox at /dev/mailbox (not in production) (got "http://mailer:***@smtp.example.com")',
      );
    });

    it("refuses a sender with a line break (a second header)", () => {
      expect(() => loadConfig({ MAIL_FROM: "a@b.example\r\nBcc: c@d.example" })).toThrow(/MAIL_FROM/);
      expect(loadConfig({ MAIL_FROM: "Portal <portal@firm.example>" }).mail.from).toBe(
        "Portal <portal@firm.example>",
      );
    });

    it("keeps the default link lifetime within the maximum", () => {
      expect(loadConfig({}).accessLinks).toEqual({ defaultHours: 72, maxHours: 336 });
      expect(loadConfig({ ACCESS_LINK_MAX_HOURS: "24" }).accessLinks).toEqual({
        defaultHours: 24,
        maxHours: 24,
      });
      expect(() => loadConfig({ ACCESS_LINK_MAX_HOURS: "24", ACCESS_LINK_HOURS: "48" })).toThrow(
        /ACCESS_LINK_HOURS/,
      );
    });
  });

  describe("the built-in development identity provider (anyone can sign in as an admin there)", () => {
    const postgres = { DATABASE_URL: "postgres://db/x", SESSION_SECRETS: "s".repeat(32) };

    it("runs in the embedded mode, or with DATABASE_URL only when asked for with DEV_IDP=on", () => {
      expect(loadConfig({}).isDevIdpEnabled).toBe(true);
      expect(() => loadConfig(postgres)).toThrow(/^Invalid configuration: SSO_PROVIDER is required/);
      expect(loadConfig({ ...postgres, DEV_IDP: "on" }).isDevIdpEnabled).toBe(true);
      expect(() => loadConfig({ DEV_IDP: "off" })).toThrow(/SSO_PROVIDER is required/);
      expect(loadConfig({ ...postgres, ...azure }).isDevIdpEnabled).toBe(false);
    });

    it.each([
      [{ NODE_ENV: "production", SESSION_SECRETS: "s".repeat(32) }, "NODE_ENV=production"],
      [{ PUBLIC_URL: "https://portal.example.com" }, "an https PUBLIC_URL"],
      [{ HOST: "0.0.0.0" }, "HOST=0.0.0.0"],
      [{ HOST: "10.1.2.3", DEV_IDP: "on" }, "HOST=10.1.2.3"],
      [{ ...postgres, DEV_IDP: "on", PUBLIC_URL: "https://portal.example.com" }, "an https PUBLIC_URL"],
    ])("refuses to start where others could reach it (%#: %o)", (env, why) => {
      let message = "";
      try {
        loadConfig(env);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("development identity provider");
      expect(message).toContain(why);
      expect(message).not.toContain("\n");
    });

    it("listens on any loopback address", () => {
      for (const host of ["127.0.0.1", "127.0.0.2", "localhost", "::1"]) {
        expect(loadConfig({ HOST: host }).isDevIdpEnabled).toBe(true);
      }
    });

    it("is never combined with a real identity provider", () => {
      expect(() => loadConfig({ ...azure, DEV_IDP: "on" })).toThrow(/DEV_IDP=on cannot be combined/);
      expect(() => loadConfig({ DEV_IDP: "maybe" })).toThrow(/^Invalid configuration: DEV_IDP must be/);
    });
  });

  it("requires session secrets with a PostgreSQL database, of at least 32 characters", () => {
    expect(() => loadConfig({ DATABASE_URL: "postgres://db/x", ...azure })).toThrow(/SESSION_SECRETS/);
    expect(() => loadConfig({ SESSION_SECRETS: "tiny-secret" })).toThrow(/SESSION_SECRETS/);
    expect(() => loadConfig({ SESSION_SECRETS: "tiny-secret" })).not.toThrow(/tiny-secret/);
  });

  it("derives one Azure Government issuer per allowed tenant", () => {
    const config = loadConfig(azure);
    expect(config.isDevIdpEnabled).toBe(false);
    expect(config.sso).toMatchObject({
      kind: "external",
      preset: "azure-gov",
      issuers: [
        "https://login.microsoftonline.us/3f2504e0-4f89-11d3-9a0c-0305e82c3301/v2.0",
        "https://login.microsoftonline.us/7c9e6679-7425-40de-944b-e07fc1f90ae7/v2.0",
      ],
      allowedTenantIds: ["3f2504e0-4f89-11d3-9a0c-0305e82c3301", "7c9e6679-7425-40de-944b-e07fc1f90ae7"],
      roleMap: {
        "Portal.Viewer": "customer_viewer",
        "Portal.Approver": "customer_approver",
        "Portal.Analyst": "analyst",
        "Portal.Admin": "admin",
      },
      tenantClaim: "tid",
    });
  });

  it("uses login.microsoftonline.com for the azure preset", () => {
    const config = loadConfig({
      ...azure,
      SSO_PROVIDER: "azure",
      SSO_TENANT_IDS: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    });
    expect(config.sso.kind === "external" && config.sso.issuers).toEqual([
      "https://login.microsoftonline.com/7c9e6679-7425-40de-944b-e07fc1f90ae7/v2.0",
    ]);
  });

  it.each([
    [{ ...azure, SSO_TENANT_IDS: "" }, "SSO_TENANT_IDS"],
    [{ ...azure, SSO_TENANT_IDS: "contoso.onmicrosoft.com" }, "SSO_TENANT_IDS"],
    [{ ...azure, SSO_CLIENT_SECRET: "" }, "SSO_CLIENT_SECRET"],
    [{ ...azure, SSO_CLIENT_ID: "" }, "SSO_CLIENT_ID"],
    [{ ...azure, SSO_ROLE_MAP: "Portal.Viewer=superuser" }, "SSO_ROLE_MAP"],
    [{ ...azure, SSO_PROVIDER: "okta" }, "SSO_PROVIDER"],
    [{ ...azure, SSO_PROVIDER: "oidc", SSO_ISSUER: "" }, "SSO_ISSUER"],
    [{ ...azure, SSO_PROVIDER: "oidc", SSO_ISSUER: "ftp://idp" }, "SSO_ISSUER"],
  ])("rejects an incomplete SSO configuration (%#: %s)", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} must be`));
  });

  it("never echoes the client secret", () => {
    expect(() => loadConfig({ ...azure, SSO_ROLE_MAP: "bad" })).not.toThrow(/client-secret-value/);
  });
});

describe("the sealing certificate", () => {
  // Not a real PKCS#12: the configuration only reads the bytes; opening them is the server's first step.
  const p12 = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), Buffer.alloc(256, 7)]);
  let folder: string;

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "portcullis-config-"));
    fs.writeFileSync(path.join(folder, "seal.p12"), p12);
    fs.writeFileSync(
      path.join(folder, "seal.pem"),
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".repeat(3),
    );
  });

  afterAll(() => {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("uses a development certificate in DATA_DIR without SIGNING_CERT_P12, also with a PostgreSQL database", () => {
    expect(loadConfig({}, "/srv/portcullis").signing).toEqual({
      kind: "development",
      file: path.resolve("/srv/portcullis/data/signing-dev.p12"),
    });
    const postgres = { ...azure, DATABASE_URL: "postgres://db/x", SESSION_SECRETS: "s".repeat(32) };
    expect(loadConfig({ ...postgres, DATA_DIR: "/var/lib/portcullis" }).signing).toEqual({
      kind: "development",
      file: path.resolve("/var/lib/portcullis/signing-dev.p12"),
    });
  });

  it("refuses production without SIGNING_CERT_P12", () => {
    const production = {
      NODE_ENV: "production",
      ...azure,
      SESSION_SECRETS: "s".repeat(32),
      DATABASE_URL: "postgres://db/x",
      DATABASE_OWNER_URL: "postgres://o@db/x",
      SMTP_URL: "smtp://smtp.example.com",
    };
    expect(() => loadConfig(production)).toThrow(
      /^Invalid configuration: SIGNING_CERT_P12 is required in production/,
    );
    expect(loadConfig({ ...production, SIGNING_CERT_P12: path.join(folder, "seal.p12") }).signing.kind).toBe(
      "p12",
    );
  });

  it("reads a file named by SIGNING_CERT_P12, absolute or relative to the working folder", () => {
    expect(loadConfig({ SIGNING_CERT_P12: path.join(folder, "seal.p12") }).signing).toEqual({
      kind: "p12",
      p12,
      passphrase: "",
    });
    expect(
      loadConfig({ SIGNING_CERT_P12: "seal.p12", SIGNING_CERT_PASSWORD: " pass phrase " }, folder).signing,
    ).toEqual({ kind: "p12", p12, passphrase: " pass phrase " });
  });

  it("takes the file's content in base64, also wrapped over several lines", () => {
    const base64 = p12.toString("base64");
    expect(loadConfig({ SIGNING_CERT_P12: base64 }).signing).toEqual({ kind: "p12", p12, passphrase: "" });
    const wrapped = base64.replace(/.{64}/g, "$&\n");
    expect(loadConfig({ SIGNING_CERT_P12: wrapped, SIGNING_CERT_PASSWORD: "pw" }).signing).toEqual({
      kind: "p12",
      p12,
      passphrase: "pw",
    });
  });

  it("rejects what is neither a PKCS#12 file nor its base64, naming the variable but never printing key material", () => {
    const notDer = Buffer.from("secret key material that is not DER ".repeat(4)).toString("base64");
    for (const value of [notDer, `${p12.toString("base64")}!`, "not a certificate"]) {
      let message = "";
      try {
        loadConfig({ SIGNING_CERT_P12: value });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid configuration: SIGNING_CERT_P12 must be /);
      expect(message).not.toContain(value.slice(0, 12));
      expect(message).not.toContain("\n");
    }
    expect(() => loadConfig({ SIGNING_CERT_P12: "./certs/seal.p12" }, folder)).toThrow(
      `no file at ${path.join(folder, "certs/seal.p12")}`,
    );
    expect(() => loadConfig({ SIGNING_CERT_P12: path.join(folder, "seal.pem") })).toThrow(
      /^Invalid configuration: SIGNING_CERT_P12 names a file that is not a PKCS#12 \(DER\) file/,
    );
  });
});
