/**
 * The admin client: create, delete, list and describe topics (Java: `Admin` /
 * `KafkaAdminClient`). It borrows the {@link Cluster} of the `Kafka` object that made it;
 * closing that object ends it.
 *
 * - CreateTopics and DeleteTopics go to the controller route (a forwarding broker under KRaft,
 *   KIP-590); topics that fail with a retriable error (NOT_CONTROLLER, ...) are sent again, the
 *   others are not, until the deadline.
 * - By default a call resolves only once the change is visible in metadata: created topics
 *   have a leader for every partition, deleted ones are unknown. Kafka's own tools return
 *   earlier, which makes an immediate produce or describe fail with UNKNOWN_TOPIC_OR_PARTITION.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError } from '../cluster/errors.js';
import { retry } from '../cluster/retry.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { ZERO_UUID } from '../protocol/message-codec.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import type { MetadataResponse } from '../protocol/messages/metadata.js';
import { type TopicOutcome, valuesOrThrow } from './topic-error.js';

/** A topic to create. */
export interface NewTopic {
  topic: string;
  /** Partition count; the broker's `num.partitions` when absent. */
  partitions?: number;
  /** Replication factor; the broker's `default.replication.factor` when absent. */
  replicationFactor?: number;
  /** Manual placement: partition index -> broker ids (then leave `partitions` and `replicationFactor` out). */
  assignments?: Readonly<Record<number, readonly number[]>>;
  /** Topic configs, e.g. `{ 'cleanup.policy': 'compact' }`. */
  configs?: Readonly<Record<string, string>>;
}

/** A created topic, as the broker reports it. */
export interface CreatedTopic {
  topic: string;
  /** Topic id (CreateTopics v7+), else from metadata once visible, else the zero uuid. */
  topicId: string;
  /** -1 when the broker does not say (CreateTopics < v5). */
  partitions: number;
  replicationFactor: number;
}

/** Options of {@link Admin.createTopics}. */
export interface CreateTopicsOptions extends CallOptions {
  /** Only check that the topics could be created. Default false. */
  validateOnly?: boolean;
  /** Resolve only when every partition has a leader in metadata. Default true. */
  waitForMetadata?: boolean;
}

/** Options of {@link Admin.deleteTopics}. */
export interface DeleteTopicsOptions extends CallOptions {
  /** Resolve only when metadata no longer knows the topics. Default true. */
  waitForMetadata?: boolean;
}

/** Options of {@link Admin.listTopics}. */
export interface ListTopicsOptions extends CallOptions {
  /** Include internal topics (`__consumer_offsets`, ...). Default false. */
  includeInternal?: boolean;
}

/** One partition of a described topic. */
export interface PartitionDescription {
  partition: number;
  /** Leader node id, -1 when none. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

/** A described topic. */
export interface TopicDescription {
  topic: string;
  topicId: string;
  isInternal: boolean;
  partitions: PartitionDescription[];
}

/** The admin client. Get one from `Kafka#admin()`. */
export class Admin {
  constructor(private readonly cluster: Cluster) {}

  /**
   * Creates topics. Rejects with a `TopicError` (a `BrokerError` named e.g.
   * `TOPIC_ALREADY_EXISTS`, carrying every topic's outcome) when any topic fails.
   */
  async createTopics(
    topics: readonly NewTopic[],
    options: CreateTopicsOptions = {},
  ): Promise<CreatedTopic[]> {
    const names = topics.map((t, i) => checkTopic(t?.topic, `topics[${i}].topic`));
    const outcomes = new Map<string, TopicOutcome<CreatedTopic>>();
    const remaining = new Map(topics.map((t) => [t.topic, t]));
    const timeoutMs = options.timeoutMs ?? this.cluster.defaultTimeoutMs;
    await retry(
      async (attempt) => {
        const response = await this.cluster.send(
          'CreateTopics',
          {
            topics: [...remaining.values()].map(creatable),
            timeoutMs: Math.max(1, Math.min(attempt.remainingMs, 60_000)),
            validateOnly: options.validateOnly ?? false,
          },
          { signal: attempt.signal, timeoutMs: attempt.remainingMs },
        );
        const again = settle(response.topics, remaining, outcomes, (r) => ({
          topic: r.name,
          topicId: r.topicId,
          partitions: r.numPartitions,
          replicationFactor: r.replicationFactor,
        }));
        if (again !== undefined) throw again;
      },
      this.retryOptions('CreateTopics', timeoutMs, options.signal),
    );
    const created = valuesOrThrow(names.map((n) => outcomes.get(n)!));
    if (options.validateOnly || options.waitForMetadata === false) return created;
    const described = await this.waitForMetadata('created', names, timeoutMs, options.signal, (t) =>
      t.errorCode === 0 && t.partitions.length > 0 && t.partitions.every((p) => p.leaderId >= 0)
        ? t
        : undefined,
    );
    return created.map((c) => {
      const t = described.get(c.topic);
      if (t === undefined) return c;
      return {
        ...c,
        topicId: c.topicId === ZERO_UUID ? t.topicId : c.topicId,
        partitions: c.partitions < 0 ? t.partitions.length : c.partitions,
        replicationFactor:
          c.replicationFactor < 0 ? (t.partitions[0]?.replicaNodes.length ?? -1) : c.replicationFactor,
      };
    });
  }

