/**
 * The cluster: bootstrap, the metadata cache and its refreshes, the broker pool, coordinator
 * lookups, routing and retries — everything a producer, consumer or admin client needs to get a
 * request to the right broker and an answer back (Java: `Metadata` + `NetworkClient` +
 * `ConsumerNetworkClient`; KafkaJS: `Cluster`).
 *
 * - Metadata is refreshed on demand (coalesced, `metadata-refresh.ts`), when an error's
 *   `invalidatesMetadata` flag says the cache is stale, when a broker connection is lost, and
 *   every `metadataMaxAgeMs`.
 * - {@link Cluster.send} retries retriable errors with backoff until the operation's deadline;
 *   the error table decides what is retriable (`retry.ts`).
 * - {@link Cluster.sendPerBroker} sends one request per broker and returns every broker's
 *   outcome, so one failing broker does not hide the others' answers.
 */
import type { RequestOf, ResponseOf } from '../net/api-codecs.js';
import { ClientScope } from '../net/client-scope.js';
import type { Connection } from '../net/connection.js';
import { withHiddenSecrets } from '../net/hidden-secrets.js';
import { Lifecycle } from '../net/lifecycle.js';
import { type KafeTracingChannel, traced } from '../net/tracing.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { BrokerAddress } from './broker-address.js';
import { formatAddress, parseBootstrap } from './broker-address.js';
import { BrokerPool } from './broker-pool.js';
import { type ClusterOptions, checkClusterOptions } from './cluster-options.js';
import {
  CoordinatorCache,
  type CoordinatorInfo,
  findCoordinators,
  invalidatesCoordinator,
} from './coordinators.js';
import { clusterChannels, type MetadataMessage } from './diagnostics.js';
import { type BrokerOutcome, ClientClosedError, type ConfigurationError } from './errors.js';
import { MetadataCache, type MetadataChange, type TopicInfo } from './metadata-cache.js';
import { MetadataRefresher } from './metadata-refresh.js';
import { type BackoffOptions, isRetriable, raceAbort, retry } from './retry.js';
import {
  type CoordinatorType,
  type Destination,
  destinationOf,
  type RoutableApi,
  type TargetOf,
} from './routing.js';
import type { TopicPartition } from './topic-partition.js';

export type { ClusterOptions } from './cluster-options.js';

/** Options of one call. */
export interface CallOptions {
  /** Deadline across all attempts, in ms. Defaults to the cluster's `timeoutMs`. */
  timeoutMs?: number;
  /** Aborting fails the call at once with `OperationAbortedError` (code `REQUEST_ABORTED`). */
  signal?: AbortSignal | undefined;
}

/** Options of {@link Cluster.send} for API `N`. */
export interface SendOptions<N extends RoutableApi> extends CallOptions {
  /** Where to send, per the API's route (see `routing.ts`); optional for `any` and `controller` routes. */
  to?: TargetOf<N>;
  /**
   * Version to use instead of the negotiated one; or a function choosing it from the chosen
   * broker's connection (its `negotiated` ranges), e.g. the lowest version that carries some
   * field. It must be supported by both sides (else `UnsupportedVersionError`).
   */
  version?: number | ((connection: Connection) => number);
  /**
   * The error a response carries, if any (e.g. its top-level `errorCode`). A retriable one is
   * retried (after a metadata refresh or coordinator lookup when it says so); another is thrown.
   * Without it, responses are returned as they are, per-partition errors included.
   */
  errorOf?: (response: ResponseOf<N>) => KafeError | undefined;
  /**
   * Whether a request whose outcome is unknown (timeout, connection lost after it was written)
   * may be sent again. Default true; a non-idempotent Produce must pass false.
   */
  retryUnknownOutcome?: boolean;
  /**
   * The whole call (retries included) on a tracing channel (`net/tracing.ts`), with the context
   * built only when someone subscribes: the consumer traces its group requests this way.
   */
  trace?: CallTrace;
}

/** A tracing channel and how to build its context, for {@link SendOptions.trace}. */
export interface CallTrace {
  readonly channel: KafeTracingChannel<object>;
  readonly context: () => object;
}

/** A {@link CallTrace} on `channel`, its context typed as the channel's. */
export function callTrace<C extends object>(channel: KafeTracingChannel<C>, context: () => C): CallTrace {
  return { channel: channel as KafeTracingChannel<object>, context };
}

type SendArgs<N extends RoutableApi> =
  undefined extends TargetOf<N>
    ? [options?: SendOptions<N>]
    : [options: SendOptions<N> & { to: TargetOf<N> }];

