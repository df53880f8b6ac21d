/**
 * The consumer (`kafka.consumer(options)`): manual assignment, an async iterator of batches or
 * of single records with backpressure, a KafkaJS-style `run({ eachMessage | eachBatch })`,
 * per-partition `seek` / `pause` / `resume`, lag per partition, `close()`.
 *
 * Positions follow what the application has *processed*: a batch (or record) counts as
 * processed when the iterator is asked for the next one, or when the `run` handler returns.
 * Leaving an iterator early, or a handler throwing, rewinds the partition to the first
 * unprocessed record, so nothing is skipped. Fetching is bounded per partition in bytes
 * (`prefetchBytesPerPartition`): a consumer that stops reading stops fetching.
 *
 * With a `groupId`, the group's committed offsets are the starting positions, `commit()` stores
 * positions (generation -1, no member: Java's `commitSync` after `assign()`), and auto-commit
 * (default on) commits processed positions every `autoCommitIntervalMs`, before partitions are
 * given up by `assign()`, and on `close()`. `subscribe()` makes the consumer a group member
 * instead: the classic protocol (`group-membership.ts`) or KIP-848's (`kip848-membership.ts`).
 */
import { ClientTelemetry } from '../cluster/client-telemetry.js';
import type { Cluster } from '../cluster/cluster.js';
import { ClientClosedError, ConfigurationError, InvalidArgumentError } from '../cluster/errors.js';
import type { ConsumerGroupMetadata } from '../cluster/group-metadata.js';
import { type TopicPartition, topicPartitionKey } from '../cluster/topic-partition.js';
import { DEFAULT_CLIENT_SOFTWARE } from '../net/connection.js';
import { Lifecycle } from '../net/lifecycle.js';
import type { MetricsSnapshot } from '../net/network-metrics.js';
import { isTraced } from '../net/tracing.js';
import type { Assignor } from './assignors/assignor.js';
import { cooperativeStickyAssignor } from './assignors/cooperative-sticky.js';
import { rangeAssignor } from './assignors/range.js';
import { roundRobinAssignor } from './assignors/round-robin.js';
import { stickyAssignor } from './assignors/sticky.js';
import {
  type CommitIdentity,
  commitOffsets,
  fetchCommittedOffsets,
  NO_MEMBER,
  type OffsetToCommit,
} from './committed-offsets.js';
import { ConsumerMetrics } from './consumer-metrics.js';
import { type ConsumerBatch, type ConsumerRecord, consumerRecords } from './consumer-record.js';
import {
  consumerTracing,
  type ProcessTraceContext,
  type RebalanceEvent,
  type RebalanceMessage,
  rebalanceChannel,
} from './diagnostics.js';
import { UnassignedPartitionError } from './errors.js';
import { Fetcher } from './fetcher.js';
import { GroupMembership } from './group-membership.js';
import { Kip848Membership } from './kip848-membership.js';
import type { Membership } from './membership.js';
import {
  type AssignorName,
  type ConsumerOptions,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
} from './options.js';
import type { FetchedChunk } from './partition-state.js';

/** A partition to assign, optionally at an offset (else the `autoOffsetReset` policy decides). */
export interface PartitionAssignment extends TopicPartition {
  readonly offset?: bigint | number;
}

/** A partition's lag: records between the position and the end of what can be read. */
export interface PartitionLag extends TopicPartition {
  /** Next offset to process, undefined until known. */
  readonly position: bigint | undefined;
  /** High watermark (`read_uncommitted`) or last stable offset (`read_committed`) at the last fetch; -1 before. */
  readonly endOffset: bigint;
  /** `endOffset - position`, undefined while either is unknown. */
  readonly lag: bigint | undefined;
}

