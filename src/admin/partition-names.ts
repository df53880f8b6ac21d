/** Partitions as admin calls name them in results and errors: `topic/partition`. */
import type { TopicPartition } from '../cluster/topic-partition.js';

/** A partition's name in results and errors: `topic/partition`. */
export const partitionName = (p: TopicPartition) => `${p?.topic}/${p?.partition}`;
