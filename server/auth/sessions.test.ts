import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TEST_SESSION_SECRET } from "../../test/helpers/app";
import { loadConfig } from "../config";
import { createSessionService, SessionKeys, signToken } from "./sessions";

const config = loadConfig({ SESSION_SECRETS: TEST_SESSION_SECRET, PUBLIC_URL: "http://portal.test" });

async function service() {
  const keys = await SessionKeys.import(config.session.secrets);
  const sessions = createSessionService({
    config,
    keys,
    runScoped: () => Promise.reject(new Error("no database in this test")),
  });
  return { keys, sessions };
}

function claims() {
  return {
    sid: randomUUID(),
    tenant_id: randomUUID(),
    role: "customer_viewer",
    auth_method: "sso",
    mfa: false,
    workspace_ids: "*",
  };
}

describe("session token verification", () => {
  it("remembers a verified token, yet refuses it once it expires", async () => {
    const { keys, sessions } = await service();
    const expiresAt = new Date(Date.now() + 1500);
    const token = await signToken(keys, "portcullis-session+jwt", claims(), {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt,
      subject: randomUUID(),
    });
    expect(await sessions.verify(token)).toHaveProperty("claims");
    expect(await sessions.verify(token)).toHaveProperty("claims");
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    expect(await sessions.verify(token)).toEqual({ refused: "expired" });
    expect(await sessions.verify(token)).toEqual({ refused: "expired" });
  });

  it("refuses a token that was never verified, however often it is sent", async () => {
    const { keys, sessions } = await service();
    const token = await signToken(keys, "portcullis-session+jwt", claims(), {
      issuer: config.publicUrl,
      audience: "portcullis",
      expiresAt: new Date(Date.now() + 60_000),
      subject: randomUUID(),
    });
    const [head, body, signature] = token.split(".") as [string, string, string];
    const tampered = `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "AB" : "AA"}`;
    for (let attempt = 0; attempt < 3; attempt++)
      expect(await sessions.verify(tampered)).toEqual({ refused: "invalid" });
    expect(await sessions.verify(token)).toHaveProperty("claims");
  });
});
