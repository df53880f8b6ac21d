/**
 * The fetcher (Java `AbstractFetcher` + `Fetcher` + `OffsetFetcher`; franz-go's `source`s):
 * plans, on each turn, what every assigned partition needs by its state (`partition-state.ts`)
 * and starts it, and hands fetched chunks and errors to the consumer. Its parts:
 *
 * - `partition-registry.ts`: the assigned partitions, chunks handed out round-robin;
 * - `offset-reset.ts`: `initializing` / `awaiting-reset` partitions get a position (the
 *   group's committed offset, else ListOffsets per `autoOffsetReset`);
 * - `position-validation.ts`: `awaiting-validation` partitions are checked against the
 *   leader's log (KIP-320) after a leader epoch change;
 * - `fetch-source.ts`: one per broker, one Fetch in flight each for the `fetchable`
 *   partitions it leads (or the preferred read replica, KIP-392), so a slow broker or a
 *   partition the application is not reading never holds the others back; KIP-227 sessions.
 *
 * Prefetch is bounded per partition in bytes: a partition whose buffered fetches reach
 * `prefetchBytesPerPartition` as received is left out of fetches (and forgotten by the fetch
 * session) until the application takes them. That is the consumer's backpressure. Buffered
 * fetches stay as received, compressed batches compressed (`completed-fetch.ts`): records are
 * decoded as chunks are taken, up to `prefetchBytesPerPartition` each, so what a partition
 * holds is bounded in decompressed bytes too (Java's consumer decompresses batch by batch).
 */
import type { Cluster } from '../cluster/cluster.js';
import { ClientClosedError } from '../cluster/errors.js';
import { Lifecycle } from '../net/lifecycle.js';
import { KafeError } from '../protocol/errors.js';
import { ConsumerMetrics } from './consumer-metrics.js';
import type { FetchContext, FetcherStats } from './fetch-context.js';
import { FetchSource } from './fetch-source.js';
import { type CommittedLookup, OffsetReset } from './offset-reset.js';
import type { ResolvedConsumerOptions } from './options.js';
import { PartitionRegistry, type PartitionToAdd } from './partition-registry.js';
import type { FetchedChunk, PartitionState } from './partition-state.js';
import { PositionValidator } from './position-validation.js';

/** Fetches records of the assigned partitions into per-partition buffers. */
export class Fetcher {
  readonly stats: FetcherStats = {
    fetches: 0,
    fullFetches: 0,
    offsetLookups: 0,
    validations: 0,
    truncations: 0,
    outOfRangeResets: 0,
  };
  private readonly registry = new PartitionRegistry();
  private readonly sources = new Map<number, FetchSource>();
  /** Its signal abandons the requests in flight when the fetcher closes. */
  private readonly lifecycle = new Lifecycle({
    component: 'fetcher',
    closedError: () => new ClientClosedError('consumer'),
  });
  private readonly ctx: FetchContext;
  private readonly validator: PositionValidator;
  private readonly offsetReset: OffsetReset;
  private waiters: (() => void)[] = [];
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;
  private pendingError: KafeError | undefined;
  /** An error every later {@link take} throws: the member was fenced for good. */
  private fatalError: KafeError | undefined;

  /**
   * @param committed the group's committed offsets, looked up before the reset policy for a
   *   partition that never had a position (absent without a group id).
   */
  constructor(
    private readonly cluster: Cluster,
    private readonly options: ResolvedConsumerOptions,
    committed?: CommittedLookup,
    private readonly metrics = new ConsumerMetrics(),
  ) {
    this.ctx = {
      cluster,
      options,
      signal: this.lifecycle.signal,
      stats: this.stats,
      metrics,
      registry: this.registry,
      fail: (s, error) => this.fail(s, error),
      refreshMetadata: (topics) => this.refreshMetadata(topics),
      schedule: () => this.schedule(),
      notify: () => this.notify(),
    };
    this.validator = new PositionValidator(this.ctx);
    this.offsetReset = new OffsetReset(this.ctx, committed);
  }

  /** The assigned partitions' states. */
  get partitions(): IterableIterator<PartitionState> {
    return this.registry.values();
  }

  /** The state of a partition, if assigned. */
  state(topic: string, partition: number): PartitionState | undefined {
    return this.registry.get(topic, partition);
  }

  /**
   * Adds partitions (at `offset`, or from the committed offset or reset policy when absent). A
   * partition already assigned keeps its state unless an offset is given.
   */
  add(partitions: readonly PartitionToAdd[]): void {
    this.registry.add(partitions);
    this.schedule();
  }

  /** Removes partitions: their buffers are dropped and late answers for them ignored. */
  remove(partitions: readonly { topic: string; partition: number }[]): void {
    this.registry.remove(partitions);
    this.notify();
    this.schedule();
  }

