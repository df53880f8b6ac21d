/**
 * KafkaJS's consumer on kafe's: `connect`, `subscribe` (names and patterns), `run` with
 * `eachMessage` or `eachBatch`, and KafkaJS's retry and crash rules around it. The group
 * protocol is KafkaJS's `RoundRobinAssigner` (so KafkaJS consumers and these share groups) or
 * the application's own `partitionAssigners`.
 * kafe heartbeats on its own timer, never behind a handler (`heartbeat()` has nothing to do),
 * and finishes the running handlers and commits before giving partitions up in a rebalance.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Admin as KafeAdmin } from '../admin/admin.js';
import type { Cluster } from '../cluster/cluster.js';
import { topicPartitionKey } from '../cluster/topic-partition.js';
import { Consumer as KafeConsumer } from '../consumer/consumer.js';
import type { ConsumerBatch } from '../consumer/consumer-record.js';
import type { ConsumerOptions } from '../consumer/options.js';
import { PartitionAssigners, roundRobinAssignor } from './assigners.js';
import { Batch } from './batch.js';
import { type ClientContext, kafeRetry } from './client-config.js';
import {
  CONSUMER_EVENTS,
  ConsumerEventSource,
  type ConsumerEvents,
  type ConsumerOn,
} from './consumer-events.js';
import type {
  ConsumerConfig,
  ConsumerRunConfig,
  ConsumerSubscribeTopic,
  ConsumerSubscribeTopics,
  EachBatchPayload,
  GroupDescription,
} from './consumer-types.js';
import { customAssigner } from './custom-assigners.js';
import { asKafkaJS, toKafkaJSError } from './error-mapping.js';
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from './errors.js';
import { groupDescription } from './group-description.js';
import type { InstrumentationEmitter } from './instrumentation.js';
import type { Logger } from './logger.js';
import type {
  Offsets,
  TopicPartitionOffset,
  TopicPartitionOffsetAndMetadata,
  TopicPartitions,
} from './metadata-types.js';
import { clientOn, networkEvents } from './network-events.js';

export type { ConsumerConfig } from './consumer-types.js';

/** A partition's next offset to commit. */
interface NextOffset {
  topic: string;
  partition: number;
  offset: bigint;
}

/** A KafkaJS consumer. */
export class Consumer {
  /** The names of its instrumentation events. */
  readonly events: ConsumerEvents = CONSUMER_EVENTS;
  /** Listens to an instrumentation event; returns the function that stops listening. */
  readonly on: ConsumerOn;
  private readonly emitter: InstrumentationEmitter;
  private readonly source: ConsumerEventSource;
  private readonly log: Logger;
  private cluster: Cluster | undefined;
  private connecting: Promise<Cluster> | undefined;
  private kafe: KafeConsumer | undefined;
  /**
   * Set by `run()` before its first await (KafkaJS makes its consumer group there): `pause`,
   * `resume` and `seek` right after an un-awaited `run()` apply once the consumer exists, and a
   * second `run()` is ignored.
   */
  private started = false;
  private loop: Promise<void> | undefined;
  private stopping: AbortController | undefined;
  private readonly topics = new Set<string>();
  private fromBeginning = false;
  /** Topics paused whole (their partitions assigned later too) and single partitions, by key. */
  private readonly pausedTopics = new Set<string>();
  private readonly pausedPartitions = new Map<string, { topic: string; partition: number }>();
  /** Seeks asked for before the partition was assigned, applied when it is. */
  private readonly pendingSeeks = new Map<string, NextOffset>();
  /** Partitions moved by a seek while their batch was being handled: the rest of it is dropped. */
  private readonly stale = new Set<string>();
  /** Processed offsets not yet committed by KafkaJS's per-batch rule, and since when. */
  private readonly uncommitted = new Map<string, NextOffset>();
  private uncommittedCount = 0;
  private lastCommit = Date.now();
  /** The state of the commits {@link process} starts (see {@link autoCommit}). */
  private autoCommits: 'idle' | 'committing' | 'committing-then-again' = 'idle';

