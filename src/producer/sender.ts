/**
 * The sender (Java: `Sender`): the scheduling of the producer's I/O. It decides when to drain
 * (soon after an append, at a batch's linger or retry time, after a metadata refresh or an
 * answer), keeps the in-flight count per broker, sends each drained request and settles each
 * batch from its outcome, requeueing retries after the shared backoff (`cluster/retry.ts`).
 * The rules live beside it, each in one place:
 * - `drain.ts`: what is ready and what goes in one request per broker;
 * - `sequence-rules.ts`: idempotent sequences and which failures retry, bump the epoch or fail;
 * - `produce-request.ts`: the Produce request and each batch's outcome in its answer;
 * - here: splitting a batch the broker found too large (KIP-126) and the delivery timeout.
 *
 * Leader moves: errors that say metadata is stale (`NOT_LEADER_OR_FOLLOWER`, ...) and
 * connection failures refresh the topic's metadata (whose leader epochs never go back, KIP-320)
 * and the batch is routed anew to the leader it then names; KIP-951's `currentLeader` in the
 * Produce answer is applied at once when the cluster supports it.
 */

import { ClientClosedError } from '../cluster/errors.js';
import type { TopicInfo } from '../cluster/metadata-cache.js';
import { backoffDelay, isRetriable } from '../cluster/retry.js';
import { Lifecycle } from '../net/lifecycle.js';
import { BrokerError } from '../protocol/broker-error.js';
import { codecReady } from '../protocol/compression/index.js';
import type { KafeError } from '../protocol/errors.js';
import type { Accumulator } from './accumulator.js';
import { Drain, type NodeDrain } from './drain.js';
import { DeliveryTimeoutError, RecordTooLargeError } from './errors.js';
import type { ResolvedProducerOptions } from './options.js';
import type { PartitionQueue } from './partition-queue.js';
import {
  type BatchOutcome,
  buildProduceRequest,
  produceVersion,
  readProduceResponse,
} from './produce-request.js';
import { EMPTY_BATCH_BYTES, type ProducerBatch } from './producer-batch.js';
import type { ProducerCluster } from './producer-cluster.js';
import { ProducerMetrics } from './producer-metrics.js';
import { type ProducerIdentities, SequenceRules } from './sequence-rules.js';
import type { TransactionManager } from './transaction-manager.js';

/** What the sender asks of a transactional producer's manager. */
export type TransactionGate = Pick<
  TransactionManager,
  'mayDrain' | 'batchFailed' | 'unsendable' | 'produceVersionRange'
>;

/** Moves batches from the accumulator to the brokers. */
export class Sender {
  /** Ask for every batch to be sent regardless of linger (flush, close). */
  flushing = 0;
  private readonly inFlightPerNode = new Map<number, number>();
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private readonly staleTopics = new Set<string>();
  private refreshing = false;
  private requestsInFlight = 0;
  private readonly sequences: SequenceRules | undefined;
  private readonly drainer: Drain;
  private readonly lifecycle = new Lifecycle({
    component: 'sender',
    closedError: () => new ClientClosedError('producer'),
  });

  constructor(
    private readonly options: ResolvedProducerOptions,
    private readonly cluster: ProducerCluster,
    private readonly accumulator: Accumulator,
    /** Where producer ids and epochs come from; undefined without idempotence. */
    private readonly idempotence: ProducerIdentities | undefined,
    private readonly metrics: ProducerMetrics = new ProducerMetrics(),
    /** A transactional producer's manager. */
    private readonly transaction?: TransactionGate,
  ) {
    this.sequences = idempotence === undefined ? undefined : new SequenceRules(idempotence);
    this.drainer = new Drain(
      options,
      cluster,
      accumulator,
      this.sequences,
      {
        inFlightTo: (nodeId) => this.inFlightPerNode.get(nodeId) ?? 0,
        expire: (q, now) => this.expire(q, now),
      },
      transaction,
    );
  }

  /** Produce requests awaiting their answer, all brokers together. */
  get inFlightRequests(): number {
    return this.requestsInFlight;
  }

  /** Runs a drain soon (coalesced: many appends in one tick cause one drain). */
  wake(): void {
    if (this.scheduled || this.lifecycle.isClosed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  /** Runs a drain at `time` (`Date.now()` based) at the latest. */
  wakeAt(time: number): void {
    if (this.lifecycle.isClosed || time >= this.timerAt) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = time;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.run();
      },
      Math.max(0, time - Date.now()),
    );
  }