/** Rebalance callbacks of {@link Consumer.subscribe}; each may be async (heartbeats go on meanwhile). */
export interface RebalanceListener {
  /** Partitions assigned by a rebalance (their positions come from the group's commits). */
  onAssigned?: (partitions: TopicPartition[]) => Promise<void> | void;
  /** Partitions given up in a rebalance, after their processed offsets were committed. */
  onRevoked?: (partitions: TopicPartition[]) => Promise<void> | void;
  /** Partitions lost (the member was fenced or left for exceeding `maxPollIntervalMs`): nothing could be committed. */
  onLost?: (partitions: TopicPartition[]) => Promise<void> | void;
  /**
   * The member took a new assignment (a completed join, or a KIP-848 assignment): its whole
   * assignment, empty too, after {@link onAssigned}. Called after every rebalance.
   */
  onJoined?: (assignment: TopicPartition[]) => Promise<void> | void;
}

const ASSIGNORS: Readonly<Record<AssignorName, Assignor>> = {
  range: rangeAssignor,
  roundrobin: roundRobinAssignor,
  sticky: stickyAssignor,
  'cooperative-sticky': cooperativeStickyAssignor,
};

/** Handlers of {@link Consumer.run}: exactly one of `eachMessage` and `eachBatch`. */
export interface RunOptions {
  /** Called per record; the record counts as processed when the returned promise resolves. */
  eachMessage?: (record: ConsumerRecord) => Promise<void> | void;
  /** Called per batch; the batch counts as processed when the returned promise resolves. */
  eachBatch?: (batch: ConsumerBatch) => Promise<void> | void;
  /** Partitions processed at the same time (each partition stays in order). Default 1. */
  partitionsConsumedConcurrently?: number;
}

/** A Kafka consumer; see the module comment. */
export class Consumer {
  private readonly options: ResolvedConsumerOptions;
  private readonly fetcher: Fetcher;
  /** Its signal stops the iterators' and the membership loop's waits when close begins. */
  private readonly lifecycle: Lifecycle;
  private readonly running = new Set<Promise<void>>();
  private readonly consumerMetrics = new ConsumerMetrics();
  /** KIP-714 metrics push, when enabled. */
  private telemetry: ClientTelemetry | undefined;
  /** Offsets last committed, per partition key: unchanged positions are not committed again. */
  private readonly lastCommitted = new Map<string, bigint>();
  private commitChain: Promise<void> = Promise.resolve();
  private readonly autoCommitTimer: NodeJS.Timeout | undefined;
  /** Partitions whose chunk the application holds (a running handler, an iterator's current batch). */
  private readonly holding = new Map<string, { since: number; done: Promise<void>; release: () => void }>();
  private membership: Membership | undefined;
  private membershipLoop: Promise<void> | undefined;
  private subscription: readonly string[] = [];

  /**
   * Validates `options` (`ConfigurationError`); no I/O until partitions are assigned. With
   * `ownsCluster`, `close()` closes `cluster` too.
   */
  constructor(
    private readonly cluster: Cluster,
    options?: ConsumerOptions,
    private readonly own: { ownsCluster?: boolean } = {},
  ) {
    this.options = resolveConsumerOptions(options);
    this.lifecycle = new Lifecycle({
      component: 'consumer',
      name: this.options.groupId,
      scope: cluster.scope,
      closedError: () => new ClientClosedError('consumer'),
    });
    const groupId = this.options.groupId;
    this.fetcher = new Fetcher(
      cluster,
      this.options,
      groupId === undefined
        ? undefined
        : (partitions, signal) => fetchCommittedOffsets(cluster, groupId, partitions, { signal }),
      this.consumerMetrics,
    );
    if (cluster.metricsPush)
      this.telemetry = new ClientTelemetry(cluster, {
        kind: 'consumer',
        snapshot: () => this.metrics(),
        software: DEFAULT_CLIENT_SOFTWARE,
      });
    if (this.options.autoCommit) {
      this.autoCommitTimer = setInterval(() => {
        this.commit().catch(() => {
          // Retried at the next interval and on close; positions only move forward.
        });
      }, this.options.autoCommitIntervalMs);
      this.autoCommitTimer.unref();
    }
  }

  /** Fetch counters (for tests and diagnostics). */
  get stats(): Readonly<Fetcher['stats']> {
    return this.fetcher.stats;
  }

