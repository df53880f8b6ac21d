/**
 * A KafkaJS partitioner as kafe's producer's `partitioner`. `DefaultPartitioner` (or none)
 * becomes kafe's own default: the same partition for every key (Java's murmur2), and sticky
 * batches for keyless records. Any other (`LegacyPartitioner`, an application's) is called per
 * record with KafkaJS's arguments: the topic's partitions from kafe's metadata cache and the
 * record's key and value as Buffers.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { PartitionerOption } from '../producer/partitioners/index.js';
import type { PartitionMetadata } from './metadata-types.js';
import { type ICustomPartitioner, Partitioners } from './partitioners.js';

/** kafe's partitioner option for KafkaJS's `createPartitioner`. */
export function kafePartitioner(create: ICustomPartitioner | undefined, cluster: Cluster): PartitionerOption {
  if (create === undefined || create === Partitioners.DefaultPartitioner) return 'default';
  const partition = create();
  return (input) =>
    partition({
      topic: input.topic,
      partitionMetadata: partitionMetadata(cluster, input.topic, input.partitionCount),
      message: {
        key:
          input.key === null
            ? null
            : Buffer.from(input.key.buffer, input.key.byteOffset, input.key.byteLength),
        value:
          input.value === null
            ? null
            : Buffer.from(input.value.buffer, input.value.byteOffset, input.value.byteLength),
      },
    });
}

/** KafkaJS's view of a topic's partitions, from the metadata the producer already has. */
function partitionMetadata(cluster: Cluster, topic: string, count: number): PartitionMetadata[] {
  const known = cluster.cachedTopic(topic)?.partitions ?? [];
  return Array.from({ length: count }, (_, i) => {
    const p = known[i];
    return {
      partitionErrorCode: p?.errorCode ?? 0,
      partitionId: i,
      leader: p?.leaderId ?? -1,
      replicas: [...(p?.replicas ?? [])],
      isr: [...(p?.isr ?? [])],
      offlineReplicas: [...(p?.offlineReplicas ?? [])],
    };
  });
}
