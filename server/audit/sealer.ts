import { sql } from "kysely";
import type { RunScoped } from "../db/scope";

/** The previous hash of the first seal. */
export const GENESIS_HASH = "0".repeat(64);

/** One seal per interval at most; rows are sealed within about this long of their commit. */
export const SEAL_INTERVAL_MS = 1000;

/**
 * Transaction-level advisory lock key of the sealer (an arbitrary constant: "PCAUDIT" in ASCII). Whoever holds it
 * seals; the others skip that tick. Held only for the sealing transaction, never across requests.
 */
const SEALER_LOCK = 0x50434155444954n;

export interface SealResult {
  /** The new seal's id, or null when there was nothing to seal or another instance was sealing. */
  sealId: number | null;
  rows: number;
}

/**
 * Seals every audit row whose transaction has ended since the last seal. The bound is the oldest transaction
 * still running (`pg_snapshot_xmin`): every transaction below it has committed or rolled back, so the rows with a
 * `txid` in `[previous bound, bound)` are final, and a transaction still running will have its rows sealed by a
 * later seal. Seals therefore partition transaction ids without gaps, and sealing never waits for a request.
 */
export async function sealPending(runScoped: RunScoped): Promise<SealResult> {
  return runScoped({ kind: "system" }, async (trx) => {
    const { rows: lock } = await sql<{ leader: boolean; bound: string }>`
      select pg_try_advisory_xact_lock(${SEALER_LOCK.toString()}::bigint) as leader,
        pg_snapshot_xmin(pg_current_snapshot())::text as bound`.execute(trx);
    const { leader, bound } = lock[0]!;
    if (!leader) return { sealId: null, rows: 0 };
    const { rows } = await sql<{ id: number; row_count: number }>`
      with previous as (
        select txid_to, hash from audit_seals order by id desc limit 1
      ),
      sealed as (
        select seq, hash from audit_events
        where txid >= coalesce((select txid_to from previous), '0'::xid8) and txid < ${bound}::xid8
      ),
      summary as (
        select count(*)::int as row_count,
          range_agg(int8range(seq, seq + 1))::text as seqs,
          encode(sha256(convert_to(coalesce(string_agg(seq::text || ':' || hash || chr(10), '' order by seq), ''),
            'UTF8')), 'hex') as digest
        from sealed
      )
      insert into audit_seals (txid_from, txid_to, row_count, seqs, digest, prev_hash)
      select coalesce((select txid_to from previous), '0'::xid8), ${bound}::xid8, row_count, seqs::int8multirange,
        digest, coalesce((select hash from previous), ${GENESIS_HASH})
      from summary
      where row_count > 0
      returning id, row_count`.execute(trx);
    const seal = rows[0];
    return seal ? { sealId: seal.id, rows: seal.row_count } : { sealId: null, rows: 0 };
  });
}

/** Seals every interval until stopped; a failed tick (database restarting) is reported and tried again next tick. */
export function startSealer(
  runScoped: RunScoped,
  onError: (error: unknown) => void,
  intervalMs = SEAL_INTERVAL_MS,
): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    // A tick still running (a slow or restarting database) is not queued behind: the next one covers its rows.
    if (running) return;
    running = sealPending(runScoped)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