  /**
   * Assigns exactly these partitions (Java `KafkaConsumer#assign`), without a group. Partitions
   * kept from the previous assignment keep their position unless an offset is given.
   */
  assign(partitions: readonly PartitionAssignment[]): void {
    this.checkOpen();
    if (this.membership !== undefined)
      throw new InvalidArgumentError(
        'assign: the consumer is subscribed; assign() and subscribe() exclude each other',
      );
    const list = partitions.map((p) => ({ ...checkPartition(p), offset: offsetArg(p.offset) }));
    const wanted = new Set(list.map((p) => topicPartitionKey(p.topic, p.partition)));
    const removed = [...this.fetcher.partitions].filter(
      (s) => !wanted.has(topicPartitionKey(s.topic, s.partition)),
    );
    // Commit what was processed of partitions given up, before they are forgotten.
    if (this.options.autoCommit) this.commitInBackground(this.processedOffsets(removed));
    this.fetcher.remove(removed);
    this.fetcher.add(list);
  }

  /**
   * Commits offsets to the group (`groupId` required): the given ones, or the processed
   * position of every assigned partition that moved since its last commit. Commits run one
   * after another. Rejects with `ClientClosedError` once closed. A given offset may carry
   * `metadata`, a string stored with it (Java `OffsetAndMetadata#metadata`).
   */
  async commit(
    offsets?: readonly (TopicPartition & { offset: bigint | number; metadata?: string | null })[],
  ): Promise<void> {
    this.checkOpen();
    const groupId = this.options.groupId;
    if (groupId === undefined) throw new ConfigurationError('commit: the consumer has no groupId');
    const list =
      offsets === undefined
        ? this.processedOffsets([...this.fetcher.partitions])
        : offsets.map((o) => {
            const offset = offsetArg(o.offset);
            if (offset === undefined) throw new InvalidArgumentError('commit: offset is required');
            if (o.metadata !== undefined && o.metadata !== null && typeof o.metadata !== 'string')
              throw new InvalidArgumentError(`commit: metadata must be a string, got ${typeof o.metadata}`);
            return { ...checkPartition(o), offset, metadata: o.metadata ?? null };
          });
    return this.enqueueCommit(groupId, list);
  }

