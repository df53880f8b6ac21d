/**
 * The drain (Java: `RecordAccumulator#ready` + `#drain`): which partitions' head batches are
 * ready, and which of them go together in one Produce request per leader broker, within the
 * in-flight limits, `maxRequestSize` and the ordering rules. A batch taken is sequenced
 * (idempotence: `sequence-rules.ts`), given its header and CRC (its records were encoded as
 * they joined) and counted in flight; a transactional
 * producer's partition waits until it joined the transaction (`transaction-manager.ts`). Sending the
 * requests and settling the batches is the sender's (`sender.ts`).
 */
import type { Accumulator } from './accumulator.js';
import type { ResolvedProducerOptions } from './options.js';
import type { PartitionQueue } from './partition-queue.js';
import type { ProducerBatch } from './producer-batch.js';
import type { ProducerCluster } from './producer-cluster.js';
import type { SequenceRules } from './sequence-rules.js';
import type { TransactionManager } from './transaction-manager.js';

/** Batches bound for one broker in one request, with the partition queue of each. */
export interface NodeDrain {
  readonly nodeId: number;
  readonly batches: ProducerBatch[];
  readonly queues: PartitionQueue[];
  /** Encoded bytes of the batches. */
  size: number;
}

/** What one drain found. */
export interface DrainResult {
  /** One request's batches per broker. */
  readonly drains: NodeDrain[];
  /** Topics with a partition whose leader is unknown: their metadata needs a refresh. */
  readonly unknownLeaderTopics: string[];
  /** When the next batch becomes ready or due to expire (`Date.now()` based), or +Infinity. */
  readonly nextWake: number;
}

/** What the drain needs from the sender. */
export interface DrainHost {
  /** Produce requests to `nodeId` awaiting their answer. */
  inFlightTo(nodeId: number): number;
  /** Fails the queued batches of `q` older than the delivery timeout. */
  expire(q: PartitionQueue, now: number): void;
}

/** Picks and takes the batches each drain sends. */
export class Drain {
  private drainStart = 0;

  constructor(
    private readonly options: ResolvedProducerOptions,
    private readonly cluster: Pick<ProducerCluster, 'cachedTopic'>,
    private readonly accumulator: Accumulator,
    /** The idempotence rules; undefined without idempotence. */
    private readonly sequences: SequenceRules | undefined,
    private readonly host: DrainHost,
    /** A transactional producer's gate: whether a partition is in the transaction. */
    private readonly transaction?: Pick<TransactionManager, 'mayDrain'>,
  ) {}

  /** Expires, then takes at most one ready batch per partition into one request per leader. */
  drain(now: number, flushing: boolean): DrainResult {
    const queues = this.accumulator.queues;
    const drains = new Map<number, NodeDrain>();
    const unknownLeaderTopics: string[] = [];
    let nextWake = Number.POSITIVE_INFINITY;
    const n = queues.length;
    // Start where the last drain stopped, so no partition is always last to fill a request (Java: `drainIndex`).
    const start = this.drainStart < n ? this.drainStart : 0;
    this.drainStart = start + 1;
    for (let k = 0; k < n; k++) {
      const q = queues[(start + k) % n] as PartitionQueue;
      if (q.batches.length === 0) continue;
      this.host.expire(q, now);
      const batch = q.batches[0];
      if (batch === undefined) continue;
      const deadline = batch.createdAt + this.options.deliveryTimeoutMs;
      if (deadline < nextWake) nextWake = deadline;
      const info = this.cluster.cachedTopic(q.topic);
      const leader = info?.partitions[q.partition]?.leaderId ?? -1;
      const ratio = this.accumulator.compressionRatios.estimate(q.topic);
      const readyAt = this.readyAt(batch, batch.bytes * ratio >= this.options.batchSize, flushing, leader);
      if (readyAt > now) {
        if (readyAt < nextWake) nextWake = readyAt;
        continue;
      }
      if (!this.canSend(q, batch)) continue;
      if (leader < 0) {
        unknownLeaderTopics.push(q.topic);
        nextWake = Math.min(nextWake, now + this.options.retryBackoffMs);
        continue;
      }
      if (this.host.inFlightTo(leader) >= this.options.maxInFlightPerBroker) continue;
      let drain = drains.get(leader);
      const estimate = batch.encoded?.length ?? Math.ceil(batch.bytes * ratio);
      if (drain !== undefined && drain.size + estimate > this.options.maxRequestSize) continue;
      if (drain === undefined) {
        drain = { nodeId: leader, batches: [], queues: [], size: 0 };
        drains.set(leader, drain);
      }
      this.take(q, batch);
      drain.batches.push(batch);
      drain.queues.push(q);
      drain.size += (batch.encoded as Buffer).length;
    }
    return { drains: [...drains.values()], unknownLeaderTopics, nextWake };
  }

  /**
   * When `batch` may go: now if `full` (`batchSize` reached), closed, retried or flushing; with `lingerMs` unset, also
   * now when the producer is idle: its `leader` has no Produce request in flight and no more
   * than one batch's worth of records waits in the whole producer (a record sent at a low rate,
   * which waiting would only delay). Under load records keep waiting and batches fill (and
   * grow past `batchSize` while their partition cannot send) for `lingerMs`, as many small
   * requests would cost throughput. Never before its backoff.
   */
  private readyAt(batch: ProducerBatch, full: boolean, flushing: boolean, leader: number): number {
    const idle =
      !this.options.lingerWhenIdle &&
      leader >= 0 &&
      this.host.inFlightTo(leader) === 0 &&
      this.accumulator.recordBytes <= this.options.batchSize;
    const lingerDone = batch.closed || full || flushing || idle ? 0 : batch.createdAt + this.options.lingerMs;
    return Math.max(lingerDone, batch.retryAt);
  }

  /**
   * Whether partition `q` may send its head batch now. Without idempotence a partition has at
   * most one batch in flight (Java with `max.in.flight.requests.per.connection=1`), so a retry
   * cannot overtake a later batch; with it, the sequence rules decide.
   */
  private canSend(q: PartitionQueue, batch: ProducerBatch): boolean {
    if (this.sequences === undefined) return q.inFlight.length === 0;
    if (!this.sequences.canSend(q, batch)) return false;
    // Transactions (KIP-98): a partition sends once it joined the transaction.
    return this.transaction === undefined || this.transaction.mayDrain(q.topic, q.partition);
  }

  /** Removes the head batch from its queue, gives it a sequence if it has none, encodes it. */
  private take(q: PartitionQueue, batch: ProducerBatch): void {
    q.batches.shift();
    batch.closed = true;
    if (batch.baseSequence >= 0 && q.retrying > 0) q.retrying--;
    this.sequences?.assign(q, batch);
    if (batch.encoded === undefined) {
      const encoded = batch.encode({
        compression: this.options.compression,
        compressionLevel: this.options.compressionLevel,
        isTransactional: this.transaction !== undefined,
      });
      if (this.options.compression !== 0)
        this.accumulator.compressionRatios.observe(q.topic, batch.bytes, encoded.length);
    }
    if (batch.attempts === 0) q.lastBatchBytes = batch.encodedBytes;
    batch.attempts++;
    q.inFlight.push(batch);
  }
}
