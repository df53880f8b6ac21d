/**
 * The fake cluster's transaction coordinator (Kafka's `TransactionCoordinator` and
 * `TransactionStateManager`, reduced to what a client sees): per transactional id its producer
 * id and epoch, the open transaction's partitions and offsets, InitProducerId fencing (an open
 * transaction of the previous epoch is aborted), AddPartitionsToTxn / AddOffsetsToTxn (v1),
 * implicit adds through Produce v12+ and TxnOffsetCommit v5 (KIP-890 v2), EndTxn writing the
 * commit or abort marker to every partition and committing the offsets, with v5's epoch bump.
 * Epochs are checked as Kafka does: an older epoch is PRODUCER_FENCED, any other mismatch
 * INVALID_PRODUCER_EPOCH.
 */
import type { GroupCoordinator } from './group-coordinator.js';
import type { PartitionLog } from './partition-log.js';
import type { ProducerIds } from './producer-ids.js';

/** Error codes the coordinator answers (`protocol/messages/error-codes.ts`). */
export const TxnErrors = {
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  INVALID_PRODUCER_EPOCH: 47,
  INVALID_TXN_STATE: 48,
  INVALID_PRODUCER_ID_MAPPING: 49,
  PRODUCER_FENCED: 90,
} as const;

/** An offset a transaction commits when it commits. */
export interface TransactionalOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string;
}

/** One transactional id's state, as `kafka-transactions.sh describe` shows it. */
export interface FakeTransaction {
  readonly transactionalId: string;
  readonly producerId: bigint;
  producerEpoch: number;
  timeoutMs: number;
  /** Kafka's states, reduced: Empty (none open), Ongoing, CompleteCommit / CompleteAbort (the last one ended). */
  state: 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';
  /** When the open transaction started (`Date.now()`), -1 when none is open. */
  startedAt: number;
  /** Partitions in the open transaction, as `topic\0partition`. */
  readonly partitions: Set<string>;
  /** Offsets to commit per group with the open transaction. */
  readonly offsets: Map<string, TransactionalOffset[]>;
}

/** Where the coordinator finds partitions and groups. */
export interface TransactionCoordinatorDeps {
  /** A partition's log and leader epoch (the cluster state's partition, seen through what markers need). */
  partition(
    topic: string,
    index: number,
  ): { readonly leaderEpoch: number; readonly log: PartitionLog } | undefined;
  readonly groups: GroupCoordinator;
  readonly producerIds: ProducerIds;
}

const key = (topic: string, partition: number) => `${topic}\0${partition}`;

/** The transactional ids of a fake cluster and their transactions. */
export class TransactionCoordinator {
  private readonly transactions = new Map<string, FakeTransaction>();

  constructor(private readonly deps: TransactionCoordinatorDeps) {}

  /** Every transactional id known (ListTransactions, tests). */
  all(): FakeTransaction[] {
    return [...this.transactions.values()];
  }

  /** The state of `transactionalId`, if it ever initialized. */
  get(transactionalId: string): FakeTransaction | undefined {
    return this.transactions.get(transactionalId);
  }

  /**
   * InitProducerId for a transactional id: the epoch is bumped (fencing older producers) and a
   * transaction the previous epoch left open is aborted first.
   */
  init(
    transactionalId: string,
    timeoutMs: number,
    current: { producerId: bigint; producerEpoch: number } | undefined,
  ): { producerId: bigint; producerEpoch: number } | number {
    const existing = this.transactions.get(transactionalId);
    if (existing !== undefined && current !== undefined && current.producerId >= 0n) {
      if (current.producerId !== existing.producerId) return TxnErrors.INVALID_PRODUCER_ID_MAPPING;
      if (current.producerEpoch !== existing.producerEpoch) return TxnErrors.PRODUCER_FENCED;
    }
    if (existing?.state === 'Ongoing') this.complete(existing, false);
    const result = this.deps.producerIds.init(transactionalId, undefined);
    if (typeof result === 'number') return result;
    this.transactions.set(transactionalId, {
      transactionalId,
      producerId: result.producerId,
      producerEpoch: result.producerEpoch,
      timeoutMs,
      state: 'Empty',
      startedAt: -1,
      partitions: new Set(),
      offsets: new Map(),
    });
    return result;
  }

  /** AddPartitionsToTxn (or an implicit add): 0 or the error code for every partition. */
  addPartitions(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    partitions: readonly { topic: string; partition: number }[],
  ): number[] {
    const txn = this.transactions.get(transactionalId);
    const error = this.epochError(txn, producerId, producerEpoch);
    if (error !== 0 || txn === undefined) return partitions.map(() => error);
    const codes = partitions.map((p) =>
      this.deps.partition(p.topic, p.partition) === undefined ? TxnErrors.UNKNOWN_TOPIC_OR_PARTITION : 0,
    );
    if (codes.some((c) => c !== 0)) return codes;
    this.open(txn);
    for (const p of partitions) txn.partitions.add(key(p.topic, p.partition));
    return codes;
  }

