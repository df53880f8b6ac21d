/**
 * The fetcher (Java `AbstractFetcher` + `Fetcher` + `OffsetFetcher`; franz-go's `source`): keeps
 * one Fetch in flight per broker for the assigned partitions it leads (or the preferred read
 * replica, KIP-392), each broker on its own, so a slow broker or a partition the application
 * is not reading never holds the others back.
 *
 * - Prefetch is bounded per partition in bytes: a partition whose buffered chunks reach
 *   `prefetchBytesPerPartition` is left out of fetches (and forgotten by the fetch session)
 *   until the application takes them. That is the consumer's backpressure.
 * - Incremental fetch sessions (KIP-227, `fetch-session.ts`).
 * - Partitions without a position get one from ListOffsets per `autoOffsetReset`; with `none`
 *   the error is reported to the application. OFFSET_OUT_OF_RANGE does the same.
 * - Leader changes: a partition answered NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ... is
 *   retried after a metadata refresh (or the KIP-951 `currentLeader` hint); the current leader
 *   epoch goes with every fetch so a stale leader is detected (KIP-320).
 * - Log truncation (KIP-320): a new leader epoch, or a `divergingEpoch` in a Fetch response,
 *   has the position checked against the leader's log first (`position-validation.ts`).
 * - Fetch is pinned to v4+ (record batches, isolation level and the aborted-transaction list).
 */
import type { Cluster } from '../cluster/cluster.js';
import { ClientClosedError } from '../cluster/errors.js';
import type { Connection } from '../net/connection.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { ZERO_UUID } from '../protocol/message-codec.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { FetchResponsePartitionData } from '../protocol/messages/fetch.js';
import { decodeRecordBatchesAsync } from '../protocol/records/decode-record-batch.js';
import type { CommittedPosition } from './committed-offsets.js';
import { selectRecords } from './completed-fetch.js';
import { NoOffsetForPartitionError, OffsetOutOfRangeError } from './errors.js';
import { FETCH_TOPIC_ID_VERSION, FetchSession, type WantedPartition } from './fetch-session.js';
import type { ResolvedConsumerOptions } from './options.js';
import { type FetchedChunk, PartitionState } from './partition-state.js';
import { PositionValidator } from './position-validation.js';
import { groupByTopic } from './topic-groups.js';

/** Lowest Fetch version used: record batches, `isolationLevel`, `abortedTransactions` (KIP-98). */
export const MIN_FETCH_VERSION = 4;

/** Partition errors that mean "ask again, maybe elsewhere, after fresh metadata" (Java `AbstractFetcher#handleInitializeErrors`). */
const LEADER_ERRORS: ReadonlySet<number> = new Set([
  errorCodes.NOT_LEADER_OR_FOLLOWER.code,
  errorCodes.REPLICA_NOT_AVAILABLE.code,
  errorCodes.KAFKA_STORAGE_ERROR.code,
  errorCodes.FENCED_LEADER_EPOCH.code,
  errorCodes.OFFSET_NOT_AVAILABLE.code,
  errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code,
  errorCodes.UNKNOWN_TOPIC_ID.code,
  errorCodes.INCONSISTENT_TOPIC_ID.code,
  errorCodes.LEADER_NOT_AVAILABLE.code,
]);

/** Session errors: the broker forgot or distrusts our session; the next fetch is full. */
const SESSION_ERRORS: ReadonlySet<number> = new Set([
  errorCodes.FETCH_SESSION_ID_NOT_FOUND.code,
  errorCodes.INVALID_FETCH_SESSION_EPOCH.code,
  errorCodes.FETCH_SESSION_TOPIC_ID_ERROR.code,
]);

const tpKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Counters for tests and diagnostics. */
export interface FetcherStats {
  fetches: number;
  fullFetches: number;
  offsetLookups: number;
  /** OffsetsForLeaderEpoch rounds (KIP-320 position validation). */
  validations: number;
  /** Log truncations detected (by validation or a Fetch `divergingEpoch`). */
  truncations: number;
}

/** Fetches records of the assigned partitions into per-partition buffers. */
export class Fetcher {
  readonly stats: FetcherStats = {
    fetches: 0,
    fullFetches: 0,
    offsetLookups: 0,
    validations: 0,
    truncations: 0,
  };
  private readonly states = new Map<string, PartitionState>();
  private readonly sessions = new Map<number, FetchSession>();
  private readonly brokersFetching = new Set<number>();
  private readonly brokerRetryAt = new Map<number, number>();
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;
  private closed = false;
  /** Round-robin start for {@link take}, so no partition is always served first. */
  private nextTake = 0;
  private pendingError: KafeError | undefined;
  /** An error every later {@link take} throws: the member was fenced for good. */
  private fatalError: KafeError | undefined;
  private readonly validator: PositionValidator;

