/**
 * The default partitioner, as the Java client's since 3.3 (KIP-794): a keyed record goes to
 * `murmur2(key) % partitions` whatever the partitions' availability (the same key always lands
 * on the same partition, as with Java and librdkafka's `murmur2_random`); a keyless record
 * goes to the topic's sticky partition ({@link StickyPartitioner}).
 */
import type { PartitionLoadSource } from './adaptive-choice.js';
import { murmur2Partition } from './murmur2.js';
import type { ArgumentPartitioner, PartitionerInput } from './partitioner.js';
import { StickyPartitioner } from './sticky-partitioner.js';

/** murmur2 for keys, uniform sticky for keyless records. */
export class DefaultPartitioner implements ArgumentPartitioner {
  private readonly sticky: StickyPartitioner;

  /**
   * @param batchSize bytes per sticky partition before switching (the producer's `batchSize`).
   * @param load leaders' queued load, for adaptive switching (KIP-794).
   */
  constructor(batchSize: number, random?: () => number, load?: PartitionLoadSource) {
    this.sticky = new StickyPartitioner(batchSize, random, load);
  }

  /** murmur2 of the key, or the sticky partition for keyless records. */
  partition(input: PartitionerInput): number {
    return this.partitionOf(input.topic, input.key, input.partitionCount, input.availablePartitions);
  }

  /** {@link partition} without the input object (the producer's hot path calls this). */
  partitionOf(
    topic: string,
    key: Uint8Array | null,
    partitionCount: number,
    availablePartitions: readonly number[],
  ): number {
    if (key !== null) return murmur2Partition(key, partitionCount);
    return this.sticky.partitionOf(topic, null, partitionCount, availablePartitions);
  }

  /** Feeds the sticky state; keyed appends count too, as in Java (they fill the same batches). */
  onAppend(topic: string, partition: number, bytes: number): void {
    this.sticky.onAppend(topic, partition, bytes);
  }
}
