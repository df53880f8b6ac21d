/**
 * Record batches (magic 2) and legacy message sets (magic 0/1): the `records` bytes of Produce
 * requests and Fetch responses (docs/implementation.html §5.3).
 *
 * - {@link encodeRecordBatch} builds a ProduceRequest-ready batch (compression, idempotent and
 *   transactional fields, CRC-32C).
 * - {@link decodeRecordBatches} / {@link decodeRecordBatchesAsync} decode a fetched partition's
 *   bytes, stopping cleanly at a partial last batch.
 * - Records are views into the input; offsets and timestamps are a per-batch `bigint` base plus
 *   per-record `number` deltas (see record-batch.ts for why).
 */
export { BatchLayout, MAGIC_V2 } from './batch-layout.js';
export type { ControlRecord, TransactionMarkerOptions } from './control-record.js';
export {
  ControlRecordType,
  decodeControlRecord,
  encodeTransactionMarker,
  isTransactionMarker,
} from './control-record.js';
export type { DecodedRecordBatches, DecodeRecordBatchesOptions } from './decode-record-batch.js';
export { decodeRecordBatches, decodeRecordBatchesAsync } from './decode-record-batch.js';
export type { LegacyMessageInput, LegacyMessageSetOptions } from './encode-legacy-message-set.js';
export { encodeMessageSet } from './encode-legacy-message-set.js';
export type { RecordBatchOptions } from './encode-record-batch.js';
export { encodeRecordBatch, encodeRecordBatchAsync } from './encode-record-batch.js';
export type { Record, RecordBatch, RecordHeader } from './record-batch.js';
export {
  BatchAttributes,
  lastOffset,
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  recordOffset,
  recordTimestamp,
  TimestampType,
} from './record-batch.js';
export type { RecordHeaderInput, RecordInput } from './write-records.js';
