/**
 * The sender (Java: `Sender` + the drain half of `RecordAccumulator`): takes ready batches,
 * groups them by their partition leader (cached metadata), sends one ProduceRequest per broker
 * with at most `maxInFlightPerBroker` requests in flight per broker, and settles each batch
 * from its partition's answer.
 *
 * Ordering within a partition, across retries:
 * - without idempotence, a partition has at most one batch in flight (Java's behaviour with
 *   `max.in.flight.requests.per.connection=1`), so a retry cannot overtake a later batch;
 * - with idempotence, up to 5 batches of a partition may be in flight, each with its sequence.
 *   A batch to retry goes back in sequence order; while a partition has retries, it sends one
 *   batch at a time (Java: `RecordAccumulator#shouldStopDrainBatchesForPartition`). The broker
 *   refuses what would leave a gap (`OUT_OF_ORDER_SEQUENCE_NUMBER`), so later batches come back
 *   and are re-sent after it. A partition's first batch under a producer identity goes alone:
 *   a broker with no state for the producer would take a later batch before a refused earlier one.
 *
 * Leader moves: errors that say metadata is stale (`NOT_LEADER_OR_FOLLOWER`, ...) and
 * connection failures refresh the topic's metadata (whose leader epochs never go back, KIP-320)
 * and the batch is routed anew to the leader it then names; KIP-951's `currentLeader` in the
 * Produce answer is applied at once when the cluster supports it.
 */

import { ClientClosedError } from '../cluster/errors.js';
import type { TopicInfo } from '../cluster/metadata-cache.js';
import { topicPartitionKey } from '../cluster/topic-partition.js';
import type { Connection } from '../net/connection.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { Lifecycle } from '../net/lifecycle.js';
import { BrokerError } from '../protocol/broker-error.js';
import { codecReady } from '../protocol/compression/index.js';
import { KafeError } from '../protocol/errors.js';
import type { ProduceRequestTopicProduceDataInput, ProduceResponse } from '../protocol/messages/produce.js';
import { encodeRecordBatch } from '../protocol/records/encode-record-batch.js';
import type { Accumulator } from './accumulator.js';
import { DeliveryTimeoutError, RecordTooLargeError } from './errors.js';
import type { IdempotenceManager } from './idempotence.js';
import type { ResolvedProducerOptions } from './options.js';
import type { PartitionQueue } from './partition-queue.js';
import { EMPTY_BATCH_BYTES, type ProducerBatch } from './producer-batch.js';
import type { ProducerCluster } from './producer-cluster.js';
import { recordSizeUpperBound } from './record.js';
import { incrementSequence, sequenceBefore } from './sequence-numbers.js';

const MESSAGE_TOO_LARGE = 10;
const RECORD_LIST_TOO_LARGE = 18;
const OUT_OF_ORDER_SEQUENCE_NUMBER = 45;
const DUPLICATE_SEQUENCE_NUMBER = 46;
const UNKNOWN_PRODUCER_ID = 59;
/** Produce v3 (Kafka 0.11) is the first to carry record batches (magic 2), which kafe writes. */
const FIRST_RECORD_BATCH_PRODUCE_VERSION = 3;

