/**
 * What the application receives: a {@link ConsumerBatch} (one partition's records from one
 * fetch; record batches whose records are views into the fetched bytes) and, on the
 * convenience paths, {@link ConsumerRecord}s made from it on demand.
 */
import {
  type RecordBatch,
  type RecordHeader,
  recordOffset,
  recordTimestamp,
} from '../protocol/records/record-batch.js';

/** One partition's records from one fetch, in offset order. */
export interface ConsumerBatch {
  readonly topic: string;
  readonly partition: number;
  /** Record batches holding the records to process (key and value are views into the fetched bytes). */
  readonly batches: readonly RecordBatch[];
  /** Records in `batches`. */
  readonly count: number;
  /** The partition's position after this batch (past any control or aborted batches that followed). */
  readonly nextOffset: bigint;
  /** The partition's high watermark when fetched. */
  readonly highWatermark: bigint;
}

/** One record with its partition and offset. */
export interface ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Milliseconds since the epoch (create or log-append time, per the topic). */
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

/** The records of `batch` as {@link ConsumerRecord}s (one object and one BigInt offset each). */
export function* consumerRecords(batch: ConsumerBatch): Generator<ConsumerRecord> {
  for (const b of batch.batches)
    for (const r of b.records)
      yield {
        topic: batch.topic,
        partition: batch.partition,
        offset: recordOffset(b, r),
        timestamp: recordTimestamp(b, r),
        key: r.key,
        value: r.value,
        headers: r.headers,
      };
}
