/**
 * The idempotent producer's sequencing and epoch rules, in one place (Java: the idempotent
 * half of `TransactionManager` — `canRetry`, `handleFailedBatch`, the `TxnPartitionMap`
 * bookkeeping — with `RecordAccumulator#shouldStopDrainBatchesForPartition`): when a
 * partition may send its head batch, which sequence a batch gets, what an acknowledgement
 * records, and what a failure means — retry in order, bump the epoch (KIP-360) or fail the
 * batch.
 *
 * Every decision reads and updates only the partition's queue and the batch (plain objects)
 * and asks the identity source for the producer id and epoch; no I/O, so each rule is unit
 * tested without a broker. `idempotence.ts` obtains the identities; `sender.ts` acts on the
 * verdicts (requeue with backoff, settle, refresh metadata).
 *
 * Partitions move to a new epoch lazily, each when nothing of it is in flight: batches whose
 * outcome is unknown keep their old epoch and sequence, so a retry can never be written twice.
 */

import { isRetriable } from '../cluster/retry.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { ProducerIdentity } from './idempotence.js';
import type { PartitionQueue } from './partition-queue.js';
import type { ProducerBatch } from './producer-batch.js';
import { incrementSequence, sequenceBefore } from './sequence-numbers.js';

const OUT_OF_ORDER_SEQUENCE_NUMBER = errorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER.code;
const UNKNOWN_PRODUCER_ID = errorCodes.UNKNOWN_PRODUCER_ID.code;

/** Most batches of one partition in flight at once under idempotence (Kafka keeps 5 per producer and partition). */
export const MAX_IN_FLIGHT_PER_PARTITION = 5;

/** Where the rules get the producer's identity and ask for a new epoch ({@link IdempotenceManager}). */
export interface IdentitySource {
  /** The identity in use, undefined until InitProducerId answered. */
  readonly identity: ProducerIdentity | undefined;
  /** Whether an InitProducerId is running. */
  readonly busy: boolean;
  /** Asks for a new epoch; concurrent asks coalesce. */
  requestBump(): void;
}

/**
 * The sender's source of identities: the idempotent producer's {@link IdempotenceManager}, or
 * the transactional producer's `TransactionManager` (which obtains them in `initTransactions()`
 * and at each KIP-890 EndTxn, and turns a needed bump into an aborted transaction).
 */
export interface ProducerIdentities extends IdentitySource {
  /** Starts obtaining the first identity if that is this source's job and none is running. */
  ensure(): void;
  /** Stops its retries (producer closed). Every call returns the same promise. */
  close(): Promise<void>;
}

/** What to do with a batch after a failed attempt. */
export type FailureVerdict = 'retry' | 'fail';

/** Sequence assignment and the failure rules of an idempotent producer. */
export class SequenceRules {
  constructor(private readonly identities: IdentitySource) {}

  /**
   * Whether partition `q` may send its head `batch` now. Moves the partition to the producer's
   * newest identity (sequences from 0) when that is due and nothing of the old one is in flight.
   */
  canSend(q: PartitionQueue, batch: ProducerBatch): boolean {
    const identity = this.identities.identity;
    if (identity === undefined) return false;
    if (q.needsBump) {
      if (q.inFlight.length > 0 || this.identities.busy || identity.generation <= q.bumpAfterGeneration)
        return false;
      q.restartSequences(identity.producerId, identity.producerEpoch);
    }
    // A partition with retries sends one batch at a time, in sequence order (Java:
    // `shouldStopDrainBatchesForPartition`): the broker refuses what would leave a gap.
    if (q.retrying > 0) return q.inFlight.length === 0;
    // Until the broker acknowledged a batch of this producer id and epoch, it may have no state
    // for them, and then it accepts any sequence (Kafka's `ProducerAppendInfo#checkSequence`):
    // a later batch could be written while an earlier one is refused with a retriable error
    // (e.g. NOT_LEADER_OR_FOLLOWER on a partition created a moment ago), breaking the order and
    // leaving the earlier batch a sequence the broker will never take. So the first batch of an
    // epoch travels alone; pipelining starts once it is acknowledged.
    if (q.inFlight.length > 0 && q.lastAckedSequence < 0) return false;
    if (q.inFlight.length >= MAX_IN_FLIGHT_PER_PARTITION) return false;
    if (
      batch.baseSequence < 0 &&
      (q.producerId !== identity.producerId || q.producerEpoch !== identity.producerEpoch)
    ) {
      // Move to the producer's newest epoch only when nothing of the old one is outstanding.
      if (q.inFlight.length > 0) return false;
      q.restartSequences(identity.producerId, identity.producerEpoch);
    }
    return true;
  }

