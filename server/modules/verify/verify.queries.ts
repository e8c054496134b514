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
