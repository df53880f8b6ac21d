/**
 * How loaded each broker is with this producer's records, for adaptive sticky partitioning
 * (KIP-794; Java builds the same from `RecordAccumulator#partitionReady`): the bytes of the
 * batches waiting in the queues of the partitions a broker leads, in whole batches of
 * `batchSize`. A broker that has had a batch ready and waiting for longer than
 * `partitionerAvailabilityTimeoutMs` (when not 0) counts as unavailable (-1), as Java excludes
 * a leader nothing was drained to for that long. Measured across every queue at most once per
 * millisecond, and only when a sticky partitioner switches.
 */

import type { PartitionQueue } from './partition-queue.js';
import type { PartitionLoadSource } from './partitioners/adaptive-choice.js';
import type { ProducerCluster } from './producer-cluster.js';

/** The options the measure depends on. */
export interface LeaderLoadOptions {
  readonly batchSize: number;
  readonly lingerMs: number;
  readonly partitionerAvailabilityTimeoutMs: number;
}

/** Queued load per leader broker, from the accumulator's queues. */
export class LeaderLoad implements PartitionLoadSource {
  private measuredAt = -1;
  private readonly perBroker = new Map<number, number>();

  constructor(
    /** The accumulator's partition queues (a function: the accumulator is made after the partitioner). */
    private readonly queues: () => readonly PartitionQueue[],
    private readonly cluster: Pick<ProducerCluster, 'cachedTopic'>,
    private readonly options: LeaderLoadOptions,
  ) {}

  /** Load of the leader of `partition`, in batches, or -1 when that leader counts as unavailable. */
  leaderLoad(topic: string, partition: number): number {
    const leader = this.leaderOf(topic, partition);
    if (leader < 0) return 0;
    const now = Date.now();
    if (now !== this.measuredAt) this.measure(now);
    return this.perBroker.get(leader) ?? 0;
  }

  private leaderOf(topic: string, partition: number): number {
    return this.cluster.cachedTopic(topic)?.partitions[partition]?.leaderId ?? -1;
  }

  private measure(now: number): void {
    this.measuredAt = now;
    const { batchSize, lingerMs, partitionerAvailabilityTimeoutMs: timeout } = this.options;
    const bytes = new Map<number, number>();
    const stalled = new Set<number>();
    for (const q of this.queues()) {
      const head = q.batches[0];
      if (head === undefined) continue;
      const leader = this.leaderOf(q.topic, q.partition);
      if (leader < 0) continue;
      let sum = 0;
      for (const b of q.batches) sum += b.bytes;
      bytes.set(leader, (bytes.get(leader) ?? 0) + sum);
      if (timeout > 0 && now - Math.max(head.createdAt + lingerMs, head.retryAt) > timeout)
        stalled.add(leader);
    }
    this.perBroker.clear();
    for (const [id, b] of bytes) this.perBroker.set(id, stalled.has(id) ? -1 : Math.ceil(b / batchSize));
  }
}