  /**
   * @param committed the group's committed offsets, looked up before the reset policy for a
   *   partition that never had a position (absent without a group id).
   */
  constructor(
    private readonly cluster: Cluster,
    private readonly options: ResolvedConsumerOptions,
    private readonly committed?: (
      partitions: readonly { topic: string; partition: number }[],
      signal: AbortSignal,
    ) => Promise<Map<string, CommittedPosition>>,
  ) {
    this.validator = new PositionValidator({
      cluster,
      options,
      signal: this.abort.signal,
      stats: this.stats,
      isCurrent: (s, generation) =>
        s.generation === generation && this.states.get(tpKey(s.topic, s.partition)) === s,
      fail: (s, error) => this.fail(s, error),
      refreshMetadata: (topics) => this.refreshMetadata(topics),
      schedule: () => this.schedule(),
    });
  }

  /** The assigned partitions' states. */
  get partitions(): IterableIterator<PartitionState> {
    return this.states.values();
  }

  /** The state of a partition, if assigned. */
  state(topic: string, partition: number): PartitionState | undefined {
    return this.states.get(tpKey(topic, partition));
  }

  /**
   * Adds partitions (at `offset`, or from the reset policy when absent). A partition already
   * assigned keeps its state unless an offset is given.
   */
  add(partitions: readonly { topic: string; partition: number; offset?: bigint | undefined }[]): void {
    for (const p of partitions) {
      const k = tpKey(p.topic, p.partition);
      let s = this.states.get(k);
      if (s === undefined) {
        s = new PartitionState(p.topic, p.partition);
        this.states.set(k, s);
      }
      if (p.offset !== undefined) s.moveTo(p.offset);
    }
    this.schedule();
  }

  /** Removes partitions: their buffers are dropped and late answers for them ignored. */
  remove(partitions: readonly { topic: string; partition: number }[]): void {
    for (const p of partitions) {
      const s = this.states.get(tpKey(p.topic, p.partition));
      if (s === undefined) continue;
      s.generation++;
      s.clearBuffer();
      this.states.delete(tpKey(p.topic, p.partition));
    }
    this.notify();
    this.schedule();
  }

  /**
   * The next buffered chunk of a partition that is not paused and not in `busy`, round-robin
   * over partitions; its bytes leave the prefetch bound (so fetching resumes). An error to
   * report is thrown instead.
   */
  take(busy?: { has(key: string): boolean }): FetchedChunk | undefined {
    if (this.fatalError !== undefined) throw this.fatalError;
    if (this.pendingError !== undefined) {
      const e = this.pendingError;
      this.pendingError = undefined;
      throw e;
    }
    const all = [...this.states.values()];
    const n = all.length;
    for (let i = 0; i < n; i++) {
      const s = all[(this.nextTake + i) % n]!;
      if (s.error !== undefined) {
        const e = s.error;
        s.error = undefined;
        throw e;
      }
      // A position being validated (KIP-320) hands nothing out: its buffer may be what diverged.
      if (
        s.paused ||
        s.revoking ||
        s.validating ||
        s.buffer.length === 0 ||
        busy?.has(tpKey(s.topic, s.partition))
      )
        continue;
      const chunk = s.buffer.shift()!;
      s.bufferedBytes -= chunk.bytes;
      s.takenOffset = chunk.nextOffset;
      s.takenEpoch = chunk.nextEpoch;
      this.nextTake = (this.nextTake + i + 1) % n;
      this.schedule();
      return chunk;
    }
    return undefined;
  }

  /** Records that the application processed `chunk` (the position moves past it, unless a seek intervened). */
  processed(chunk: FetchedChunk): void {
    const s = this.states.get(tpKey(chunk.topic, chunk.partition));
    if (s === undefined || s.generation !== chunk.generation) return;
    s.position = chunk.nextOffset;
    s.positionEpoch = chunk.nextEpoch;
  }