/** Partitions grouped by their leader's node id. */
export interface LeaderGroups<T extends TopicPartition> {
  readonly byLeader: Map<number, T[]>;
  /** Partitions of unknown topics, unknown partitions, or without an elected leader. */
  readonly unavailable: T[];
}

const nodeKey = (nodeId: number) => `node-${nodeId}`;
/**
 * The group coordinator's own connection (Java's consumer does the same, as node
 * `Integer.MAX_VALUE - id`): a broker answers one connection's requests in order, so a
 * heartbeat or an offset commit sent behind a fetch parked for `maxWaitMs` (or a large
 * fetch still being written) would wait for it, and the next fetch would wait behind them.
 */
const groupCoordinatorKey = (nodeId: number) => `group-coordinator-${nodeId}`;
const bootstrapKey = (address: BrokerAddress) => `bootstrap-${formatAddress(address)}`;

/** A Kafka cluster as the client sees it. */
export class Cluster {
  /** What is known about brokers, topics and partitions. */
  readonly metadata = new MetadataCache();
  /** Topics whose metadata is kept fresh (every topic a request was routed to or refreshed). */
  readonly trackedTopics = new Set<string>();

  private readonly bootstrap: BrokerAddress[];
  private readonly pool: BrokerPool;
  private readonly coordinators: CoordinatorCache;
  private readonly refresher: MetadataRefresher;
  private readonly timeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly backoff: BackoffOptions;
  private readonly maxAgeTimer: NodeJS.Timeout;
  private readonly lifecycle: Lifecycle;
  /**
   * The client this cluster serves, named by every diagnostics message of its connections and
   * of the clients built on it (and so their log lines).
   */
  readonly scope: ClientScope;
  /** Whether the clients on this cluster push their metrics when subscribed (KIP-714, `enableMetricsPush`). */
  readonly metricsPush: boolean;

  /**
   * Validates `options` (throws {@link ConfigurationError}); connects lazily, on the first
   * request. `scope` is the client's (a `Kafka` passes its own to every cluster it makes);
   * without one, the cluster's events name its `clientId` and are not logged.
   */
  constructor(options: ClusterOptions, scope?: ClientScope) {
    checkClusterOptions(options);
    this.scope = scope ?? new ClientScope(options.clientId === undefined ? 'kafe' : options.clientId);
    this.lifecycle = new Lifecycle({
      component: 'cluster',
      scope: this.scope,
      closedError: () => new ClientClosedError('cluster'),
    });
    this.bootstrap = parseBootstrap(options.brokers);
    const {
      brokers: _brokers,
      connectionsPerBroker,
      reconnectBackoffMs,
      reconnectBackoffMaxMs,
      retryBackoffMs,
      retryBackoffMaxMs,
      timeoutMs,
      metadataMaxAgeMs,
      logger: _logger,
      logLevel: _logLevel,
      enableMetricsPush,
      ...connection
    } = options;
    this.timeoutMs = timeoutMs ?? 30_000;
    this.metricsPush = enableMetricsPush ?? true;
    this.requestTimeoutMs = connection.requestTimeoutMs ?? 30_000;
    const maxAge = metadataMaxAgeMs ?? 300_000;
    this.backoff = {
      ...(retryBackoffMs === undefined ? {} : { initialBackoffMs: retryBackoffMs }),
      ...(retryBackoffMaxMs === undefined ? {} : { maxBackoffMs: retryBackoffMaxMs }),
    };
    this.pool = new BrokerPool({
      connection: withHiddenSecrets(connection),
      scope: this.scope,
      ...(connectionsPerBroker === undefined ? {} : { connectionsPerBroker }),
      ...(reconnectBackoffMs === undefined ? {} : { reconnectBackoffMs }),
      ...(reconnectBackoffMaxMs === undefined ? {} : { reconnectBackoffMaxMs }),
      onConnectionLost: (key) => this.connectionLost(key),
    });
    this.coordinators = new CoordinatorCache(async (type, keys) => {
      const connection = await this.connectionTo({ kind: 'any' }, undefined);
      return findCoordinators(connection, type, keys, { timeoutMs: this.requestTimeoutMs });
    });
    this.refresher = new MetadataRefresher((topics) => this.fetchMetadata(topics));
    // Periodic refresh (Java `metadata.max.age.ms`); unref'd so it never keeps a process alive.
    this.maxAgeTimer = setInterval(
      () => {
        if (Date.now() - this.metadata.updatedAt >= maxAge) this.refreshInBackground();
      },
      Math.min(maxAge, 60_000),
    );
    this.maxAgeTimer.unref();
  }

