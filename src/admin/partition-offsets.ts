/**
 * Offsets of partitions looked up at their leaders, for the lag and reset helpers: the log start
 * (earliest), the log end (latest: the high watermark, or the last stable offset with
 * read_committed, KIP-98) or the first offset at or after a timestamp — one ListOffsets request
 * per leader broker (Java's `ListOffsetsHandler` with `PartitionLeaderStrategy`); a partition
 * whose leader moved is asked again after a metadata refresh, until the deadline.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { type Answer, answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { leaders } from './routers.js';

/** Which end offset `latest` is: the high watermark, or the last stable offset (KIP-98). */
export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** Which offset to look up. */
export type OffsetQuery = 'earliest' | 'latest' | { readonly timestamp: number };

/** ListOffsets' special timestamps (Java `ListOffsetsRequest.EARLIEST_TIMESTAMP` / `LATEST_TIMESTAMP`). */
const EARLIEST = -2n;
const LATEST = -1n;

/** A partition's name in results and errors: `topic/partition`. */
export function partitionName(p: TopicPartition): string {
  return `${p.topic}/${p.partition}`;
}

/**
 * The offset of each partition: a number, `null` when no record is at or after the timestamp
 * asked, or the partition's error (UNKNOWN_TOPIC_OR_PARTITION, ...).
 */
export function partitionOffsets(
  cluster: Cluster,
  partitions: readonly TopicPartition[],
  query: OffsetQuery,
  options: CallOptions & { isolationLevel?: IsolationLevel } = {},
): Promise<AdminResults<TopicPartition, bigint | null>> {
  const timestamp = query === 'earliest' ? EARLIEST : query === 'latest' ? LATEST : BigInt(query.timestamp);
  const isolationLevel = options.isolationLevel === 'read_committed' ? 1 : 0;
  return fanOut(
    cluster,
    partitions,
    {
      api: 'ListOffsets',
      kind: 'partition',
      nameOf: partitionName,
      router: leaders(),
      request: (list, _version, remainingMs) => {
        const byTopic = new Map<string, number[]>();
        for (const p of list) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
        return {
          replicaId: -1,
          isolationLevel,
          timeoutMs: remainingMs,
          topics: [...byTopic].map(([name, indexes]) => ({
            name,
            partitions: indexes.map((partitionIndex) => ({
              partitionIndex,
              currentLeaderEpoch: -1,
              timestamp,
            })),
          })),
        };
      },
      answers: (r) =>
        new Map(
          r.topics.flatMap((t) =>
            t.partitions.map((p): [string, Answer<bigint | null>] => [
              partitionName({ topic: t.name, partition: p.partitionIndex }),
              // A new leader not yet caught up to the high watermark: ask again (Java retries it too).
              p.errorCode === errorCodes.OFFSET_NOT_AVAILABLE.code
                ? { again: new BrokerError(p.errorCode) }
                : answerOf(p.errorCode, null, () => (p.offset >= 0n ? p.offset : null)),
            ]),
          ),
        ),
    },
    { ...options, operation: 'ListOffsets' },
  );
}
