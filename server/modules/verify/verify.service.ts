import { createHash } from "node:crypto";
import type { RunScoped } from "../../db/scope";
import { AppError } from "../../errors";
import * as queries from "./verify.queries";

/** What the verifier receives: the PDF itself, or its digest. */
export type VerifyInput = Buffer | { sha256?: unknown } | null | undefined;

function digestOf(input: VerifyInput): string {
  if (Buffer.isBuffer(input)) {
    if (input.subarray(0, 5).toString("latin1") !== "%PDF-") {
      throw new AppError("bad_request", "That file is not a PDF");
    }
    return createHash("sha256").update(input).digest("hex");
  }
  const digest = input?.sha256;
  if (typeof digest !== "string" || !/^[0-9a-fA-F]{64}$/.test(digest)) {
    throw new AppError(
      "bad_request",
      'Send a PDF (Content-Type: application/pdf) or { "sha256": "<64 hex characters>" }',
    );
  }
  return digest.toLowerCase();
}

export function createVerifyService(deps: { runScoped: RunScoped }) {
  const { runScoped } = deps;
  return {
    /** Did this portal issue the document? Public: the answer describes the document, never whose it is. */
    async verifyDocument(input: VerifyInput) {
      const sha256 = digestOf(input);
      // Every tenant's documents are searched, so this runs in the system scope and reads no tenant column.
      const { report, proposal } = await runScoped({ kind: "system" }, async (trx) => ({
        report: await queries.findIssuedReport(trx, sha256),
        proposal: await queries.findIssuedProposal(trx, sha256),
      }));
      if (proposal?.sent_at) {
        const signed = proposal.signed_sha256 === sha256;
        return {
          issued: true as const,
          sha256,
          document: {
            kind: signed ? ("signed_proposal" as const) : ("proposal" as const),
            proposal_kind: proposal.kind,
            version: proposal.version,
            issued_at: (signed ? (proposal.decided_at ?? proposal.sent_at) : proposal.sent_at).toISOString(),
          },
        };
      }
      if (!report?.generated_at) return { issued: false as const, sha256 };
      return {
        issued: true as const,
        sha256,
        document: {
          kind: "report" as const,
          report_type: report.report_type,
          period_start: report.period_start.toISOString(),
          period_end: report.period_end.toISOString(),
          issued_at: report.generated_at.toISOString(),
        },
      };
    },
  };
}

export type VerifyService = ReturnType<typeof createVerifyService>;
