/**
 * The kafe API: the calls of the original Erlang kafe (`kafe:metadata/1`, `produce/3`,
 * `fetch/3`, `offset/2`, `offset_commit/2,4,5`, `offset_fetch/2`, `consumer_metadata/1`,
 * `offsets/2`) with their names in camelCase, their inputs and their result shapes (error codes
 * as snake_case names such as `not_leader_for_partition`, `none` for success), on kafe's
 * cluster layer: routing to leaders and coordinators, retries of retriable errors until each
 * call's deadline, metadata refreshes, TLS and SASL.
 *
 * Seed defaults kept: produce to partition 0 with a 5000 ms timeout; fetch the partition with
 * the highest log-end offset, from its last message, maxBytes 1 MiB, minBytes 1, maxWaitTime
 * 100 ms. Deviations: produce waits for all in-sync replicas (`requiredAcks` -1) unless told;
 * `replicaId` accepts only -1; v0/v1 commits go out at the lowest version the broker accepts
 * that carries their fields (see `kafe/offset-commit.ts`). README.md lists them all.
 */
import { Cluster, type ClusterOptions } from './cluster/cluster.js';
import { clusterOptionSchema } from './cluster/cluster-options.js';
import { ClientClosedError, InvalidArgumentError } from './cluster/errors.js';
import { boolean, checkOptions, type OptionSchema } from './cluster/option-schema.js';
import { checkInt64, checkPartition, checkReplicaId, checkTopic } from './kafe/arguments.js';
import { errorName } from './kafe/error-names.js';
import { fetch } from './kafe/fetch.js';
import { listOffsets, type OffsetQuery, OffsetTime } from './kafe/list-offsets.js';
import { consumerMetadata, metadata } from './kafe/metadata.js';
import { offsetCommit } from './kafe/offset-commit.js';
import { offsetFetch } from './kafe/offset-fetch.js';
import { produce } from './kafe/produce.js';
import { topicInfo } from './kafe/topic-partitions.js';
import type {
  KafeCommitPartitionV1,
  KafeCommitTopics,
  KafeConsumerMetadataResult,
  KafeFetchOptions,
  KafeFetchResult,
  KafeMessage,
  KafeMetadataResult,
  KafeOffsetCommitResult,
  KafeOffsetFetchResult,
  KafeOffsetFetchTopic,
  KafeOffsetResult,
  KafeOffsetTopic,
  KafePartitionOffsets,
  KafeProduceOptions,
  KafeProduceResult,
} from './kafe/types.js';
import { unreadOffsets } from './kafe/unread-offsets.js';
import { clientScopeFor } from './observability/client-scope-for.js';

export type * from './kafe/types.js';

/**
 * Options of {@link createKafe}: the bootstrap `brokers` (`host:port` each) and everything a
 * `Kafka` takes (`clientId`, `tls`, `sasl`, `requestTimeoutMs`, `timeoutMs` — the deadline of
 * calls other than `produce`, default 30000 ms —, `retryBackoffMs`, `reconnectBackoffMs`, ...).
 */
export interface KafeOptions extends ClusterOptions {
  /**
   * Whether `produce` to a topic that does not exist asks the brokers to create it (Metadata's
   * `allowAutoTopicCreation`, as the seed's metadata requests did and as the producer's option
   * of this name); they do when their `auto.create.topics.enable` is true (Kafka's default).
   * Default true. Off, or refused by the brokers: `produce` rejects with `BrokerError`
   * `UNKNOWN_TOPIC_OR_PARTITION`. `metadata`, `fetch` and the offset calls never create topics.
   */
  allowAutoTopicCreation?: boolean;
}

const kafeOptionSchema: OptionSchema<KafeOptions> = {
  ...clusterOptionSchema,
  allowAutoTopicCreation: boolean,
};