  constructor(
    private readonly kafka: ClientContext,
    private readonly config: ConsumerConfig,
  ) {
    if (
      config === null ||
      typeof config !== 'object' ||
      typeof config.groupId !== 'string' ||
      config.groupId === ''
    )
      throw new KafkaJSNonRetriableError('Consumer groupId must be a non-empty string.');
    const { heartbeatInterval = 3000, sessionTimeout = 30_000 } = config;
    if (heartbeatInterval >= sessionTimeout)
      throw new KafkaJSNonRetriableError(
        `Consumer heartbeatInterval (${heartbeatInterval}) must be lower than sessionTimeout (${sessionTimeout}). It is recommended to set heartbeatInterval to approximately a third of the sessionTimeout.`,
      );
    this.log = kafka.logger().namespace('Consumer');
    this.emitter = networkEvents(CONSUMER_EVENTS, () => this.log);
    this.on = clientOn(this.emitter, (type) => this.source.need(type));
    this.source = new ConsumerEventSource(this.emitter, config.groupId, () => ({
      memberId: this.kafe?.groupMember.memberId ?? '',
      generationId: this.kafe?.groupMember.generationId ?? -1,
    }));
  }

  /** Connects to the cluster (the brokers function is called now). */
  async connect(): Promise<void> {
    if (this.cluster !== undefined) return;
    const settings = kafeRetry(this.config.retry ?? this.kafka.retry);
    // Concurrent calls (subscribe and run connect on their own) share one connection.
    this.connecting ??= this.kafka.connectCluster(
      this.config.metadataMaxAge === undefined
        ? settings
        : { ...settings, metadataMaxAgeMs: this.config.metadataMaxAge },
      (scope) => this.source.follow(scope),
    );
    let cluster: Cluster;
    try {
      cluster = await this.connecting;
    } finally {
      this.connecting = undefined;
    }
    if (this.cluster !== undefined) return;
    this.cluster = cluster;
    this.emitter.emit(CONSUMER_EVENTS.CONNECT, null);
  }

  /** Stops consuming (committing what was processed, leaving the group) and disconnects. */
  async disconnect(): Promise<void> {
    await this.stop();
    const cluster = this.cluster;
    this.cluster = undefined;
    this.source.close();
    if (cluster === undefined) return;
    await cluster.close();
    this.emitter.emit(CONSUMER_EVENTS.DISCONNECT, null);
  }

  /**
   * Adds topics to the subscription: names, or patterns matched against the topics that exist
   * now (as KafkaJS does). Before `run()` only.
   */
  async subscribe(subscription: ConsumerSubscribeTopics | ConsumerSubscribeTopic): Promise<void> {
    if (this.started)
      throw new KafkaJSNonRetriableError('Cannot subscribe to topic while consumer is running');
    // KafkaJS's checks and messages, before connecting.
    const given = subscription as { topic?: unknown; topics?: unknown };
    if (!given.topic && !given.topics)
      throw new KafkaJSNonRetriableError('Missing required argument "topics"');
    if (given.topics != null && !Array.isArray(given.topics))
      throw new KafkaJSNonRetriableError('Argument "topics" must be an array');
    const wanted: unknown[] = Array.isArray(given.topics) ? given.topics : [given.topic];
    const invalid = wanted.find((t) => typeof t !== 'string' && !(t instanceof RegExp));
    if (invalid !== undefined || wanted.length === 0)
      throw new KafkaJSNonRetriableError(
        `Invalid topic ${String(invalid)} (${typeof invalid}), the topic name has to be a String or a RegExp`,
      );
    const names = wanted.filter((t): t is string => typeof t === 'string');
    const patterns = wanted.filter((t): t is RegExp => t instanceof RegExp);
    // Names count at once, before any await (as in KafkaJS): a `run()` right after an
    // un-awaited `subscribe()` consumes them.
    for (const name of names) this.topics.add(name);
    if (subscription.fromBeginning === true) this.fromBeginning = true;
    const cluster = await this.connected();
    if (patterns.length > 0) {
      const listed = await asKafkaJS(new KafeAdmin(cluster).listTopics());
      for (const { topic } of listed) if (patterns.some((p) => new RegExp(p).test(topic))) names.push(topic);
    }
    // KafkaJS asks for the topics' metadata, which creates missing ones where the brokers allow.
    if (this.config.allowAutoTopicCreation !== false && names.length > 0)
      await asKafkaJS(cluster.refreshTopics(names, undefined, { allowAutoTopicCreation: true }));
    for (const name of names) this.topics.add(name);
  }

