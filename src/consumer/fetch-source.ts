/**
 * Fetching from one broker (franz-go's `source`; Java `AbstractFetcher#prepareFetchRequests`
 * per node): at most one Fetch in flight, its incremental fetch session (KIP-227,
 * `fetch-session.ts`), and a backoff after the broker failed a fetch. Each partition of the
 * response goes through {@link fetchOutcome} and its outcome is applied to the partition's
 * state; an answer for a partition removed, moved (seek, reset, rewind) or past that offset
 * since the fetch was sent is dropped.
 *
 * Fetch is pinned to v4+ (record batches, isolation level and the aborted-transaction list,
 * KIP-98); the current leader epoch goes with every partition so a stale leader is detected
 * (KIP-320), and the last fetched epoch from v12 so the leader can answer a `divergingEpoch`.
 */
import { topicPartitionKey } from '../cluster/topic-partition.js';
import type { Connection } from '../net/connection.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { traced } from '../net/tracing.js';
import { loadCodec } from '../protocol/compression/index.js';
import { ZERO_UUID } from '../protocol/message-codec.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { FetchResponsePartitionData } from '../protocol/messages/fetch.js';
import { scanRecordBatches } from '../protocol/records/scan-record-batches.js';
import { CompletedFetch } from './completed-fetch.js';
import { consumerTracing } from './diagnostics.js';
import type { FetchContext } from './fetch-context.js';
import { type FetchOutcome, fetchOutcome } from './fetch-outcome.js';
import { FETCH_TOPIC_ID_VERSION, FetchSession, type WantedPartition } from './fetch-session.js';
import type { PartitionState } from './partition-state.js';
import type { PositionValidator } from './position-validation.js';

/** Lowest Fetch version used: record batches, `isolationLevel`, `abortedTransactions` (KIP-98). */
export const MIN_FETCH_VERSION = 4;

/** Session errors: the broker forgot or distrusts our session; the next fetch is full. */
const SESSION_ERRORS: ReadonlySet<number> = new Set([
  errorCodes.FETCH_SESSION_ID_NOT_FOUND.code,
  errorCodes.INVALID_FETCH_SESSION_EPOCH.code,
  errorCodes.FETCH_SESSION_TOPIC_ID_ERROR.code,
]);

/** One broker's fetching; see the module comment. */
export class FetchSource {
  private readonly session = new FetchSession();
  private fetching = false;
  private backoffUntil = 0;

  constructor(
    private readonly ctx: FetchContext,
    private readonly validator: PositionValidator,
    /** The broker fetched from. */
    readonly node: number,
  ) {}

  /**
   * When a fetch can be sent: 0 now, a time (ms since epoch) after a failed fetch, or
   * `undefined` while one is in flight (its end plans the next).
   */
  readyAt(now: number): number | undefined {
    if (this.fetching) return undefined;
    return this.backoffUntil > now ? this.backoffUntil : 0;
  }

  /** Fetches `list` (fetchable partitions led by, or preferring, this broker) and applies the answer. */
  fetch(list: readonly PartitionState[]): Promise<void> {
    const startedAt = this.ctx.metrics.start();
    return traced(
      consumerTracing.fetch,
      () => ({ client: this.ctx.cluster.scope, nodeId: this.node, partitions: list.length }),
      () => this.fetchNow(list),
    ).finally(() => this.ctx.metrics.fetched(startedAt));
  }

  private async fetchNow(list: readonly PartitionState[]): Promise<void> {
    const { ctx, session } = this;
    const { cluster, options, signal } = ctx;
    this.fetching = true;
    for (const s of list) s.begin('fetch');
    const sent = list.map((s) => ({ s, generation: s.generation, fetchOffset: s.fetchOffset! }));
    try {
      const connection = await cluster.connection(this.node, signal);
      const version = fetchVersion(connection, ctx, list);
      const wanted: WantedPartition[] = list.map((s) => ({
        topic: s.topic,
        topicId: cluster.metadata.topic(s.topic)?.topicId ?? ZERO_UUID,
        partition: s.partition,
        fetchOffset: s.fetchOffset!,
        lastFetchedEpoch: s.fetchEpoch,
        currentLeaderEpoch: cluster.metadata.partition(s.topic, s.partition)?.leaderEpoch ?? -1,
        maxBytes: options.maxPartitionBytes,
      }));
      const req = session.build(wanted, version);
      ctx.stats.fetches++;
      if (req.full) ctx.stats.fullFetches++;
      const response = await connection.send(
        'Fetch',
        {
          replicaId: -1,
          maxWaitMs: options.maxWaitMs,
          minBytes: options.minBytes,
          maxBytes: options.maxBytes,
          isolationLevel: options.isolationLevel === 'read_committed' ? 1 : 0,
          sessionId: req.sessionId,
          sessionEpoch: req.sessionEpoch,
          topics: req.topics,
          forgottenTopicsData: req.forgottenTopicsData,
          rackId: options.clientRack,
        },
        { version, signal, timeoutMs: options.maxWaitMs + 30_000 },
      );
      session.handleResponse(response.errorCode, response.sessionId);
      if (response.errorCode !== 0) {
        if (!SESSION_ERRORS.has(response.errorCode)) this.backOff();
        return;
      }
      const byKey = new Map(sent.map((e) => [topicPartitionKey(e.s.topic, e.s.partition), e]));
      const jobs: Promise<void>[] = [];
      for (const t of response.responses) {
        const topic = version >= FETCH_TOPIC_ID_VERSION ? cluster.metadata.topicName(t.topicId) : t.topic;
        if (topic === undefined) continue;
        for (const pd of t.partitions) {
          const e = byKey.get(topicPartitionKey(topic, pd.partitionIndex));
          // Dropped: removed, seeked or reset while the fetch was in flight.
          if (
            e === undefined ||
            !ctx.registry.isCurrent(e.s, e.generation) ||
            e.s.fetchOffset !== e.fetchOffset
          )
            continue;
          jobs.push(this.apply(e.s, e.fetchOffset, pd));
        }
      }
      await Promise.all(jobs);
    } catch (error) {
      if (signal.aborted) return;
      session.reset();
      if (error instanceof UnsupportedVersionError) {
        for (const s of list) ctx.fail(s, error);
        return;
      }
      // Connection lost, timeout, ...: the broker may be gone; look again after a backoff.
      this.backOff();
      ctx.refreshMetadata(list.map((s) => s.topic));
    } finally {
      this.fetching = false;
      for (const s of list) s.end('fetch');
      ctx.schedule();
    }
  }

