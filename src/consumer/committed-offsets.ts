/**
 * Committed offsets of a consumer group: OffsetCommit and OffsetFetch to the group coordinator
 * (Java `ConsumerCoordinator#commitOffsetsSync` / `#fetchCommittedOffsets`). Outside group
 * membership (manual `assign()`), commits go with generation -1 and no member id: the "simple
 * consumer" form the broker accepts for groups without members, as Java's `commitSync` after
 * `assign()` sends.
 *
 * Versions: OffsetCommit v2-v9 (v0/v1 are gone in Kafka 4.0, KIP-896; v10 names topics by id),
 * OffsetFetch v1-v7 (v0 read ZooKeeper; v8 batches groups, KIP-709). Retriable errors
 * (coordinator moving or loading, rebalance in progress) are retried by `Cluster.send` until the
 * deadline; another per-partition error is thrown as its `BrokerError`.
 */

import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { groupByTopic, topicPartitionKey } from '../cluster/topic-partition.js';
import { traced } from '../net/tracing.js';
import { type BrokerError, errorForCode } from '../protocol/broker-error.js';
import { consumerTracing } from './diagnostics.js';

/** The identity a commit is made under: -1 / '' outside group membership. */
export interface CommitIdentity {
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** One partition's offset to commit. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Leader epoch of the last record processed (KIP-320), -1 when unknown. */
  readonly leaderEpoch?: number;
  /** Committed with the offset (Java `OffsetAndMetadata#metadata`); none is empty. */
  readonly metadata?: string | null;
}

/** Outside a group: the simple-consumer identity. */
export const NO_MEMBER: CommitIdentity = { generationId: -1, memberId: '', groupInstanceId: null };

/** Commits `offsets` for `groupId`; rejects with the first partition's error. */
export async function commitOffsets(
  cluster: Cluster,
  groupId: string,
  offsets: readonly OffsetToCommit[],
  identity: CommitIdentity = NO_MEMBER,
  options: CallOptions = {},
): Promise<void> {
  if (offsets.length === 0) return;
  await traced(
    consumerTracing.commit,
    () => ({ client: cluster.scope, group: groupId, offsets }),
    () => sendCommit(cluster, groupId, offsets, identity, options),
  );
}

/** One OffsetCommit (retried by the cluster) and its per-partition errors. */
async function sendCommit(
  cluster: Cluster,
  groupId: string,
  offsets: readonly OffsetToCommit[],
  identity: CommitIdentity,
  options: CallOptions,
): Promise<void> {
  const response = await cluster.send(
    'OffsetCommit',
    (version) => ({
      groupId,
      generationIdOrMemberEpoch: identity.generationId,
      memberId: identity.memberId,
      ...(version >= 7 ? { groupInstanceId: identity.groupInstanceId } : {}),
      topics: groupByTopic(offsets).map(([name, list]) => ({
        name,
        partitions: list.map((o) => ({
          partitionIndex: o.partition,
          committedOffset: o.offset,
          ...(version >= 6 ? { committedLeaderEpoch: o.leaderEpoch ?? -1 } : {}),
          committedMetadata: o.metadata ?? '',
        })),
      })),
    }),
    {
      ...options,
      to: { group: groupId },
      version: (c) => Math.max(2, Math.min(c.versionFor('OffsetCommit'), 9)),
      errorOf: (r) => firstError(r.topics, true),
    },
  );
  const error = firstError(response.topics, false);
  if (error !== undefined) throw error;
}

/** A committed offset and the leader epoch of the record before it (KIP-320; -1: unknown). */
export interface CommittedPosition {
  readonly offset: bigint;
  readonly leaderEpoch: number;
}

/** Committed offsets of `partitions`, keyed `topic\0partition` (absent: nothing committed). */
export async function fetchCommittedOffsets(
  cluster: Cluster,
  groupId: string,
  partitions: readonly { topic: string; partition: number }[],
  options: CallOptions = {},
): Promise<Map<string, CommittedPosition>> {
  const response = await cluster.send(
    'OffsetFetch',
    {
      groupId,
      topics: groupByTopic(partitions).map(([name, list]) => ({
        name,
        partitionIndexes: list.map((p) => p.partition),
      })),
    },
    {
      ...options,
      to: { group: groupId },
      version: (c) => Math.max(1, Math.min(c.versionFor('OffsetFetch'), 7)),
      errorOf: (r) => errorForCode(r.errorCode) ?? firstError(r.topics, true),
    },
  );
  const error = firstError(response.topics, false);
  if (error !== undefined) throw error;
  const out = new Map<string, CommittedPosition>();
  for (const t of response.topics)
    for (const p of t.partitions)
      if (p.committedOffset >= 0n)
        out.set(topicPartitionKey(t.name, p.partitionIndex), {
          offset: p.committedOffset,
          // OffsetFetch v5+ (KIP-320); older versions decode the default, -1.
          leaderEpoch: p.committedLeaderEpoch ?? -1,
        });
  return out;
}

/** The first partition error (only retriable ones when `retriable`), as a `BrokerError`. */
function firstError(
  topics: readonly { name: string; partitions: readonly { partitionIndex: number; errorCode: number }[] }[],
  retriable: boolean,
): BrokerError | undefined {
  for (const t of topics)
    for (const p of t.partitions) {
      const e = errorForCode(p.errorCode, `${t.name}/${p.partitionIndex}`);
      if (e !== undefined && e.retriable === retriable) return e;
    }
  return undefined;
}
