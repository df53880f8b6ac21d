/**
 * Round-robin partitioning (Java: `RoundRobinPartitioner`): every record, keyed or not, goes to
 * the next partition of its topic in turn, among those with a leader when any has one. Spreads
 * records evenly at the cost of small batches; keys do not decide the partition.
 */
import type { Partitioner, PartitionerInput } from './partitioner.js';

/** Each record to the topic's next partition. */
export class RoundRobinPartitioner implements Partitioner {
  private readonly counters = new Map<string, number>();

  /** The topic's next partition. */
  partition(input: PartitionerInput): number {
    const next = this.counters.get(input.topic) ?? 0;
    this.counters.set(input.topic, (next + 1) & 0x7fffffff);
    const available = input.availablePartitions;
    if (available.length > 0) return available[next % available.length] as number;
    return next % input.partitionCount;
  }
}
