import { type Kysely, sql } from "kysely";
import type { DB } from "../db/types";

export interface ArchiveResult {
  /** The newest seal removed; the chain now continues from its hash. */
  throughSeal: number;
  seals: number;
  events: number;
}

/**
 * Audit retention: removes every seal made before `cutoff`, with exactly the rows it covers, and records a
 * checkpoint (`audit_archives`: the last removed seal's id, hash and transaction bound, and running totals) from
 * which verification continues. Only whole sealed ranges go, so what remains verifies as before; unsealed rows
 * are never touched. Runs as the schema owner (the application role may not delete audit rows), in one transaction.
 */
export async function archiveSealedBefore(owner: Kysely<DB>, cutoff: Date): Promise<ArchiveResult | null> {
  return owner.transaction().execute(async (trx) => {
    await sql`select set_config('app.all_tenants', 'on', true)`.execute(trx);
    const last = await trx
      .selectFrom("audit_seals")
      .select(["id", "txid_to", "hash", "sealed_at"])
      .where("sealed_at", "<", cutoff)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!last) return null;
    const previous = await trx
      .selectFrom("audit_archives")
      .select(["events", "seals"])
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    // Every remaining row below the seal's bound is covered by it or an older seal: seals partition transaction ids.
    const events = await trx
      .deleteFrom("audit_events")
      .where(sql<boolean>`txid < ${last.txid_to}::xid8`)
      .executeTakeFirst();
    const seals = await trx.deleteFrom("audit_seals").where("id", "<=", last.id).executeTakeFirst();
    const result = {
      throughSeal: last.id,
      seals: Number(seals.numDeletedRows),
      events: Number(events.numDeletedRows),
    };
    await trx
      .insertInto("audit_archives")
      .values({
        through_seal: last.id,
        txid_to: last.txid_to,
        seal_hash: last.hash,
        sealed_at: last.sealed_at,
        events: Number(previous?.events ?? 0) + result.events,
        seals: Number(previous?.seals ?? 0) + result.seals,
      })
      .execute();
    return result;
  });
}