/** Batches bound for one broker in one request. */
interface NodeDrain {
  readonly nodeId: number;
  readonly batches: ProducerBatch[];
  readonly queues: PartitionQueue[];
  size: number;
}

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
  private drainStart = 0;
  private readonly lifecycle = new Lifecycle({
    component: 'sender',
    closedError: () => new ClientClosedError('producer'),
  });

  constructor(
    private readonly options: ResolvedProducerOptions,
    private readonly cluster: ProducerCluster,
    private readonly accumulator: Accumulator,
    private readonly idempotence: IdempotenceManager | undefined,
  ) {}

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
    const queues = this.accumulator.queues;
    const drains = new Map<number, NodeDrain>();
    let nextWake = Number.POSITIVE_INFINITY;
    const n = queues.length;
    // Start where the last drain stopped, so no partition is always last to fill a request (Java: `drainIndex`).
    const start = this.drainStart < n ? this.drainStart : 0;
    this.drainStart = start + 1;
    for (let k = 0; k < n; k++) {
      const q = queues[(start + k) % n] as PartitionQueue;
      if (q.batches.length === 0) continue;
      this.expire(q, now);
      const batch = q.batches[0];
      if (batch === undefined) continue;
      const deadline = batch.createdAt + this.options.deliveryTimeoutMs;
      if (deadline < nextWake) nextWake = deadline;
      const readyAt = this.readyAt(batch);
      if (readyAt > now) {
        if (readyAt < nextWake) nextWake = readyAt;
        continue;
      }
      if (!this.canSend(q, batch)) continue;
      const info = this.cluster.cachedTopic(q.topic);
      const leader = info?.partitions[q.partition]?.leaderId ?? -1;
      if (leader < 0) {
        this.staleTopics.add(q.topic);
        nextWake = Math.min(nextWake, now + this.options.retryBackoffMs);
        continue;
      }
      if ((this.inFlightPerNode.get(leader) ?? 0) >= this.options.maxInFlightPerBroker) continue;
      let drain = drains.get(leader);
      const ratio = this.accumulator.compressionRatios.estimate(q.topic);
      // Never above what the partition's broker was seen to accept (see tooLarge).
      const room = Math.min(
        this.options.maxBatchSize,
        q.maxBatchBytes,
        this.options.maxRequestSize - (drain?.size ?? 0),
      );
      if (q.batches.length > 1 && this.options.maxBatchSize > this.options.batchSize)
        this.mergeWaiting(q, batch, ratio, room);
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
    for (const drain of drains.values()) void this.send(drain);
    // One request carries one batch per partition: drain again for the partitions' next
    // batches, up to the in-flight limits (this is what pipelines a busy partition).
    if (drains.size > 0) this.wake();
    if (this.staleTopics.size > 0) this.refreshMetadata();
    if (nextWake !== Number.POSITIVE_INFINITY) this.wakeAt(nextWake);
  }

  /**
   * Merges the batches queued behind `head` into it, while the result's estimated encoded size
   * fits `room` (`maxBatchSize`, and what the request has left; its raw size stays within
   * `maxRequestSize`, so encoding stays bounded). Batches queue up
   * behind a partition's head only when the partition could not send (requests in flight, a
   * burst appended in one tick): then one big batch costs the broker and the client far less
   * than many `batchSize` ones, and one Produce request may carry only one batch per partition
   * (Kafka's `ProduceRequest#validateRecords`). Idle partitions still send `batchSize` batches
   * after `lingerMs`, so latency is unchanged at low load. librdkafka reaches the same effect
   * with a 1 MB default `batch.size`. Only never-sent batches merge: a sent one may be written
   * and keeps its sequence.
   */
  private mergeWaiting(q: PartitionQueue, head: ProducerBatch, ratio: number, room: number): void {
    if (head.attempts > 0 || head.encoded !== undefined || head.baseSequence >= 0) return;
    let bytes = head.bytes;
    let k = 1;
    while (k < q.batches.length) {
      const next = q.batches[k] as ProducerBatch;
      if (next.attempts > 0 || next.encoded !== undefined || next.baseSequence >= 0) break;
      const merged = bytes + next.bytes - EMPTY_BATCH_BYTES;
      if (merged * ratio > room || merged > this.options.maxRequestSize) break;
      bytes = merged;
      k++;
    }
    if (k === 1) return;
    for (let i = 1; i < k; i++) head.absorb(q.batches[i] as ProducerBatch);
    q.batches.splice(1, k - 1);
  }

  /** When `batch` may go: now if full, closed, retried or flushing; else after `lingerMs`; not before its backoff. */
  private readyAt(batch: ProducerBatch): number {
    const lingerDone = batch.closed || this.flushing > 0 ? 0 : batch.createdAt + this.options.lingerMs;
    return Math.max(lingerDone, batch.retryAt);
  }

  /** Whether partition `q` may send its head batch now (ordering and idempotence rules). */
  private canSend(q: PartitionQueue, batch: ProducerBatch): boolean {
    const idem = this.idempotence;
    if (idem === undefined) return q.inFlight.length === 0;
    const identity = idem.identity;
    if (identity === undefined) return false;
    if (q.needsBump) {
      if (q.inFlight.length > 0 || idem.busy || identity.generation <= q.bumpAfterGeneration) return false;
      q.restartSequences(identity.producerId, identity.producerEpoch);
    }
    if (q.retrying > 0) return q.inFlight.length === 0;
    // Until the broker acknowledged a batch of this producer id and epoch, it may have no state
    // for them, and then it accepts any sequence (Kafka's `ProducerAppendInfo#checkSequence`):
    // a later batch could be written while an earlier one is refused with a retriable error
    // (e.g. NOT_LEADER_OR_FOLLOWER on a partition created a moment ago), breaking the order and
    // leaving the earlier batch a sequence the broker will never take. So the first batch of an
    // epoch travels alone; pipelining starts once it is acknowledged.
    if (q.inFlight.length > 0 && q.lastAckedSequence < 0) return false;
    if (q.inFlight.length >= 5) return false;
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

  /** Removes the head batch from its queue, gives it a sequence if it has none, encodes it. */
  private take(q: PartitionQueue, batch: ProducerBatch): void {
    q.batches.shift();
    batch.closed = true;
    if (batch.baseSequence >= 0 && q.retrying > 0) q.retrying--;
    if (this.idempotence !== undefined && batch.baseSequence < 0) {
      batch.baseSequence = q.nextSequence;
      batch.producerId = q.producerId;
      batch.producerEpoch = q.producerEpoch;
      batch.encoded = undefined;
      q.nextSequence = incrementSequence(q.nextSequence, batch.count);
    }
    if (batch.encoded === undefined) {
      batch.encoded = encodeRecordBatch(batch.records, {
        compression: this.options.compression,
        compressionLevel: this.options.compressionLevel,
        producerId: batch.producerId,
        producerEpoch: batch.producerEpoch,
        baseSequence: batch.baseSequence,
      });
      if (this.options.compression !== 0)
        this.accumulator.compressionRatios.observe(q.topic, batch.bytes, batch.encoded.length);
    }
    batch.attempts++;
    q.inFlight.push(batch);
  }

  private async send(drain: NodeDrain): Promise<void> {
    const { nodeId, batches, queues } = drain;
    this.inFlightPerNode.set(nodeId, (this.inFlightPerNode.get(nodeId) ?? 0) + 1);
    this.requestsInFlight++;
    // Once the request may have left, a failure without an answer leaves each batch's outcome unknown.
    let requestSent = false;
    try {
      const connection = await this.cluster.connection(nodeId);
      const version = this.produceVersion(connection);
      const request = {
        transactionalId: null,
        acks: this.options.acks,
        timeoutMs: this.options.requestTimeoutMs,
        topicData: this.topicData(batches, version),
      };
      requestSent = true;
      if (this.options.acks === 0) {
        await connection.sendWithoutResponse('Produce', request, {
          timeoutMs: this.options.requestTimeoutMs,
        });
        for (let i = 0; i < batches.length; i++)
          this.succeed(queues[i] as PartitionQueue, batches[i] as ProducerBatch, -1n, -1);
      } else {
        const response = await connection.send('Produce', request, {
          timeoutMs: this.options.requestTimeoutMs,
        });
        this.handleResponse(batches, queues, response, connection);
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

  /** The request's topics: one entry per topic, one batch per partition; topic ids from Produce v13. */
  private topicData(batches: ProducerBatch[], version: number): ProduceRequestTopicProduceDataInput[] {
    const byTopic = new Map<string, ProduceRequestTopicProduceDataInput>();
    for (const b of batches) {
      let entry = byTopic.get(b.topic);
      if (entry === undefined) {
        entry =
          version >= 13
            ? { topicId: (this.cluster.cachedTopic(b.topic) as TopicInfo).topicId, partitionData: [] }
            : { name: b.topic, partitionData: [] };
        byTopic.set(b.topic, entry);
      }
      entry.partitionData.push({ index: b.partition, records: b.encoded as Buffer });
    }
    return [...byTopic.values()];
  }

  private handleResponse(
    batches: ProducerBatch[],
    queues: PartitionQueue[],
    response: ProduceResponse,
    connection: Connection,
  ): void {
    const results = new Map<string, ProduceResponse['responses'][number]['partitionResponses'][number]>();
    for (const t of response.responses) {
      const name = t.name !== '' ? t.name : this.topicNameOf(t.topicId, batches);
      for (const p of t.partitionResponses) results.set(topicPartitionKey(name, p.index), p);
    }
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i] as ProducerBatch;
      const q = queues[i] as PartitionQueue;
      const r = results.get(topicPartitionKey(batch.topic, batch.partition));
      if (r === undefined) {
        batch.maybeWritten = true;
        this.retryOrFail(
          q,
          batch,
          new KafeError(
            'MISSING_PARTITION_RESPONSE',
            `${connection.broker} did not answer for ${batch.topic}-${batch.partition}`,
            { retriable: true },
          ),
          -1,
        );
        continue;
      }
      if (r.errorCode === 0 || r.errorCode === DUPLICATE_SEQUENCE_NUMBER) {
        // DUPLICATE_SEQUENCE_NUMBER: an earlier attempt was written (Java treats it as success, offset unknown).
        this.succeed(q, batch, r.errorCode === 0 ? r.baseOffset : -1n, Number(r.logAppendTimeMs));
        continue;
      }
      const leader = r.currentLeader;
      if (leader !== undefined && leader.leaderId >= 0)
        this.cluster.updateLeader?.(batch.topic, batch.partition, leader.leaderId, leader.leaderEpoch);
      const detail =
        r.errorMessage ?? (r.recordErrors.length > 0 ? r.recordErrors[0]?.batchIndexErrorMessage : null);
      const error = new BrokerError(r.errorCode, detail ?? undefined);
      if (r.errorCode === MESSAGE_TOO_LARGE || r.errorCode === RECORD_LIST_TOO_LARGE)
        this.tooLarge(q, batch, error);
      else this.retryOrFail(q, batch, error, r.errorCode);
    }
  }

  /**
   * The negotiated Produce version, refused below v3: kafe writes only record batches (magic
   * 2), which older versions cannot carry, and idempotence and headers need them anyway. Such a
   * broker is Kafka 0.10 or older; rather than write the legacy formats (magic 0/1, which would
   * silently drop headers and idempotence), every batch for it fails with an
   * `UnsupportedVersionError` naming the version (as the consumer does for Fetch below v4).
   */
  private produceVersion(connection: Connection): number {
    const version = connection.versionFor('Produce');
    if (version < FIRST_RECORD_BATCH_PRODUCE_VERSION)
      throw new UnsupportedVersionError(
        'Produce',
        `${connection.broker}: Produce v${version} is the highest both sides support; kafe's producer needs v${FIRST_RECORD_BATCH_PRODUCE_VERSION}+ (record batches, Kafka 0.11+)`,
      );
    return version;
  }

  /**
   * MESSAGE_TOO_LARGE (the batch is over the topic's `max.message.bytes`) or
   * RECORD_LIST_TOO_LARGE (over its `segment.bytes`): a batch of several records is split
   * and its pieces go back to the head of the partition's queue, in order (Java:
   * `Sender#completeBatch` + `RecordAccumulator#splitAndReenqueue`, KIP-126); one record alone
   * fails with {@link RecordTooLargeError}. The broker checks a batch's size before it looks
   * at sequences, so a refused batch was never written: its pieces reuse its sequence range and
   * the batches after it keep theirs (those in flight come back OUT_OF_ORDER_SEQUENCE_NUMBER
   * and follow the pieces). Java splits by `batchSize` and then by halves (KAFKA-8350); kafe
   * halves at once and remembers half the refused size as the partition's `maxBatchBytes`,
   * so the accumulator's next batches fit and pieces never exceed what is known to fail.
   */
  private tooLarge(q: PartitionQueue, batch: ProducerBatch, error: BrokerError): void {
    q.removeInFlight(batch);
    if (batch.done) return;
    batch.lastError = error;
    if (batch.count <= 1 || Date.now() >= batch.createdAt + this.options.deliveryTimeoutMs) {
      const record = batch.records[0];
      const size = record === undefined ? batch.bytes : recordSizeUpperBound(record);
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
    const encoded = batch.encoded?.length ?? batch.bytes;
    q.maxBatchBytes = Math.min(q.maxBatchBytes, Math.max(1, Math.floor(encoded / 2)));
    // Record bytes per piece: half the batch's, and no more than the learnt limit at this
    // batch's own compression ratio.
    const ratio = encoded / batch.bytes;
    const pieces = batch.split(Math.min(Math.ceil(batch.bytes / 2), Math.floor(q.maxBatchBytes / ratio)));
    // Sequenced pieces go in sequence order; unsequenced ones to the front, last piece first.
    for (let i = pieces.length - 1; i >= 0; i--) q.requeue(pieces[i] as ProducerBatch);
  }

  private topicNameOf(topicId: string, batches: ProducerBatch[]): string {
    for (const b of batches) if (this.cluster.cachedTopic(b.topic)?.topicId === topicId) return b.topic;
    return '';
  }

  private succeed(q: PartitionQueue, batch: ProducerBatch, baseOffset: bigint, logAppendTime: number): void {
    q.removeInFlight(batch);
    if (batch.done) return;
    if (
      batch.baseSequence >= 0 &&
      batch.producerEpoch === q.producerEpoch &&
      batch.producerId === q.producerId
    ) {
      q.lastAckedSequence = incrementSequence(batch.baseSequence, batch.count - 1);
    }
    this.settled(batch);
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
    const idem = this.idempotence;
    if (idem !== undefined && batch.baseSequence >= 0) {
      const sameEpoch = batch.producerEpoch === q.producerEpoch && batch.producerId === q.producerId;
      if (errorCode === UNKNOWN_PRODUCER_ID && sameEpoch) {
        // KIP-360: the broker lost this producer's state (e.g. retention removed its last batch).
        this.markNeedsBump(q);
      } else if (errorCode === OUT_OF_ORDER_SEQUENCE_NUMBER && sameEpoch) {
        // A batch with an earlier batch still outstanding failed because that one did: it is
        // simply retried after it (Java: `TransactionManager#canRetry`). The earliest outstanding
        // batch shows that the sequence cannot continue under this epoch, whatever else is true:
        // retrying it as it is would be refused for ever. KIP-360: new epoch, sequences from 0.
        if (!this.isEarliestOutstanding(q, batch)) {
          // retried below, once the earlier batch is settled
        } else if (batch.baseSequence !== incrementSequence(q.lastAckedSequence, 1) && batch.maybeWritten) {
          // The broker holds later sequences than this batch's, and an attempt of it went
          // unanswered: it may be in the log already. Sending it again could duplicate it.
          this.fail(q, batch, error);
          return;
        } else {
          this.markNeedsBump(q);
        }
      } else if (errorCode === OUT_OF_ORDER_SEQUENCE_NUMBER || errorCode === UNKNOWN_PRODUCER_ID) {
        // An answer about an older epoch: the partition is being renumbered already.
      } else if (!(error instanceof KafeError && error.retriable)) {
        this.fail(q, batch, error);
        return;
      }
    } else if (!(error instanceof KafeError && error.retriable) || this.options.acks === 0) {
      this.fail(q, batch, error);
      return;
    }
    if (error instanceof BrokerError ? error.invalidatesMetadata : !(error instanceof BrokerError))
      this.staleTopics.add(q.topic);
    batch.retryAt = now + this.backoff(batch.attempts);
    q.requeue(batch);
  }

  /** Whether no other batch of `q` with a sequence of the same epoch comes before `batch`. */
  private isEarliestOutstanding(q: PartitionQueue, batch: ProducerBatch): boolean {
    const before = (other: ProducerBatch) =>
      other !== batch &&
      other.baseSequence >= 0 &&
      other.producerEpoch === batch.producerEpoch &&
      other.producerId === batch.producerId &&
      sequenceBefore(other.baseSequence, batch.baseSequence);
    return !q.inFlight.some(before) && !q.batches.some(before);
  }

  private markNeedsBump(q: PartitionQueue): void {
    const idem = this.idempotence as IdempotenceManager;
    if (!q.needsBump) {
      q.needsBump = true;
      q.bumpAfterGeneration = idem.identity?.generation ?? 0;
      idem.requestBump();
    }
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
    if (this.idempotence !== undefined && batch.baseSequence >= 0 && batch.producerEpoch === q.producerEpoch)
      this.markNeedsBump(q);
    this.settled(batch);
    batch.fail(error);
  }

  private settled(batch: ProducerBatch): void {
    this.accumulator.release(batch.bufferBytes);
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

  private backoff(attempt: number): number {
    const base = Math.min(
      this.options.retryBackoffMaxMs,
      this.options.retryBackoffMs * 2 ** Math.max(0, attempt - 1),
    );
    return Math.round(base * (0.8 + 0.4 * Math.random()));
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