  /** Starts consuming in the background: resolves once the consumer runs (not when it stops). */
  async run(config: ConsumerRunConfig = {}): Promise<void> {
    if (this.started) {
      this.log.warn('consumer#run was called, but the consumer is already running', {
        groupId: this.config.groupId,
      });
      return;
    }
    if (config.eachMessage !== undefined && config.eachBatch !== undefined)
      throw new KafkaJSNonRetriableError('Consumer run takes one of eachMessage and eachBatch, not both');
    this.started = true;
    let kafe: KafeConsumer;
    try {
      const cluster = await this.connected();
      // stop() or disconnect() came while connecting: nothing to run.
      if (!this.started) return;
      kafe = this.makeConsumer(cluster, config);
    } catch (error) {
      this.started = false;
      throw error;
    }
    this.kafe = kafe;
    this.stopping = new AbortController();
    this.uncommitted.clear();
    this.uncommittedCount = 0;
    let joined = () => {};
    const firstJoin = new Promise<void>((resolve) => {
      joined = resolve;
    });
    try {
      kafe.subscribe([...this.topics], {
        onAssigned: () => {
          this.applyPending(kafe);
          this.reportUnsubscribed(kafe);
        },
        onJoined: () => joined(),
      });
    } catch (error) {
      this.kafe = undefined;
      this.started = false;
      throw toKafkaJSError(error);
    }
    const loop = this.runLoop(kafe, config, this.stopping.signal);
    this.loop = loop;
    // As KafkaJS's run(): resolves once the member joined its group and took its assignment
    // (callers produce next, or ask the group's state), or when the consumer stopped or crashed first.
    await Promise.race([
      firstJoin,
      loop.then(
        () => undefined,
        () => undefined,
      ),
    ]);
  }

  /** Stops consuming: handlers finish, processed offsets are committed, the member leaves its group. */
  async stop(): Promise<void> {
    const kafe = this.kafe;
    this.started = false;
    if (kafe === undefined) return;
    this.stopping?.abort();
    try {
      await kafe.close();
      await this.loop;
    } finally {
      this.kafe = undefined;
      this.loop = undefined;
      this.stale.clear();
    }
    this.emitter.emit(CONSUMER_EVENTS.STOP, null);
  }

  /** Commits offsets (the next offsets to read) for the group. */
  async commitOffsets(topicPartitions: Array<TopicPartitionOffsetAndMetadata>): Promise<void> {
    const kafe = this.running('commitOffsets');
    const list = topicPartitions.map((t) => ({
      topic: t.topic,
      partition: t.partition,
      offset: offsetOf(t.offset),
      metadata: t.metadata ?? null,
    }));
    await asKafkaJS(kafe.commit(list));
  }

  /**
   * Moves a partition to `offset`: at once when assigned (records of it being handled after
   * this one are dropped), else when it is assigned.
   */
  seek(topicPartitionOffset: TopicPartitionOffset): void {
    const { topic, partition } = topicPartitionOffset;
    // KafkaJS's checks and messages.
    if (!topic) throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
    if (Number.isNaN(Number(partition)))
      throw new KafkaJSNonRetriableError(
        `Invalid partition, expected a number received ${String(partition)}`,
      );
    let offset: bigint;
    try {
      offset = BigInt(topicPartitionOffset.offset);
    } catch {
      throw new KafkaJSNonRetriableError(
        `Invalid offset, expected a long received ${String(topicPartitionOffset.offset)}`,
      );
    }
    // KafkaJS takes its two special offsets: -2 the earliest, -1 the latest (its EARLIEST_OFFSET
    // and LATEST_OFFSET), looked up when the partition is next fetched.
    if (offset < 0n && offset !== EARLIEST && offset !== LATEST)
      throw new KafkaJSNonRetriableError('Offset must not be a negative number');
    if (!this.started)
      throw new KafkaJSNonRetriableError(
        'Consumer group was not initialized, consumer#run must be called first',
      );
    const target = { topic, partition, offset };
    const key = topicPartitionKey(topic, partition);
    const kafe = this.kafe;
    if (kafe !== undefined && isAssigned(kafe, topic, partition)) {
      seekTo(kafe, target);
      this.stale.add(key);
    } else this.pendingSeeks.set(key, target);
  }