  /**
   * Deletes topics by name. Rejects with a `TopicError` (e.g. `UNKNOWN_TOPIC_OR_PARTITION`)
   * carrying every topic's outcome when any topic fails.
   */
  async deleteTopics(topics: readonly string[], options: DeleteTopicsOptions = {}): Promise<void> {
    const names = topics.map((t, i) => checkTopic(t, `topics[${i}]`));
    const outcomes = new Map<string, TopicOutcome<string>>();
    const remaining = new Map(names.map((n) => [n, n]));
    const timeoutMs = options.timeoutMs ?? this.cluster.defaultTimeoutMs;
    await retry(
      async (attempt) => {
        const list = [...remaining.keys()];
        const response = await this.cluster.send(
          'DeleteTopics',
          (version) => ({
            // v6 names topics in `topics` (by name or id), earlier versions in `topicNames`.
            ...(version >= 6 ? { topics: list.map((name) => ({ name })) } : { topicNames: list }),
            timeoutMs: Math.max(1, Math.min(attempt.remainingMs, 60_000)),
          }),
          { signal: attempt.signal, timeoutMs: attempt.remainingMs },
        );
        const results = response.responses.map((r) => ({ ...r, name: r.name ?? '' }));
        const again = settle(results, remaining, outcomes, (r) => r.name);
        if (again !== undefined) throw again;
      },
      this.retryOptions('DeleteTopics', timeoutMs, options.signal),
    );
    valuesOrThrow(names.map((n) => outcomes.get(n)!));
    this.cluster.untrackTopics(names);
    if (options.waitForMetadata === false) return;
    await this.waitForMetadata('deleted', names, timeoutMs, options.signal, (t) =>
      t.errorCode === errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code ? t : undefined,
    );
  }

  /** Names of the cluster's topics, sorted. */
  async listTopics(options: ListTopicsOptions = {}): Promise<string[]> {
    const response = await this.cluster.send(
      'Metadata',
      { topics: null, allowAutoTopicCreation: false },
      { ...callOptions(options), errorOf: (r) => errorForCode(r.errorCode) },
    );
    return response.topics
      .filter((t) => t.errorCode === 0 && t.name !== null && (options.includeInternal || !t.isInternal))
      .map((t) => t.name!)
      .sort();
  }

  /**
   * Describes topics: id, partitions, leaders, leader epochs, replicas, ISR. Rejects with a
   * `TopicError` (e.g. `UNKNOWN_TOPIC_OR_PARTITION`) carrying every topic's outcome when a topic
   * cannot be described.
   */
  async describeTopics(topics: readonly string[], options: CallOptions = {}): Promise<TopicDescription[]> {
    const names = topics.map((t, i) => checkTopic(t, `topics[${i}]`));
    const response = await this.cluster.send(
      'Metadata',
      { topics: names.map((name) => ({ name })), allowAutoTopicCreation: false },
      { ...callOptions(options), errorOf: (r) => errorForCode(r.errorCode) },
    );
    const byName = new Map(response.topics.map((t) => [t.name, t]));
    return valuesOrThrow(
      names.map((topic): TopicOutcome<TopicDescription> => {
        const t = byName.get(topic);
        const error =
          t === undefined
            ? new BrokerError(errorCodes.UNKNOWN_TOPIC_OR_PARTITION.code, `no metadata for ${topic}`)
            : errorForCode(t.errorCode);
        if (error !== undefined || t === undefined) return { topic, error: error! };
        return { topic, value: describe(t) };
      }),
    );
  }