/** The object {@link createKafe} returns. Every call rejects with a `KafeError` subclass. */
export interface Kafe {
  /**
   * The cluster layer underneath (metadata cache, connections), shared with nothing else: the
   * escape hatch for any other Kafka API. Experimental, as `Kafka#cluster` (README).
   */
  readonly cluster: Cluster;
  /** Brokers and topics with their partitions; every topic when `topics` is absent or empty. Never creates topics. */
  metadata(topics?: readonly string[]): Promise<KafeMetadataResult>;
  /**
   * Writes one message (a value, `[key, value]` or `{ key, value }`) to partition 0 unless
   * `options.partition` (or `keyToPartition`) says otherwise, waiting for all in-sync replicas.
   */
  produce(topic: string, message: KafeMessage, options?: KafeProduceOptions): Promise<KafeProduceResult>;
  /** Reads messages of one partition (default: the one with the highest log-end offset, from its last message). */
  fetch(topic: string, options?: KafeFetchOptions): Promise<KafeFetchResult>;
  /**
   * Offsets by time (ListOffsets): a topic name asks for the latest offset of each partition.
   * `replicaId` exists for the seed's signature and accepts only -1.
   */
  offset(topics: readonly KafeOffsetTopic[], replicaId?: -1): Promise<KafeOffsetResult[]>;
  /** v0 form: commits offsets and metadata for `group` outside any group membership. */
  offsetCommit(group: string, topics: KafeCommitTopics): Promise<KafeOffsetCommitResult[]>;
  /** v1 form: as a member of a generation, with a commit timestamp per partition (dropped by 4.x brokers). */
  offsetCommit(
    group: string,
    generationId: number,
    memberId: string,
    topics: KafeCommitTopics<KafeCommitPartitionV1>,
  ): Promise<KafeOffsetCommitResult[]>;
  /** v2 form: as a member, with a retention time in ms (-1: the broker's `offsets.retention.minutes`). */
  offsetCommit(
    group: string,
    generationId: number,
    memberId: string,
    retentionTime: bigint | number,
    topics: KafeCommitTopics,
  ): Promise<KafeOffsetCommitResult[]>;
  /** Committed offsets of `group` (every topic it committed to when `topics` is absent or empty). */
  offsetFetch(group: string, topics?: readonly KafeOffsetFetchTopic[]): Promise<KafeOffsetFetchResult[]>;
  /** The group's coordinator broker. */
  consumerMetadata(group: string): Promise<KafeConsumerMetadataResult>;
  /** Per partition of `topic`: `group`'s committed offset, the log-end offset, the unread range and count. Read-only. */
  offsets(topic: string, group: string): Promise<KafePartitionOffsets[]>;
  /** Closes every connection; pending and later calls reject with `ClientClosedError`. */
  close(): Promise<void>;
}

/**
 * Creates a kafe client. Validates the options (a `ConfigurationError` names a bad one) and
 * connects on the first call.
 *
 * @example
 * ```ts
 * const kafe = createKafe({ brokers: ['localhost:9092'] });
 * const { partitions } = await kafe.produce('events', ['user-1', 'signed up']);
 * const { topics } = await kafe.fetch('events', { partition: 0, offset: partitions[0]!.offset });
 * await kafe.close();
 * ```
 */
export function createKafe(options: KafeOptions): Kafe {
  checkOptions(options, kafeOptionSchema);
  const { allowAutoTopicCreation = true, ...clusterOptions } = options;
  const cluster = new Cluster(clusterOptions, clientScopeFor(clusterOptions));
  const open = () => {
    if (cluster.isClosed) throw new ClientClosedError('kafe client');
  };
  const call = () => ({ timeoutMs: cluster.defaultTimeoutMs });
  return {
    cluster,
    async metadata(topics) {
      open();
      return metadata(cluster, topics, call());
    },
    async produce(topic, message, produceOptions) {
      open();
      return produce(cluster, topic, message, produceOptions, allowAutoTopicCreation);
    },
    async fetch(topic, fetchOptions) {
      open();
      return fetch(cluster, topic, fetchOptions);
    },
    async offset(topics, replicaId = -1) {
      open();
      checkReplicaId(replicaId);
      return offsetByTime(cluster, topics);
    },
    async offsetCommit(group: string, ...rest: unknown[]) {
      open();
      return offsetCommit(cluster, commitForm(group, rest));
    },
    async offsetFetch(group, topics) {
      open();
      return offsetFetch(cluster, group, topics, call());
    },
    async consumerMetadata(group) {
      open();
      return consumerMetadata(cluster, group, call());
    },
    async offsets(topic, group) {
      open();
      return unreadOffsets(cluster, topic, group, call());
    },
    close: () => cluster.close(),
  };
}

