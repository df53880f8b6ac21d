/** A partition's log read back as records, for tests that check what a client wrote. */
import { decodeRecordBatches } from '../protocol/records/decode-record-batch.js';
import type { PartitionLog } from './partition-log.js';

/** A record as {@link FakeKafka.records} reads it back from a partition's log. */
export interface FakeRecord {
  readonly offset: bigint;
  readonly timestamp: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly { readonly key: string; readonly value: Buffer | null }[];
  readonly producerId: bigint;
  readonly producerEpoch: number;
  /** The record's sequence number (the batch's base sequence plus its offset delta; -1 without). */
  readonly sequence: number;
  readonly leaderEpoch: number;
}

/** Every data record of `log` from its log start offset (control batches left out). */
export function logRecords(log: PartitionLog): FakeRecord[] {
  const out: FakeRecord[] = [];
  for (const stored of log.batches) {
    if (stored.control) continue;
    for (const batch of decodeRecordBatches(stored.bytes).batches)
      for (const r of batch.records) {
        const offset = batch.baseOffset + BigInt(r.offsetDelta);
        if (offset < BigInt(log.logStartOffset)) continue;
        out.push({
          offset,
          timestamp: batch.baseTimestamp + BigInt(r.timestampDelta),
          key: r.key === null ? null : Buffer.from(r.key),
          value: r.value === null ? null : Buffer.from(r.value),
          headers: r.headers.map((h) => ({
            key: h.key,
            value: h.value === null ? null : Buffer.from(h.value),
          })),
          producerId: batch.producerId,
          producerEpoch: batch.producerEpoch,
          sequence: batch.baseSequence < 0 ? -1 : batch.baseSequence + r.offsetDelta,
          leaderEpoch: stored.leaderEpoch,
        });
      }
  }
  return out;
}
