import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { BrowserClient, signInAs } from "../../../test/helpers/http-client";
import { withScope } from "../../db/scope";

let t: TestApp;
const system = <T>(fn: Parameters<typeof withScope<T>>[3]) =>
  withScope(t.database, TEST_APP_ROLE, { kind: "system" }, fn);

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  t = await createTestApp({ JOBS_ENABLED: "true", JOBS_MAINTENANCE_SECONDS: "1" }, { listen: true });
});

afterAll(async () => {
  await t?.close();
});

describe("background report generation", () => {
  it("renders every seeded report in the background and stores bytes, size and SHA-256", async () => {
    const rows = await waitFor(async () => {
      const all = await system((trx) =>
        trx
          .selectFrom("reports")
          .select([
            "id",
            "status",
            "pdf",
            "size_bytes",
            "sha256",
            "snapshot_sha256",
            "data_snapshot",
            "generated_at",
            "attempts",
          ])
          .execute(),
      );
      return all.every((row) => row.status !== "generating") ? all : undefined;
    }, 120_000);
    expect(rows.length).toBeGreaterThan(40);
    for (const row of rows) {
      expect(row.status).toBe("completed");
      expect(row.pdf!.subarray(0, 5).toString()).toBe("%PDF-");
      expect(row.size_bytes).toBe(row.pdf!.length);
      expect(row.sha256).toBe(createHash("sha256").update(row.pdf!).digest("hex"));
      expect(row.snapshot_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(row.data_snapshot).toBeTruthy();
      expect(row.attempts).toBe(1);
    }
  });

  it("serves the stored bytes for download, so the published SHA-256 stays true", async () => {
    const client = new BrowserClient(t.url);
    await signInAs(client, "demo-contoso-viewer");
    const list = (await client.request("/api/v1/reports?pageSize=3")).json<{
      items: { id: string; sha256: string }[];
    }>();
    for (const item of list.items) {
      const response = await fetch(`${t.url}/api/v1/reports/${item.id}/pdf`, {
        headers: { cookie: await client.jar.getCookieString(t.url) },
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(item.sha256);
    }
  });

  it("schedules last month's executive report once per SOC workspace, however often it runs", async () => {
    const next = new Date(Date.UTC(2031, 5, 1, 3)); // reports for May 2031
    const first = await t.app.reportGeneration.scheduleMonthly(next);
    expect(first).toBe(2);
    expect(await t.app.reportGeneration.scheduleMonthly(next)).toBe(0);
    const created = await waitFor(async () => {
      const rows = await system((trx) =>
        trx
          .selectFrom("reports")
          .select(["status", "title"])
          .where("period_start", "=", new Date(Date.UTC(2031, 4, 1)))
          .execute(),
      );
      return rows.length === 2 && rows.every((row) => row.status === "completed") ? rows : undefined;
    }, 60_000);
    expect(created.map((row) => row.title)).toEqual([
      "Executive Summary — May 2031",
      "Executive Summary — May 2031",
    ]);
  });

  it("leaves an archived SOC workspace out of the monthly schedule", async () => {
    const tenant = await t.build.tenant();
    const archived = await t.build.workspace(tenant, { kind: "soc" });
    await system((trx) =>
      trx.updateTable("workspaces").set({ archived_at: new Date() }).where("id", "=", archived.id).execute(),
    );
    const month = new Date(Date.UTC(2032, 0, 1, 3)); // reports for December 2031
    expect(await t.app.reportGeneration.scheduleMonthly(month)).toBe(2);
    const forArchived = await system((trx) =>
      trx.selectFrom("reports").select("id").where("workspace_id", "=", archived.id).execute(),
    );
    expect(forArchived).toEqual([]);
  });
});
