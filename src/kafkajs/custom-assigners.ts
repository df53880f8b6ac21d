/**
 * KafkaJS's custom partition assigners on kafe's group membership. An assigner is asynchronous
 * and works on raw buffers (`protocol()` frames the member's JoinGroup metadata, `assign()` every
 * member's SyncGroup assignment), so it runs as a kafe framing assignor
 * (`consumer/assignors/framing-assignor.ts`). Its `cluster` answers from the kafe cluster's
 * metadata, which the membership refreshes for the leader's topics before `assign()`.
 */
import type { Cluster as KafeCluster } from '../cluster/cluster.js';
import type { FramingAssignor } from '../consumer/assignors/framing-assignor.js';
import type { Cluster, PartitionAssigner } from './assigners.js';
import type { Logger } from './logger.js';
import type { PartitionMetadata } from './metadata-types.js';

/** What a KafkaJS assigner's factory gets, as KafkaJS gives it. */
export interface AssignerContext {
  readonly cluster: KafeCluster;
  readonly groupId: string;
  readonly logger: Logger;
}

/** The KafkaJS `cluster` an assigner asks about partitions. */
function assignerCluster(cluster: KafeCluster): Cluster {
  return {
    findTopicPartitionMetadata: (topic: string): PartitionMetadata[] =>
      (cluster.metadata.topic(topic)?.partitions ?? []).map((p) => ({
        partitionErrorCode: p.errorCode,
        partitionId: p.partition,
        leader: p.leaderId,
        replicas: [...p.replicas],
        isr: [...p.isr],
        offlineReplicas: [...p.offlineReplicas],
      })),
  };
}

/** A KafkaJS partition assigner (one of `partitionAssigners`) as a kafe framing assignor. */
export function customAssigner(make: PartitionAssigner, context: AssignerContext): FramingAssignor {
  const assigner = make({
    cluster: assignerCluster(context.cluster),
    groupId: context.groupId,
    logger: context.logger,
  });
  return {
    name: assigner.name,
    metadata: (topics) => assigner.protocol({ topics: [...topics] }).metadata,
    async assign(members, topics) {
      const assigned = await assigner.assign({
        members: members.map((m) => ({ memberId: m.memberId, memberMetadata: Buffer.from(m.metadata) })),
        topics: [...topics],
      });
      return new Map(assigned.map((a) => [a.memberId, a.memberAssignment]));
    },
  };
}
