/** Partition checks done before any request. */
import type { TopicPartition } from '../cluster/topic-partition.js';
import { topicNameProblem } from './topic-names.js';

/** Why `p` is not a partition (a valid topic name and an index >= 0), or `undefined`. */
export function partitionProblem(p: TopicPartition): string | undefined {
  if (typeof p !== 'object' || p === null) return `${JSON.stringify(p)} is not a partition`;
  return (
    topicNameProblem(p.topic) ??
    (Number.isInteger(p.partition) && p.partition >= 0
      ? undefined
      : `partition ${String(p.partition)} is not a partition index`)
  );
}