/** The seed's overloads of `offset_commit`, told apart by their argument count. */
function commitForm(group: string, rest: unknown[]) {
  const topics = rest.at(-1);
  if (!Array.isArray(topics))
    throw new InvalidArgumentError('offsetCommit: the last argument must be the topics array');
  const generation = (v: unknown) => {
    if (!Number.isInteger(v))
      throw new InvalidArgumentError(`offsetCommit generationId: expected an integer, got ${String(v)}`);
    return v as number;
  };
  const member = (v: unknown) => {
    if (typeof v !== 'string')
      throw new InvalidArgumentError(`offsetCommit memberId: expected a string, got ${typeof v}`);
    return v;
  };
  for (const t of topics as { name?: unknown; partitions?: unknown }[]) {
    checkTopic(t?.name, 'offsetCommit topic name');
    if (!Array.isArray(t.partitions))
      throw new InvalidArgumentError(`offsetCommit ${String(t.name)}: partitions must be an array`);
  }
  const typed = topics as KafeCommitTopics<KafeCommitPartitionV1>;
  switch (rest.length) {
    case 1:
      return {
        version: 0,
        group,
        generationId: -1,
        memberId: '',
        retentionTime: -1n,
        topics: typed,
      } as const;
    case 3:
      return {
        version: 1,
        group,
        generationId: generation(rest[0]),
        memberId: member(rest[1]),
        retentionTime: -1n,
        topics: typed,
      } as const;
    case 4:
      return {
        version: 2,
        group,
        generationId: generation(rest[0]),
        memberId: member(rest[1]),
        retentionTime: checkInt64(rest[2], 'offsetCommit retentionTime'),
        topics: typed,
      } as const;
    default:
      throw new InvalidArgumentError(`offsetCommit: expected 2, 4 or 5 arguments, got ${rest.length + 1}`);
  }
}

/** `offset(topics)`: ListOffsets per partition, grouped back per topic in the caller's order. */
async function offsetByTime(
  cluster: Cluster,
  topics: readonly KafeOffsetTopic[],
): Promise<KafeOffsetResult[]> {
  if (!Array.isArray(topics)) throw new InvalidArgumentError('offset: topics must be an array');
  const options = { timeoutMs: cluster.defaultTimeoutMs };
  const wanted = await Promise.all(
    topics.map(async (t: KafeOffsetTopic): Promise<OffsetQuery[]> => {
      if (typeof t === 'string') {
        const info = await topicInfo(cluster, checkTopic(t), undefined, options);
        return info.partitions.map((p) => ({
          topic: t,
          partition: p.partition,
          time: OffsetTime.latest as bigint,
        }));
      }
      const name = checkTopic(t.name);
      return t.partitions.map((p) => ({
        topic: name,
        partition: checkPartition(p.partition, `${name} partition`),
        time: p.time === undefined ? OffsetTime.latest : checkInt64(p.time, `${name}/${p.partition} time`),
      }));
    }),
  );
  const answers = await listOffsets(cluster, wanted.flat(), options);
  let i = 0;
  return wanted.map((parts) => ({
    name: parts[0]?.topic ?? '',
    partitions: parts.map(() => {
      const a = answers[i++]!;
      return {
        partition: a.partition,
        errorCode: errorName(a.errorCode),
        offset: a.offset,
        timestamp: a.timestamp,
      };
    }),
  }));
}