  private retryOptions(operation: string, timeoutMs: number, signal: AbortSignal | undefined) {
    return {
      operation,
      timeoutMs,
      signal,
      // NOT_CONTROLLER: the controller moved; the refresh names the new one.
      onRetry: async (error: unknown, _attempt: number, s: AbortSignal) => {
        if (error instanceof BrokerError) await this.cluster.refreshTopics([], s);
      },
    };
  }

  /** Polls Metadata for `names` until `ready` accepts each of them, or the deadline passes. */
  private async waitForMetadata(
    what: string,
    names: readonly string[],
    timeoutMs: number,
    signal: AbortSignal | undefined,
    ready: (t: MetadataTopic) => MetadataTopic | undefined,
  ): Promise<Map<string, MetadataTopic>> {
    return retry(
      async (attempt) => {
        const response = await this.cluster.send(
          'Metadata',
          { topics: names.map((name) => ({ name })), allowAutoTopicCreation: false },
          { signal: attempt.signal, timeoutMs: attempt.remainingMs },
        );
        const found = new Map<string, MetadataTopic>();
        for (const t of response.topics) {
          const ok = t.name === null ? undefined : ready(t);
          if (ok !== undefined) found.set(t.name!, ok);
        }
        const missing = names.filter((n) => !found.has(n));
        if (missing.length > 0) throw new NotYetVisibleError(what, missing);
        return found;
      },
      {
        operation: `waiting for topics to be ${what}`,
        timeoutMs,
        signal,
        initialBackoffMs: 50,
        maxBackoffMs: 500,
      },
    );
  }
}

type MetadataTopic = MetadataResponse['topics'][number];

/** Retriable marker while a metadata change has not reached the broker asked yet. */
class NotYetVisibleError extends KafeError {
  constructor(what: string, topics: readonly string[]) {
    super('METADATA_NOT_YET_VISIBLE', `topics not yet ${what} in metadata: ${topics.join(', ')}`, {
      retriable: true,
    });
  }
}

function callOptions(options: CallOptions): CallOptions {
  return {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  };
}

/**
 * Records the per-topic results of one attempt: successes and final errors leave `remaining`;
 * NOT_CONTROLLER is returned so the attempt is repeated, after a metadata refresh, for what is
 * left. Other per-topic errors are final even when the error table calls them retriable
 * (deleting an unknown topic stays unknown): a topic's result is the answer about that topic,
 * only a wrong destination is worth another try (Java `KafkaAdminClient#handleNotControllerError`;
 * transport failures are retried by the cluster layer).
 */
function settle<R extends { name: string; errorCode: number; errorMessage: string | null }, T>(
  results: readonly R[],
  remaining: Map<string, unknown>,
  outcomes: Map<string, TopicOutcome<T>>,
  value: (r: R) => T,
): BrokerError | undefined {
  let retriable: BrokerError | undefined;
  for (const r of results) {
    if (!remaining.has(r.name)) continue;
    const error = errorForCode(r.errorCode, r.errorMessage);
    if (error?.errorCode === errorCodes.NOT_CONTROLLER.code) {
      retriable ??= error;
      continue;
    }
    outcomes.set(r.name, error === undefined ? { topic: r.name, value: value(r) } : { topic: r.name, error });
    remaining.delete(r.name);
  }
  return remaining.size > 0
    ? (retriable ?? new BrokerError(errorCodes.UNKNOWN_SERVER_ERROR.code, 'topics missing from the response'))
    : undefined;
}

function creatable(t: NewTopic) {
  const assignments = Object.entries(t.assignments ?? {}).map(([partition, brokers]) => ({
    partitionIndex: Number(partition),
    brokerIds: [...brokers],
  }));
  return {
    name: t.topic,
    numPartitions: t.partitions ?? -1,
    replicationFactor: t.replicationFactor ?? -1,
    assignments,
    configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
  };
}

function describe(t: MetadataTopic): TopicDescription {
  return {
    topic: t.name!,
    topicId: t.topicId,
    isInternal: t.isInternal,
    partitions: t.partitions
      .map((p) => ({
        partition: p.partitionIndex,
        leader: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        offlineReplicas: p.offlineReplicas,
      }))
      .sort((a, b) => a.partition - b.partition),
  };
}

function checkTopic(name: unknown, label: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 249 || !/^[a-zA-Z0-9._-]+$/.test(name)) {
    throw new InvalidArgumentError(
      `${label}: ${JSON.stringify(name)} is not a valid topic name (1-249 of a-z A-Z 0-9 . _ -)`,
    );
  }
  return name;
}