  /** The assigned partitions. */
  assignment(): TopicPartition[] {
    return [...this.fetcher.partitions].map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /**
   * Joins the consumer group (`groupId` required) and consumes what the group assigns from
   * `topics`: the classic protocol (`group-membership.ts`; eager, or cooperative with the
   * `cooperative-sticky` assignor, KIP-429) or, with `groupProtocol: 'consumer'`, KIP-848's
   * (`kip848-membership.ts`). Before partitions are given up, the handlers holding them finish
   * and their processed offsets are committed.
   */
  subscribe(topics: readonly string[], listener: RebalanceListener = {}): void {
    this.checkOpen();
    const groupId = this.options.groupId;
    if (groupId === undefined) throw new ConfigurationError('subscribe: the consumer has no groupId');
    if (!Array.isArray(topics) || topics.length === 0)
      throw new InvalidArgumentError('subscribe: no topic given');
    for (const t of topics)
      if (typeof t !== 'string' || t.length === 0)
        throw new InvalidArgumentError(`subscribe: invalid topic ${JSON.stringify(t)}`);
    if (this.membership !== undefined) throw new InvalidArgumentError('subscribe: already subscribed');
    if (this.fetcher.partitions.next().done !== true)
      throw new InvalidArgumentError(
        'subscribe: the consumer has assigned partitions; assign() and subscribe() exclude each other',
      );
    this.subscription = [...new Set(topics)];
    const rackId = this.options.clientRack === '' ? null : this.options.clientRack;
    this.membership =
      this.options.groupProtocol === 'consumer'
        ? new Kip848Membership(this.cluster, {
            groupId,
            groupInstanceId: this.options.groupInstanceId,
            rackId,
            rebalanceTimeoutMs: this.options.maxPollIntervalMs,
            serverAssignor: this.options.serverAssignor,
            topics: () => this.subscription,
          })
        : new GroupMembership(
            this.cluster,
            {
              groupId,
              groupInstanceId: this.options.groupInstanceId,
              sessionTimeoutMs: this.options.sessionTimeoutMs,
              heartbeatIntervalMs: this.options.heartbeatIntervalMs,
              maxPollIntervalMs: this.options.maxPollIntervalMs,
              assignors: this.options.assignors.map((a) => (typeof a === 'string' ? ASSIGNORS[a] : a)),
              rackId,
            },
            { topics: () => this.subscription, idleForMs: () => this.heldForMs() },
          );
    this.membershipLoop = this.runMembership(this.membership, listener);
  }

  /** The group member id and generation (empty / -1 outside a group or before joining). */
  get groupMember(): { memberId: string; generationId: number } {
    return { memberId: this.membership?.memberId ?? '', generationId: this.membership?.generationId ?? -1 };
  }

  /**
   * This member's place in its group now (Java: `KafkaConsumer#groupMetadata`), for a
   * transactional producer's `sendOffsetsToTransaction` (KIP-447): the group coordinator then
   * refuses the offsets if the generation or member id is no longer current. Generation -1 and
   * member id '' before joining or after leaving; `groupId` required.
   */
  groupMetadata(): ConsumerGroupMetadata {
    const groupId = this.options.groupId;
    if (groupId === undefined) throw new ConfigurationError('groupMetadata: the consumer has no groupId');
    return { groupId, ...this.identity() };
  }

  /** Moves a partition's position; buffered records of it are dropped. */
  seek(target: TopicPartition & { offset: bigint | number }): void {
    this.checkOpen();
    const offset = offsetArg(target.offset);
    if (offset === undefined) throw new InvalidArgumentError('seek: offset is required');
    this.stateOf(target).moveTo(offset);
    this.fetcher.schedule();
    this.fetcher.notify();
  }

  /**
   * Moves these partitions to their earliest offset, looked up when next fetched (Java
   * `seekToBeginning`): buffered records of them are dropped; the group's committed offsets
   * are not consulted.
   */
  seekToBeginning(partitions: readonly TopicPartition[]): void {
    this.resetPartitions(partitions, 'earliest');
  }

  /** Moves these partitions to their end (the next record written), as {@link seekToBeginning} (Java `seekToEnd`). */
  seekToEnd(partitions: readonly TopicPartition[]): void {
    this.resetPartitions(partitions, 'latest');
  }

  private resetPartitions(partitions: readonly TopicPartition[], to: 'earliest' | 'latest'): void {
    this.checkOpen();
    for (const s of partitions.map((p) => this.stateOf(p))) s.resetTo(to);
    this.fetcher.schedule();
    this.fetcher.notify();
  }

  /** Stops fetching and handing out these partitions until {@link resume}. */
  pause(partitions: readonly TopicPartition[]): void {
    this.checkOpen();
    for (const s of partitions.map((p) => this.stateOf(p))) s.pause();
  }

  /** Resumes paused partitions. */
  resume(partitions: readonly TopicPartition[]): void {
    this.checkOpen();
    for (const s of partitions.map((p) => this.stateOf(p))) s.resume();
    this.fetcher.schedule();
    this.fetcher.notify();
  }

  /** The paused partitions. */
  paused(): TopicPartition[] {
    return [...this.fetcher.partitions]
      .filter((s) => s.paused)
      .map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /** The next offset to process of a partition, undefined until known. */
  position(partition: TopicPartition): bigint | undefined {
    return this.stateOf(partition).position;
  }

  /**
   * A snapshot of the consumer's metrics, named and meant as the Java consumer's: fetches
   * (`fetch-total`, `fetch-rate`, `fetch-latency-avg` / `-max`), what it handed out
   * (`records-consumed-total` / `-rate`, `bytes-consumed-total` / `-rate`), `records-lag-max`
   * (the largest lag of an assigned partition now, from the last fetch's watermarks),
   * `assigned-partitions`, what it holds (`prefetch-buffered-bytes`: fetched records not handed
   * out yet, as received; `chunk-decoded-bytes-avg` / `-max`: what the records of a chunk handed
   * out are views into, decompressed: kafe's own, Java has no equivalent), commits (`commit-total`, `commit-latency-avg` / `-max`), rebalances
   * (`rebalance-total`, `rebalance-rate-per-hour`, `rebalance-latency-avg` / `-max` / `-total`,
   * `failed-rebalance-total`, `last-rebalance-seconds-ago`) and its connections
   * (`connection-count`, `request-latency-avg`, `incoming-byte-rate`, ...). Rates are per
   * second over the last ~60 s; an average or maximum of nothing is NaN. No I/O.
   */
  metrics(): MetricsSnapshot {
    const now = Date.now();
    let lagMax = Number.NaN;
    let assigned = 0;
    for (const p of this.lag()) {
      assigned++;
      if (p.lag !== undefined && !(Number(p.lag) <= lagMax)) lagMax = Number(p.lag);
    }
    let bufferedBytes = 0;
    for (const s of this.fetcher.partitions) bufferedBytes += s.bufferedBytes;
    return {
      ...this.cluster.scope.network.snapshot(now),
      ...this.consumerMetrics.snapshot({ lagMax, assigned, bufferedBytes }, now),
    };
  }

  /** Lag per assigned partition, from the watermarks of the last fetch (no I/O). */
  lag(): PartitionLag[] {
    const committed = this.options.isolationLevel === 'read_committed';
    return [...this.fetcher.partitions].map((s) => {
      const endOffset = committed && s.lastStableOffset >= 0n ? s.lastStableOffset : s.highWatermark;
      return {
        topic: s.topic,
        partition: s.partition,
        position: s.position,
        endOffset,
        lag: s.position === undefined || endOffset < 0n ? undefined : endOffset - s.position,
      };
    });
  }

  /**
   * Batches as they arrive, one partition's fetched records each, round-robin over
   * partitions. A batch is processed when the next one is asked for. Ends when the consumer is
   * closed or `signal` fires; throws the errors the application must decide on (e.g.
   * `OffsetOutOfRangeError` under `autoOffsetReset: 'none'`).
   */
  async *batches(options: { signal?: AbortSignal } = {}): AsyncGenerator<ConsumerBatch, void, undefined> {
    this.checkOpen();
    let current: FetchedChunk | undefined;
    try {
      while (!this.lifecycle.isClosed && options.signal?.aborted !== true) {
        const chunk = this.fetcher.take();
        if (chunk === undefined) {
          await this.fetcher.waitForChange(anySignal(options.signal, this.lifecycle.signal));
          continue;
        }
        current = chunk;
        this.hold(chunk);
        yield chunk;
        this.fetcher.processed(chunk);
        this.release(chunk);
        current = undefined;
      }
    } finally {
      if (current !== undefined) {
        this.fetcher.rewind(current);
        this.release(current);
      }
    }
  }

  /** Records one by one (see {@link batches}); a record is processed when the next one is asked for. */
  async *records(options: { signal?: AbortSignal } = {}): AsyncGenerator<ConsumerRecord, void, undefined> {
    for await (const batch of this.batches(options)) {
      const chunk = batch as FetchedChunk;
      for (const record of consumerRecords(batch)) {
        yield record;
        this.fetcher.processedTo(chunk, record.offset + 1n);
      }
    }
  }

  /** `for await (const record of consumer)`: {@link records}. */
  [Symbol.asyncIterator](): AsyncGenerator<ConsumerRecord, void, undefined> {
    return this.records();
  }

  /**
   * Calls a handler for each record or batch until the consumer is closed (then resolves). A
   * handler that throws stops the run: the partition stays at the record that failed and the
   * returned promise rejects with the error.
   */
  run(options: RunOptions): Promise<void> {
    this.checkOpen();
    const { eachMessage, eachBatch } = options;
    if ((eachMessage === undefined) === (eachBatch === undefined))
      throw new InvalidArgumentError('run: give exactly one of eachMessage and eachBatch');
    const concurrency = options.partitionsConsumedConcurrently ?? 1;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1)
      throw new InvalidArgumentError('run: partitionsConsumedConcurrently must be a positive integer');
    const failure = new AbortController();
    const worker = async (): Promise<void> => {
      while (!this.lifecycle.isClosed && !failure.signal.aborted) {
        const chunk = this.fetcher.take(this.holding);
        if (chunk === undefined) {
          await this.fetcher.waitForChange(anySignal(failure.signal, this.lifecycle.signal));
          continue;
        }
        this.hold(chunk);
        try {
          let complete = true;
          if (eachBatch !== undefined) await this.process(chunk, undefined, () => eachBatch(chunk));
          else
            for (const record of consumerRecords(chunk)) {
              await this.process(chunk, record, () => eachMessage!(record));
              this.fetcher.processedTo(chunk, record.offset + 1n);
              if (this.mustLetGo(chunk)) {
                complete = false;
                break;
              }
            }
          if (complete) this.fetcher.processed(chunk);
          else this.fetcher.rewind(chunk);
        } catch (error) {
          this.fetcher.rewind(chunk);
          failure.abort(error);
          throw error;
        } finally {
          this.release(chunk);
          // Another worker may be waiting for this partition's next chunk.
          this.fetcher.notify();
        }
      }
    };
    const all = Promise.all(Array.from({ length: concurrency }, worker)).then(() => undefined);
    const tracked = all.catch(() => undefined);
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
    return all;
  }

  /**
   * Stops fetching, lets running handlers finish their current record or batch, and ends
   * iterators and `run`. Later calls fail with `ClientClosedError`. Every call returns the same
   * promise.
   */
  close(): Promise<void> {
    return this.lifecycle.close(() => this.shutDown());
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.autoCommitTimer);
    this.fetcher.notify();
    await Promise.all(this.running);
    await this.fetcher.close();
    const membership = this.membership;
    const stillMember =
      membership !== undefined && membership.changeNeeded !== 'lost' && membership.changeNeeded !== 'stale';
    if (this.options.autoCommit && !this.cluster.isClosed && (membership === undefined || stillMember)) {
      const last = this.enqueueCommit(
        this.options.groupId!,
        this.processedOffsets([...this.fetcher.partitions]),
      );
      // A failed last commit means these records are read again by the next consumer
      // (at-least-once); close itself does not fail for it.
      await last.catch(() => undefined);
    }
    if (membership !== undefined && !this.cluster.isClosed) await membership.close();
    await this.membershipLoop;
    if (!this.cluster.isClosed) await this.telemetry?.close();
    if (this.own.ownsCluster === true) await this.cluster.close();
  }

