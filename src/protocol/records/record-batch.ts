/**
 * The in-memory shape of decoded record batches (docs/implementation.html §5.3, Java's
 * `org.apache.kafka.common.record.DefaultRecordBatch` / `DefaultRecord`).
 *
 * Numbers and precision: the batch-level int64 fields (`baseOffset`, `baseTimestamp`,
 * `maxTimestamp`, `producerId`) are `bigint`s, exact over the whole int64 range and made once
 * per batch. Per record, only the deltas are kept, as plain `number`s (an offset delta is an
 * int32; a timestamp delta is a varlong that the decoder refuses, with a `DecodeError`, if it is
 * not a safe integer), so the inner loop never creates a BigInt. {@link recordOffset} and
 * {@link recordTimestamp} combine the two on demand; `recordTimestamp` returns a `number` and
 * throws rather than round when the sum is not a safe integer (no real clock gets near 2^53 ms).
 */
import type { CompressionType } from '../compression/codec.js';
import { KafeError } from '../errors.js';

/** Attribute bits of a magic 2 batch (§5.3.1). */
export const BatchAttributes = {
  /** Bits 0-2: the codec, a {@link CompressionType}. */
  compressionMask: 0x07,
  /** Bit 3: 0 create time, 1 log append time. */
  timestampType: 0x08,
  /** Bit 4: part of a transaction. */
  transactional: 0x10,
  /** Bit 5: a control batch (commit/abort marker). */
  control: 0x20,
  /** Bit 6: `baseTimestamp` is the delete horizon set by the log cleaner. */
  deleteHorizon: 0x40,
} as const;

/** How a timestamp was assigned (`org.apache.kafka.common.record.TimestampType`). */
export const TimestampType = {
  /** Set by the producer. */
  createTime: 0,
  /** Set by the broker when it appended the batch (topic `message.timestamp.type=LogAppendTime`). */
  logAppendTime: 1,
} as const;

/** One of the {@link TimestampType} values. */
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

/** `RecordBatch.NO_TIMESTAMP`, `NO_PRODUCER_ID`, `NO_PRODUCER_EPOCH`, `NO_SEQUENCE`, `NO_PARTITION_LEADER_EPOCH`. */
export const NO_TIMESTAMP = -1;
/** Producer id of a non-idempotent producer. */
export const NO_PRODUCER_ID = -1n;
/** Producer epoch of a non-idempotent producer. */
export const NO_PRODUCER_EPOCH = -1;
/** Base sequence of a non-idempotent producer. */
export const NO_SEQUENCE = -1;
/** Leader epoch a producer writes; the broker sets the real one. */
export const NO_PARTITION_LEADER_EPOCH = -1;

/** A record header: a UTF-8 key and an opaque, nullable value (KIP-82). */
export interface RecordHeader {
  /** Header key. */
  readonly key: string;
  /** Header value: a view into the fetched bytes, or `null`. */
  readonly value: Buffer | null;
}

/** A decoded record. `key`, `value` and header values are views into the input (no copy). */
export interface Record {
  /** Record attributes (unused by Kafka so far, always 0). */
  readonly attributes: number;
  /** Milliseconds from the batch's `baseTimestamp`. */
  readonly timestampDelta: number;
  /** Offset from the batch's `baseOffset`. */
  readonly offsetDelta: number;
  /** Record key, or `null`. */
  readonly key: Buffer | null;
  /** Record value, or `null` (a tombstone on a compacted topic). */
  readonly value: Buffer | null;
  /** Headers, in wire order; a shared empty array when there are none. */
  readonly headers: readonly RecordHeader[];
}

/**
 * A decoded batch. Legacy message sets (magic 0 and 1) decode to the same shape: one batch per
 * wrapper or plain message, with `producerId` -1 and the legacy message's CRC-32 in `crc`.
 */
export interface RecordBatch {
  /** Offset of the first record. */
  readonly baseOffset: bigint;
  /** Offset of the last record minus `baseOffset` (kept even when compaction removed records). */
  readonly lastOffsetDelta: number;
  /** Leader epoch of the partition when the broker appended the batch (-1 for legacy). */
  readonly partitionLeaderEpoch: number;
  /** 2, or 0/1 for a legacy message. */
  readonly magic: number;
  /** The stored checksum (CRC-32C for magic 2, CRC-32 for 0/1). */
  readonly crc: number;
  /** Raw attribute bits. */
  readonly attributes: number;
  /** Codec the records were compressed with. */
  readonly compression: CompressionType;
  /** Whether timestamps are create or log-append times. */
  readonly timestampType: TimestampType;
  /** Produced inside a transaction. */
  readonly isTransactional: boolean;
  /** A control batch: its single record is a commit or abort marker, not application data. */
  readonly isControl: boolean;
  /** `baseTimestamp` holds the cleaner's delete horizon. */
  readonly hasDeleteHorizon: boolean;
  /** Timestamp the records' `timestampDelta`s are relative to. */
  readonly baseTimestamp: bigint;
  /** Largest timestamp in the batch (the append time for log-append-time batches). */
  readonly maxTimestamp: bigint;
  /** Idempotent/transactional producer id, -1 if none. */
  readonly producerId: bigint;
  /** Producer epoch, -1 if none. */
  readonly producerEpoch: number;
  /** Sequence number of the first record, -1 if none. */
  readonly baseSequence: number;
  /** The records, in offset order. Empty for a batch whose records were all compacted away. */
  readonly records: Record[];
  /** Bytes the batch occupied in the input (for fetch-position accounting). */
  readonly sizeInBytes: number;
}

/** Absolute offset of `record` (creates one BigInt: call it when the offset is needed, not per record by default). */
export function recordOffset(batch: RecordBatch, record: Record): bigint {
  return batch.baseOffset + BigInt(record.offsetDelta);
}

/** Offset of the last record the batch was written with: `baseOffset + lastOffsetDelta`. */
export function lastOffset(batch: RecordBatch): bigint {
  return batch.baseOffset + BigInt(batch.lastOffsetDelta);
}

/**
 * Timestamp of `record` in milliseconds, as Java's `DefaultRecordBatch` reports it: the batch's
 * `maxTimestamp` for log-append-time batches, `baseTimestamp + timestampDelta` otherwise.
 * Throws a {@link KafeError} (`TIMESTAMP_RANGE`) instead of rounding if the value is not a
 * safe integer; use the batch's bigint fields for such data.
 */
export function recordTimestamp(batch: RecordBatch, record: Record): number {
  const ts =
    batch.timestampType === TimestampType.logAppendTime
      ? Number(batch.maxTimestamp)
      : Number(batch.baseTimestamp) + record.timestampDelta;
  if (!Number.isSafeInteger(ts)) {
    throw new KafeError(
      'TIMESTAMP_RANGE',
      `record timestamp is outside the safe integer range (batch at offset ${batch.baseOffset})`,
    );
  }
  return ts;
}