  /** Stops scheduling and InitProducerId retries (producer closed). Every call returns the same promise. */
  close(): Promise<void> {
    return this.lifecycle.close(() => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      return this.idempotence?.close();
    });
  }

  /** One drain: expire, pick ready batches per leader, send. */
  run(): void {
    if (this.lifecycle.isClosed) return;
    const now = Date.now();
    const idem = this.idempotence;
    // Nothing can be sent before the codec is ready (zstd on runtimes without native support
    // encodes with WASM, loaded once; producer.ts wakes us then) and the producer id is known;
    // meanwhile batches still time out, and a timer keeps checking: never wait on one event only.
    const codecWaiting = !codecReady(this.options.compression);
    if (codecWaiting || (idem !== undefined && idem.identity === undefined)) {
      let waiting = false;
      for (const q of this.accumulator.queues) {
        this.expire(q, now);
        if (q.batches.length > 0) waiting = true;
      }
      if (waiting) {
        if (!codecWaiting) idem?.ensure();
        this.wakeAt(now + Math.max(this.options.retryBackoffMs, 50));
      }
      return;
    }
    // A failed or aborting transaction sends nothing more (Java: `Sender#maybeAbortBatches`).
    const unsendable = this.transaction?.unsendable;
    if (unsendable !== undefined) {
      this.failQueued(unsendable);
      return;
    }
    const { drains, unknownLeaderTopics, nextWake } = this.drainer.drain(now, this.flushing > 0);
    for (const t of unknownLeaderTopics) this.staleTopics.add(t);
    for (const drain of drains) void this.send(drain);
    // One request carries one batch per partition: drain again for the partitions' next
    // batches, up to the in-flight limits (this is what pipelines a busy partition).
    if (drains.length > 0) this.wake();
    if (this.staleTopics.size > 0) this.refreshMetadata();
    if (nextWake !== Number.POSITIVE_INFINITY) this.wakeAt(nextWake);
  }

  private async send(drain: NodeDrain): Promise<void> {
    const { nodeId, batches, queues } = drain;
    this.inFlightPerNode.set(nodeId, (this.inFlightPerNode.get(nodeId) ?? 0) + 1);
    this.requestsInFlight++;
    // Once the request may have left, a failure without an answer leaves each batch's outcome unknown.
    let requestSent = false;
    try {
      const connection = await this.cluster.connection(nodeId);
      const version = produceVersion(connection, this.transaction?.produceVersionRange());
      const request = buildProduceRequest(
        batches,
        version,
        this.options,
        (topic) => (this.cluster.cachedTopic(topic) as TopicInfo).topicId,
      );
      requestSent = true;
      const startedAt = this.metrics.producing();
      if (this.options.acks === 0) {
        await connection.sendWithoutResponse('Produce', request, {
          timeoutMs: this.options.requestTimeoutMs,
          version,
        });
        this.metrics.produced(startedAt);
        for (let i = 0; i < batches.length; i++)
          this.succeed(queues[i] as PartitionQueue, batches[i] as ProducerBatch, -1n, -1);
      } else {
        const response = await connection.send('Produce', request, {
          timeoutMs: this.options.requestTimeoutMs,
          version,
        });
        this.metrics.produced(startedAt);
        const outcomes = readProduceResponse(
          batches,
          response,
          connection.broker,
          (topic) => this.cluster.cachedTopic(topic)?.topicId,
        );
        for (let i = 0; i < batches.length; i++)
          this.settle(queues[i] as PartitionQueue, batches[i] as ProducerBatch, outcomes[i] as BatchOutcome);
      }
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      for (let i = 0; i < batches.length; i++) {
        const q = queues[i] as PartitionQueue;
        const batch = batches[i] as ProducerBatch;
        if (requestSent) batch.maybeWritten = true;
        this.staleTopics.add(q.topic);
        this.retryOrFail(q, batch, e, -1);
      }
      this.refreshMetadata();
    } finally {
      this.inFlightPerNode.set(nodeId, (this.inFlightPerNode.get(nodeId) ?? 1) - 1);
      this.requestsInFlight--;
      this.wake();
    }
  }

  /** Acts on one batch's outcome in a Produce answer. */
  private settle(q: PartitionQueue, batch: ProducerBatch, outcome: BatchOutcome): void {
    if (outcome.kind === 'written') {
      this.succeed(q, batch, outcome.baseOffset, outcome.logAppendTimeMs);
      // The broker read the whole request, so its bytes are off our hands; not after a
      // retry, as an earlier attempt's write of the same bytes may still be queued somewhere.
      if (batch.attempts === 1) batch.recycle();
      return;
    }
    const leader = outcome.currentLeader;
    if (leader !== undefined)
      this.cluster.updateLeader?.(batch.topic, batch.partition, leader.leaderId, leader.leaderEpoch);
    if (outcome.kind === 'unanswered') batch.maybeWritten = true;
    if (outcome.kind === 'too-large') this.tooLarge(q, batch, outcome.error);
    else this.retryOrFail(q, batch, outcome.error, outcome.errorCode);
  }

  /**
   * MESSAGE_TOO_LARGE (the batch is over the topic's `max.message.bytes`) or
   * RECORD_LIST_TOO_LARGE (over its `segment.bytes`): a batch of several records is split
   * and its pieces go back to the head of the partition's queue, in order (Java:
   * `Sender#completeBatch` + `RecordAccumulator#splitAndReenqueue`, KIP-126); one record alone
   * fails with {@link RecordTooLargeError}, as does a batch past its delivery timeout. How a
   * batch is split: {@link PartitionQueue.splitAndRequeue}.
   */
  private tooLarge(q: PartitionQueue, batch: ProducerBatch, error: KafeError): void {
    q.removeInFlight(batch);
    if (batch.done) return;
    batch.lastError = error;
    if (batch.count <= 1 || Date.now() >= batch.createdAt + this.options.deliveryTimeoutMs) {
      const size = batch.count === 1 ? batch.encodedBytes - EMPTY_BATCH_BYTES : batch.encodedBytes;
      const limit = `what the broker accepts for ${batch.topic} (${error.code}: max.message.bytes / segment.bytes)`;
      this.fail(
        q,
        batch,
        batch.count <= 1
          ? new RecordTooLargeError(size, -1, limit, { cause: error })
          : this.timeoutError(batch),
      );
      return;
    }
    q.splitAndRequeue(batch);
  }

  private succeed(q: PartitionQueue, batch: ProducerBatch, baseOffset: bigint, logAppendTime: number): void {
    q.removeInFlight(batch);
    if (batch.done) return;
    this.sequences?.acknowledged(q, batch);
    this.settled(batch);
    this.metrics.delivered(batch);
    batch.complete(baseOffset, logAppendTime);
  }

  /** Decides what an error means for `batch`: retry (in order), bump the epoch, or fail it. */
  private retryOrFail(q: PartitionQueue, batch: ProducerBatch, error: Error, errorCode: number): void {
    q.removeInFlight(batch);
    if (batch.done) return;
    batch.lastError = error;
    const now = Date.now();
    if (now >= batch.createdAt + this.options.deliveryTimeoutMs) {
      this.fail(q, batch, this.timeoutError(batch));
      return;
    }
    const verdict =
      this.sequences !== undefined
        ? this.sequences.onError(q, batch, error, errorCode)
        : isRetriable(error) && this.options.acks !== 0
          ? 'retry'
          : 'fail';
    if (verdict === 'fail') {
      this.fail(q, batch, error);
      return;
    }
    if (error instanceof BrokerError ? error.invalidatesMetadata : !(error instanceof BrokerError))
      this.staleTopics.add(q.topic);
    batch.retryAt =
      now +
      backoffDelay(batch.attempts, {
        initialBackoffMs: this.options.retryBackoffMs,
        maxBackoffMs: this.options.retryBackoffMaxMs,
      });
    this.metrics.retried(batch);
    q.requeue(batch);
  }

  /** Fails a batch for good. A failed batch that used a sequence leaves a gap: its partition needs a new epoch. */
  private fail(q: PartitionQueue, batch: ProducerBatch, error: Error): void {
    q.removeInFlight(batch);
    if (batch.done) return;
    const i = q.batches.indexOf(batch);
    if (i >= 0) {
      q.batches.splice(i, 1);
      if (batch.baseSequence >= 0 && q.retrying > 0) q.retrying--;
    }
    this.sequences?.failed(q, batch);
    this.settled(batch);
    this.metrics.failed(batch);
    batch.fail(error);
    this.transaction?.batchFailed(error);
  }

  /** Fails every batch queued and not in flight (an aborted transaction's). */
  failQueued(error: Error): void {
    for (const q of this.accumulator.queues) for (const b of [...q.batches]) this.fail(q, b, error);
  }

  private settled(batch: ProducerBatch): void {
    this.accumulator.release(batch);
  }

  /** Fails queued batches older than `deliveryTimeoutMs` (Java: `RecordAccumulator#expiredBatches`). */
  private expire(q: PartitionQueue, now: number): void {
    const limit = now - this.options.deliveryTimeoutMs;
    while (q.batches.length > 0) {
      const head = q.batches[0] as ProducerBatch;
      if (head.createdAt > limit) return;
      this.fail(q, head, this.timeoutError(head));
    }
  }

  private timeoutError(batch: ProducerBatch): DeliveryTimeoutError {
    const why = batch.lastError === undefined ? '' : ` (last error: ${batch.lastError.message})`;
    return new DeliveryTimeoutError(
      `${batch.count} record(s) for ${batch.topic}-${batch.partition} not acknowledged within ${this.options.deliveryTimeoutMs} ms after ${batch.attempts} attempt(s)${why}`,
      { cause: batch.lastError },
    );
  }

  /** One metadata refresh at a time for every topic that needs one; the sender runs again after it. */
  private refreshMetadata(): void {
    if (this.refreshing || this.staleTopics.size === 0 || this.lifecycle.isClosed) return;
    const topics = [...this.staleTopics];
    this.staleTopics.clear();
    this.refreshing = true;
    this.cluster.refreshTopics(topics).then(
      () => {
        this.refreshing = false;
        this.wake();
      },
      () => {
        this.refreshing = false;
        for (const t of topics) this.staleTopics.add(t);
        // Every broker may be down: try again after the backoff, not in a tight loop.
        this.wakeAt(Date.now() + this.options.retryBackoffMs);
      },
    );
  }

  /** Fails everything queued or in flight (forced close). */
  abortAll(error: Error): void {
    for (const q of this.accumulator.queues) {
      for (const b of [...q.inFlight, ...q.batches]) {
        this.settled(b);
        b.fail(error);
      }
      q.inFlight.length = 0;
      q.batches.length = 0;
      q.retrying = 0;
    }
  }
}
