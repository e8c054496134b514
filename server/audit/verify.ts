import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { AuditVerification } from "../../contracts/audit";
import type { ScopedTransaction } from "../db/scope";
import { GENESIS_HASH } from "./sealer";

type Problem = NonNullable<AuditVerification["problem"]>;

/**
 * How much earlier than the previous seal a row sealed after it may say it was written. A row's time is when it was
 * inserted and its transaction commits right after (the request's answer waits for it), so a legitimate row is
 * late by milliseconds; a row claiming an earlier time was written afterwards with a forged time.
 */
const LATENESS_US = 60_000_000n;

/** Seals checked per batch, and at most about this many rows read at once (constant memory over any length). */
const SEALS_PER_BATCH = 200;
const ROWS_PER_BATCH = 20_000;

interface SealRow {
  id: number;
  sealed_us: string;
  txid_from: string;
  txid_to: string;
  row_count: number;
  seqs: string;
  digest: string;
  prev_hash: string;
  hash: string;
}

/** Where the chain continues from: the previous seal, or the checkpoint of the last retention run. */
type Anchor = Pick<SealRow, "id" | "sealed_us" | "txid_to" | "hash">;

/** An audit row with every hashed field as the database's text. */
export interface EventRow {
  seq: string;
  occurred_us: string;
  txid: string;
  request_id: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  tenant_id: string | null;
  workspace_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  http_status: string;
  ip: string | null;
  user_agent: string | null;
  reason: string | null;
  hash: string;
}

/** The canonical text the database hashes: `<byte length>:<value>` per field (`-` for NULL), joined by `|`. */
function canonical(fields: (string | null)[]): string {
  return fields.map((field) => (field === null ? "-" : `${Buffer.byteLength(field)}:${field}`)).join("|");
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** A row's hash as it must be, given the seq it sits at. */
export function eventHash(row: EventRow, seq: string): string {
  return sha256(
    canonical([
      seq,
      row.occurred_us,
      row.txid,
      row.request_id,
      row.actor_type,
      row.actor_id,
      row.actor_name,
      row.actor_role,
      row.tenant_id,
      row.workspace_id,
      row.action,
      row.resource_type,
      row.resource_id,
      row.outcome,
      row.http_status,
      row.ip,
      row.user_agent,
      row.reason,
    ]),
  );
}

function sealHash(seal: SealRow): string {
  return sha256(
    canonical([
      seal.sealed_us,
      seal.txid_from,
      seal.txid_to,
      String(seal.row_count),
      seal.seqs,
      seal.digest,
      seal.prev_hash,
    ]),
  );
}

/** The seqs of an int8multirange's text (`{[1,4),[7,8)}`), in order. */
export function seqsOf(multirange: string): bigint[] {
  const seqs: bigint[] = [];
  for (const match of multirange.matchAll(/\[(\d+),(\d+)\)/g)) {
    for (let seq = BigInt(match[1]!); seq < BigInt(match[2]!); seq++) seqs.push(seq);
  }
  return seqs;
}

function digestOf(rows: EventRow[]): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(`${row.seq}:${row.hash}\n`, "utf8");
  return hash.digest("hex");
}

async function sealsAfter(trx: ScopedTransaction, afterId: number): Promise<SealRow[]> {
  const { rows } = await sql<SealRow>`
    select id, (extract(epoch from sealed_at) * 1000000)::bigint::text as sealed_us, txid_from::text,
      txid_to::text, row_count, seqs::text, digest, prev_hash, hash
    from audit_seals where id > ${afterId} order by id limit ${SEALS_PER_BATCH}`.execute(trx);
  return rows;
}

/** Every hashed field of an audit row as the database's text (the form its hash was computed from). */
export const eventFields = sql`seq::text as seq, (extract(epoch from occurred_at) * 1000000)::bigint::text as occurred_us,
  txid::text as txid, request_id, actor_type, actor_id, actor_name, actor_role, tenant_id::text as tenant_id,
  workspace_id::text as workspace_id, action, resource_type, resource_id, outcome, http_status::text as http_status,
  ip, user_agent, reason, hash`;

/** Rows with a transaction id in `[from, to)`, in seq order. */
async function eventsBetween(trx: ScopedTransaction, from: string, to: string | null): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`
    select ${eventFields} from audit_events
    where txid >= ${from}::xid8 and (${to}::xid8 is null or txid < ${to}::xid8)
    order by audit_events.seq`.execute(trx);
  return rows;
}

