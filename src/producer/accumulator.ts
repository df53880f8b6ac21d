/**
 * The record accumulator (Java: `RecordAccumulator` + `BufferPool`): records join their
 * partition's open batch; a batch closes at `batchSize` bytes. Memory is bounded: every
 * accepted record is charged its size upper bound against `bufferMemory` until its batch
 * settles. A record that does not fit, or whose topic's metadata is not known yet, waits in one
 * FIFO with every record sent after it, so the order of `send` calls is the order records
 * join batches (per-partition order holds for concurrent senders too). Waiting ends with a
 * typed error: {@link DeliveryTimeoutError} after `deliveryTimeoutMs` without space,
 * {@link UnknownTopicError} when metadata has no such topic after `metadataMaxWaitMs`.
 *
 * Hot path: with no one waiting, known metadata and room in the buffer, an append is a
 * partitioner call and the record's encoding into its batch's buffer; sending a batch is then
 * writing its header and CRC.
 */
import type { TopicInfo } from '../cluster/metadata-cache.js';
import { errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { RecordsBuilder } from '../protocol/records/records-builder.js';
import { BatchBufferPool } from './batch-buffer-pool.js';
import type { CompressionRatioEstimator } from './compression-ratio.js';
import type { DeliverySink } from './delivery.js';
import { DeliveryTimeoutError, UnknownTopicError } from './errors.js';
import type { ResolvedProducerOptions } from './options.js';
import { PartitionQueue } from './partition-queue.js';
import { DefaultPartitioner } from './partitioners/default-partitioner.js';
import type { ArgumentPartitioner, Partitioner } from './partitioners/partitioner.js';
import { StickyPartitioner } from './partitioners/sticky-partitioner.js';
import { ProducerBatch } from './producer-batch.js';
import type { ProducerCluster } from './producer-cluster.js';
import type { NormalizedRecord } from './record.js';

/** A record waiting for buffer space or metadata. */
interface PendingAppend {
  readonly topic: string;
  readonly record: NormalizedRecord;
  readonly partition: number | undefined;
  readonly size: number;
  readonly sink: DeliverySink;
  readonly index: number;
  readonly deadline: number;
}

/** What the accumulator tells the sender. */
export interface AccumulatorEvents {
  /** A batch is full (send soon). */
  batchReady(): void;
  /** A new batch was opened at `createdAt` (send at the latest after `lingerMs`). */
  batchCreated(createdAt: number): void;
}

/** Per-partition batches, the memory bound and the wait queue. */
export class Accumulator {
  /** Every partition queue, in creation order (the sender walks it). */
  readonly queues: PartitionQueue[] = [];
  private readonly byTopic = new Map<string, PartitionQueue[]>();
  /** The queues of the topic {@link queueFor} served last. */
  private lastQueuesTopic: string | undefined;
  private lastQueues: PartitionQueue[] = [];
  private buffered = 0;
  /** Size bounds of the records in {@link buffered} (the idle rule's measure). */
  private bufferedRecords = 0;
  private pending: PendingAppend[] = [];
  private pendingHead = 0;
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly metadataWaits = new Map<string, Promise<void>>();
  private readonly available = new WeakMap<TopicInfo, number[]>();
  private progressWaiters: (() => void)[] = [];
  /** Buffers of acknowledged batches, for new ones: a quarter of `bufferMemory` at most. */
  private readonly buffers: BatchBufferPool;
  /** The partitioner when it is a built-in one, asked without an input object per record. */
  private readonly byArguments: ArgumentPartitioner | undefined;

  constructor(
    private readonly options: ResolvedProducerOptions,
    private readonly cluster: ProducerCluster,
    private readonly partitioner: Partitioner,
    private readonly events: AccumulatorEvents,
    /** Shared with the sender, which feeds it from every encoded batch. */
    readonly compressionRatios: CompressionRatioEstimator,
  ) {
    this.buffers = new BatchBufferPool(Math.floor(options.bufferMemory / 4));
    // Only the built-in classes: a user's partitioner may keep or read the input object.
    this.byArguments =
      partitioner instanceof DefaultPartitioner || partitioner instanceof StickyPartitioner
        ? partitioner
        : undefined;
  }

  /** Bytes charged for batches not yet settled (their buffers or records, whichever is larger). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Size bounds of the records not yet settled, whatever their buffers hold: how much waits. */
  get recordBytes(): number {
    return this.bufferedRecords;
  }

  /** Records waiting for space or metadata. */
  get pendingCount(): number {
    return this.pending.length - this.pendingHead;
  }

  /**
   * Accepts a checked record: appended now when nothing waits before it, its topic is known and
   * the buffer has room; queued in order otherwise. Its outcome goes to `sink` as `index`.
   */
  append(
    record: NormalizedRecord,
    topic: string,
    partition: number | undefined,
    size: number,
    sink: DeliverySink,
    index: number,
  ): void {
    if (this.pendingHead === this.pending.length && this.buffered + size <= this.options.bufferMemory) {
      const info = this.cluster.cachedTopic(topic);
      if (info !== undefined) {
        this.buffered += size;
        this.appendNow(info, topic, record, partition, size, sink, index);
        return;
      }
    }
    this.pending.push({
      topic,
      record,
      partition,
      size,
      sink,
      index,
      deadline: Date.now() + this.options.deliveryTimeoutMs,
    });
    this.drainPending();
  }

  /** Gives back the charge of a settled batch and lets waiting records in. */
  release(batch: Pick<ProducerBatch, 'bufferBytes' | 'recordBytes'>): void {
    this.buffered -= batch.bufferBytes;
    this.bufferedRecords -= batch.recordBytes;
    if (this.pendingHead < this.pending.length) this.drainPending();
  }

  /** Resolves once every record that was waiting when called has joined a batch or failed. */
  async pendingDrained(): Promise<void> {
    const need = this.removedTotal + this.pendingCount;
    while (this.removedTotal < need) await new Promise<void>((resolve) => this.progressWaiters.push(resolve));
  }

  /** Records that left the wait queue so far (joined a batch or failed). */
  private removedTotal = 0;

  /** Fails every waiting record (producer closing). */
  failPending(error: Error): void {
    const waiting = this.pending.slice(this.pendingHead);
    this.pending = [];
    this.pendingHead = 0;
    this.removedTotal += waiting.length;
    this.armPendingTimer(); // clears it: nothing waits now
    for (const p of waiting) p.sink.failed(p.index, error);
    this.notifyProgress();
  }

  /** The queue of `topic`/`partition`, created on first use. */
  queueFor(topic: string, partition: number): PartitionQueue {
    // A topic's list never changes identity, so the last one found can be reused as is.
    let list = topic === this.lastQueuesTopic ? this.lastQueues : this.byTopic.get(topic);
    if (list === undefined) {
      list = [];
      this.byTopic.set(topic, list);
    }
    this.lastQueuesTopic = topic;
    this.lastQueues = list;
    let q = list[partition];
    if (q === undefined) {
      q = new PartitionQueue(topic, partition);
      list[partition] = q;
      this.queues.push(q);
    }
    return q;
  }

  private appendNow(
    info: TopicInfo,
    topic: string,
    record: NormalizedRecord,
    explicit: number | undefined,
    size: number,
    sink: DeliverySink,
    index: number,
  ): void {
    const count = info.partitions.length;
    let partition = explicit;
    if (partition === undefined) {
      partition =
        this.byArguments !== undefined
          ? this.byArguments.partitionOf(topic, record.key, count, this.availablePartitions(info))
          : this.partitioner.partition({
              topic,
              key: record.key,
              value: record.value,
              partitionCount: count,
              availablePartitions: this.availablePartitions(info),
            });
      if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
        this.buffered -= size;
        sink.failed(
          index,
          new UnknownTopicError(
            topic,
            `the partitioner chose partition ${partition} of "${topic}", which has ${count}`,
          ),
        );
        return;
      }
    } else if (partition >= count) {
      this.buffered -= size;
      sink.failed(
        index,
        new UnknownTopicError(topic, `topic "${topic}" has ${count} partition(s), no partition ${partition}`),
      );
      return;
    }
    const q = this.queueFor(topic, partition);
    // Uncompressed batches are their records' size: no estimate to look up.
    const ratio = this.options.compression === 0 ? 1 : this.compressionRatios.estimate(topic);
    let batch = q.batches[q.batches.length - 1];
    if (
      batch === undefined ||
      batch.closed ||
      batch.baseSequence >= 0 ||
      (batch.count > 0 && this.full(batch.bytes + size, ratio, q))
    ) {
      if (batch !== undefined) batch.closed = true;
      // A partition that filled its last batch starts the next one at that size (up to
      // `batchSize`); a quiet one small: an idle partition holds (and is charged) little.
      const capacity = Math.max(
        size + 128,
        Math.min(this.options.batchSize, Math.max(256, q.lastBatchBytes)),
      );
      batch = new ProducerBatch(topic, partition, Date.now(), new RecordsBuilder(capacity, this.buffers));
      q.batches.push(batch);
      this.events.batchCreated(batch.createdAt);
    }
    const wasReady = batch.bytes * ratio >= this.options.batchSize;
    // `size` was charged when the record was let in; the batch says what it really costs.
    this.buffered += batch.append(record, size, sink, index) - size;
    this.bufferedRecords += size;
    this.partitioner.onAppend?.(topic, partition, size);
    if (this.full(batch.bytes, ratio, q)) {
      batch.closed = true;
      this.events.batchReady();
    } else if (!wasReady && batch.bytes * ratio >= this.options.batchSize) this.events.batchReady();
  }

  /**
   * Whether a batch of `bytes` (header and records, before compression) is full and takes no
   * more records: its estimated encoded size reaches `maxBatchSize` or the size the partition's
   * broker was seen to accept (`maxBatchBytes`, see `partition-queue.ts`), or the records alone
   * reach `maxRequestSize` (however well they compress, encoding stays bounded). A batch is
   * ready to send earlier, at `batchSize` (see `drain.ts`), but keeps taking records until it
   * is sent: records that pile up behind a busy partition go in one big batch, which costs the
   * broker and the client far less than many `batchSize` ones (librdkafka reaches the same
   * with its 1 MB default `batch.size`), and are encoded once, where they join.
   */
  private full(bytes: number, ratio: number, q: PartitionQueue): boolean {
    const encoded = bytes * ratio;
    return (
      encoded >= this.options.maxBatchSize ||
      encoded >= q.maxBatchBytes ||
      bytes >= this.options.maxRequestSize
    );
  }

  /** Partitions with a leader, cached per metadata snapshot of the topic. */
  private availablePartitions(info: TopicInfo): number[] {
    // The last topic's list first: records of one topic in a row are the common case, and a
    // WeakMap lookup per record showed in profiles.
    if (info === this.lastAvailableOf) return this.lastAvailable;
    let list = this.available.get(info);
    if (list === undefined) {
      list = [];
      for (const p of info.partitions) if (p !== undefined && p.leaderId >= 0) list.push(p.partition);
      this.available.set(info, list);
    }
    this.lastAvailableOf = info;
    this.lastAvailable = list;
    return list;
  }

  /** The topic snapshot whose available partitions {@link lastAvailable} lists. */
  private lastAvailableOf: TopicInfo | undefined;
  private lastAvailable: number[] = [];

  /** Moves waiting records into batches while the head's topic is known and memory allows. */
  private drainPending(): void {
    const now = Date.now();
    while (this.pendingHead < this.pending.length) {
      const head = this.pending[this.pendingHead] as PendingAppend;
      if (head.deadline <= now) {
        this.shiftPending();
        head.sink.failed(
          head.index,
          new DeliveryTimeoutError(
            `no buffer space for the record within ${this.options.deliveryTimeoutMs} ms (bufferMemory ${this.options.bufferMemory} bytes)`,
          ),
        );
        continue;
      }
      const info = this.cluster.cachedTopic(head.topic);
      if (info === undefined) {
        this.awaitMetadata(head.topic);
        break;
      }
      if (this.buffered + head.size > this.options.bufferMemory) break;
      this.shiftPending();
      this.buffered += head.size;
      this.appendNow(info, head.topic, head.record, head.partition, head.size, head.sink, head.index);
    }
    this.armPendingTimer();
    this.notifyProgress();
  }

  private shiftPending(): void {
    this.pending[this.pendingHead++] = undefined as unknown as PendingAppend;
    this.removedTotal++;
    if (this.pendingHead === this.pending.length) {
      this.pending = [];
      this.pendingHead = 0;
    } else if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending = this.pending.slice(this.pendingHead);
      this.pendingHead = 0;
    }
  }

  private notifyProgress(): void {
    if (this.progressWaiters.length === 0) return;
    const waiters = this.progressWaiters;
    this.progressWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Wakes the queue when its head's delivery deadline passes, so waiting is bounded. Deadlines
   * only grow along the queue, so a timer already set (for an earlier head) is kept: it fires
   * early at worst and re-arms; re-arming on every release cost a timer per batch.
   */
  private armPendingTimer(): void {
    const head = this.pending[this.pendingHead];
    if (head === undefined) {
      if (this.pendingTimer !== undefined) clearTimeout(this.pendingTimer);
      this.pendingTimer = undefined;
      return;
    }
    if (this.pendingTimer !== undefined) return;
    this.pendingTimer = setTimeout(
      () => {
        this.pendingTimer = undefined;
        this.drainPending();
      },
      Math.max(0, head.deadline - Date.now()) + 1,
    );
  }

  /** Fetches `topic`'s metadata until it appears or `metadataMaxWaitMs` passes; then fails its waiting records. */
  private awaitMetadata(topic: string): void {
    if (this.metadataWaits.has(topic)) return;
    const wait = this.fetchMetadata(topic).finally(() => {
      this.metadataWaits.delete(topic);
      this.drainPending();
    });
    this.metadataWaits.set(topic, wait);
  }

  /** The topic's error from its last Metadata answer when waiting cannot cure it, if any. */
  private topicError(topic: string): KafeError | undefined {
    return errorForCode(this.cluster.topicError?.(topic) ?? 0, `Metadata for topic "${topic}"`);
  }

  private async fetchMetadata(topic: string): Promise<void> {
    const deadline = Date.now() + this.options.metadataMaxWaitMs;
    let delay = this.options.retryBackoffMs;
    let last: unknown;
    let fatal: KafeError | undefined;
    for (;;) {
      try {
        await this.cluster.refreshTopics([topic]);
        if (this.cluster.cachedTopic(topic) !== undefined) return;
        fatal = this.topicError(topic);
        if (fatal !== undefined) break;
        // Missing: ask for it to be created, in a request of its own, so that the coalesced
        // refreshes of other topics never create anything (Java's producer asks on every one).
        if (this.options.allowAutoTopicCreation) {
          await this.cluster.refreshTopics([topic], undefined, { allowAutoTopicCreation: true });
          if (this.cluster.cachedTopic(topic) !== undefined) return;
          fatal = this.topicError(topic);
          if (fatal !== undefined) break;
        }
      } catch (error) {
        last = error;
        // A closed cluster or a refused request will not change by waiting.
        if (error instanceof KafeError && !error.retriable) break;
      }
      if (Date.now() + delay > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, this.options.retryBackoffMaxMs);
    }
    // An invalid name or a refused authorization fails the records at once, with the broker's
    // error (Java's `Metadata#maybeThrowExceptionForTopic`).
    const error =
      fatal ??
      new UnknownTopicError(
        topic,
        `topic "${topic}" is not in the cluster's metadata after ${this.options.metadataMaxWaitMs} ms (${
          this.options.allowAutoTopicCreation
            ? 'and the brokers did not create it: is their auto.create.topics.enable off?'
            : 'and allowAutoTopicCreation is off'
        })`,
        { cause: last },
      );
    // Fail this topic's waiting records; the others keep their order.
    const kept: PendingAppend[] = [];
    for (let i = this.pendingHead; i < this.pending.length; i++) {
      const p = this.pending[i] as PendingAppend;
      if (p.topic === topic) {
        this.removedTotal++;
        p.sink.failed(p.index, error);
      } else kept.push(p);
    }
    this.pending = kept;
    this.pendingHead = 0;
    this.notifyProgress();
  }
}