  /** Stops handing out (and fetching) these topics or partitions until `resume`. */
  pause(topics: Array<{ topic: string; partitions?: number[] }>): void {
    const kafe = this.runningOrStarting('pause');
    for (const { topic, partitions } of topics) {
      if (partitions === undefined) this.pausedTopics.add(topic);
      else
        for (const partition of partitions)
          this.pausedPartitions.set(topicPartitionKey(topic, partition), { topic, partition });
    }
    if (kafe !== undefined) this.applyPauses(kafe);
  }

  /** Resumes paused topics or partitions. */
  resume(topics: Array<{ topic: string; partitions?: number[] }>): void {
    const kafe = this.runningOrStarting('resume');
    const resumed: { topic: string; partition: number }[] = [];
    for (const { topic, partitions } of topics) {
      const assigned = (kafe?.assignment() ?? []).filter((p) => p.topic === topic);
      if (partitions === undefined) {
        this.pausedTopics.delete(topic);
        for (const [key, p] of this.pausedPartitions)
          if (p.topic === topic) this.pausedPartitions.delete(key);
        resumed.push(...assigned);
      } else
        for (const partition of partitions) {
          this.pausedPartitions.delete(topicPartitionKey(topic, partition));
          if (!this.pausedTopics.has(topic)) resumed.push({ topic, partition });
        }
    }
    if (kafe !== undefined) kafe.resume(resumed.filter((p) => isAssigned(kafe, p.topic, p.partition)));
  }

  /** The paused partitions, per topic. */
  paused(): TopicPartitions[] {
    const kafe = this.kafe;
    if (kafe === undefined) return [];
    const byTopic = new Map<string, number[]>();
    for (const p of kafe.paused()) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    return [...byTopic].map(([topic, partitions]) => ({
      topic,
      partitions: partitions.sort((a, b) => a - b),
    }));
  }

  /** The group's description: state, protocol, members with their assignments. */
  async describeGroup(): Promise<GroupDescription> {
    const results = await asKafkaJS(
      new KafeAdmin(await this.connected()).describeConsumerGroups([this.config.groupId]),
    );
    try {
      return groupDescription(results.get(this.config.groupId));
    } catch (error) {
      throw toKafkaJSError(error);
    }
  }

  /** The consumer's logger. */
  logger(): Logger {
    return this.log;
  }

  /** The consumer's cluster, connecting first if needed (KafkaJS's calls connect on their own too). */
  private async connected(): Promise<Cluster> {
    await this.connect();
    return this.cluster as Cluster;
  }

  private running(operation: string): KafeConsumer {
    const kafe = this.runningOrStarting(operation);
    if (kafe === undefined)
      throw new KafkaJSNonRetriableError(
        `Consumer groups are not initialized, consumer must be running to ${operation}`,
      );
    return kafe;
  }

  /** kafe's consumer, or undefined while `run()` is still making it (after it was called). */
  private runningOrStarting(operation: string): KafeConsumer | undefined {
    if (!this.started)
      throw new KafkaJSNonRetriableError(
        `Consumer groups are not initialized, consumer must be running to ${operation}`,
      );
    return this.kafe;
  }

  /** kafe's consumer with KafkaJS's defaults (session 30 s, rebalance 60 s, read_committed, ...). */
  private makeConsumer(cluster: Cluster, run: ConsumerRunConfig): KafeConsumer {
    const c = this.config;
    const options: ConsumerOptions = {
      groupId: c.groupId,
      autoCommit: run.autoCommit ?? true,
      autoCommitIntervalMs: run.autoCommitInterval ?? 5000,
      // KafkaJS's round robin as kafe's own assignor; a custom assigner as it is, asynchronous
      // and framing its own buffers.
      assignors: (c.partitionAssigners ?? [PartitionAssigners.roundRobin]).map((assigner) =>
        assigner === PartitionAssigners.roundRobin
          ? roundRobinAssignor
          : customAssigner(assigner, { cluster, groupId: c.groupId, logger: this.kafka.logger() }),
      ),
      autoOffsetReset: this.fromBeginning ? 'earliest' : 'latest',
      sessionTimeoutMs: c.sessionTimeout ?? 30_000,
      // KafkaJS takes 0 (heartbeat whenever it can); kafe's timer needs at least 1 ms.
      heartbeatIntervalMs: Math.max(1, c.heartbeatInterval ?? 3000),
      maxPollIntervalMs: c.rebalanceTimeout ?? 60_000,
      isolationLevel: c.readUncommitted === true ? 'read_uncommitted' : 'read_committed',
      maxWaitMs: c.maxWaitTimeInMs ?? 5000,
      minBytes: c.minBytes ?? 1,
      maxPartitionBytes: c.maxBytesPerPartition ?? 1_048_576,
    };
    // Unset, a fetch's size is kafe's (50 MB, Java's fetch.max.bytes), not KafkaJS's 10 MB: one
    // fetch is in flight per broker, and 10 MB capped a consumer of 1,000 partitions at 0.74x
    // kafe's throughput (the same CPU per record; bench, 10 topics x 100 partitions).
    if (c.maxBytes !== undefined) options.maxBytes = c.maxBytes;
    if (c.rackId !== undefined) options.clientRack = c.rackId;
    try {
      return new KafeConsumer(cluster, options);
    } catch (error) {
      throw toKafkaJSError(error);
    }
  }

