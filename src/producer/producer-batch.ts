/**
 * One partition's batch of records (Java: `ProducerBatch`): the records, encoded as they join
 * (`records-builder.ts`: bytes, not record objects, are what a busy producer holds), where
 * each record's result goes, and the batch's retry and idempotence state.
 */
import { type BuiltBatchOptions, RecordsBuilder } from '../protocol/records/records-builder.js';
import type { DeliverySink } from './delivery.js';
import type { NormalizedRecord } from './record.js';
import { incrementSequence } from './sequence-numbers.js';

/** Size of a RecordBatch v2 header: what a batch weighs before its first record. */
export const EMPTY_BATCH_BYTES = 61;

/** A batch of records for one partition. */
export class ProducerBatch {
  /** The records, encoded. */
  private readonly records: RecordsBuilder;
  /**
   * Where results go, one entry per run of consecutive records of one sink with consecutive
   * indexes (a `sendBatch`'s records in this batch are one run): the sink, the index it knows
   * the run's first record by, how many records, the first record's create time.
   */
  private readonly runSinks: DeliverySink[] = [];
  private readonly runIndexes: number[] = [];
  private readonly runCounts: number[] = [];
  private readonly runTimestamps: number[] = [];
  /**
   * Bytes charged against the producer's buffer for this batch: its records' size bounds, or
   * its buffer's size when larger (the buffer doubles as records join), so `bufferMemory`
   * bounds the memory batches hold, not only what their records weigh.
   */
  bufferBytes = 0;
  /** The records' size bounds alone (part of {@link bufferBytes}). */
  private recordCharges = 0;
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
  private waiters: (() => void)[] | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number,
    /** `Date.now()` when the batch was created: linger and delivery timeout count from here. */
    readonly createdAt: number,
    /** Where the records are encoded (a new buffer of 256 bytes, doubling as records join, by default). */
    records: RecordsBuilder = new RecordsBuilder(256),
  ) {
    this.records = records;
  }

  /** Records in the batch. */
  get count(): number {
    return this.records.count;
  }

  /**
   * Upper bound of the batch's encoded size: the header and its records' size bounds, the
   * measure the sticky partitioner counts too (KIP-794), so a batch is ready (`batchSize`) when
   * the partitioner moves on from its partition: measured by exact bytes instead, every batch
   * the partitioner left was short of `batchSize` and waited out `lingerMs` (ten producers in
   * one process lost a third of their throughput).
   */
  get bytes(): number {
    return EMPTY_BATCH_BYTES + this.recordCharges;
  }

  /** The records' size bounds: what they weigh, whatever their buffer's size. */
  get recordBytes(): number {
    return this.recordCharges;
  }

  /** The batch's exact size uncompressed: header and encoded records. */
  get encodedBytes(): number {
    return this.records.sizeInBytes;
  }

  /**
   * Encodes `record` (whose size bound is `charge`) at the end of the batch; its outcome goes
   * to `sink` as `index`. Returns how much {@link bufferBytes} grew: `charge`, less when the
   * record fits buffer space already charged, more when the buffer had to grow.
   */
  append(record: NormalizedRecord, charge: number, sink: DeliverySink, index: number): number {
    this.records.append(record.key, record.value, record.headers, record.timestamp);
    this.recordCharges += charge;
    const before = this.bufferBytes;
    this.bufferBytes = Math.max(this.recordCharges, this.records.capacity);
    const charged = this.bufferBytes - before;
    const last = this.runSinks.length - 1;
    if (
      last >= 0 &&
      this.runSinks[last] === sink &&
      (this.runIndexes[last] as number) + (this.runCounts[last] as number) === index
    ) {
      this.runCounts[last] = (this.runCounts[last] as number) + 1;
      return charged;
    }
    this.runSinks.push(sink);
    this.runIndexes.push(index);
    this.runCounts.push(1);
    this.runTimestamps.push(record.timestamp);
    return charged;
  }

  /** Writes the batch for its current producer identity and sequence into {@link encoded}. */
  encode(options: Omit<BuiltBatchOptions, 'producerId' | 'producerEpoch' | 'baseSequence'>): Buffer {
    this.encoded = this.records.build({
      ...options,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: this.baseSequence,
    });
    return this.encoded;
  }

  /**
   * Hands the batch's buffer back for new batches; only after the broker answered the one
   * request that carried it (nothing else can still refer to it).
   */
  recycle(): void {
    this.encoded = undefined;
    this.records.recycle();
  }

  /** Resolves when the batch is settled (for `flush`). */
  whenDone(): Promise<void> {
    if (this.splitInto !== undefined)
      return Promise.all(this.splitInto.map((b) => b.whenDone())).then(() => {});
    if (this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters ??= [];
      this.waiters.push(resolve);
    });
  }

  /**
   * Tells every record's sink it was written (`baseOffset` -1n when unknown), one call per run
   * of consecutive records with one sink and consecutive indexes (a `sendBatch`'s records).
   */
  complete(baseOffset: bigint, logAppendTime: number): void {
    if (this.done) return;
    this.done = true;
    const { runSinks, runIndexes, runCounts, runTimestamps } = this;
    let delta = 0;
    for (let r = 0; r < runSinks.length; r++) {
      const count = runCounts[r] as number;
      const ts = logAppendTime >= 0 ? logAppendTime : (runTimestamps[r] as number);
      (runSinks[r] as DeliverySink).delivered(
        runIndexes[r] as number,
        count,
        this.topic,
        this.partition,
        baseOffset,
        delta,
        ts,
      );
      delta += count;
    }
    this.release();
  }

  /** Tells every record's sink it failed with `error`. */
  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    for (let r = 0; r < this.runSinks.length; r++) {
      const sink = this.runSinks[r] as DeliverySink;
      const first = this.runIndexes[r] as number;
      const count = this.runCounts[r] as number;
      for (let k = 0; k < count; k++) sink.failed(first + k, error);
    }
    this.release();
  }

  /**
   * Splits this batch, which the broker refused as too large (MESSAGE_TOO_LARGE), into batches
   * of records of at most `maxRecordBytes` encoded bytes each (at least one record each), in
   * order (Java: `ProducerBatch#split`, KIP-126). The pieces keep the creation time (the
   * delivery timeout still counts from the first append), the attempts (so no linger applies
   * to them) and the producer identity; a sequenced batch hands its sequence range on, piece
   * by piece, so the partition's later batches keep theirs. The buffer charge (and the
   * records' share of it) is shared in proportion to the pieces' bytes. This batch is settled by its pieces: {@link whenDone}
   * waits for all of them.
   */
  split(maxRecordBytes: number): ProducerBatch[] {
    const parts = this.records.split(maxRecordBytes);
    const pieces: ProducerBatch[] = [];
    const recordBytes = Math.max(1, this.encodedBytes - EMPTY_BATCH_BYTES);
    let charged = 0;
    let chargedRecords = 0;
    let run = 0;
    let usedOfRun = 0;
    for (const part of parts) {
      const piece = new ProducerBatch(this.topic, this.partition, this.createdAt, part);
      piece.closed = true;
      piece.attempts = this.attempts;
      piece.maybeWritten = this.maybeWritten;
      piece.lastError = this.lastError;
      piece.producerId = this.producerId;
      piece.producerEpoch = this.producerEpoch;
      piece.bufferBytes = Math.floor(
        (this.bufferBytes * (part.sizeInBytes - EMPTY_BATCH_BYTES)) / recordBytes,
      );
      piece.recordCharges = Math.floor(
        (this.recordCharges * (part.sizeInBytes - EMPTY_BATCH_BYTES)) / recordBytes,
      );
      charged += piece.bufferBytes;
      chargedRecords += piece.recordCharges;
      // Hand the piece its share of the runs, cutting a run where the piece ends.
      let need = part.count;
      while (need > 0) {
        const left = (this.runCounts[run] as number) - usedOfRun;
        const take = Math.min(left, need);
        piece.runSinks.push(this.runSinks[run] as DeliverySink);
        piece.runIndexes.push((this.runIndexes[run] as number) + usedOfRun);
        piece.runCounts.push(take);
        piece.runTimestamps.push(usedOfRun === 0 ? (this.runTimestamps[run] as number) : part.baseTimestamp);
        need -= take;
        usedOfRun += take;
        if (usedOfRun === this.runCounts[run]) {
          run++;
          usedOfRun = 0;
        }
      }
      pieces.push(piece);
    }
    // Any rounding difference of the buffer charge goes with the last piece.
    const lastPiece = pieces[pieces.length - 1];
    if (lastPiece !== undefined) {
      lastPiece.bufferBytes += this.bufferBytes - charged;
      lastPiece.recordCharges += this.recordCharges - chargedRecords;
    }
    if (this.baseSequence >= 0) {
      let sequence = this.baseSequence;
      for (const p of pieces) {
        p.baseSequence = sequence;
        sequence = incrementSequence(sequence, p.count);
      }
    }
    this.bufferBytes = 0;
    this.recordCharges = 0;
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

  private release(): void {
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters !== undefined) for (const w of waiters) w();
  }
}
