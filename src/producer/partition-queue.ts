/**
 * One partition's queue in the accumulator (Java: the `Deque<ProducerBatch>` of
 * `RecordAccumulator` plus the partition's entry of `TxnPartitionMap`): batches waiting to be
 * sent, in order (the last one may still take records), batches in flight, and the
 * idempotence state — the producer id and epoch this partition's sequences belong to, the next
 * sequence and the last acknowledged one.
 */
import type { ProducerBatch } from './producer-batch.js';

/** A partition's batches and sequence state. */
export class PartitionQueue {
  /** Not yet sent, or sent and waiting for a retry; sequence order, unsequenced ones last. */
  readonly batches: ProducerBatch[] = [];
  /** Sent, awaiting their response, in send order. */
  readonly inFlight: ProducerBatch[] = [];
  /** Batches in {@link batches} that already carry a sequence (retries): sent one at a time. */
  retrying = 0;
  /** Producer id / epoch of this partition's sequences (they may lag the producer's after a bump). */
  producerId = -1n;
  producerEpoch = -1;
  /** Sequence the next new batch gets. */
  nextSequence = 0;
  /** Last sequence the broker acknowledged, -1 for none. */
  lastAckedSequence = -1;
  /**
   * KIP-360: the broker lost or refused this partition's sequence; once nothing is in flight
   * and the producer's epoch is newer than `bumpAfterGeneration`, sequences restart at 0.
   */
  needsBump = false;
  bumpAfterGeneration = 0;
  /**
   * Largest encoded batch worth sending, bytes: half the smallest batch the broker refused as
   * too large (MESSAGE_TOO_LARGE: the topic's `max.message.bytes` is below the producer's
   * `batchSize`). New batches close at this size, so a refusal is paid for once, not per batch.
   * Never grows back (a later raise of the topic's limit costs only smaller batches).
   */
  maxBatchBytes = Number.POSITIVE_INFINITY;
  /** Size of the last batch taken to be sent (uncompressed bytes): where the next one's buffer starts. */
  lastBatchBytes = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Takes `batch` out of the in-flight list (after its response). */
  removeInFlight(batch: ProducerBatch): void {
    const i = this.inFlight.indexOf(batch);
    if (i >= 0) this.inFlight.splice(i, 1);
  }

  /**
   * Puts a batch that must be sent again back into the queue, before every batch with a higher
   * or no sequence: retries keep the partition's order (Java: `RecordAccumulator#reenqueue`
   * + `insertInSequenceOrder`).
   */
  requeue(batch: ProducerBatch): void {
    let i = 0;
    if (batch.baseSequence >= 0) {
      while (i < this.batches.length) {
        const other = this.batches[i] as ProducerBatch;
        if (other.baseSequence < 0 || other.baseSequence > batch.baseSequence) break;
        i++;
      }
      this.retrying++;
    }
    this.batches.splice(i, 0, batch);
  }

  /**
   * Splits `batch`, refused as too large (MESSAGE_TOO_LARGE / RECORD_LIST_TOO_LARGE), and puts
   * its pieces back at the head of the queue, in order (Java:
   * `RecordAccumulator#splitAndReenqueue`, KIP-126). The broker checks a batch's size before it
   * looks at sequences, so a refused batch was never written: its pieces reuse its sequence
   * range and the batches after it keep theirs (those in flight come back
   * OUT_OF_ORDER_SEQUENCE_NUMBER and follow the pieces). Java splits by `batchSize` and then by
   * halves (KAFKA-8350); kafe halves at once and remembers half the refused size as
   * {@link maxBatchBytes}, so the accumulator's next batches fit and pieces never exceed what
   * is known to fail.
   */
  splitAndRequeue(batch: ProducerBatch): void {
    const encoded = batch.encoded?.length ?? batch.encodedBytes;
    this.maxBatchBytes = Math.min(this.maxBatchBytes, Math.max(1, Math.floor(encoded / 2)));
    // Record bytes per piece: half the batch's, and no more than the learnt limit at this
    // batch's own compression ratio.
    const ratio = encoded / batch.encodedBytes;
    const pieces = batch.split(
      Math.min(Math.ceil(batch.encodedBytes / 2), Math.floor(this.maxBatchBytes / ratio)),
    );
    // Sequenced pieces go in sequence order; unsequenced ones to the front, last piece first.
    for (let i = pieces.length - 1; i >= 0; i--) this.requeue(pieces[i] as ProducerBatch);
  }

  /** Forgets sequences of every queued batch so they are numbered again under a new epoch. */
  restartSequences(producerId: bigint, producerEpoch: number): void {
    for (const b of this.batches) {
      b.baseSequence = -1;
      b.encoded = undefined;
    }
    this.retrying = 0;
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.nextSequence = 0;
    this.lastAckedSequence = -1;
    this.needsBump = false;
  }
}