  /** Whether {@link close} was called. */
  get isClosed(): boolean {
    return this.lifecycle.isClosed;
  }

  /** Deadline of an operation when the call gives none (`timeoutMs` option). */
  get defaultTimeoutMs(): number {
    return this.timeoutMs;
  }

  /** How long one request waits for its response (`requestTimeoutMs` option). */
  get defaultRequestTimeoutMs(): number {
    return this.requestTimeoutMs;
  }

  /** How many Metadata requests were sent (coalescing makes this smaller than the refreshes asked). */
  get metadataRequests(): number {
    return this.refresher.requests;
  }

  /**
   * Refreshes metadata for `topics` (and every tracked topic); with `null`, for all topics of
   * the cluster. Concurrent calls share requests. Retries on other brokers until the deadline.
   */
  async refreshMetadata(
    topics: readonly string[] | null = [],
    options: CallOptions = {},
  ): Promise<MetadataCache> {
    this.lifecycle.check();
    await retry((attempt) => this.refreshOnce(topics, attempt.signal), {
      operation: 'Metadata',
      timeoutMs: options.timeoutMs ?? this.timeoutMs,
      signal: options.signal,
      shouldRetry: (e) => !this.lifecycle.isClosed && isRetriable(e),
      client: this.scope,
      ...this.backoff,
    });
    return this.metadata;
  }

  /** Stops tracking topics (deleted ones, or ones a client no longer uses). */
  untrackTopics(topics: readonly string[]): void {
    for (const t of topics) {
      this.trackedTopics.delete(t);
      this.metadata.removeTopic(t);
    }
  }

  /**
   * Sends one request (or, given a function, the request for the version negotiated with the
   * chosen broker) to where the API's route says, retrying retriable failures until the
   * deadline: connection failures (the request never left), unknown outcomes (unless
   * `retryUnknownOutcome` is false), and retriable errors reported by `errorOf`. Stale
   * metadata is refreshed and moved coordinators forgotten between attempts.
   */
  send<N extends RoutableApi>(
    api: N,
    request: RequestOf<N> | ((version: number) => RequestOf<N>),
    ...[options]: SendArgs<N>
  ): Promise<ResponseOf<N>> {
    const o: SendOptions<N> = options ?? {};
    if (o.trace !== undefined) {
      const { trace, ...untraced } = o;
      return traced(trace.channel, trace.context, () =>
        this.send(api, request, ...([untraced] as SendArgs<N>)),
      );
    }
    const destination = destinationOf(api, o.to as TargetOf<N>);
    return this.guard(
      retry(
        async (attempt) => {
          this.lifecycle.check();
          const connection = await this.connectionTo(destination, attempt.signal);
          let response: ResponseOf<N>;
          try {
            // A request may depend on the version this broker negotiated (fields that moved
            // between versions, e.g. DeleteTopics v6 `topics` vs `topicNames` before).
            const version =
              typeof o.version === 'function'
                ? o.version(connection)
                : (o.version ?? connection.versionFor(api));
            const body = typeof request === 'function' ? request(version) : request;
            response = (await connection.send(api, body, {
              signal: attempt.signal,
              timeoutMs: Math.min(this.requestTimeoutMs, attempt.remainingMs),
              version,
            })) as ResponseOf<N>;
          } catch (error) {
            throw o.retryUnknownOutcome === false ? final(error) : error;
          }
          const error = o.errorOf?.(response);
          if (error !== undefined) throw error;
          return response;
        },
        {
          operation: api,
          timeoutMs: o.timeoutMs ?? this.timeoutMs,
          signal: o.signal,
          shouldRetry: (e) => !this.lifecycle.isClosed && isRetriable(e),
          onRetry: (e, _attempt, signal) => this.recover(e, destination, signal),
          client: this.scope,
          ...this.backoff,
        },
      ),
    );
  }

  /**
   * Sends one request per broker (`requests`: node id -> request) in parallel, each with
   * {@link send}'s retries, and resolves with every broker's outcome: a response or the error
   * that ended its attempts. It never rejects because of one broker.
   */
  async sendPerBroker<N extends RoutableApi>(
    api: N,
    requests: ReadonlyMap<number, RequestOf<N>>,
    options: Omit<SendOptions<N>, 'to'> = {},
  ): Promise<BrokerOutcome<ResponseOf<N>>[]> {
    this.lifecycle.check();
    return Promise.all(
      [...requests].map(async ([nodeId, request]): Promise<BrokerOutcome<ResponseOf<N>>> => {
        const to = { nodeId } as TargetOf<N>;
        const args = [{ ...options, to }] as unknown as SendArgs<N>;
        try {
          return { nodeId, response: await this.send(api, request, ...args) };
        } catch (error) {
          return { nodeId, error: asKafeError(error) };
        }
      }),
    );
  }

