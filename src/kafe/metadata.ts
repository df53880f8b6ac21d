/**
 * The seed's `metadata(Topics)` and `consumer_metadata(Group)`: answered as the broker gives
 * them, per-topic and per-partition errors included (an unknown topic is listed with
 * `unknown_topic_or_partition`, as the seed did, not thrown). Topics are never auto-created.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { CoordinatorType } from '../cluster/routing.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { FindCoordinatorResponse } from '../protocol/messages/find-coordinator.js';
import { checkGroup, checkTopic } from './arguments.js';
import { errorName } from './error-names.js';
import type { KafeConsumerMetadataResult, KafeMetadataResult } from './types.js';

/** Brokers and `topics` (every topic when absent or empty), sent to any broker. */
export async function metadata(
  cluster: Cluster,
  topics: readonly string[] | undefined,
  options: CallOptions = {},
): Promise<KafeMetadataResult> {
  const names = (topics ?? []).map((t) => checkTopic(t));
  const response = await cluster.send(
    'Metadata',
    // Metadata v0 asks for every topic with an empty list; v1+ with null (KIP-4).
    (version) => ({
      topics: names.length === 0 ? (version === 0 ? [] : null) : names.map((name) => ({ name })),
      allowAutoTopicCreation: false,
    }),
    { ...options, errorOf: (r) => errorForCode(r.errorCode) },
  );
  return {
    brokers: response.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack })),
    topics: response.topics.map((t) => ({
      name: t.name ?? '',
      errorCode: errorName(t.errorCode),
      partitions: t.partitions
        .map((p) => ({
          partition: p.partitionIndex,
          errorCode: errorName(p.errorCode),
          leader: p.leaderId,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
        }))
        .sort((a, b) => a.partition - b.partition),
    })),
  };
}

/**
 * The group's coordinator (FindCoordinator, the seed's ConsumerMetadata request, renamed in
 * Kafka 0.11). While the coordinator is being elected (`group_coordinator_not_available`, e.g.
 * before `__consumer_offsets` exists) it asks again until the deadline.
 */
export async function consumerMetadata(
  cluster: Cluster,
  group: string,
  options: CallOptions = {},
): Promise<KafeConsumerMetadataResult> {
  checkGroup(group);
  const keyType = CoordinatorType.group;
  const answer = (r: FindCoordinatorResponse) => r.coordinators[0] ?? r;
  const response = await cluster.send(
    'FindCoordinator',
    // v4+ batches keys (KIP-699); v0 knows only groups and has no keyType.
    (version) =>
      version >= 4
        ? { keyType, coordinatorKeys: [group] }
        : version >= 1
          ? { key: group, keyType }
          : { key: group },
    {
      ...options,
      errorOf: (r) => {
        const error = errorForCode(answer(r).errorCode);
        return error?.retriable ? error : undefined;
      },
    },
  );
  const c = answer(response);
  return {
    errorCode: errorName(c.errorCode),
    coordinatorId: c.nodeId,
    coordinatorHost: c.host,
    coordinatorPort: c.port,
  };
}