  private backOff(): void {
    this.backoffUntil = Date.now() + this.ctx.options.retryBackoffMs;
  }

  /** Applies the outcome of one partition's answer to its state. */
  private async apply(s: PartitionState, fetchOffset: bigint, pd: FetchResponsePartitionData): Promise<void> {
    const { ctx } = this;
    const outcome = fetchOutcome(pd, {
      topic: s.topic,
      partition: s.partition,
      fetchOffset,
      options: ctx.options,
    });
    switch (outcome.kind) {
      case 'records':
        s.updateFromFetch(outcome.log);
        return this.buffer(s, fetchOffset, outcome);
      case 'diverging':
        s.updateFromFetch(outcome.log);
        this.validator.complete(s, outcome.end);
        ctx.schedule();
        return;
      case 'reset':
        s.invalidate(fetchOffset);
        ctx.schedule();
        return;
      case 'leader-moved':
        s.forgetReadReplica();
        if (outcome.hint !== undefined)
          ctx.cluster.updateLeader(s.topic, s.partition, outcome.hint.leaderId, outcome.hint.leaderEpoch);
        s.backOff(Date.now() + ctx.options.retryBackoffMs);
        if (outcome.refreshMetadata) ctx.refreshMetadata([s.topic]);
        return;
      case 'retry':
        s.backOff(Date.now() + ctx.options.retryBackoffMs);
        return;
      case 'fail':
        ctx.fail(s, outcome.error);
        return;
    }
  }

  /**
   * Buffers fetched records as received, their headers and CRCs checked (`completed-fetch.ts`
   * decodes them as the application takes them); the codecs they need are loaded here.
   */
  private async buffer(
    s: PartitionState,
    fetchOffset: bigint,
    outcome: Extract<FetchOutcome, { kind: 'records' }>,
  ): Promise<void> {
    const data = outcome.records;
    if (data === null || data.length === 0) return;
    const { ctx } = this;
    const generation = s.generation;
    let fetch: CompletedFetch;
    try {
      const scan = scanRecordBatches(data, { verifyCrc: ctx.options.checkCrcs });
      for (const type of scan.codecs) await loadCodec(type);
      fetch = new CompletedFetch(scan, {
        fetchOffset,
        aborted: outcome.abortedTransactions,
        highWatermark: outcome.log.highWatermark,
      });
    } catch (error) {
      if (s.generation === generation) ctx.fail(s, error);
      return;
    }
    if (s.generation !== generation || fetch.nextOffset === fetchOffset) return;
    if (!fetch.mayHaveRecords) {
      // Only control batches: the position moves past them once the buffer is drained.
      s.skipTo(fetch.nextOffset, fetch.nextEpoch);
      return;
    }
    s.append(fetch);
    ctx.notify();
  }
}

/** The highest common Fetch version, at least 4; capped at 12 while a topic id is unknown. */
function fetchVersion(connection: Connection, ctx: FetchContext, list: readonly PartitionState[]): number {
  let version = connection.versionFor('Fetch');
  if (version < MIN_FETCH_VERSION)
    throw new UnsupportedVersionError(
      'Fetch',
      `Fetch: the broker supports up to v${version}; kafe's consumer needs v${MIN_FETCH_VERSION}+ (Kafka 0.11+)`,
    );
  if (
    version >= FETCH_TOPIC_ID_VERSION &&
    list.some((s) => (ctx.cluster.metadata.topic(s.topic)?.topicId ?? ZERO_UUID) === ZERO_UUID)
  )
    version = FETCH_TOPIC_ID_VERSION - 1;
  return version;
}