  /**
   * A transactional batch to `topic`/`partition` under `producerId`/`producerEpoch` arrives in a
   * Produce: with `implicit` (Produce v12+ under transaction.version 2) the partition joins the
   * transaction; otherwise it must have been added (Kafka 3.6+'s verification). 0 or the error.
   */
  produced(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    topic: string,
    partition: number,
    implicit: boolean,
  ): number {
    if (implicit)
      return this.addPartitions(transactionalId, producerId, producerEpoch, [{ topic, partition }])[0] ?? 0;
    const txn = this.transactions.get(transactionalId);
    const error = this.epochError(txn, producerId, producerEpoch);
    if (error !== 0 || txn === undefined) return error;
    return txn.state === 'Ongoing' && txn.partitions.has(key(topic, partition))
      ? 0
      : TxnErrors.INVALID_TXN_STATE;
  }

  /** AddOffsetsToTxn: the group's offsets partition joins the transaction (v1). */
  addOffsets(transactionalId: string, producerId: bigint, producerEpoch: number, groupId: string): number {
    const txn = this.transactions.get(transactionalId);
    const error = this.epochError(txn, producerId, producerEpoch);
    if (error !== 0 || txn === undefined) return error;
    this.open(txn);
    if (!txn.offsets.has(groupId)) txn.offsets.set(groupId, []);
    return 0;
  }

  /**
   * TxnOffsetCommit: keeps `offsets` for the commit. v1 (below v5) needs AddOffsetsToTxn
   * first; v5 adds the group implicitly (KIP-890).
   */
  commitOffsets(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    groupId: string,
    offsets: readonly TransactionalOffset[],
    implicit: boolean,
  ): number {
    const txn = this.transactions.get(transactionalId);
    const error = this.epochError(txn, producerId, producerEpoch);
    if (error !== 0 || txn === undefined) return error;
    if (!implicit && (txn.state !== 'Ongoing' || !txn.offsets.has(groupId)))
      return TxnErrors.INVALID_TXN_STATE;
    this.open(txn);
    const list = txn.offsets.get(groupId) ?? [];
    list.push(...offsets);
    txn.offsets.set(groupId, list);
    return 0;
  }

  /**
   * EndTxn: the marker on every partition of the transaction, the offsets committed (commit)
   * or dropped (abort). v5 bumps the epoch and answers it (KIP-890).
   */
  end(
    transactionalId: string,
    producerId: bigint,
    producerEpoch: number,
    commit: boolean,
    bumpEpoch: boolean,
  ): { errorCode: number; producerId: bigint; producerEpoch: number } {
    const txn = this.transactions.get(transactionalId);
    const failed = (errorCode: number) => ({ errorCode, producerId: -1n, producerEpoch: -1 });
    const error = this.epochError(txn, producerId, producerEpoch);
    if (error !== 0 || txn === undefined) return failed(error);
    // Kafka: ending a transaction that is not open is INVALID_TXN_STATE, unless it repeats the
    // last ending (a retry whose answer was lost).
    if (txn.state !== 'Ongoing') {
      const repeat = txn.state === (commit ? 'CompleteCommit' : 'CompleteAbort');
      if (!repeat && !(bumpEpoch && !commit)) return failed(TxnErrors.INVALID_TXN_STATE);
    } else this.complete(txn, commit);
    if (bumpEpoch) {
      txn.producerEpoch++;
      this.deps.producerIds.setEpoch(txn.producerId, txn.producerEpoch);
    }
    return { errorCode: 0, producerId: txn.producerId, producerEpoch: txn.producerEpoch };
  }

  /**
   * Aborts `transactionalId`'s open transaction as the coordinator does when it outlives its
   * timeout: abort markers, and the epoch bumped so the producer is fenced. Returns whether one was open.
   */
  expire(transactionalId: string): boolean {
    const txn = this.transactions.get(transactionalId);
    if (txn?.state !== 'Ongoing') return false;
    this.complete(txn, false);
    txn.producerEpoch++;
    this.deps.producerIds.setEpoch(txn.producerId, txn.producerEpoch);
    return true;
  }

  /** 0, or why `producerId` / `producerEpoch` may not act for `txn`. */
  private epochError(txn: FakeTransaction | undefined, producerId: bigint, producerEpoch: number): number {
    if (txn === undefined || txn.producerId !== producerId) return TxnErrors.INVALID_PRODUCER_ID_MAPPING;
    if (producerEpoch < txn.producerEpoch) return TxnErrors.PRODUCER_FENCED;
    if (producerEpoch !== txn.producerEpoch) return TxnErrors.INVALID_PRODUCER_EPOCH;
    return 0;
  }

  private open(txn: FakeTransaction): void {
    if (txn.state === 'Ongoing') return;
    txn.state = 'Ongoing';
    txn.startedAt = Date.now();
    txn.partitions.clear();
    txn.offsets.clear();
  }

  /** Writes the markers (Kafka's WriteTxnMarkers) and commits the offsets; the transaction is over. */
  private complete(txn: FakeTransaction, commit: boolean): void {
    for (const k of txn.partitions) {
      const [topic, index] = k.split('\0') as [string, string];
      const p = this.deps.partition(topic, Number(index));
      if (p === undefined) continue;
      p.log.appendMarker(
        { producerId: txn.producerId, producerEpoch: txn.producerEpoch, commit, coordinatorEpoch: 0 },
        p.leaderEpoch,
      );
    }
    if (commit)
      for (const [groupId, offsets] of txn.offsets)
        for (const o of offsets)
          this.deps.groups.commit(groupId, o.topic, o.partition, {
            offset: o.offset,
            leaderEpoch: o.leaderEpoch,
            metadata: o.metadata,
          });
    txn.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    txn.startedAt = -1;
    txn.partitions.clear();
    txn.offsets.clear();
  }
}
