import { createHash } from "node:crypto";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/helpers/app";
import { TEST_APP_ROLE } from "../../../test/helpers/constants";
import { withScope } from "../../db/scope";

let t: TestApp;
let pdf: Buffer;
let sha256: string;

async function makePdf(text: string): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.text(text);
  doc.end();
  return done;
}

beforeAll(async () => {
  t = await createTestApp();
  pdf = await makePdf("Executive Summary — issued by the portal");
  sha256 = createHash("sha256").update(pdf).digest("hex");
  await withScope(t.database, TEST_APP_ROLE, { kind: "system" }, async (trx) => {
    const report = await trx
      .selectFrom("reports")
      .select("id")
      .where("report_type", "=", "sla_performance")
      .orderBy("period_end", "desc")
      .executeTakeFirstOrThrow();
    await trx
      .updateTable("reports")
      .set({
        status: "completed",
        pdf,
        sha256,
        size_bytes: pdf.length,
        generated_at: new Date("2026-11-02T08:00:00Z"),
      })
      .where("id", "=", report.id)
      .execute();
  });
});

afterAll(async () => {
  await t?.close();
});

const verify = (payload: unknown, contentType = "application/json") =>
  t.app.inject({
    method: "POST",
    url: "/api/v1/verify",
    headers: { "content-type": contentType },
    payload: payload as string,
  });

describe("POST /api/v1/verify", () => {
  it("confirms a document the portal issued, by digest, without naming the tenant", async () => {
    const response = await verify({ sha256: sha256.toUpperCase() });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      issued: true,
      sha256,
      document: {
        kind: "report",
        report_type: "sla_performance",
        period_start: expect.stringMatching(/Z$/),
        period_end: expect.stringMatching(/Z$/),
        issued_at: "2026-11-02T08:00:00.000Z",
      },
    });
    expect(response.body).not.toMatch(/tenant|workspace|Northwind|Contoso|title/i);
  });

  it("confirms an uploaded PDF, without a session or an Origin", async () => {
    const response = await verify(pdf, "application/pdf");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ issued: true, sha256 });
  });

  it("says no for a document it did not issue", async () => {
    const other = await makePdf("a forgery");
    const response = await verify(other, "application/pdf");
    expect(response.json()).toEqual({
      issued: false,
      sha256: createHash("sha256").update(other).digest("hex"),
    });
    expect((await verify({ sha256: "0".repeat(64) })).json()).toEqual({
      issued: false,
      sha256: "0".repeat(64),
    });
  });

  it.each([
    [{ sha256: "xyz" }, "application/json", 400],
    [{ sha256: "a".repeat(65) }, "application/json", 400],
    [{}, "application/json", 400],
    [Buffer.from("not a pdf at all"), "application/pdf", 400],
    [Buffer.alloc(26 * 1024 * 1024, 0x25), "application/pdf", 413],
  ])("rejects bad input (%#) with a 4xx", async (payload, contentType, status) => {
    const response = await verify(payload, contentType);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toHaveProperty("error");
  });
});
