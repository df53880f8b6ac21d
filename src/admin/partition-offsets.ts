/**
 * Offsets of partitions for the lag and reset helpers, through `listOffsets` (`records.ts`): the
 * log start, the log end (the high watermark, or the last stable offset with read_committed,
 * KIP-98) or the first offset at or after a timestamp, one ListOffsets per leader broker.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import type { TopicPartition } from '../cluster/topic-partition.js';
import { listOffsets, type OffsetQuery, type OffsetSpec } from './records.js';
import type { AdminResults } from './results.js';

/** Which end offset `latest` is: the high watermark, or the last stable offset (KIP-98). */
export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** A partition's name in results and errors: `topic/partition`. */
export function partitionName(p: TopicPartition): string {
  return `${p.topic}/${p.partition}`;
}

/**
 * The offset of each partition: a number, `null` when no record is at or after the timestamp
 * asked, or the partition's error (UNKNOWN_TOPIC_OR_PARTITION, ...).
 */
export async function partitionOffsets(
  cluster: Cluster,
  partitions: readonly TopicPartition[],
  spec: OffsetSpec,
  options: CallOptions & { isolationLevel?: IsolationLevel } = {},
): Promise<AdminResults<OffsetQuery, bigint | null>> {
  const queries = partitions.map((p) => ({ topic: p.topic, partition: p.partition, spec }));
  return (await listOffsets(cluster, queries, options)).map((listed) => listed.offset);
}
