/**
 * One partition's batch of records (Java: `ProducerBatch`): the records as given (encoded only
 * when sent, once per producer identity and sequence), where each record's result goes, and
 * the batch's retry and idempotence state.
 */
import type { DeliverySink } from './delivery.js';
import type { NormalizedRecord } from './record.js';

/** A batch of records for one partition. */
export class ProducerBatch {
  readonly records: NormalizedRecord[] = [];
  /** For record i, the sink told of its outcome and the index the sink knows it by. */
  readonly sinks: DeliverySink[] = [];
  readonly indexes: number[] = [];
  /** Upper bound of the batch's encoded size (records + header). */
  bytes = 61;
  /** Bytes charged against the producer's buffer for these records. */
  bufferBytes = 0;
  /** No more records may join (full, or drained once). */
  closed = false;
  /** Send attempts so far. */
  attempts = 0;
  /** Not to be sent before this time (retry backoff), `Date.now()` based. */
  retryAt = 0;
  /** Sequence of the first record (idempotence), -1 until the batch is first sent. */
  baseSequence = -1;
  /** Producer id and epoch the sequence belongs to. */
  producerId = -1n;
  producerEpoch = -1;
  /** The encoded batch, for the identity and sequence above. */
  encoded: Buffer | undefined;
  /**
   * An attempt ended without the broker's answer for this batch (connection lost, timeout):
   * it may have been written. Decides whether a batch the broker's sequence has passed can be
   * sent again under a new epoch (never written) or must fail (maybe written: no duplicates).
   */
  maybeWritten = false;
  /** The last error that made this batch retry, for the delivery timeout's `cause`. */
  lastError: Error | undefined;
  /** Settled (delivered or failed): late responses are ignored. */
  done = false;
  private waiters: (() => void)[] | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** `Date.now()` when the batch was created: linger and delivery timeout count from here. */
    readonly createdAt: number,
  ) {}

  /** Records in the batch. */
  get count(): number {
    return this.records.length;
  }

  /** Resolves when the batch is settled (for `flush`). */
  whenDone(): Promise<void> {
    if (this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }

  /** Tells every record's sink it was written (`baseOffset` -1n when unknown). */
  complete(baseOffset: bigint, logAppendTime: number): void {
    if (this.done) return;
    this.done = true;
    for (let i = 0; i < this.records.length; i++) {
      const ts = logAppendTime >= 0 ? logAppendTime : (this.records[i] as NormalizedRecord).timestamp;
      (this.sinks[i] as DeliverySink).delivered(
        this.indexes[i] as number,
        this.topic,
        this.partition,
        baseOffset,
        i,
        ts,
      );
    }
    this.release();
  }

  /** Tells every record's sink it failed with `error`. */
  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    for (let i = 0; i < this.records.length; i++)
      (this.sinks[i] as DeliverySink).failed(this.indexes[i] as number, error);
    this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined) for (const w of waiters) w();
  }
}