  /** `await using consumer = kafka.consumer()` closes it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Processed positions of `states` that moved since their last commit. */
  private processedOffsets(
    states: readonly {
      topic: string;
      partition: number;
      position: bigint | undefined;
      positionEpoch: number;
    }[],
  ): OffsetToCommit[] {
    const out: OffsetToCommit[] = [];
    for (const s of states) {
      if (
        s.position === undefined ||
        this.lastCommitted.get(topicPartitionKey(s.topic, s.partition)) === s.position
      )
        continue;
      // With the leader epoch of the last record processed, so whoever resumes from this commit
      // can check it against the leader's log first (KIP-320).
      out.push({ topic: s.topic, partition: s.partition, offset: s.position, leaderEpoch: s.positionEpoch });
    }
    return out;
  }

  private enqueueCommit(groupId: string, list: readonly OffsetToCommit[]): Promise<void> {
    const run = this.commitChain.then(async () => {
      if (list.length === 0) return;
      const startedAt = this.consumerMetrics.start();
      await commitOffsets(this.cluster, groupId, list, this.identity());
      this.consumerMetrics.committed(startedAt);
      for (const o of list) this.lastCommitted.set(topicPartitionKey(o.topic, o.partition), o.offset);
    });
    this.commitChain = run.catch(() => undefined);
    return run;
  }

