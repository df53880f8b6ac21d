/**
 * One partition's batch of records (Java: `ProducerBatch`): the records as given (encoded only
 * when sent, once per producer identity and sequence), where each record's result goes, and
 * the batch's retry and idempotence state.
 */
import type { DeliverySink } from './delivery.js';
import { type NormalizedRecord, recordSizeUpperBound } from './record.js';
import { incrementSequence } from './sequence-numbers.js';

/** Size of a RecordBatch v2 header: what a batch weighs before its first record. */
export const EMPTY_BATCH_BYTES = 61;

/** A batch of records for one partition. */
export class ProducerBatch {
  readonly records: NormalizedRecord[] = [];
  /** For record i, the sink told of its outcome and the index the sink knows it by. */
  readonly sinks: DeliverySink[] = [];
  readonly indexes: number[] = [];
  /** Upper bound of the batch's encoded size (records + header). */
  bytes = EMPTY_BATCH_BYTES;
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
  /** The batches this one was split into ({@link split}); they settle its records now. */
  private splitInto: ProducerBatch[] | undefined;
  /** Settled (delivered or failed): late responses are ignored. */
  done = false;
  /** The batch this one's records moved into ({@link absorb}); it settles them now. */
  private mergedInto: ProducerBatch | undefined;
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
    if (this.splitInto !== undefined)
      return Promise.all(this.splitInto.map((b) => b.whenDone())).then(() => {});
    if (this.mergedInto !== undefined) return this.mergedInto.whenDone();
    if (this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }

  /**
   * Moves every record of `other` (the next batch of the same partition, never sent) to the end
   * of this one, which must not have been encoded yet; `other` is left empty and whoever waits
   * for it now waits for this batch.
   */
  absorb(other: ProducerBatch): void {
    const n = other.records.length;
    for (let i = 0; i < n; i++) {
      this.records.push(other.records[i] as NormalizedRecord);
      this.sinks.push(other.sinks[i] as DeliverySink);
      this.indexes.push(other.indexes[i] as number);
    }
    this.bytes += other.bytes - EMPTY_BATCH_BYTES;
    this.bufferBytes += other.bufferBytes;
    other.handOff();
    other.closed = true;
    other.mergedInto = this;
    if (other.waiters !== undefined) {
      this.waiters ??= [];
      this.waiters.push(...other.waiters);
      other.waiters = undefined;
    }
  }

  /**
   * Tells every record's sink it was written (`baseOffset` -1n when unknown), one call per run
   * of consecutive records with one sink and consecutive indexes (a `sendBatch`'s records).
   */
  complete(baseOffset: bigint, logAppendTime: number): void {
    if (this.done) return;
    this.done = true;
    const { records, sinks, indexes } = this;
    const n = records.length;
    let i = 0;
    while (i < n) {
      const sink = sinks[i] as DeliverySink;
      const first = indexes[i] as number;
      let j = i + 1;
      while (j < n && sinks[j] === sink && indexes[j] === first + (j - i)) j++;
      const ts = logAppendTime >= 0 ? logAppendTime : (records[i] as NormalizedRecord).timestamp;
      sink.delivered(first, j - i, this.topic, this.partition, baseOffset, i, ts);
      i = j;
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

  /**
   * Splits this batch, which the broker refused as too large (MESSAGE_TOO_LARGE), into batches
   * of records of at most `maxRecordBytes` bytes each (estimated, at least one record each), in
   * order (Java: `ProducerBatch#split`, KIP-126). The pieces keep the creation time (the
   * delivery timeout still counts from the first append), the attempts (so no merge or linger
   * applies to them) and the producer identity; a sequenced batch hands its sequence range on,
   * piece by piece, so the partition's later batches keep theirs. This batch is settled by its
   * pieces: {@link whenDone} waits for all of them.
   */
  split(maxRecordBytes: number): ProducerBatch[] {
    const pieces: ProducerBatch[] = [];
    let piece: ProducerBatch | undefined;
    let recordBytes = 0;
    let charged = 0;
    const header = this.bytes - this.recordBytes();
    for (let i = 0; i < this.records.length; i++) {
      const record = this.records[i] as NormalizedRecord;
      const size = recordSizeUpperBound(record);
      if (piece === undefined || (piece.count > 0 && recordBytes + size > maxRecordBytes)) {
        piece = new ProducerBatch(this.topic, this.partition, this.createdAt);
        piece.bytes = header;
        piece.closed = true;
        piece.attempts = this.attempts;
        piece.maybeWritten = this.maybeWritten;
        piece.lastError = this.lastError;
        piece.producerId = this.producerId;
        piece.producerEpoch = this.producerEpoch;
        pieces.push(piece);
        recordBytes = 0;
      }
      piece.records.push(record);
      piece.sinks.push(this.sinks[i] as DeliverySink);
      piece.indexes.push(this.indexes[i] as number);
      piece.bytes += size;
      piece.bufferBytes += size;
      recordBytes += size;
      charged += size;
    }
    // The buffer charge moves with the records; any rounding difference goes with the last piece.
    if (piece !== undefined) piece.bufferBytes += this.bufferBytes - charged;
    if (this.baseSequence >= 0) {
      let sequence = this.baseSequence;
      for (const p of pieces) {
        p.baseSequence = sequence;
        sequence = incrementSequence(sequence, p.count);
      }
    }
    this.handOff();
    this.encoded = undefined;
    this.done = true;
    this.splitInto = pieces;
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined)
      void this.whenDone().then(() => {
        for (const w of waiters) w();
      });
    return pieces;
  }

  /** Empties the batch once its records (and their buffer charge) moved to other batches. */
  private handOff(): void {
    this.records.length = 0;
    this.sinks.length = 0;
    this.indexes.length = 0;
    this.bufferBytes = 0;
  }

  /** Estimated bytes of the records alone (the batch's size less its header). */
  private recordBytes(): number {
    let sum = 0;
    for (const r of this.records) sum += recordSizeUpperBound(r);
    return sum;
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined) for (const w of waiters) w();
  }
}