  /**
   * Runs the handlers until stopped. A handler's error is retried (the partition stays at the
   * record that failed) with KafkaJS's backoff up to `retry.retries` times; then, or for an
   * error that says it is not retriable, the consumer crashes: the CRASH event, then a restart
   * unless `restartOnFailure` says no or the error is not retriable (the consumer stops).
   */
  private async runLoop(kafe: KafeConsumer, config: ConsumerRunConfig, signal: AbortSignal): Promise<void> {
    const retry = this.config.retry ?? this.kafka.retry ?? {};
    const retries = retry.retries ?? 5;
    let attempt = 0;
    let delay = retry.initialRetryTime ?? 300;
    while (!signal.aborted) {
      try {
        await kafe.run({
          eachBatch: (batch) => this.process(kafe, batch, config),
          partitionsConsumedConcurrently: config.partitionsConsumedConcurrently ?? 1,
        });
        return;
      } catch (thrown) {
        if (signal.aborted) return;
        const error = toKafkaJSError(thrown);
        const retriable = (error as { retriable?: boolean }).retriable !== false;
        this.log.error(`Error when calling eachBatch/eachMessage: ${error.message}`, {
          groupId: this.config.groupId,
          retriable,
        });
        if (retriable && attempt < retries) {
          attempt++;
          await backoff(delay, signal);
          delay *= retry.multiplier ?? 2;
          continue;
        }
        const crash = retriable
          ? new KafkaJSNumberOfRetriesExceeded(error, { retryCount: attempt, retryTime: delay })
          : error;
        const restart = retriable && (await restartOnFailure(retry.restartOnFailure, crash));
        this.log.error(`Crash: ${crash.name}: ${crash.message}`, {
          groupId: this.config.groupId,
          retryCount: attempt,
        });
        this.emitter.emit(CONSUMER_EVENTS.CRASH, { error: crash, groupId: this.config.groupId, restart });
        if (!restart) {
          void this.stop();
          return;
        }
        attempt = 0;
        delay = retry.initialRetryTime ?? 300;
        await backoff(delay, signal);
      }
    }
  }