  /**
   * The next buffered chunk of a partition that is not paused and not in `busy`, round-robin
   * over partitions: its records decoded up to about `prefetchBytesPerPartition` (plus one
   * batch), so a chunk of compressed batches never holds more than that decompressed. A fetch
   * leaves the prefetch bound (so fetching resumes) once its last chunk is taken. An error to
   * report is thrown instead.
   */
  take(busy?: { has(key: string): boolean }): FetchedChunk | undefined {
    if (this.fatalError !== undefined) throw this.fatalError;
    if (this.pendingError !== undefined) {
      const e = this.pendingError;
      this.pendingError = undefined;
      throw e;
    }
    const chunk = this.registry.take(this.options.prefetchBytesPerPartition, busy);
    if (chunk === undefined) return undefined;
    let bytes = 0;
    for (const b of chunk.batches) bytes += b.sizeInBytes;
    this.metrics.consumed(chunk.count, bytes, chunk.bytes);
    this.schedule();
    return chunk;
  }

  /** Records that the application processed `chunk` (the position moves past it, unless a seek intervened). */
  processed(chunk: FetchedChunk): void {
    this.registry.processed(chunk);
  }

  /** Records that the application processed `chunk` up to `offset` (exclusive): the position for a partial batch. */
  processedTo(chunk: FetchedChunk, offset: bigint): void {
    this.registry.processedTo(chunk, offset);
  }

  /**
   * Gives back a chunk taken but not (fully) processed: the partition is fetched again from its
   * position, so nothing after it is skipped (an iterator left early, a failed handler).
   */
  rewind(chunk: FetchedChunk): void {
    if (this.registry.rewind(chunk)) this.schedule();
  }

  /** Resolves when data, an error, an assignment change or close may make {@link take} return something. */
  waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.lifecycle.isClosed || signal?.aborted) return resolve();
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
    if (this.scheduled || this.lifecycle.isClosed) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.tick();
    });
  }

  /** Stops fetching; in-flight requests are abandoned. */
  close(): Promise<void> {
    return this.lifecycle.close(() => {
      clearTimeout(this.timer);
      this.notify();
    });
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

  /**
   * One planning round: each partition with nothing in flight and no backoff gets what its
   * state asks for (a position, a validation, a fetch from its broker's source).
   */
  private tick(): void {
    if (this.lifecycle.isClosed || this.cluster.isClosed) return;
    const now = Date.now();
    let wakeAt = Number.POSITIVE_INFINITY;
    const toReset: PartitionState[] = [];
    const toValidate: PartitionState[] = [];
    const byNode = new Map<number, PartitionState[]>();
    const noLeader: PartitionState[] = [];
    for (const s of this.registry.values()) {
      const kind = s.state.kind;
      if (kind === 'failed' || s.inFlight !== undefined || s.revoking) continue;
      if (s.backoffUntil > now) {
        wakeAt = Math.min(wakeAt, s.backoffUntil);
        continue;
      }
      if (kind === 'initializing' || kind === 'awaiting-reset') {
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
    if (toReset.length > 0) void this.offsetReset.run(toReset);
    if (toValidate.length > 0) void this.validator.validate(toValidate);
    if (noLeader.length > 0) this.refreshMetadata(noLeader.map((s) => s.topic));
    for (const [node, list] of byNode) {
      let source = this.sources.get(node);
      if (source === undefined) {
        source = new FetchSource(this.ctx, this.validator, node);
        this.sources.set(node, source);
      }
      const readyAt = source.readyAt(now);
      if (readyAt === undefined) continue;
      if (readyAt > now) {
        wakeAt = Math.min(wakeAt, readyAt);
        continue;
      }
      void source.fetch(list);
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
    if (this.refreshing || this.lifecycle.isClosed) return;
    this.refreshing = true;
    // refreshTopics throws synchronously once the cluster is closed: start it inside a promise.
    Promise.resolve()
      .then(() => this.cluster.refreshTopics([...new Set(topics)], this.lifecycle.signal))
      .catch(() => {
        // Seen again on the next attempt; backoff below keeps this from spinning.
      })
      .finally(() => {
        this.refreshing = false;
        const at = Date.now() + this.options.retryBackoffMs;
        const refreshed = new Set(topics);
        for (const s of this.registry.values()) if (refreshed.has(s.topic)) s.backOff(at);
        this.schedule();
      });
  }

  /** Reports `error` to the application once and stops fetching the partition until a seek. */
  private fail(s: PartitionState, error: unknown): void {
    s.fail(
      error instanceof KafeError ? error : new KafeError('UNKNOWN_ERROR', String(error), { cause: error }),
    );
    this.notify();
  }
}
