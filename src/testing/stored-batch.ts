/**
 * A record batch as the fake's log keeps it: the bytes a producer sent, with the header fields
 * the broker needs read once (docs/implementation.html §5.3.1). The broker assigns the base
 * offset and the partition leader epoch by patching those two fields in place; both lie outside
 * the CRC-32C (which covers attributes to the end), so any client's batch round-trips byte for
 * byte otherwise.
 */
import { crc32c } from '../protocol/crc32c.js';
import { BatchLayout, MAGIC_V2 } from '../protocol/records/batch-layout.js';
import { BatchAttributes } from '../protocol/records/record-batch.js';

/** One magic 2 batch in a partition's log. */
export interface StoredBatch {
  /** The batch, with base offset and partition leader epoch as the log assigned them. */
  readonly bytes: Buffer;
  readonly baseOffset: number;
  /** Offsets it spans (`lastOffsetDelta + 1`). */
  readonly span: number;
  readonly leaderEpoch: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordCount: number;
  readonly maxTimestamp: bigint;
  readonly transactional: boolean;
  readonly control: boolean;
}

/** A batch header parsed from a Produce request, not yet given an offset. */
export type IncomingBatch = Omit<StoredBatch, 'baseOffset' | 'leaderEpoch'>;

/**
 * Splits a Produce partition's `records` into magic 2 batches, checking each length and CRC.
 * Returns `undefined` when the bytes are not whole, valid batches (Kafka answers
 * CORRUPT_MESSAGE); legacy magic 0/1 message sets are refused the same way.
 */
export function splitBatches(records: Uint8Array | null): IncomingBatch[] | undefined {
  if (records === null || records.length === 0) return undefined;
  const b = Buffer.from(records.buffer, records.byteOffset, records.byteLength);
  const L = BatchLayout;
  const out: IncomingBatch[] = [];
  let at = 0;
  while (at < b.length) {
    if (b.length - at < L.headerSize) return undefined;
    const end = at + L.logOverhead + b.readInt32BE(at + L.batchLength);
    if (end > b.length || end - at < L.headerSize || b.readInt8(at + L.magic) !== MAGIC_V2) return undefined;
    if (crc32c(b, at + L.attributes, end) !== b.readUInt32BE(at + L.crc)) return undefined;
    const attributes = b.readInt16BE(at + L.attributes);
    out.push({
      // A copy: the request buffer is reused by the connection, the log keeps its own bytes.
      bytes: Buffer.from(b.subarray(at, end)),
      span: b.readInt32BE(at + L.lastOffsetDelta) + 1,
      producerId: b.readBigInt64BE(at + L.producerId),
      producerEpoch: b.readInt16BE(at + L.producerEpoch),
      baseSequence: b.readInt32BE(at + L.baseSequence),
      recordCount: b.readInt32BE(at + L.recordsCount),
      maxTimestamp: b.readBigInt64BE(at + L.maxTimestamp),
      transactional: (attributes & BatchAttributes.transactional) !== 0,
      control: (attributes & BatchAttributes.control) !== 0,
    });
    at = end;
  }
  return out;
}

/** Gives an incoming batch its place in the log: base offset and leader epoch written into its bytes. */
export function placeBatch(batch: IncomingBatch, baseOffset: number, leaderEpoch: number): StoredBatch {
  batch.bytes.writeBigInt64BE(BigInt(baseOffset), BatchLayout.baseOffset);
  batch.bytes.writeInt32BE(leaderEpoch, BatchLayout.partitionLeaderEpoch);
  return { ...batch, baseOffset, leaderEpoch };
}
