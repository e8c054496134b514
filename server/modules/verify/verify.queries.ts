import type { ScopedTransaction } from "../../db/scope";

/** A completed report by the SHA-256 of its PDF, across every tenant; only tenant-free columns are read. */
export async function findIssuedReport(trx: ScopedTransaction, sha256: string) {
  return trx
    .selectFrom("reports")
    .select(["report_type", "period_start", "period_end", "generated_at"])
    .where("sha256", "=", sha256)
    .where("status", "=", "completed")
    .executeTakeFirst();
}

/** A sent proposal's document, or its signed copy, by SHA-256, across every tenant; tenant-free columns only. */
export async function findIssuedProposal(trx: ScopedTransaction, sha256: string) {
  return trx
    .selectFrom("proposals")
    .select(["kind", "version", "sent_at", "decided_at", "signed_sha256"])
    .where((eb) =>
      eb.or([
        eb.and([eb("sha256", "=", sha256), eb("status", "<>", "draft")]),
        eb("signed_sha256", "=", sha256),
      ]),
    )
    .executeTakeFirst();
}