  private identity(): CommitIdentity {
    const m = this.membership;
    if (m === undefined) return NO_MEMBER;
    return {
      generationId: m.generationId,
      memberId: m.memberId,
      groupInstanceId: this.options.groupInstanceId,
    };
  }

  /** Marks a chunk's partition as held by the application (not handed out again, not revoked under it). */
  private hold(chunk: FetchedChunk): void {
    let release: () => void = () => {};
    const done = new Promise<void>((r) => {
      release = r;
    });
    this.holding.set(topicPartitionKey(chunk.topic, chunk.partition), { since: Date.now(), done, release });
  }

  private release(chunk: FetchedChunk): void {
    const k = topicPartitionKey(chunk.topic, chunk.partition);
    this.holding.get(k)?.release();
    this.holding.delete(k);
  }

  /**
   * Whether `run` must stop handling `chunk` after the record in hand: the consumer closes, or
   * the partition is being given up in a rebalance. A chunk holds up to `maxPartitionBytes` of
   * records; finishing it first would hold a rebalance (and every member waiting in it) for as
   * long as a slow handler takes over thousands of records. Java bounds the same wait with
   * `max.poll.records` (the revocation runs in the next `poll`).
   */
  private mustLetGo(chunk: FetchedChunk): boolean {
    return this.lifecycle.isClosed || this.fetcher.state(chunk.topic, chunk.partition)?.revoking === true;
  }