  /** One partition's batch through the application's handler. */
  private async process(
    kafe: KafeConsumer,
    kafeBatch: ConsumerBatch,
    config: ConsumerRunConfig,
  ): Promise<void> {
    const { topic, partition } = kafeBatch;
    const key = topicPartitionKey(topic, partition);
    this.stale.delete(key);
    const batch = new Batch(kafeBatch);
    // Without a handler (KafkaJS runs one) the member holds its partitions and processes nothing.
    if (batch.isEmpty() || (config.eachMessage === undefined && config.eachBatch === undefined)) return;
    const started = Date.now();
    const describe = () => ({
      topic,
      partition,
      highWatermark: batch.highWatermark,
      offsetLag: batch.offsetLag(),
      offsetLagLow: batch.offsetLagLow(),
      batchSize: batch.messages.length,
      firstOffset: batch.firstOffset() ?? '',
      lastOffset: batch.lastOffset(),
    });
    if (this.emitter.has(CONSUMER_EVENTS.START_BATCH_PROCESS))
      this.emitter.emit(CONSUMER_EVENTS.START_BATCH_PROCESS, describe());
    const pauseThis = () => {
      this.pause([{ topic, partitions: [partition] }]);
      return () => this.resume([{ topic, partitions: [partition] }]);
    };
    // kafe's heartbeats run on their own timer: nothing waits for this one.
    const heartbeat = async () => {};
    let next: bigint;
    if (config.eachMessage !== undefined) {
      next = kafeBatch.nextOffset;
      for (const message of batch.messages) {
        const offset = BigInt(message.offset);
        if (this.stale.has(key)) return;
        // A stopping consumer finishes its batch (kafe's close waits for it, then commits it).
        if (this.isPaused(topic, partition)) {
          // The rest of the batch is fetched again once resumed (or by the next owner).
          kafe.seek({ topic, partition, offset });
          next = offset;
          break;
        }
        try {
          await config.eachMessage({ topic, partition, message, heartbeat, pause: pauseThis });
        } catch (error) {
          if (!this.stale.has(key)) kafe.seek({ topic, partition, offset });
          throw error;
        }
      }
    } else {
      let resolved: bigint | undefined;
      const payload: EachBatchPayload = {
        batch,
        resolveOffset: (offset) => {
          const o = BigInt(offset);
          if (resolved === undefined || o > resolved) resolved = o;
        },
        heartbeat,
        pause: pauseThis,
        commitOffsetsIfNecessary: (offsets) =>
          this.commitIfNecessary(
            kafe,
            offsets,
            resolved === undefined ? [] : [{ topic, partition, offset: resolved + 1n }],
          ),
        uncommittedOffsets: () =>
          uncommittedOffsets([
            ...this.uncommitted.values(),
            ...(resolved === undefined ? [] : [{ topic, partition, offset: resolved + 1n }]),
          ]),
        isRunning: () => this.kafe === kafe && this.stopping?.signal.aborted !== true,
        isStale: () => this.stale.has(key),
      };
      const autoResolve = config.eachBatchAutoResolve ?? true;
      try {
        await config.eachBatch?.(payload);
      } catch (error) {
        // KafkaJS keeps what was resolved: the batch is retried after the last resolved record.
        if (!this.stale.has(key) && resolved !== undefined)
          kafe.seek({ topic, partition, offset: resolved + 1n });
        throw error;
      }
      if (this.stale.has(key)) return;
      const last = BigInt(batch.lastOffset());
      if (autoResolve || (resolved !== undefined && resolved >= last)) next = kafeBatch.nextOffset;
      else {
        next = resolved === undefined ? BigInt(batch.firstOffset() ?? last) : resolved + 1n;
        kafe.seek({ topic, partition, offset: next });
      }
    }
    if (this.emitter.has(CONSUMER_EVENTS.END_BATCH_PROCESS))
      this.emitter.emit(CONSUMER_EVENTS.END_BATCH_PROCESS, { ...describe(), duration: Date.now() - started });
    this.uncommitted.set(key, { topic, partition, offset: next });
    this.uncommittedCount += batch.messages.length;
    if (config.autoCommit !== false && this.commitDue(config)) this.autoCommit(kafe);
  }

  /**
   * KafkaJS commits after every batch and waits for it before the next; kafe goes on fetching
   * and processing meanwhile, so commits are coalesced instead: one in flight at a time, and
   * when it ends, one more with whatever was processed since, if anything was. Started one per
   * batch, they queued behind each other faster than the coordinator answered, and each held
   * its batch in memory until its turn: a gigabyte after a few million small records.
   */
  private autoCommit(kafe: KafeConsumer): void {
    if (this.autoCommits !== 'idle') {
      this.autoCommits = 'committing-then-again';
      return;
    }
    this.autoCommits = 'committing';
    void this.commitIfNecessary(kafe, undefined, [])
      .catch(ignoreFailure)
      .finally(() => {
        const again = this.autoCommits === 'committing-then-again';
        this.autoCommits = 'idle';
        if (again && this.kafe === kafe) this.autoCommit(kafe);
      });
  }

  /** KafkaJS's rule: commit after every batch, unless an interval or a threshold is set. */
  private commitDue(config: ConsumerRunConfig): boolean {
    const interval = config.autoCommitInterval ?? null;
    const threshold = config.autoCommitThreshold ?? null;
    if (interval === null && threshold === null) return true;
    return (
      (interval !== null && Date.now() - this.lastCommit >= interval) ||
      (threshold !== null && this.uncommittedCount >= threshold)
    );
  }

