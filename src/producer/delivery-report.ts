/**
 * What a send resolves to: where a record was written ({@link RecordMetadata}, one `send`) or
 * where the records of one `sendBatch` went ({@link DeliveryReport}). Results only, so the
 * errors that carry a report and the sinks that fill one both build on it.
 */

/** Where a record was written. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** Offset in the partition; -1n with `acks: 0` (the broker does not say). */
  readonly offset: bigint;
  /** The broker's append time when the topic uses LogAppendTime, else the record's create time. */
  readonly timestamp: number;
}

/**
 * Where the records of one `sendBatch` went: `partitions[i]` and `offsets[i]` for input record
 * `i`. Offsets are plain numbers (exact: Kafka offsets stay far below 2^53); -1 means unknown
 * (`acks: 0`) or failed.
 */
export interface DeliveryReport {
  /** How many records the call sent. */
  readonly count: number;
  /** Partition of each record, -1 if it failed before one was chosen. */
  readonly partitions: Int32Array;
  /** Offset of each record, -1 if unknown or failed. */
  readonly offsets: Float64Array;
}