  /** How long the application has held its oldest chunk, 0 when it holds none. */
  private heldForMs(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const h of this.holding.values()) oldest = Math.min(oldest, h.since);
    return oldest === Number.POSITIVE_INFINITY ? 0 : Date.now() - oldest;
  }

  /**
   * Join, consume the assignment, and when it must change: stop handing out the partitions
   * given up, wait for the handlers holding them, commit (unless lost), call the listener, and
   * take the next assignment (only what is new is added; kept partitions go on undisturbed).
   */
  private async runMembership(membership: Membership, listener: RebalanceListener): Promise<void> {
    let current: TopicPartition[] = [];
    while (!this.lifecycle.isClosed) {
      let next: TopicPartition[];
      this.consumerMetrics.rebalanceStarted();
      try {
        next = await membership.nextAssignment(this.lifecycle.signal);
        this.consumerMetrics.rebalanceCompleted();
      } catch (error) {
        if (this.lifecycle.isClosed) return;
        this.consumerMetrics.rebalanceFailed();
        const fatal = membership.fatal;
        if (fatal !== undefined) {
          // Fenced for good: what this member owned is another's now. Stop taking part in the
          // group and fail every iterator and run from now on, rather than retry.
          if (current.length > 0) await this.giveUp(current, 'lost', listener);
          this.publishRebalance(membership, 'fenced', current, fatal);
          this.fetcher.reportFatal(fatal);
          return;
        }
        this.fetcher.reportError(error);
        await new Promise((r) => setTimeout(r, Math.max(this.options.retryBackoffMs, 100)));
        continue;
      }
      // Incremental protocols may take away partitions kept through the rebalance.
      const nextKeys = new Set(next.map((p) => topicPartitionKey(p.topic, p.partition)));
      const taken = current.filter((p) => !nextKeys.has(topicPartitionKey(p.topic, p.partition)));
      if (taken.length > 0) await this.giveUp(taken, 'rebalance', listener);
      if (this.lifecycle.isClosed) return;
      current = current.filter((p) => nextKeys.has(topicPartitionKey(p.topic, p.partition)));
      const have = new Set(current.map((p) => topicPartitionKey(p.topic, p.partition)));
      const added = next.filter((p) => !have.has(topicPartitionKey(p.topic, p.partition)));
      this.fetcher.add(added);
      current = [...current, ...added];
      membership.owned(current);
      if (added.length > 0) this.publishRebalance(membership, 'assigned', added, undefined);
      if (added.length > 0) await listener.onAssigned?.(added);
      await listener.onJoined?.([...current]);
      await membership.waitForChange();
      if (this.lifecycle.isClosed) return;
      const reason = membership.changeNeeded;
      const kept = new Set(
        (reason === 'rebalance' ? membership.keep(current) : []).map((p) =>
          topicPartitionKey(p.topic, p.partition),
        ),
      );
      const given = current.filter((p) => !kept.has(topicPartitionKey(p.topic, p.partition)));
      if (given.length > 0) await this.giveUp(given, reason ?? 'lost', listener);
      if (this.lifecycle.isClosed) return;
      current = current.filter((p) => kept.has(topicPartitionKey(p.topic, p.partition)));
      membership.owned(current);
    }
  }

  /**
   * Gives partitions up: no more handed out, the handlers holding them finish, processed
   * offsets are committed (unless the partitions are lost), then the listener is told.
   */
  private async giveUp(
    partitions: readonly TopicPartition[],
    reason: 'rebalance' | 'lost' | 'stale',
    listener: RebalanceListener,
  ): Promise<void> {
    if (this.membership !== undefined)
      this.publishRebalance(
        this.membership,
        reason === 'rebalance' ? 'revoked' : 'lost',
        partitions,
        undefined,
      );
    const states = partitions.flatMap((p) => this.fetcher.state(p.topic, p.partition) ?? []);
    for (const s of states) s.revoke();
    await Promise.all(states.map((s) => this.holding.get(topicPartitionKey(s.topic, s.partition))?.done));
    if (this.lifecycle.isClosed) return;
    if (reason === 'rebalance') {
      if (this.options.autoCommit)
        await this.enqueueCommit(this.options.groupId!, this.processedOffsets(states)).catch(() => undefined);
      await listener.onRevoked?.([...partitions]);
    } else await listener.onLost?.([...partitions]);
    this.fetcher.remove(partitions);
  }

  /** Calls a handler, on the `kafe:consumer:process` tracing channel when someone subscribes. */
  private process(
    chunk: FetchedChunk,
    record: ConsumerRecord | undefined,
    handler: () => Promise<void> | void,
  ): Promise<void> | void {
    if (!isTraced(consumerTracing.process)) return handler();
    const message: ProcessTraceContext = {
      client: this.cluster.scope,
      group: this.options.groupId,
      topic: chunk.topic,
      partition: chunk.partition,
      record,
      batch: record === undefined ? chunk : undefined,
    };
    // The start subscribers ran when this runs: one may have asked to wrap the handler.
    return consumerTracing.process.tracePromise(
      async () => (message.runInContext === undefined ? handler() : message.runInContext(handler)),
      message,
    );
  }

  /** One `kafe:consumer:rebalance` message (and so one log line) per change of assignment. */
  private publishRebalance(
    membership: Membership,
    event: RebalanceEvent,
    partitions: readonly TopicPartition[],
    error: Error | undefined,
  ): void {
    if (!rebalanceChannel.hasSubscribers) return;
    rebalanceChannel.publish({
      client: this.cluster.scope,
      group: this.options.groupId ?? '',
      memberId: membership.memberId,
      generationId: membership.generationId,
      event,
      partitions: [...partitions],
      error,
    } satisfies RebalanceMessage);
  }

  private commitInBackground(list: readonly OffsetToCommit[]): void {
    if (list.length === 0 || this.options.groupId === undefined) return;
    this.enqueueCommit(this.options.groupId, list).catch(() => {
      // Best effort, as Java's auto-commit on unassignment: the next owner reads them again.
    });
  }

  private stateOf(p: TopicPartition) {
    const s = this.fetcher.state(p.topic, p.partition);
    if (s === undefined) throw new UnassignedPartitionError(p.topic, p.partition);
    return s;
  }

  private checkOpen(): void {
    this.lifecycle.check();
    if (this.cluster.isClosed) throw this.lifecycle.closedError();
  }
}

function checkPartition(p: TopicPartition): TopicPartition {
  if (typeof p?.topic !== 'string' || p.topic.length === 0)
    throw new InvalidArgumentError(`invalid topic ${JSON.stringify(p?.topic)}`);
  if (!Number.isSafeInteger(p.partition) || p.partition < 0)
    throw new InvalidArgumentError(`${p.topic}: invalid partition ${String(p.partition)}`);
  return { topic: p.topic, partition: p.partition };
}

function offsetArg(offset: bigint | number | undefined): bigint | undefined {
  if (offset === undefined) return undefined;
  if (typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0) return BigInt(offset);
  if (typeof offset === 'bigint' && offset >= 0n) return offset;
  throw new InvalidArgumentError(`invalid offset ${String(offset)}`);
}

function anySignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  return a === undefined ? b : AbortSignal.any([a, b]);
}