  /**
   * Groups partitions by leader, refreshing metadata once for topics or leaders not known yet.
   * What still has no leader comes back in `unavailable`.
   */
  async groupByLeader<T extends TopicPartition>(
    partitions: readonly T[],
    options: CallOptions = {},
  ): Promise<LeaderGroups<T>> {
    const missing = partitions.filter((p) => this.metadata.leaderOf(p.topic, p.partition) === undefined);
    const untracked = partitions.some((p) => !this.trackedTopics.has(p.topic));
    if (missing.length > 0 || untracked) {
      await this.refreshMetadata([...new Set(partitions.map((p) => p.topic))], options);
    }
    const byLeader = new Map<number, T[]>();
    const unavailable: T[] = [];
    for (const p of partitions) {
      const leader = this.metadata.leaderOf(p.topic, p.partition);
      if (leader === undefined) {
        unavailable.push(p);
        continue;
      }
      const list = byLeader.get(leader.nodeId);
      if (list === undefined) byLeader.set(leader.nodeId, [p]);
      else list.push(p);
    }
    return { byLeader, unavailable };
  }

  /**
   * The connection to broker `nodeId` (from metadata), opened if needed: for clients that build
   * per-broker requests themselves (a producer's sender, a fetcher).
   */
  connection(nodeId: number, signal?: AbortSignal): Promise<Connection> {
    this.lifecycle.check();
    return this.connectionTo({ kind: 'node', nodeId }, signal);
  }

  /** A connection to any broker (Java's "least loaded node"): the open one with the fewest requests in flight. */
  anyConnection(signal?: AbortSignal): Promise<Connection> {
    this.lifecycle.check();
    return this.connectionTo({ kind: 'any' }, signal);
  }

  /** The cached topic, or undefined (no I/O). */
  cachedTopic(topic: string): TopicInfo | undefined {
    return this.metadata.topic(topic);
  }

  /** The topic's last Metadata error that waiting cannot cure (`MetadataCache#topicError`), if any. */
  topicError(topic: string): number | undefined {
    return this.metadata.topicError(topic);
  }

  /**
   * One coalesced refresh of `topics` (tracked from now on); unknown topics are absent
   * afterwards. With `allowAutoTopicCreation`, a request of its own for just these topics asks
   * brokers with `auto.create.topics.enable` to create the missing ones (Metadata v4+; older
   * versions always allow it); a topic being created is still absent until its leaders are known.
   */
  refreshTopics(
    topics: readonly string[],
    signal?: AbortSignal,
    options: { readonly allowAutoTopicCreation?: boolean } = {},
  ): Promise<void> {
    this.lifecycle.check();
    if (options.allowAutoTopicCreation !== true) return this.refreshOnce(topics, signal);
    for (const t of topics) this.trackedTopics.add(t);
    return raceAbort(this.fetchMetadata(topics, true), signal, 'Metadata');
  }

  /** Records a leader learned from a response (KIP-951 `currentLeader`); ignored unless its epoch is newer. */
  updateLeader(topic: string, partition: number, leaderId: number, leaderEpoch: number): void {
    this.metadata.updateLeader(topic, partition, leaderId, leaderEpoch);
  }

  /**
   * The coordinator of `key`: cached, or looked up together with every other key asked for in
   * the same turn of the event loop (one batched FindCoordinator, KIP-699). A broker's error
   * for the key rejects (e.g. COORDINATOR_NOT_AVAILABLE, retriable).
   */
  coordinatorOf(type: CoordinatorType, key: string, signal?: AbortSignal): Promise<CoordinatorInfo> {
    this.lifecycle.check();
    return raceAbort(this.coordinators.find(type, key), signal, 'FindCoordinator');
  }

  /** Forgets the cached coordinator of a key (after an error the caller handled itself). */
  invalidateCoordinator(type: 'group' | 'transaction' | 'share', key: string): void {
    this.coordinators.invalidate(type, key);
  }

  /**
   * Closes every connection; pending and later calls fail with {@link ClientClosedError}. Every
   * call returns the same promise.
   */
  close(): Promise<void> {
    return this.lifecycle.close(() => {
      clearInterval(this.maxAgeTimer);
      return this.pool.close();
    });
  }

