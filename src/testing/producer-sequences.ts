/**
 * Idempotent-producer bookkeeping of one partition, as Kafka's `ProducerStateManager` and
 * `ProducerAppendInfo#checkSequence` keep it (KIP-98, KIP-360): per producer id the epoch, the
 * last sequence and the metadata of its last five batches, so a retried batch is recognised and
 * answered with the offset it was first written at.
 */
import type { IncomingBatch } from './stored-batch.js';

/** Kafka keeps the metadata of this many recent batches per producer (`NUM_BATCHES_TO_RETAIN`). */
const RETAINED_BATCHES = 5;

/** Error codes of the produce path (`protocol/messages/error-codes.ts`). */
export const ProduceErrors = {
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  INVALID_PRODUCER_EPOCH: 47,
  UNKNOWN_PRODUCER_ID: 59,
} as const;

interface ProducerEntry {
  epoch: number;
  lastSequence: number;
  /** The largest timestamp of its last batch. */
  lastTimestamp: bigint;
  /** Recent batches: first sequence, last sequence, base offset. */
  recent: { first: number; last: number; offset: number }[];
}

/** What the check decided for one batch. */
export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'error'; readonly errorCode: number };

/** The producer states of one partition. */
export class ProducerSequences {
  private producers = new Map<bigint, ProducerEntry>();

  /**
   * @param unknownProducerIdError answer UNKNOWN_PRODUCER_ID to a producer the partition has no
   *   state for that does not start at sequence 0, as brokers before Kafka 2.5 did; newer ones
   *   accept any sequence then (the state may have gone with retention).
   */
  constructor(private readonly unknownProducerIdError: () => boolean) {}

  /** Checks a batch against its producer's state without changing it. */
  check(batch: IncomingBatch): SequenceCheck {
    if (batch.producerId < 0n || batch.baseSequence < 0) return { kind: 'append' };
    const entry = this.producers.get(batch.producerId);
    if (entry === undefined) {
      if (batch.baseSequence !== 0 && this.unknownProducerIdError())
        return { kind: 'error', errorCode: ProduceErrors.UNKNOWN_PRODUCER_ID };
      return { kind: 'append' };
    }
    if (batch.producerEpoch < entry.epoch)
      return { kind: 'error', errorCode: ProduceErrors.INVALID_PRODUCER_EPOCH };
    if (batch.producerEpoch > entry.epoch) {
      // A bumped epoch must start its sequences again at 0.
      return batch.baseSequence === 0
        ? { kind: 'append' }
        : { kind: 'error', errorCode: ProduceErrors.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const last = lastSequence(batch);
    const dup = entry.recent.find((r) => r.first === batch.baseSequence && r.last === last);
    if (dup !== undefined) return { kind: 'duplicate', baseOffset: dup.offset };
    if (!inSequence(entry.lastSequence, batch.baseSequence))
      return { kind: 'error', errorCode: ProduceErrors.OUT_OF_ORDER_SEQUENCE_NUMBER };
    return { kind: 'append' };
  }

  /** Records an appended batch. */
  record(batch: IncomingBatch, baseOffset: number): void {
    if (batch.producerId < 0n || batch.baseSequence < 0) return;
    const old = this.producers.get(batch.producerId);
    const entry =
      old === undefined || old.epoch !== batch.producerEpoch
        ? { epoch: batch.producerEpoch, lastSequence: -1, lastTimestamp: -1n, recent: [] }
        : old;
    entry.lastSequence = lastSequence(batch);
    entry.lastTimestamp = batch.maxTimestamp;
    entry.recent.push({ first: batch.baseSequence, last: entry.lastSequence, offset: baseOffset });
    if (entry.recent.length > RETAINED_BATCHES) entry.recent.shift();
    this.producers.set(batch.producerId, entry);
  }

  /** Each producer's epoch, last sequence and last timestamp (DescribeProducers). */
  states(): { producerId: bigint; epoch: number; lastSequence: number; lastTimestamp: bigint }[] {
    return [...this.producers].map(([producerId, e]) => ({
      producerId,
      epoch: e.epoch,
      lastSequence: e.lastSequence,
      lastTimestamp: e.lastTimestamp,
    }));
  }

  /** The epoch the partition knows for `producerId`, if any. */
  epochOf(producerId: bigint): number | undefined {
    return this.producers.get(producerId)?.epoch;
  }

  /** Forgets every producer (as when retention removed all their batches). */
  clear(): void {
    this.producers = new Map();
  }
}

/** Sequences wrap at 2^31-1 back to 0 (`DefaultRecordBatch.incrementSequence`). */
function lastSequence(batch: IncomingBatch): number {
  return (batch.baseSequence + batch.span - 1) % 2 ** 31;
}

function inSequence(last: number, first: number): boolean {
  return first === (last === 2 ** 31 - 1 ? 0 : last + 1);
}