  /** Records that the application processed `chunk` up to `offset` (exclusive): the position for a partial batch. */
  processedTo(chunk: FetchedChunk, offset: bigint): void {
    const s = this.states.get(tpKey(chunk.topic, chunk.partition));
    if (s === undefined || s.generation !== chunk.generation) return;
    s.position = offset;
    s.positionEpoch = epochBefore(chunk, offset);
  }

  /**
   * Gives back a chunk taken but not (fully) processed: the partition is fetched again from its
   * position, so nothing after it is skipped (an iterator left early, a failed handler).
   */
  rewind(chunk: FetchedChunk): void {
    const s = this.states.get(tpKey(chunk.topic, chunk.partition));
    if (s === undefined || s.generation !== chunk.generation || s.position === undefined) return;
    s.moveTo(s.position, s.positionEpoch);
    this.schedule();
  }

  /** Resolves when data, an error, an assignment change or close may make {@link take} return something. */
  waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || signal?.aborted) return resolve();
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Wakes {@link waitForChange} callers. */
  notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Plans fetches and lookups on the next turn (coalesced). */
  schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.tick();
    });
  }

  /** Stops fetching; in-flight requests are abandoned. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.abort.abort(new ClientClosedError('consumer'));
    this.notify();
  }

  private tick(): void {
    if (this.closed || this.cluster.isClosed) return;
    const now = Date.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    const toReset: PartitionState[] = [];
    const toValidate: PartitionState[] = [];
    const byNode = new Map<number, PartitionState[]>();
    const noLeader: PartitionState[] = [];
    for (const s of this.states.values()) {
      if (s.failed || s.resetting || s.fetching || s.revoking || s.validationInFlight) continue;
      if (s.retryAt > now) {
        wakeAt = Math.min(wakeAt, s.retryAt);
        continue;
      }
      if (s.fetchOffset === undefined) {
        toReset.push(s);
        continue;
      }
      if (this.validator.needsValidation(s)) {
        toValidate.push(s);
        continue;
      }
      if (s.paused || s.bufferedBytes >= this.options.prefetchBytesPerPartition) continue;
      const node = this.nodeFor(s);
      if (node === undefined) {
        noLeader.push(s);
        continue;
      }
      const list = byNode.get(node);
      if (list === undefined) byNode.set(node, [s]);
      else list.push(s);
    }
    if (toReset.length > 0) void this.resetOffsets(toReset);
    if (toValidate.length > 0) void this.validator.validate(toValidate);
    if (noLeader.length > 0) this.refreshMetadata(noLeader.map((s) => s.topic));
    for (const [node, list] of byNode) {
      if (this.brokersFetching.has(node)) continue;
      const retryAt = this.brokerRetryAt.get(node) ?? 0;
      if (retryAt > now) {
        wakeAt = Math.min(wakeAt, retryAt);
        continue;
      }
      void this.fetchFrom(node, list);
    }
    if (wakeAt !== Number.POSITIVE_INFINITY) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.schedule(), Math.max(1, wakeAt - now));
    }
  }

  /** The preferred read replica when set and known (KIP-392), else the leader. */
  private nodeFor(s: PartitionState): number | undefined {
    if (s.preferredReadReplica >= 0 && this.cluster.metadata.brokers.has(s.preferredReadReplica))
      return s.preferredReadReplica;
    if (!this.cluster.trackedTopics.has(s.topic)) return undefined;
    return this.cluster.metadata.leaderOf(s.topic, s.partition)?.nodeId;
  }

  /** One coalesced background metadata refresh; fetching is planned again when it ends. */
  private refreshMetadata(topics: readonly string[]): void {
    if (this.refreshing || this.closed) return;
    this.refreshing = true;
    // refreshTopics throws synchronously once the cluster is closed: start it inside a promise.
    Promise.resolve()
      .then(() => this.cluster.refreshTopics([...new Set(topics)], this.abort.signal))
      .catch(() => {
        // Seen again on the next attempt; backoff below keeps this from spinning.
      })
      .finally(() => {
        this.refreshing = false;
        const at = Date.now() + this.options.retryBackoffMs;
        for (const t of topics) for (const s of this.states.values()) if (s.topic === t) s.retryAt = at;
        this.schedule();
      });
  }

  private async fetchFrom(node: number, list: PartitionState[]): Promise<void> {
    this.brokersFetching.add(node);
    for (const s of list) s.fetching = true;
    const session = this.sessions.get(node) ?? new FetchSession();
    this.sessions.set(node, session);
    const sent = list.map((s) => ({ s, generation: s.generation, fetchOffset: s.fetchOffset! }));
    try {
      const connection = await this.cluster.connection(node, this.abort.signal);
      const version = this.fetchVersion(connection, list);
      const wanted: WantedPartition[] = list.map((s) => ({
        topic: s.topic,
        topicId: this.cluster.metadata.topic(s.topic)?.topicId ?? ZERO_UUID,
        partition: s.partition,
        fetchOffset: s.fetchOffset!,
        lastFetchedEpoch: s.fetchEpoch,
        currentLeaderEpoch: this.cluster.metadata.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
        maxBytes: this.options.maxPartitionBytes,
      }));
      const req = session.build(wanted, version);
      this.stats.fetches++;
      if (req.full) this.stats.fullFetches++;
      const response = await connection.send(
        'Fetch',
        {
          replicaId: -1,
          maxWaitMs: this.options.maxWaitMs,
          minBytes: this.options.minBytes,
          maxBytes: this.options.maxBytes,
          isolationLevel: this.options.isolationLevel === 'read_committed' ? 1 : 0,
          sessionId: req.sessionId,
          sessionEpoch: req.sessionEpoch,
          topics: req.topics,
          forgottenTopicsData: req.forgottenTopicsData,
          rackId: this.options.clientRack,
        },
        { version, signal: this.abort.signal, timeoutMs: this.options.maxWaitMs + 30_000 },
      );
      session.handleResponse(response.errorCode, response.sessionId);
      if (response.errorCode !== 0) {
        if (!SESSION_ERRORS.has(response.errorCode))
          this.brokerRetryAt.set(node, Date.now() + this.options.retryBackoffMs);
        return;
      }
      const byKey = new Map(sent.map((e) => [tpKey(e.s.topic, e.s.partition), e]));
      const jobs: Promise<void>[] = [];
      for (const t of response.responses) {
        const topic =
          version >= FETCH_TOPIC_ID_VERSION ? this.cluster.metadata.topicName(t.topicId) : t.topic;
        if (topic === undefined) continue;
        for (const pd of t.partitions) {
          const e = byKey.get(tpKey(topic, pd.partitionIndex));
          // Dropped: removed, seeked or reset while the fetch was in flight.
          if (
            e === undefined ||
            e.s.generation !== e.generation ||
            this.states.get(tpKey(topic, pd.partitionIndex)) !== e.s
          )
            continue;
          jobs.push(this.completePartition(e.s, e.fetchOffset, pd));
        }
      }
      await Promise.all(jobs);
    } catch (error) {
      if (this.closed) return;
      session.reset();
      if (error instanceof UnsupportedVersionError) {
        for (const s of list) this.fail(s, error);
        return;
      }
      // Connection lost, timeout, ...: the broker may be gone; look again after a backoff.
      this.brokerRetryAt.set(node, Date.now() + this.options.retryBackoffMs);
      this.refreshMetadata(list.map((s) => s.topic));
    } finally {
      this.brokersFetching.delete(node);
      for (const s of list) s.fetching = false;
      this.schedule();
    }
  }

  /** The highest common Fetch version, at least 4; capped at 12 while a topic id is unknown. */
  private fetchVersion(connection: Connection, list: readonly PartitionState[]): number {
    let version = connection.versionFor('Fetch');
    if (version < MIN_FETCH_VERSION)
      throw new UnsupportedVersionError(
        'Fetch',
        `Fetch: the broker supports up to v${version}; kafe's consumer needs v${MIN_FETCH_VERSION}+ (Kafka 0.11+)`,
      );
    if (
      version >= FETCH_TOPIC_ID_VERSION &&
      list.some((s) => (this.cluster.metadata.topic(s.topic)?.topicId ?? ZERO_UUID) === ZERO_UUID)
    )
      version = FETCH_TOPIC_ID_VERSION - 1;
    return version;
  }

  private async completePartition(
    s: PartitionState,
    fetchOffset: bigint,
    pd: FetchResponsePartitionData,
  ): Promise<void> {
    const code = pd.errorCode;
    if (code === 0) {
      s.highWatermark = pd.highWatermark;
      s.lastStableOffset = pd.lastStableOffset;
      if (pd.logStartOffset >= 0n) s.logStartOffset = pd.logStartOffset;
      if (this.options.clientRack !== '') s.preferredReadReplica = pd.preferredReadReplica;
      // Fetch v12+: the leader found our last fetched epoch ends before the fetch offset (KIP-320).
      if (pd.divergingEpoch.epoch >= 0 && s.fetchOffset === fetchOffset) {
        this.validator.complete(s, pd.divergingEpoch);
        this.schedule();
        return;
      }
      const data = pd.records;
      if (data === null || data.length === 0) return;
      const generation = s.generation;
      let decoded: Awaited<ReturnType<typeof decodeRecordBatchesAsync>>;
      try {
        decoded = await decodeRecordBatchesAsync(data, { verifyCrc: this.options.checkCrcs });
      } catch (error) {
        if (s.generation === generation) this.fail(s, error);
        return;
      }
      if (s.generation !== generation) return;
      const aborted =
        this.options.isolationLevel === 'read_committed' ? (pd.abortedTransactions ?? []) : null;
      const selected = selectRecords(decoded.batches, fetchOffset, aborted);
      if (selected.nextOffset === fetchOffset) return;
      const epoch = decoded.batches.at(-1)?.partitionLeaderEpoch ?? -1;
      s.fetchOffset = selected.nextOffset;
      s.fetchEpoch = epoch;
      if (selected.count === 0) {
        // Only control or aborted batches: the position moves past them once the buffer is drained.
        const last = s.buffer.at(-1);
        if (last === undefined) {
          s.position = s.takenOffset = selected.nextOffset;
          s.positionEpoch = s.takenEpoch = epoch;
        } else {
          last.nextOffset = selected.nextOffset;
          last.nextEpoch = epoch;
        }
        return;
      }
      s.buffer.push({
        topic: s.topic,
        partition: s.partition,
        batches: selected.batches,
        count: selected.count,
        nextOffset: selected.nextOffset,
        nextEpoch: epoch,
        highWatermark: pd.highWatermark,
        bytes: data.length,
        generation,
      });
      s.bufferedBytes += data.length;
      this.notify();
      return;
    }
    if (code === errorCodes.OFFSET_OUT_OF_RANGE.code) {
      if (s.fetchOffset !== fetchOffset) return;
      if (this.options.autoOffsetReset === 'none') {
        this.fail(s, new OffsetOutOfRangeError(s.topic, s.partition, fetchOffset));
      } else {
        s.invalidate();
        this.schedule();
      }
      return;
    }
    if (LEADER_ERRORS.has(code) || code === errorCodes.UNKNOWN_LEADER_EPOCH.code) {
      s.preferredReadReplica = -1;
      const hint = pd.currentLeader;
      if (hint.leaderId >= 0 && hint.leaderEpoch >= 0)
        this.cluster.updateLeader(s.topic, s.partition, hint.leaderId, hint.leaderEpoch);
      s.retryAt = Date.now() + this.options.retryBackoffMs;
      // UNKNOWN_LEADER_EPOCH: the broker is behind us; our metadata is fine, just wait.
      if (code !== errorCodes.UNKNOWN_LEADER_EPOCH.code) this.refreshMetadata([s.topic]);
      return;
    }
    const error = errorForCode(code) ?? new BrokerError(code, `fetch of ${s.topic}/${s.partition}`);
    if (error.retriable) s.retryAt = Date.now() + this.options.retryBackoffMs;
    else this.fail(s, error);
  }

  /** Reports an error not tied to a partition (e.g. a failed group join) to the next {@link take}. */
  reportError(error: unknown): void {
    this.pendingError =
      error instanceof KafeError ? error : new KafeError('UNKNOWN_ERROR', String(error), { cause: error });
    this.notify();
  }

  /** Like {@link reportError}, but every later {@link take} throws it too (nothing more will come). */
  reportFatal(error: KafeError): void {
    this.fatalError = error;
    this.notify();
  }

  /** Reports `error` to the application once and stops fetching the partition until a seek. */
  private fail(s: PartitionState, error: unknown): void {
    s.failed = true;
    s.error =
      error instanceof KafeError ? error : new KafeError('UNKNOWN_ERROR', String(error), { cause: error });
    this.notify();
  }

  /**
   * Moves partitions that never had a position to their committed offsets (Java
   * `ConsumerCoordinator#refreshCommittedOffsetsIfNeeded`); returns those still without one,
   * for the reset policy. A failed lookup is retried after a backoff.
   */
  private async useCommitted(list: PartitionState[]): Promise<PartitionState[]> {
    const fresh = list.filter((s) => !s.committedChecked);
    if (fresh.length === 0) return list;
    const generations = new Map(fresh.map((s) => [s, s.generation]));
    for (const s of fresh) s.resetting = true;
    try {
      const offsets = await this.committed!(fresh, this.abort.signal);
      for (const s of fresh) {
        if (s.generation !== generations.get(s)) continue;
        s.committedChecked = true;
        const committed = offsets.get(tpKey(s.topic, s.partition));
        if (committed === undefined) continue;
        s.moveTo(committed.offset, committed.leaderEpoch);
        // A committed epoch is checked against the leader before fetching (Java `seekUnvalidated`).
        s.validating = committed.leaderEpoch >= 0;
      }
    } catch (error) {
      if (this.closed) return [];
      for (const s of fresh) s.retryAt = Date.now() + this.options.retryBackoffMs;
      if (!(error instanceof KafeError) || !error.retriable) for (const s of fresh) this.fail(s, error);
      return [];
    } finally {
      for (const s of fresh) s.resetting = false;
      this.schedule();
    }
    return list.filter((s) => s.fetchOffset === undefined && s.committedChecked);
  }

  /** ListOffsets for partitions without a position, per the reset policy (Java `OffsetFetcher#resetPositionsIfNeeded`). */
  private async resetOffsets(all: PartitionState[]): Promise<void> {
    const list = this.committed === undefined ? all : await this.useCommitted(all);
    if (list.length === 0) return;
    if (this.options.autoOffsetReset === 'none') {
      for (const s of list) this.fail(s, new NoOffsetForPartitionError(s.topic, s.partition));
      return;
    }
    const timestamp = this.options.autoOffsetReset === 'earliest' ? -2n : -1n;
    const generations = new Map(list.map((s) => [s, s.generation]));
    for (const s of list) s.resetting = true;
    const retryLater = (s: PartitionState) => {
      s.retryAt = Date.now() + this.options.retryBackoffMs;
    };
    try {
      const { byLeader, unavailable } = await this.cluster.groupByLeader(list, { signal: this.abort.signal });
      for (const s of unavailable) retryLater(s);
      const requests = new Map(
        [...byLeader].map(([node, parts]) => [
          node,
          {
            replicaId: -1,
            isolationLevel: this.options.isolationLevel === 'read_committed' ? 1 : 0,
            topics: groupByTopic(parts).map(([name, ps]) => ({
              name,
              partitions: ps.map((s) => ({
                partitionIndex: s.partition,
                currentLeaderEpoch: this.cluster.metadata.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
                timestamp,
              })),
            })),
          },
        ]),
      );
      this.stats.offsetLookups++;
      const outcomes = await this.cluster.sendPerBroker('ListOffsets', requests, {
        signal: this.abort.signal,
        // v1+: one offset per partition (v0 answers lists of old-style offsets).
        version: (c) => Math.max(1, c.versionFor('ListOffsets')),
      });
      const byKey = new Map(list.map((s) => [tpKey(s.topic, s.partition), s]));
      for (const o of outcomes) {
        if (o.response === undefined) {
          for (const s of byLeader.get(o.nodeId) ?? []) retryLater(s);
          continue;
        }
        for (const t of o.response.topics)
          for (const p of t.partitions) {
            const s = byKey.get(tpKey(t.name, p.partitionIndex));
            if (
              s === undefined ||
              s.generation !== generations.get(s) ||
              this.states.get(tpKey(s.topic, s.partition)) !== s
            )
              continue;
            const error = errorForCode(p.errorCode);
            if (error === undefined) s.moveTo(p.offset, p.leaderEpoch);
            else if (error.retriable) {
              retryLater(s);
              if (error.invalidatesMetadata) this.refreshMetadata([s.topic]);
            } else this.fail(s, error);
          }
      }
    } catch (error) {
      if (this.closed) return;
      for (const s of list) retryLater(s);
      if (!(error instanceof KafeError) || !error.retriable) for (const s of list) this.fail(s, error);
    } finally {
      for (const s of list) s.resetting = false;
      this.schedule();
    }
  }
}

/** Leader epoch of the record before `offset` in `chunk` (the batch holding `offset - 1`). */
function epochBefore(chunk: FetchedChunk, offset: bigint): number {
  let epoch = -1;
  for (const b of chunk.batches) {
    if (b.baseOffset >= offset) break;
    epoch = b.partitionLeaderEpoch;
  }
  return epoch;
}