  /** Gives `batch` (taken from `q` to be sent) the partition's next sequence range if it has none. */
  assign(q: PartitionQueue, batch: ProducerBatch): void {
    if (batch.baseSequence >= 0) return;
    batch.baseSequence = q.nextSequence;
    batch.producerId = q.producerId;
    batch.producerEpoch = q.producerEpoch;
    batch.encoded = undefined;
    q.nextSequence = incrementSequence(q.nextSequence, batch.count);
  }

  /** Records the broker's acknowledgement of `batch` (its last sequence, if of the partition's epoch). */
  acknowledged(q: PartitionQueue, batch: ProducerBatch): void {
    if (batch.baseSequence >= 0 && isSameIdentity(q, batch))
      q.lastAckedSequence = incrementSequence(batch.baseSequence, batch.count - 1);
  }

  /**
   * What `error` (with the broker's `errorCode`, -1 without one) means for a sequenced `batch`
   * of `q`, taken out of the in-flight list already: retry it in order (possibly after the
   * partition moves to a new epoch, which this requests), or fail it.
   */
  onError(q: PartitionQueue, batch: ProducerBatch, error: Error, errorCode: number): FailureVerdict {
    if (batch.baseSequence < 0) return isRetriable(error) ? 'retry' : 'fail';
    const sameEpoch = isSameIdentity(q, batch);
    if (errorCode === UNKNOWN_PRODUCER_ID && sameEpoch) {
      // KIP-360: the broker lost this producer's state (e.g. retention removed its last batch).
      this.markNeedsBump(q);
      return 'retry';
    }
    if (errorCode === OUT_OF_ORDER_SEQUENCE_NUMBER && sameEpoch) {
      // A batch with an earlier batch still outstanding failed because that one did: it is
      // simply retried after it (Java: `TransactionManager#canRetry`). The earliest outstanding
      // batch shows that the sequence cannot continue under this epoch, whatever else is true:
      // retrying it as it is would be refused for ever. KIP-360: new epoch, sequences from 0.
      if (!isEarliestOutstanding(q, batch)) return 'retry';
      // The broker holds later sequences than this batch's, and an attempt of it went
      // unanswered: it may be in the log already. Sending it again could duplicate it.
      if (batch.baseSequence !== incrementSequence(q.lastAckedSequence, 1) && batch.maybeWritten)
        return 'fail';
      this.markNeedsBump(q);
      return 'retry';
    }
    // An answer about an older epoch: the partition is being renumbered already.
    if (errorCode === OUT_OF_ORDER_SEQUENCE_NUMBER || errorCode === UNKNOWN_PRODUCER_ID) return 'retry';
    return isRetriable(error) ? 'retry' : 'fail';
  }

  /**
   * `batch` of `q` fails for good. If it used a sequence of the partition's epoch, that leaves
   * a gap the broker will never fill: the partition needs a new epoch (KIP-360).
   */
  failed(q: PartitionQueue, batch: ProducerBatch): void {
    if (batch.baseSequence >= 0 && batch.producerEpoch === q.producerEpoch) this.markNeedsBump(q);
  }

  private markNeedsBump(q: PartitionQueue): void {
    if (q.needsBump) return;
    q.needsBump = true;
    q.bumpAfterGeneration = this.identities.identity?.generation ?? 0;
    this.identities.requestBump();
  }
}

/** Whether `batch`'s sequence belongs to the producer id and epoch `q` numbers under now. */
function isSameIdentity(q: PartitionQueue, batch: ProducerBatch): boolean {
  return batch.producerEpoch === q.producerEpoch && batch.producerId === q.producerId;
}

/** Whether no other batch of `q` with a sequence of the same epoch comes before `batch`. */
function isEarliestOutstanding(q: PartitionQueue, batch: ProducerBatch): boolean {
  const before = (other: ProducerBatch) =>
    other !== batch &&
    other.baseSequence >= 0 &&
    other.producerEpoch === batch.producerEpoch &&
    other.producerId === batch.producerId &&
    sequenceBefore(other.baseSequence, batch.baseSequence);
  return !q.inFlight.some(before) && !q.batches.some(before);
}
