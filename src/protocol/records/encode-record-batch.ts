/**
 * Encodes a magic 2 record batch (docs/implementation.html §5.3; Java's
 * `MemoryRecordsBuilder` + `DefaultRecord.writeTo`), ready to be the `records` field of a
 * ProduceRequest partition.
 *
 * Hot path: the records are sized first (one pass; every record's length prefix needs its
 * size, see write-records.ts), then written once into one buffer: straight after the 61-byte
 * header when uncompressed, or into a scratch buffer that is compressed and copied after the
 * header otherwise.
 */

import { CompressionType } from '../compression/codec.js';
import { codecFor } from '../compression/index.js';
import { crc32c } from '../crc32c.js';
import { EncodeError } from '../errors.js';
import { BatchLayout, MAGIC_V2 } from './batch-layout.js';
import {
  BatchAttributes,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  TimestampType,
} from './record-batch.js';
import { type RecordInput, type RecordsLayout, sizeRecords, writeRecords } from './write-records.js';

/** Batch-level fields; all optional, with the values a plain (non-idempotent) producer writes. */
export interface RecordBatchOptions {
  /** Offset of the first record: 0 from a producer (the broker assigns offsets). */
  readonly baseOffset?: bigint;
  /** -1 from a producer. */
  readonly partitionLeaderEpoch?: number;
  /** Codec for the records section. */
  readonly compression?: CompressionType;
  /** Codec level (KIP-390); the codec's Java default when absent. */
  readonly compressionLevel?: number;
  /** Create time (default) or log append time. */
  readonly timestampType?: TimestampType;
  /** Timestamp the deltas are relative to; defaults to the first record's timestamp, else -1. */
  readonly baseTimestamp?: number;
  /** Idempotent/transactional producer id (-1: none). */
  readonly producerId?: bigint;
  /** Producer epoch (-1: none). */
  readonly producerEpoch?: number;
  /** Sequence of the first record (-1: none). */
  readonly baseSequence?: number;
  /** Part of a transaction. */
  readonly isTransactional?: boolean;
  /** A control batch (see control-record.ts). */
  readonly isControl?: boolean;
}

function writeInt64(b: Buffer, p: number, v: number): void {
  const hi = Math.floor(v / 0x100000000);
  b.writeInt32BE(hi, p);
  b.writeUInt32BE(v - hi * 0x100000000, p + 4);
}

function checkInt(name: string, v: number, bits: 16 | 32): void {
  const ok = bits === 16 ? (v << 16) >> 16 === v : (v | 0) === v;
  if (!ok) throw new EncodeError(`${name} ${v} does not fit an int${bits}`);
}

function checkInt64(name: string, v: bigint): void {
  if (v < -(2n ** 63n) || v >= 2n ** 63n) throw new EncodeError(`${name} ${v} does not fit an int64`);
}

/** The records section, uncompressed, and what the header needs to know about it. */
interface PreparedRecords {
  baseTimestamp: number;
  maxTimestamp: number;
  layout: RecordsLayout;
}

function prepare(records: readonly RecordInput[], options: RecordBatchOptions): PreparedRecords {
  if (records.length === 0) throw new EncodeError('a record batch needs at least one record');
  const compression = options.compression ?? CompressionType.none;
  if (
    !Number.isInteger(compression) ||
    compression < CompressionType.none ||
    compression > CompressionType.zstd
  ) {
    throw new EncodeError(`unknown compression type ${compression}`);
  }
  const baseTimestamp = options.baseTimestamp ?? records[0]?.timestamp ?? NO_TIMESTAMP;
  if (!Number.isSafeInteger(baseTimestamp))
    throw new EncodeError(`baseTimestamp ${baseTimestamp} is not a safe integer`);
  let maxTimestamp = NO_TIMESTAMP;
  for (let i = 0; i < records.length; i++) {
    const ts = (records[i] as RecordInput).timestamp ?? baseTimestamp;
    if (ts > maxTimestamp) maxTimestamp = ts;
  }
  const layout = sizeRecords(records, baseTimestamp);
  // batchLength is an int32; Kafka's own limits (message.max.bytes) are far lower.
  if (layout.size > 0x7fffffff - BatchLayout.headerSize) {
    throw new EncodeError(`records of ${layout.size} bytes do not fit one batch`);
  }
  return { baseTimestamp, maxTimestamp, layout };
}

/** Writes the 61-byte header into `b` (whose length is the whole batch) and the CRC. */
function finishBatch(
  b: Buffer,
  count: number,
  prepared: PreparedRecords,
  options: RecordBatchOptions,
): Buffer {
  return writeBatchHeader(b, count, prepared.baseTimestamp, prepared.maxTimestamp, options);
}

