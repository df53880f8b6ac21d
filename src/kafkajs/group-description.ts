/**
 * kafe's consumer group description in KafkaJS's shape: members with their subscription and
 * assignment as the consumer protocol's bytes (version 0's layout, which every client reads).
 */
import type { ConsumerGroupDescription } from '../admin/consumer-group-description.js';
import { groupByTopic } from '../cluster/topic-partition.js';
import { AssignerProtocol } from './assigners.js';
import type { ConsumerGroupState, GroupDescription } from './consumer-types.js';

const KAFKAJS_STATES: readonly string[] = [
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
  'Empty',
];

/** KafkaJS's description of `group` (with the `errorCode` its DescribeGroups answer carries, 0). */
export function groupDescription(group: ConsumerGroupDescription): GroupDescription & { errorCode: number } {
  return {
    errorCode: 0,
    groupId: group.groupId,
    protocol: group.partitionAssignor,
    protocolType: group.isSimpleConsumerGroup ? '' : 'consumer',
    state: (KAFKAJS_STATES.includes(group.state) ? group.state : 'Unknown') as ConsumerGroupState,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      clientHost: m.host,
      memberMetadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics: m.subscribedTopics,
        userData: Buffer.alloc(0),
      }),
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: Object.fromEntries(
          groupByTopic(m.assignment).map(([topic, list]) => [topic, list.map((p) => p.partition)]),
        ),
        userData: m.assignmentUserData === null ? Buffer.alloc(0) : Buffer.from(m.assignmentUserData),
      }),
    })),
  };
}
