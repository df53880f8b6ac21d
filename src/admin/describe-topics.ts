/**
 * describeTopics (Java `Admin#describeTopics`): topics by name or id, each with its id,
 * partitions, leaders, leader epochs, replicas, ISR, offline replicas and, where the broker
 * serves DescribeTopicPartitions (KIP-966, Kafka 3.8+), eligible leader replicas. Names go
 * through DescribeTopicPartitions, paged (`partitionsPerPage` partitions per response, the
 * cursor followed until the last page), as Java's client does; ids, and brokers without it, use
 * Metadata (ids from v12, KIP-516). All topics of a call go to one broker.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { retry } from '../cluster/retry.js';
import type { Connection } from '../net/connection.js';
import { BrokerError, errorForCode } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { ZERO_UUID } from '../protocol/message-codec.js';
import type {
  DescribeTopicPartitionsResponse,
  DescribeTopicPartitionsResponsePartition,
} from '../protocol/messages/describe-topic-partitions.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { apiKeys } from '../protocol/messages/index.js';
import type { MetadataResponsePartition } from '../protocol/messages/metadata.js';
import { type AclOperationName, authorizedOperations } from './authorized-operations.js';
import { AdminResults, type Outcome, ResourceError } from './results.js';
import { topicNameProblem } from './topic-names.js';
import { type TopicRef, topicRefName } from './topics.js';

/** One partition of a described topic. */
export interface PartitionDescription {
  partition: number;
  /** Leader node id, -1 when none. */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  /** Replicas eligible to lead although out of the ISR (KIP-966); `null` when the broker does not say. */
  eligibleLeaderReplicas: number[] | null;
  /** The last known eligible leader replicas (KIP-966); `null` when the broker does not say. */
  lastKnownElr: number[] | null;
}

/** A described topic. */
export interface TopicDescription {
  topic: string;
  topicId: string;
  isInternal: boolean;
  partitions: PartitionDescription[];
  /** What the caller may do with the topic, when asked for (`includeAuthorizedOperations`). */
  authorizedOperations?: AclOperationName[];
}

/** Options of `Admin#describeTopics`. */
export interface DescribeTopicsOptions extends CallOptions {
  /** Ask which operations the caller may perform on each topic. Default false. */
  includeAuthorizedOperations?: boolean;
  /** Partitions per DescribeTopicPartitions response (KIP-966 paging). Default 2000, as Java. */
  partitionsPerPage?: number;
}

type Described = Map<string, TopicDescription | KafeError>;

/** Describes topics by name or id: each topic's outcome is its {@link TopicDescription} or its error. */
export async function describeTopics(
  cluster: Cluster,
  topics: readonly TopicRef[],
  options: DescribeTopicsOptions = {},
): Promise<AdminResults<TopicRef, TopicDescription>> {
  const refs = new Map<string, TopicRef>();
  for (const t of topics) if (!refs.has(topicRefName(t))) refs.set(topicRefName(t), t);
  const invalid = new Map<string, KafeError>();
  for (const [name, t] of refs) {
    const problem = typeof t === 'object' && t !== null ? idProblem(t.topicId) : topicNameProblem(t);
    if (problem !== undefined) invalid.set(name, new KafeError('INVALID_ARGUMENT', problem));
  }
  const asked = [...refs].filter(([name]) => !invalid.has(name)).map(([, t]) => t);
  const described: Described =
    asked.length === 0
      ? new Map()
      : await retry(
          async (attempt) => {
            const connection = await cluster.anyConnection(attempt.signal);
            const call = { signal: attempt.signal, timeoutMs: attempt.remainingMs } as Required<CallOptions>;
            const names = asked.filter((t): t is string => typeof t === 'string');
            const paged =
              names.length === asked.length &&
              connection.negotiated.tryVersionFor(apiKeys.DescribeTopicPartitions.key) !== undefined;
            return paged
              ? describePaged(connection, names, options, call)
              : describeByMetadata(connection, asked, options, call);
          },
          {
            operation: 'describeTopics',
            timeoutMs: options.timeoutMs ?? cluster.defaultTimeoutMs,
            signal: options.signal,
          },
        );
  const outcomes = [...refs].map(([name, key]): Outcome<TopicRef, TopicDescription> => {
    const r =
      invalid.get(name) ??
      described.get(name) ??
      new BrokerError(errorCodes.UNKNOWN_SERVER_ERROR.code, `no answer for topic ${name}`);
    return r instanceof KafeError
      ? { key, name, error: new ResourceError({ kind: 'topic', name }, r) }
      : { key, name, value: r };
  });
  return new AdminResults('topic', outcomes, topicRefName);
}

