/**
 * Producer ids and epochs handed out by InitProducerId (KIP-98), one sequence per cluster as
 * Kafka's `ProducerIdManager` hands out blocks: a new idempotent producer gets a new id at
 * epoch 0; a producer naming its current id and epoch (KIP-360, v3+) gets the epoch bumped; a
 * transactional id keeps its producer id across sessions, with a bumped epoch each time.
 */

/** One producer id and epoch. */
export interface ProducerIdAndEpoch {
  readonly producerId: bigint;
  readonly producerEpoch: number;
}

/** INVALID_PRODUCER_EPOCH: the producer named an epoch that is not its current one. */
const INVALID_PRODUCER_EPOCH = 47;

/** The producer id allocator of a fake cluster. */
export class ProducerIds {
  private next = 1000n;
  private readonly epochs = new Map<bigint, number>();
  private readonly byTransactionalId = new Map<string, bigint>();

  /**
   * Answers one InitProducerId: a fresh id, or a bumped epoch for `current` / `transactionalId`.
   * Returns an error code when `current` names an epoch that is not the producer's.
   */
  init(transactionalId: string | null, current?: ProducerIdAndEpoch): ProducerIdAndEpoch | number {
    const known = transactionalId === null ? undefined : this.byTransactionalId.get(transactionalId);
    const existing =
      known ?? (current !== undefined && current.producerId >= 0n ? current.producerId : undefined);
    const epoch = existing === undefined ? undefined : this.epochs.get(existing);
    if (existing !== undefined && epoch !== undefined) {
      if (
        current !== undefined &&
        current.producerId === existing &&
        current.producerEpoch >= 0 &&
        current.producerEpoch !== epoch
      )
        return INVALID_PRODUCER_EPOCH;
      this.epochs.set(existing, epoch + 1);
      return { producerId: existing, producerEpoch: epoch + 1 };
    }
    const producerId = this.next++;
    this.epochs.set(producerId, 0);
    if (transactionalId !== null) this.byTransactionalId.set(transactionalId, producerId);
    return { producerId, producerEpoch: 0 };
  }

  /** Records an epoch the transaction coordinator moved to (EndTxn v5, a timeout abort). */
  setEpoch(producerId: bigint, producerEpoch: number): void {
    this.epochs.set(producerId, producerEpoch);
  }
}
