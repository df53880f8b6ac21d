/**
 * How results reach the caller. Every record in a batch points at a sink and an index; when the
 * batch completes, the sink is told per record. `send` uses one {@link RecordSink} (one promise)
 * per record; `sendBatch` shares one {@link GroupSink} (one promise, typed arrays for the
 * results) across all its records, told once per run of them in a batch, so its cost per record
 * is two typed-array writes.
 */

import type { DeliveryReport, RecordMetadata } from './delivery-report.js';
import { BatchDeliveryError } from './errors.js';

/** Receives the outcome of records. */
export interface DeliverySink {
  /**
   * Records `index` to `index + count - 1` were written at offsets `baseOffset + delta` to
   * `baseOffset + delta + count - 1` (`baseOffset` -1n when unknown: acks=0) of
   * `topic`/`partition`; `timestamp` is the first one's. A batch reports each run of
   * consecutive records of one sink in one call: a `sendBatch`'s thousand records cost one
   * call and one BigInt conversion, not a thousand.
   */
  delivered(
    index: number,
    count: number,
    topic: string,
    partition: number,
    baseOffset: bigint,
    delta: number,
    timestamp: number,
  ): void;
  /** Record `index` failed. */
  failed(index: number, error: Error): void;
}

/** The sink of one `send`: settles its promise. */
export class RecordSink implements DeliverySink {
  constructor(
    private readonly resolve: (m: RecordMetadata) => void,
    private readonly reject: (e: Error) => void,
  ) {}

  /** Resolves the promise with the record's metadata (one BigInt addition for the offset). */
  delivered(
    _index: number,
    _count: number,
    topic: string,
    partition: number,
    baseOffset: bigint,
    delta: number,
    timestamp: number,
  ): void {
    const offset = baseOffset < 0n ? -1n : baseOffset + BigInt(delta);
    this.resolve({ topic, partition, offset, timestamp });
  }

  /** Rejects the promise. */
  failed(_index: number, error: Error): void {
    this.reject(error);
  }
}

/** The sink shared by the records of one `sendBatch`. */
export class GroupSink implements DeliverySink {
  /** Filled in as records settle. */
  readonly report: DeliveryReport;
  private remaining: number;
  private failures: { index: number; error: Error }[] | undefined;

  constructor(
    count: number,
    private readonly resolve: (r: DeliveryReport) => void,
    private readonly reject: (e: Error) => void,
  ) {
    this.remaining = count;
    this.report = {
      count,
      partitions: new Int32Array(count).fill(-1),
      offsets: new Float64Array(count).fill(-1),
    };
    if (count === 0) resolve(this.report);
  }

  /** Writes the records' partition and offsets into the report; resolves after the last record. */
  delivered(
    index: number,
    count: number,
    _topic: string,
    partition: number,
    baseOffset: bigint,
    delta: number,
  ): void {
    const { partitions, offsets } = this.report;
    partitions.fill(partition, index, index + count);
    if (baseOffset >= 0n) {
      const first = Number(baseOffset) + delta;
      for (let k = 0; k < count; k++) offsets[index + k] = first + k;
    }
    this.remaining -= count;
    if (this.remaining === 0) this.finish();
  }

  /** Notes the failure; the promise rejects after the last record with every failure listed. */
  failed(index: number, error: Error): void {
    this.failures ??= [];
    this.failures.push({ index, error });
    if (--this.remaining === 0) this.finish();
  }

  private finish(): void {
    if (this.failures === undefined) this.resolve(this.report);
    else
      this.reject(
        new BatchDeliveryError(
          this.failures.sort((a, b) => a.index - b.index),
          this.report,
        ),
      );
  }
}