  /** Maps any failure after close to {@link ClientClosedError}. */
  private async guard<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      if (this.lifecycle.isClosed && !(error instanceof ClientClosedError))
        throw new ClientClosedError('cluster', error);
      throw error;
    }
  }

  /** Between attempts: refresh what the error says is stale. */
  private async recover(error: unknown, destination: Destination, signal: AbortSignal): Promise<void> {
    if (
      destination.kind === 'coordinator' &&
      (invalidatesCoordinator(error) || !(error instanceof BrokerError))
    ) {
      this.coordinators.invalidate(destination.type, destination.key);
    }
    const stale =
      (error instanceof BrokerError &&
        (error.invalidatesMetadata || error.errorCode === errorCodes.NOT_CONTROLLER.code)) ||
      (!(error instanceof BrokerError) && destination.kind !== 'any');
    if (stale) {
      const topics = destination.kind === 'leader' ? [destination.topic] : [];
      await this.refreshOnce(topics, signal);
    }
  }

  /** A connection to where `destination` points, looking up metadata or the coordinator as needed. */
  private async connectionTo(destination: Destination, signal: AbortSignal | undefined): Promise<Connection> {
    switch (destination.kind) {
      case 'any':
        return this.pickAny(signal);
      case 'node': {
        const broker =
          this.metadata.brokers.get(destination.nodeId) ??
          (await this.brokerAfterRefresh(destination.nodeId, signal));
        return this.pool.get(nodeKey(broker.nodeId), broker, signal);
      }
      case 'controller': {
        const id = this.metadata.controllerId;
        const broker = id >= 0 ? this.metadata.brokers.get(id) : undefined;
        if (broker === undefined) {
          await this.refreshOnce([], signal);
          const fresh = this.metadata.brokers.get(this.metadata.controllerId);
          // No controller named: any broker forwards admin requests (KIP-590).
          if (fresh === undefined) return this.pickAny(signal);
          return this.pool.get(nodeKey(fresh.nodeId), fresh, signal);
        }
        return this.pool.get(nodeKey(broker.nodeId), broker, signal);
      }
      case 'leader': {
        const { topic, partition } = destination;
        let leader = this.trackedTopics.has(topic) ? this.metadata.leaderOf(topic, partition) : undefined;
        if (leader === undefined) {
          await this.refreshOnce([topic], signal);
          leader = this.metadata.leaderOf(topic, partition);
        }
        if (leader === undefined) {
          const known = this.metadata.partition(topic, partition) !== undefined;
          const code = known
            ? errorCodes.LEADER_NOT_AVAILABLE.code
            : errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code;
          throw new BrokerError(
            code,
            `${topic}/${partition}: ${known ? 'no leader' : 'unknown topic or partition'}`,
          );
        }
        return this.pool.get(nodeKey(leader.nodeId), leader, signal);
      }
      case 'coordinator': {
        const c = await raceAbort(
          this.coordinators.find(destination.type, destination.key),
          signal,
          'FindCoordinator',
        );
        const key = destination.type === 'group' ? groupCoordinatorKey(c.nodeId) : nodeKey(c.nodeId);
        return this.pool.get(key, c, signal);
      }
    }
  }

  private async brokerAfterRefresh(nodeId: number, signal: AbortSignal | undefined) {
    await this.refreshOnce([], signal);
    const broker = this.metadata.brokers.get(nodeId);
    if (broker === undefined)
      throw new BrokerError(
        errorCodes.BROKER_NOT_AVAILABLE.code,
        `node ${nodeId} is not in the cluster metadata`,
      );
    return broker;
  }

  /**
   * Any broker: the open connection with the fewest requests in flight; else a known broker
   * not in reconnect backoff, at random; else a bootstrap address (also when every known broker
   * is failing: the cluster may have moved, KIP-899).
   */
  /** An open connection with the fewest requests in flight, if there is one (no I/O). */
  openConnection(): Connection | undefined {
    let best: Connection | undefined;
    for (const key of this.pool.connectedKeys()) {
      const c = this.pool.connected(key)!;
      if (best === undefined || c.inFlightCount < best.inFlightCount) best = c;
    }
    return best;
  }

  private pickAny(signal: AbortSignal | undefined): Promise<Connection> {
    const best = this.openConnection();
    if (best !== undefined) return Promise.resolve(best);
    const candidates: [string, BrokerAddress][] = [...this.metadata.brokers.values()]
      .map((b): [string, BrokerAddress] => [nodeKey(b.nodeId), b])
      .filter(([key]) => !this.pool.isBackingOff(key));
    const fallback = this.bootstrap
      .map((a): [string, BrokerAddress] => [bootstrapKey(a), a])
      .filter(([key]) => !this.pool.isBackingOff(key));
    const pool =
      candidates.length > 0
        ? candidates
        : fallback.length > 0
          ? fallback
          : this.bootstrap.map((a): [string, BrokerAddress] => [bootstrapKey(a), a]);
    const [key, address] = pool[Math.floor(Math.random() * pool.length)]!;
    return this.pool.get(key, address, signal);
  }

  /**
   * One coalesced refresh of `topics` plus the tracked ones (no retries: the caller's own retry
   * loop decides); the caller stops waiting when `signal` fires.
   */
  private refreshOnce(topics: readonly string[] | null, signal: AbortSignal | undefined): Promise<void> {
    if (topics !== null) for (const t of topics) this.trackedTopics.add(t);
    const wanted = topics === null ? null : [...this.trackedTopics];
    return raceAbort(this.refresher.refresh(wanted), signal, 'Metadata');
  }

  /** One Metadata request to any broker, applied to the cache (the refresher coalesces calls). */
  private async fetchMetadata(
    topics: readonly string[] | null,
    allowAutoTopicCreation = false,
  ): Promise<void> {
    try {
      const change = await this.requestMetadata(topics, allowAutoTopicCreation);
      if (clusterChannels.metadata.hasSubscribers) {
        clusterChannels.metadata.publish({
          client: this.scope,
          topics,
          brokers: [...this.metadata.brokers.keys()],
          ...change,
          error: undefined,
        } satisfies MetadataMessage);
      }
    } catch (error) {
      if (clusterChannels.metadata.hasSubscribers) {
        const e = error instanceof Error ? error : new Error(String(error));
        clusterChannels.metadata.publish({
          client: this.scope,
          topics,
          brokers: [],
          removedBrokers: [],
          staleEpochs: 0,
          leaderChanges: [],
          error: e,
        } satisfies MetadataMessage);
      }
      throw error;
    }
  }

  private async requestMetadata(
    topics: readonly string[] | null,
    allowAutoTopicCreation: boolean,
  ): Promise<MetadataChange> {
    const connection = await this.pickAny(undefined);
    const version = connection.versionFor('Metadata');
    // Metadata v0 has no "all topics" null; v0 with an empty list means all topics.
    const list = topics === null ? (version === 0 ? [] : null) : topics.map((name) => ({ name }));
    if (version === 0 && topics !== null && topics.length === 0)
      return { removedBrokers: [], staleEpochs: 0, leaderChanges: [] };
    const response = await connection.send(
      'Metadata',
      { topics: list, allowAutoTopicCreation },
      { timeoutMs: this.requestTimeoutMs },
    );
    const topLevel = errorForCode(response.errorCode);
    if (topLevel !== undefined) throw topLevel;
    const change = this.metadata.update(response, topics);
    for (const broker of this.metadata.brokers.values()) {
      const bootstrap = this.bootstrap.find((a) => a.host === broker.host && a.port === broker.port);
      if (bootstrap !== undefined) this.pool.adopt(bootstrapKey(bootstrap), nodeKey(broker.nodeId));
    }
    for (const id of change.removedBrokers) {
      this.pool.remove(nodeKey(id));
      this.pool.remove(groupCoordinatorKey(id));
      this.coordinators.invalidateNode(id);
    }
    return change;
  }

  private refreshInBackground(): void {
    if (this.lifecycle.isClosed) return;
    this.refreshMetadata([], {}).catch(() => {
      // Background refreshes only warm the cache; a failure is seen by the next request.
    });
  }

  private connectionLost(key: string): void {
    const id = /^(?:node|group-coordinator)-(\d+)$/.exec(key)?.[1];
    if (id !== undefined) this.coordinators.invalidateNode(Number(id));
    this.refreshInBackground();
  }
}

function asKafeError(error: unknown): KafeError {
  return error instanceof KafeError ? error : new KafeError('UNKNOWN_ERROR', String(error), { cause: error });
}

/** The same error, marked not retriable (an outcome-unknown failure of a non-idempotent request). */
function final(error: unknown): unknown {
  if (!(error instanceof KafeError) || !error.retriable) return error;
  return new KafeError(error.code, error.message, { retriable: false, cause: error });
}
