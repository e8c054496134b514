import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, redactUrl } from "./config";

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

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://app:pw@db.internal:5432/portcullis",
      DB_POOL_SIZE: "20",
    });
    expect(config.database).toEqual({
      kind: "postgres",
      url: "postgres://app:pw@db.internal:5432/portcullis",
      poolSize: 20,
    });
    expect(config.isEmbedded).toBe(false);
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
    expect(loadConfig({ PUBLIC_URL: "https://portal.example.com/" }).isHttps).toBe(true);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.1, 10.0.0.2" }).trustProxy).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
  });
});
