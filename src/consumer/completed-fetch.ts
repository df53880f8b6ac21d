/**
 * What of a fetched partition's batches reaches the application (Java `CompletedFetch`):
 * records below the fetch offset are dropped (the broker returns whole batches, and a
 * compressed batch may start before the offset asked for); control batches (transaction
 * markers) are never handed out; under `read_committed`, batches of aborted transactions are
 * dropped using the response's aborted-transaction list (docs/implementation.html, KIP-98
 * "Consumer": a producer's records from an aborted transaction's first offset up to its ABORT
 * marker are skipped).
 */
import type { FetchResponseAbortedTransaction } from '../protocol/messages/fetch.js';
import { ControlRecordType, isTransactionMarker } from '../protocol/records/control-record.js';
import { lastOffset, type RecordBatch } from '../protocol/records/record-batch.js';

/** The records of one partition's fetch to hand out. */
export interface SelectedRecords {
  /** Batches with at least one record to hand out (records below the fetch offset removed). */
  readonly batches: RecordBatch[];
  /** Records in `batches`. */
  readonly count: number;
  /** Offset after the last whole batch seen (control and aborted batches included): the next fetch offset. */
  readonly nextOffset: bigint;
}

/**
 * Selects what to hand out from `batches` fetched at `fetchOffset`. `aborted` is the
 * response's aborted-transaction list under `read_committed`, `null` under `read_uncommitted`.
 */
export function selectRecords(
  batches: readonly RecordBatch[],
  fetchOffset: bigint,
  aborted: readonly FetchResponseAbortedTransaction[] | null,
): SelectedRecords {
  const out: RecordBatch[] = [];
  let count = 0;
  let nextOffset = fetchOffset;
  // Aborted transactions in first-offset order; a producer id becomes "aborted" once the walk
  // reaches its first offset and stops being so at its ABORT marker.
  const pending = aborted === null ? [] : [...aborted].sort((a, b) => cmp(a.firstOffset, b.firstOffset));
  let nextAborted = 0;
  const abortedProducers = new Set<bigint>();
  for (const batch of batches) {
    const end = lastOffset(batch);
    if (end < fetchOffset) continue;
    nextOffset = end + 1n;
    if (aborted !== null && batch.producerId >= 0n) {
      while (nextAborted < pending.length && pending[nextAborted]!.firstOffset <= end)
        abortedProducers.add(pending[nextAborted++]!.producerId);
      if (batch.isControl) {
        if (isTransactionMarker(batch, ControlRecordType.abort)) abortedProducers.delete(batch.producerId);
        continue;
      }
      if (batch.isTransactional && abortedProducers.has(batch.producerId)) continue;
    }
    if (batch.isControl || batch.records.length === 0) continue;
    const kept = batch.baseOffset >= fetchOffset ? batch : dropBefore(batch, fetchOffset);
    if (kept.records.length === 0) continue;
    out.push(kept);
    count += kept.records.length;
  }
  return { batches: out, count, nextOffset };
}

/** The batch without its records below `offset` (one comparison per record, no BigInt each). */
function dropBefore(batch: RecordBatch, offset: bigint): RecordBatch {
  const minDelta = Number(offset - batch.baseOffset);
  return { ...batch, records: batch.records.filter((r) => r.offsetDelta >= minDelta) };
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