/** The first problem among one seal's rows (or the unsealed rows, when `seal` is null). */
function checkRows(rows: EventRow[], seal: SealRow | null, previousSealedUs: bigint | null): Problem | null {
  const sealId = seal?.id ?? null;
  const problems: Problem[] = [];
  const bySeq = new Map(rows.map((row) => [row.seq, row]));

  if (seal) {
    const expected = seqsOf(seal.seqs).map(String);
    const expectedSet = new Set(expected);
    for (const seq of expected) {
      if (!bySeq.has(seq)) {
        problems.push({
          seq: Number(seq),
          seal: sealId,
          kind: "row_deleted",
          message: `seq ${seq}: row deleted (seal ${sealId} covers it, the table no longer has it)`,
        });
      }
    }
    for (const row of rows) {
      if (!expectedSet.has(row.seq)) {
        problems.push({
          seq: Number(row.seq),
          seal: sealId,
          kind: "row_inserted",
          message: `seq ${row.seq}: row inserted outside any seal (its transaction is within seal ${sealId}, which does not cover it)`,
        });
      }
    }
  }

  const mismatched = rows.filter((row) => eventHash(row, row.seq) !== row.hash);
  for (const row of mismatched) {
    const partner = mismatched.find((other) => other !== row && eventHash(row, other.seq) === row.hash);
    problems.push(
      partner
        ? {
            seq: Number(row.seq),
            seal: sealId,
            kind: "rows_swapped",
            message: `seq ${row.seq}: rows swapped (seq ${row.seq} holds the row written as seq ${partner.seq})`,
          }
        : {
            seq: Number(row.seq),
            seal: sealId,
            kind: "row_edited",
            message: `seq ${row.seq}: row edited (its fields no longer match its hash)`,
          },
    );
  }

  if (previousSealedUs !== null) {
    for (const row of rows) {
      if (BigInt(row.occurred_us) < previousSealedUs - LATENESS_US) {
        problems.push({
          seq: Number(row.seq),
          seal: sealId,
          kind: "row_inserted",
          message: `seq ${row.seq}: row inserted outside any seal (written after an earlier seal, yet dated before it)`,
        });
      }
    }
  }

  if (problems.length > 0) {
    return problems.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))[0]!;
  }
  if (seal && digestOf(rows) !== seal.digest) {
    return {
      seq: null,
      seal: sealId,
      kind: "seal_digest",
      message: `seal ${sealId}: its rows no longer match its digest (a row was changed and its hash recomputed)`,
    };
  }
  return null;
}

/**
 * Walks every seal in order and every row: each seal's hash and its link to the previous one, each row's hash
 * (recomputed here, not by the database), the seqs each seal covers, the digest of their hashes; rows written
 * since the last seal are counted as unsealed. Stops at the first problem, naming the seq or seal and why.
 */
export async function verifyAuditTrail(trx: ScopedTransaction): Promise<AuditVerification> {
  // Retention removed the oldest sealed ranges: the chain continues from the last checkpoint.
  const { rows: checkpoints } = await sql<Anchor & { events: number }>`
    select through_seal as id, (extract(epoch from sealed_at) * 1000000)::bigint::text as sealed_us,
      txid_to::text, seal_hash as hash, events
    from audit_archives order by id desc limit 1`.execute(trx);
  let previous: Anchor | null = checkpoints[0] ?? null;
  let events = 0;
  let seals = 0;
  const result = (problem: Problem | null, unsealed = 0): AuditVerification => ({
    intact: problem === null,
    events,
    seals,
    unsealed,
    archived: Number(checkpoints[0]?.events ?? 0),
    headHash: previous?.hash ?? null,
    problem,
  });

  for (;;) {
    const batch = await sealsAfter(trx, previous?.id ?? 0);
    if (batch.length === 0) break;
    // Read the rows of as many seals as fit in one batch, then hand each seal its own.
    let end = 0;
    let rowsInBatch = 0;
    while (end < batch.length && (end === 0 || rowsInBatch + batch[end]!.row_count <= ROWS_PER_BATCH)) {
      rowsInBatch += batch[end]!.row_count;
      end++;
    }
    const group = batch.slice(0, end);
    const rows = await eventsBetween(trx, group[0]!.txid_from, group[group.length - 1]!.txid_to);
    for (const seal of group) {
      const expectedPrevious = previous?.hash ?? GENESIS_HASH;
      const expectedFrom = previous?.txid_to ?? "0";
      if (sealHash(seal) !== seal.hash) {
        return result({
          seq: null,
          seal: seal.id,
          kind: "seal_edited",
          message: `seal ${seal.id}: seal edited (its fields no longer match its hash)`,
        });
      }
      if (seal.prev_hash !== expectedPrevious || seal.txid_from !== expectedFrom) {
        return result({
          seq: null,
          seal: seal.id,
          kind: "seal_missing",
          message: `seal ${seal.id}: does not follow the seal before it (a seal was removed or replaced)`,
        });
      }
      const from = BigInt(seal.txid_from);
      const to = BigInt(seal.txid_to);
      const own = rows.filter((row) => BigInt(row.txid) >= from && BigInt(row.txid) < to);
      const problem = checkRows(own, seal, previous ? BigInt(previous.sealed_us) : null);
      if (problem) return result(problem);
      events += seal.row_count;
      seals++;
      previous = seal;
    }
  }

  const pending = await eventsBetween(trx, previous?.txid_to ?? "0", null);
  const problem = checkRows(pending, null, previous ? BigInt(previous.sealed_us) : null);
  return result(problem, pending.length);
}

/** One line for a person: the summary when intact, the first problem otherwise. */
export function describeVerification(verification: AuditVerification): string {
  if (verification.problem) return `audit trail broken: ${verification.problem.message}`;
  const archived = verification.archived > 0 ? `; ${verification.archived} older events archived` : "";
  return `${verification.events} events in ${verification.seals} seals, chain intact (${verification.unsealed} not yet sealed${archived})`;
}