/** DescribeTopicPartitions, following `nextCursor` until every partition was served. */
async function describePaged(
  connection: Connection,
  names: readonly string[],
  options: DescribeTopicsOptions,
  call: Required<CallOptions>,
): Promise<Described> {
  const out: Described = new Map();
  let cursor: { topicName: string; partitionIndex: number } | null = null;
  do {
    const response: DescribeTopicPartitionsResponse = await connection.send(
      'DescribeTopicPartitions',
      {
        topics: names.map((name) => ({ name })),
        responsePartitionLimit: options.partitionsPerPage ?? 2000,
        cursor,
      },
      call,
    );
    for (const t of response.topics) {
      const name = t.name ?? '';
      const error = errorForCode(t.errorCode);
      if (error !== undefined) {
        out.set(name, error);
        continue;
      }
      const previous = out.get(name);
      const description =
        previous instanceof KafeError || previous === undefined ? topicOf(t, name, options) : previous;
      description.partitions.push(...t.partitions.map(partitionOf));
      out.set(name, description);
    }
    cursor = response.nextCursor;
  } while (cursor !== null);
  for (const d of out.values())
    if (!(d instanceof KafeError)) d.partitions.sort((a, b) => a.partition - b.partition);
  return out;
}

/** Metadata for names and ids (ids from v12, KIP-516). */
async function describeByMetadata(
  connection: Connection,
  refs: readonly TopicRef[],
  options: DescribeTopicsOptions,
  call: Required<CallOptions>,
): Promise<Described> {
  const version = connection.versionFor('Metadata');
  const out: Described = new Map();
  const asked = refs.filter((t) => {
    if (typeof t === 'string' || version >= 12) return true;
    out.set(
      topicRefName(t),
      new BrokerError(
        errorCodes.UNSUPPORTED_VERSION.code,
        `describing a topic by id needs Metadata v12, the broker serves v${version}`,
      ),
    );
    return false;
  });
  if (asked.length === 0) return out;
  const response = await connection.send(
    'Metadata',
    {
      topics: asked.map((t) =>
        typeof t === 'string' ? { name: t, topicId: ZERO_UUID } : { name: null, topicId: t.topicId },
      ),
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: options.includeAuthorizedOperations ?? false,
    },
    { ...call, version },
  );
  const top = errorForCode(response.errorCode);
  if (top !== undefined) throw top;
  for (const t of response.topics) {
    const byId = asked.find((r) => typeof r !== 'string' && r.topicId === t.topicId);
    const name = byId === undefined ? (t.name ?? '') : topicRefName(byId);
    const error = errorForCode(t.errorCode);
    if (error !== undefined) {
      out.set(name, error);
      continue;
    }
    const description = topicOf(t, t.name ?? '', options);
    description.partitions.push(...t.partitions.map(partitionOf));
    description.partitions.sort((a, b) => a.partition - b.partition);
    out.set(name, description);
  }
  return out;
}

function topicOf(
  t: { topicId: string; isInternal: boolean; topicAuthorizedOperations: number },
  name: string,
  options: DescribeTopicsOptions,
): TopicDescription {
  return {
    topic: name,
    topicId: t.topicId,
    isInternal: t.isInternal,
    partitions: [],
    ...(options.includeAuthorizedOperations
      ? { authorizedOperations: authorizedOperations(t.topicAuthorizedOperations) }
      : {}),
  };
}

function partitionOf(
  p: DescribeTopicPartitionsResponsePartition | MetadataResponsePartition,
): PartitionDescription {
  return {
    partition: p.partitionIndex,
    leader: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    replicas: p.replicaNodes,
    isr: p.isrNodes,
    offlineReplicas: p.offlineReplicas,
    eligibleLeaderReplicas: 'eligibleLeaderReplicas' in p ? p.eligibleLeaderReplicas : null,
    lastKnownElr: 'lastKnownElr' in p ? p.lastKnownElr : null,
  };
}

function idProblem(id: unknown): string | undefined {
  return typeof id === 'string' && id.length > 0 && id !== ZERO_UUID
    ? undefined
    : 'a topic id must be a non-zero uuid';
}
