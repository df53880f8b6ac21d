/**
 * The seed's `offset_fetch(Group, Topics)`: the group's committed offsets, from its coordinator.
 * Sent at the negotiated version capped at 7, the last one with the single-group layout the
 * seed's shape mirrors (v8+ batches groups, KIP-709), and never v0, which read ZooKeeper.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { errorForCode } from '../protocol/broker-error.js';
import type { OffsetFetchResponseTopic } from '../protocol/messages/offset-fetch.js';
import { checkGroup, checkTopic } from './arguments.js';
import { errorName } from './error-names.js';
import { retriablePartitionError } from './retriable-partition-error.js';
import { topicInfo } from './topic-partitions.js';
import type { KafeOffsetFetchResult, KafeOffsetFetchTopic } from './types.js';

/** Last OffsetFetch version with one group per request. */
const LAST_SINGLE_GROUP = 7;

/** Committed offsets of `group` for `topics` (every topic the group committed to when absent or empty). */
export async function offsetFetch(
  cluster: Cluster,
  group: string,
  topics: readonly KafeOffsetFetchTopic[] | undefined,
  options: CallOptions = {},
): Promise<KafeOffsetFetchResult[]> {
  checkGroup(group);
  const wanted =
    topics === undefined || topics.length === 0
      ? null
      : await Promise.all(
          topics.map(async (t) => {
            if (typeof t === 'string') {
              const info = await topicInfo(cluster, checkTopic(t), undefined, options);
              return { name: t, partitionIndexes: info.partitions.map((p) => p.partition) };
            }
            return { name: checkTopic(t.name), partitionIndexes: [...t.partitions] };
          }),
        );
  const topicsOut = await fetchCommitted(cluster, group, wanted, options);
  return topicsOut.map((t) => ({
    name: t.name,
    partitionsOffset: t.partitions.map((p) => ({
      partition: p.partitionIndex,
      offset: p.committedOffset,
      metadata: p.metadata,
      errorCode: errorName(p.errorCode),
    })),
  }));
}

/**
 * OffsetFetch of `group` for `wanted` topics and partitions (null: every topic), retrying
 * coordinator errors until the deadline; per-partition codes are returned as numbers.
 */
export async function fetchCommitted(
  cluster: Cluster,
  group: string,
  wanted: { name: string; partitionIndexes: number[] }[] | null,
  options: CallOptions,
): Promise<OffsetFetchResponseTopic[]> {
  const response = await cluster.send(
    'OffsetFetch',
    { groupId: group, topics: wanted },
    {
      ...options,
      to: { group },
      // v1 is the lowest that reads Kafka's own store; v2 the first with "all topics" (null).
      version: (c) =>
        Math.max(wanted === null ? 2 : 1, Math.min(c.versionFor('OffsetFetch'), LAST_SINGLE_GROUP)),
      errorOf: (r) =>
        errorForCode(r.errorCode) ??
        retriablePartitionError(
          r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode)),
          `OffsetFetch ${group}`,
        ),
    },
  );
  return response.topics;
}