/**
 * Writes the 61-byte header of a batch of `count` records into `b`, whose length is the whole
 * batch (header + records section, compressed or not, at `b[61..]`), then the CRC over
 * attributes to the end. The timestamps are the batch's base (the deltas' origin) and maximum.
 */
export function writeBatchHeader(
  b: Buffer,
  count: number,
  baseTimestamp: number,
  maxTimestamp: number,
  options: RecordBatchOptions,
): Buffer {
  const compression = options.compression ?? CompressionType.none;
  const timestampType = options.timestampType ?? TimestampType.createTime;
  const partitionLeaderEpoch = options.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH;
  const producerEpoch = options.producerEpoch ?? NO_PRODUCER_EPOCH;
  const baseSequence = options.baseSequence ?? NO_SEQUENCE;
  const baseOffset = options.baseOffset ?? 0n;
  const producerId = options.producerId ?? NO_PRODUCER_ID;
  checkInt('partitionLeaderEpoch', partitionLeaderEpoch, 32);
  checkInt('producerEpoch', producerEpoch, 16);
  checkInt('baseSequence', baseSequence, 32);
  checkInt64('baseOffset', baseOffset);
  checkInt64('producerId', producerId);
  let attributes = compression & BatchAttributes.compressionMask;
  if (timestampType === TimestampType.logAppendTime) attributes |= BatchAttributes.timestampType;
  if (options.isTransactional) attributes |= BatchAttributes.transactional;
  if (options.isControl) attributes |= BatchAttributes.control;
  const L = BatchLayout;
  b.writeBigInt64BE(baseOffset, L.baseOffset);
  b.writeInt32BE(b.length - L.logOverhead, L.batchLength);
  b.writeInt32BE(partitionLeaderEpoch, L.partitionLeaderEpoch);
  b[L.magic] = MAGIC_V2;
  b.writeInt16BE(attributes, L.attributes);
  b.writeInt32BE(count - 1, L.lastOffsetDelta);
  writeInt64(b, L.baseTimestamp, baseTimestamp);
  writeInt64(b, L.maxTimestamp, maxTimestamp);
  b.writeBigInt64BE(producerId, L.producerId);
  b.writeInt16BE(producerEpoch, L.producerEpoch);
  b.writeInt32BE(baseSequence, L.baseSequence);
  b.writeInt32BE(count, L.recordsCount);
  b.writeUInt32BE(crc32c(b, L.attributes, b.length), L.crc);
  return b;
}

/** Writes the records section into a new buffer, after `reserve` (0 or 61) bytes left for the batch header. */
function writeSection(records: readonly RecordInput[], prepared: PreparedRecords, reserve: number): Buffer {
  const b = Buffer.allocUnsafe(reserve + prepared.layout.size);
  writeRecords(records, prepared.baseTimestamp, prepared.layout, b, reserve);
  return b;
}

/**
 * Encodes `records` as one magic 2 batch. Offset deltas are the record indexes; timestamps are
 * written as deltas from the base timestamp. Compression runs synchronously (zstd on the WASM
 * fallback needs `loadCodec(CompressionType.zstd)` first; see {@link encodeRecordBatchAsync}).
 */
export function encodeRecordBatch(records: readonly RecordInput[], options: RecordBatchOptions = {}): Buffer {
  const prepared = prepare(records, options);
  const compression = options.compression ?? CompressionType.none;
  if (compression === CompressionType.none) {
    return finishBatch(
      writeSection(records, prepared, BatchLayout.headerSize),
      records.length,
      prepared,
      options,
    );
  }
  const compressed = codecFor(compression).compress(
    writeSection(records, prepared, 0),
    options.compressionLevel,
  );
  return withCompressedRecords(compressed, records.length, prepared, options);
}

/** {@link encodeRecordBatch} with the compression done asynchronously (gzip and native zstd off the main thread). */
export async function encodeRecordBatchAsync(
  records: readonly RecordInput[],
  options: RecordBatchOptions = {},
): Promise<Buffer> {
  const compression = options.compression ?? CompressionType.none;
  if (compression === CompressionType.none) return encodeRecordBatch(records, options);
  const prepared = prepare(records, options);
  const compressed = await codecFor(compression).compressAsync(
    writeSection(records, prepared, 0),
    options.compressionLevel,
  );
  return withCompressedRecords(compressed, records.length, prepared, options);
}

function withCompressedRecords(
  compressed: Uint8Array,
  count: number,
  prepared: PreparedRecords,
  options: RecordBatchOptions,
): Buffer {
  const b = Buffer.allocUnsafe(BatchLayout.headerSize + compressed.length);
  b.set(compressed, BatchLayout.headerSize);
  return finishBatch(b, count, prepared, options);
}