  /** Commits `offsets` (given) or what was processed and resolved and not yet committed. */
  private async commitIfNecessary(
    kafe: KafeConsumer,
    offsets: Offsets | undefined,
    resolved: NextOffset[],
  ): Promise<void> {
    const list =
      offsets !== undefined
        ? offsets.topics.flatMap(({ topic, partitions }) =>
            partitions.map((p) => ({ topic, partition: p.partition, offset: offsetOf(p.offset) })),
          )
        : [...this.uncommitted.values(), ...resolved];
    if (list.length === 0) return;
    if (offsets === undefined) {
      this.uncommitted.clear();
      this.uncommittedCount = 0;
      this.lastCommit = Date.now();
    }
    try {
      await kafe.commit(list);
    } catch (error) {
      const mapped = toKafkaJSError(error);
      this.log.warn(`commit failed: ${mapped.message}`, { groupId: this.config.groupId });
      throw mapped;
    }
  }

  private isPaused(topic: string, partition: number): boolean {
    return this.pausedTopics.has(topic) || this.pausedPartitions.has(topicPartitionKey(topic, partition));
  }

  /** Applies the seeks and pauses waiting for partitions that are now assigned. */
  private applyPending(kafe: KafeConsumer): void {
    for (const [key, target] of this.pendingSeeks)
      if (isAssigned(kafe, target.topic, target.partition)) {
        seekTo(kafe, target);
        this.pendingSeeks.delete(key);
      }
    this.applyPauses(kafe);
  }

  /**
   * KafkaJS's RECEIVED_UNSUBSCRIBED_TOPICS: the group's leader (KafkaJS's round robin deals every
   * topic any member subscribed to) gave this member partitions of topics it did not subscribe to.
   */
  private reportUnsubscribed(kafe: KafeConsumer): void {
    if (!this.emitter.has(CONSUMER_EVENTS.RECEIVED_UNSUBSCRIBED_TOPICS)) return;
    const assignedTopics = [...new Set(kafe.assignment().map((p) => p.topic))];
    const topicsNotSubscribed = assignedTopics.filter((t) => !this.topics.has(t));
    if (topicsNotSubscribed.length === 0) return;
    this.emitter.emit(CONSUMER_EVENTS.RECEIVED_UNSUBSCRIBED_TOPICS, {
      groupId: this.config.groupId,
      generationId: kafe.groupMember.generationId,
      memberId: kafe.groupMember.memberId,
      assignedTopics,
      topicsSubscribed: [...this.topics],
      topicsNotSubscribed,
    });
  }

  private applyPauses(kafe: KafeConsumer): void {
    kafe.pause(kafe.assignment().filter((p) => this.isPaused(p.topic, p.partition)));
  }
}

/** An offset given as KafkaJS's decimal string (or a number), as a bigint. */
function offsetOf(offset: string | number): bigint {
  try {
    const value = BigInt(offset);
    if (value < 0n) throw new RangeError();
    return value;
  } catch {
    throw new KafkaJSNonRetriableError(`Invalid offset "${String(offset)}"`);
  }
}

function isAssigned(kafe: KafeConsumer, topic: string, partition: number): boolean {
  return kafe.assignment().some((p) => p.topic === topic && p.partition === partition);
}

function uncommittedOffsets(list: NextOffset[]): {
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
} {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of list)
    byTopic.set(topic, [
      ...(byTopic.get(topic) ?? []).filter((p) => p.partition !== partition),
      { partition, offset: String(offset) },
    ]);
  return { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) };
}

/** `restartOnFailure`'s answer: restart unless it resolves to false (a rejection restarts, as in KafkaJS). */
async function restartOnFailure(
  decide: ((e: Error) => Promise<boolean>) | undefined,
  error: Error,
): Promise<boolean> {
  if (decide === undefined) return true;
  try {
    return (await decide(error)) !== false;
  } catch {
    return true;
  }
}

/** Waits `ms`, or less when `signal` aborts. */
async function backoff(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

/**
 * A failed automatic commit is logged by `commitIfNecessary`; the processed positions are still
 * committed by the next one or by kafe's own automatic commit (on its interval and on close).
 */
function ignoreFailure(): void {}

/** KafkaJS's special offsets: the earliest and the latest. */
const EARLIEST = -2n;
const LATEST = -1n;

/** kafe's seek for a KafkaJS offset: a position, or one of the special offsets to look up. */
function seekTo(kafe: KafeConsumer, target: NextOffset): void {
  if (target.offset === EARLIEST) kafe.seekToBeginning([target]);
  else if (target.offset === LATEST) kafe.seekToEnd([target]);
  else kafe.seek(target);
}
