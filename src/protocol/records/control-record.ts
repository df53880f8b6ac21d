/**
 * Control records (docs/implementation.html §5.3.1.1; Java's `ControlRecordType`,
 * `EndTransactionMarker`): the single record of a control batch, written by the transaction
 * coordinator to commit or abort. Key: `version int16` (0), `type int16`; for commit and abort
 * the value is the EndTxnMarker `version int16` (0), `coordinatorEpoch int32`.
 * Consumers use them to drop aborted records and must not hand them to applications.
 */
import { DecodeError } from '../errors.js';
import { encodeRecordBatch } from './encode-record-batch.js';
import type { Record, RecordBatch } from './record-batch.js';

/** Control record types (Java `ControlRecordType`). */
export const ControlRecordType = {
  abort: 0,
  commit: 1,
} as const;

/** One of the {@link ControlRecordType} values (other values may come from newer brokers). */
export type ControlRecordType = (typeof ControlRecordType)[keyof typeof ControlRecordType];

/** A decoded control record. */
export interface ControlRecord {
  /** Key schema version. */
  readonly version: number;
  /** 0 abort, 1 commit; other types (e.g. KRaft's own) are passed through. */
  readonly type: number;
  /** The coordinator epoch of a commit/abort marker, or -1 when the value is absent or another type. */
  readonly coordinatorEpoch: number;
}

/**
 * Decodes the control record of a control batch. Throws a {@link DecodeError} if the key is
 * shorter than the 4 bytes every version has (Java `ControlRecordType.parse`).
 */
export function decodeControlRecord(record: Record): ControlRecord {
  const key = record.key;
  if (key === null || key.length < 4)
    throw new DecodeError('control record key must hold version and type', 0);
  const version = key.readInt16BE(0);
  const type = key.readInt16BE(2);
  let coordinatorEpoch = -1;
  const value = record.value;
  if ((type === ControlRecordType.abort || type === ControlRecordType.commit) && value !== null) {
    if (value.length < 6)
      throw new DecodeError('end transaction marker must hold version and coordinator epoch', 0);
    coordinatorEpoch = value.readInt32BE(2);
  }
  return { version, type, coordinatorEpoch };
}

/** Whether `batch` is a control batch holding a transaction marker of `type`. */
export function isTransactionMarker(batch: RecordBatch, type: ControlRecordType): boolean {
  const record = batch.records[0];
  return batch.isControl && record !== undefined && decodeControlRecord(record).type === type;
}

/** Options for {@link encodeTransactionMarker}. */
export interface TransactionMarkerOptions {
  /** Commit or abort. */
  readonly type: ControlRecordType;
  /** The transactional producer's id. */
  readonly producerId: bigint;
  /** The transactional producer's epoch. */
  readonly producerEpoch: number;
  /** Epoch of the transaction coordinator that wrote the marker. */
  readonly coordinatorEpoch: number;
  /** Offset of the marker (default 0). */
  readonly baseOffset?: bigint;
  /** Marker timestamp in ms (default -1). */
  readonly timestamp?: number;
  /** Partition leader epoch (default -1). */
  readonly partitionLeaderEpoch?: number;
}

/**
 * Encodes a transaction marker batch as the broker writes it (`MemoryRecords.withEndTransactionMarker`):
 * transactional + control, one record. For tests and fake brokers; producers never write one.
 */
export function encodeTransactionMarker(options: TransactionMarkerOptions): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(options.type, 2);
  const value = Buffer.alloc(6);
  value.writeInt16BE(0, 0);
  value.writeInt32BE(options.coordinatorEpoch, 2);
  return encodeRecordBatch([{ key, value, timestamp: options.timestamp ?? -1 }], {
    baseOffset: options.baseOffset ?? 0n,
    partitionLeaderEpoch: options.partitionLeaderEpoch ?? -1,
    producerId: options.producerId,
    producerEpoch: options.producerEpoch,
    isTransactional: true,
    isControl: true,
  });
}
