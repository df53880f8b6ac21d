/**
 * ListOffsets for a set of partitions: one request per partition, routed to its leader and sent
 * in parallel (pipelined on the leaders' connections). A retriable partition error (leader
 * moved, offsets not yet available) is retried with a metadata refresh until the deadline;
 * others come back as the partition's `errorCode`.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { retriablePartitionError } from './retriable-partition-error.js';

/** ListOffsets special timestamps (Java `ListOffsetsRequest.LATEST_TIMESTAMP` / `EARLIEST_TIMESTAMP`). */
export const OffsetTime = { latest: -1n, earliest: -2n } as const;

/** One partition to look up. */
export interface OffsetQuery extends TopicPartition {
  readonly time: bigint;
}

/** One partition's answer. */
export interface OffsetAnswer extends OffsetQuery {
  readonly errorCode: number;
  readonly offset: bigint;
  readonly timestamp: bigint;
}

/** Looks up every query (as a consumer: replicaId -1, read uncommitted). */
export function listOffsets(
  cluster: Cluster,
  queries: readonly OffsetQuery[],
  options: CallOptions,
): Promise<OffsetAnswer[]> {
  return Promise.all(
    queries.map(async (q) => {
      const response = await cluster.send(
        'ListOffsets',
        {
          replicaId: -1,
          topics: [{ name: q.topic, partitions: [{ partitionIndex: q.partition, timestamp: q.time }] }],
        },
        {
          ...options,
          to: { topic: q.topic, partition: q.partition },
          errorOf: (r) =>
            retriablePartitionError(
              r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode)),
              `ListOffsets ${q.topic}/${q.partition}`,
            ),
        },
      );
      const p = response.topics[0]?.partitions[0];
      // v0 answered a list (`oldStyleOffsets`, at most `maxNumOffsets` long); v1+ one offset.
      const offset = p === undefined ? -1n : p.oldStyleOffsets.length > 0 ? p.oldStyleOffsets[0]! : p.offset;
      return { ...q, errorCode: p?.errorCode ?? 0, offset, timestamp: p?.timestamp ?? -1n };
    }),
  );
}
