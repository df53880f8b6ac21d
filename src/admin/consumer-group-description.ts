/**
 * What describeConsumerGroups returns, and how it is read from the two describe APIs (Java:
 * `ConsumerGroupDescription`, `MemberDescription`, `DescribeConsumerGroupsHandler`):
 * - a classic group (DescribeGroups): members' assignments and subscriptions are the consumer
 *   protocol's bytes (`protocol/consumer-protocol.ts`), decoded here; a group of another
 *   protocol type (Kafka Connect's `connect`, ...) is not a consumer group;
 * - a KIP-848 group (ConsumerGroupDescribe): members carry their epoch, subscription, current
 *   and target assignment, named by topic; classic members of an upgraded group are flagged.
 */
import type { TopicPartition } from '../cluster/topic-partition.js';
import { decodeAssignment, decodeSubscription } from '../protocol/consumer-protocol.js';
import { DecodeError, KafeError } from '../protocol/errors.js';
import type { ConsumerGroupDescribeResponse } from '../protocol/messages/consumer-group-describe.js';
import type { DescribeGroupsResponse } from '../protocol/messages/describe-groups.js';
import type { AclOperationName } from './authorized-operations.js';

/** A group's type as Kafka names it (ListGroups v5, KIP-1043). */
export type GroupType = 'classic' | 'consumer' | 'share' | 'streams';

/**
 * A group's state as Kafka names it (Java `GroupState`): the classic states, the KIP-848 ones
 * (`Assigning`, `Reconciling`), `NotReady` (streams groups), `Dead` (no such group) and
 * `Unknown` for a name this version of kafe does not know.
 */
export type GroupState =
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Stable'
  | 'Dead'
  | 'Empty'
  | 'Assigning'
  | 'Reconciling'
  | 'NotReady'
  | 'Unknown';

const STATES: readonly GroupState[] = [
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
  'Dead',
  'Empty',
  'Assigning',
  'Reconciling',
  'NotReady',
];

/** The {@link GroupState} of a state name a broker sent, case-insensitively (Java `GroupState#parse`). */
export function groupState(name: string): GroupState {
  const lower = name.toLowerCase();
  return STATES.find((s) => s.toLowerCase() === lower) ?? 'Unknown';
}

/** One member of a consumer group. */
export interface MemberDescription {
  readonly memberId: string;
  /** Its static membership id (KIP-345), if any. */
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  /** The client's address as the broker saw it (`/10.0.0.1`). */
  readonly host: string;
  /** The partitions it owns now. */
  readonly assignment: TopicPartition[];
  /** KIP-848: the partitions the coordinator wants it to own; `undefined` for classic groups. */
  readonly targetAssignment: TopicPartition[] | undefined;
  /** The topics it subscribes to (classic: from its JoinGroup metadata; empty while the group rebalances). */
  readonly subscribedTopics: string[];
  /** KIP-848: its subscription's regular expression, if it subscribed by pattern (KIP-848 RE2J). */
  readonly subscribedTopicRegex: string | null;
  /** Its rack (KIP-881 classic metadata v3+, or KIP-848), if it told one. */
  readonly rackId: string | null;
  /** KIP-848: the member epoch; `undefined` for classic groups. */
  readonly memberEpoch: number | undefined;
  /**
   * KIP-848: `true` for a member of a consumer group that speaks the consumer protocol, `false`
   * for a classic member of an upgraded group (KIP-1099), `undefined` when not known.
   */
  readonly upgraded: boolean | undefined;
  /** Classic groups: the user data of its assignment (an assignor's own bytes). */
  readonly assignmentUserData: Uint8Array | null;
}

/** One described consumer group. */
export interface ConsumerGroupDescription {
  readonly groupId: string;
  /** `classic` (DescribeGroups) or `consumer` (KIP-848, ConsumerGroupDescribe). */
  readonly type: 'classic' | 'consumer';
  readonly state: GroupState;
  /**
   * A classic group with no protocol type: offsets committed by clients that assign partitions
   * themselves (Java `isSimpleConsumerGroup`).
   */
  readonly isSimpleConsumerGroup: boolean;
  /** Classic: the chosen assignor (the protocol name); KIP-848: the server-side assignor. */
  readonly partitionAssignor: string;
  /** The node id of the group's coordinator. */
  readonly coordinator: number;
  readonly members: MemberDescription[];
  /** KIP-848: the group epoch; `undefined` for classic groups. */
  readonly groupEpoch: number | undefined;
  /** KIP-848: the epoch of the target assignment; `undefined` for classic groups. */
  readonly targetAssignmentEpoch: number | undefined;
  /** What the caller may do with the group, when asked for (`includeAuthorizedOperations`). */
  readonly authorizedOperations?: AclOperationName[];
}

/** A classic group whose protocol type is not `consumer` (e.g. Kafka Connect's `connect`). */
export class NotConsumerGroupError extends KafeError {
  constructor(groupId: string, protocolType: string) {
    super('NOT_CONSUMER_GROUP', `group ${groupId} is not a consumer group (protocol type ${protocolType})`);
  }
}

type ClassicGroup = DescribeGroupsResponse['groups'][number];
type Kip848Group = ConsumerGroupDescribeResponse['groups'][number];

/**
 * The description of a classic group from its DescribeGroups entry (error code 0). Throws
 * {@link NotConsumerGroupError} for another protocol type and `DecodeError` for member bytes
 * that are not the consumer protocol's.
 */
export function describeClassicGroup(g: ClassicGroup, coordinator: number): ConsumerGroupDescription {
  if (g.protocolType !== 'consumer' && g.protocolType !== '')
    throw new NotConsumerGroupError(g.groupId, g.protocolType);
  return {
    groupId: g.groupId,
    type: 'classic',
    state: groupState(g.groupState),
    isSimpleConsumerGroup: g.protocolType === '',
    partitionAssignor: g.protocolData,
    coordinator,
    members: g.members.map((m): MemberDescription => {
      const assignment = decodeMember(g.groupId, m.memberId, 'assignment', () =>
        decodeAssignment(m.memberAssignment),
      );
      // Members' metadata is sent only while the group is Stable; empty bytes say nothing.
      const subscription =
        m.memberMetadata.length === 0
          ? undefined
          : decodeMember(g.groupId, m.memberId, 'subscription', () => decodeSubscription(m.memberMetadata));
      return {
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: assignment.partitions.flatMap((t) =>
          t.partitions.map((partition) => ({ topic: t.topic, partition })),
        ),
        targetAssignment: undefined,
        subscribedTopics: [...(subscription?.topics ?? [])],
        subscribedTopicRegex: null,
        rackId: subscription?.rackId ?? null,
        memberEpoch: undefined,
        upgraded: undefined,
        assignmentUserData: assignment.userData,
      };
    }),
    groupEpoch: undefined,
    targetAssignmentEpoch: undefined,
  };
}

/** The description of a KIP-848 group from its ConsumerGroupDescribe entry (error code 0). */
export function describeKip848Group(g: Kip848Group, coordinator: number): ConsumerGroupDescription {
  return {
    groupId: g.groupId,
    type: 'consumer',
    state: groupState(g.groupState),
    isSimpleConsumerGroup: false,
    partitionAssignor: g.assignorName,
    coordinator,
    members: g.members.map(
      (m): MemberDescription => ({
        memberId: m.memberId,
        groupInstanceId: m.instanceId,
        clientId: m.clientId,
        host: m.clientHost,
        assignment: partitionsOf(m.assignment.topicPartitions),
        targetAssignment: partitionsOf(m.targetAssignment.topicPartitions),
        subscribedTopics: [...m.subscribedTopicNames],
        // Kafka 4.4 sends an empty string for a member that subscribed by names.
        subscribedTopicRegex: m.subscribedTopicRegex || null,
        rackId: m.rackId,
        memberEpoch: m.memberEpoch,
        // memberType (v1+): 0 classic, 1 consumer, -1 unknown.
        upgraded: m.memberType < 0 ? undefined : m.memberType === 1,
        assignmentUserData: null,
      }),
    ),
    groupEpoch: g.groupEpoch,
    targetAssignmentEpoch: g.assignmentEpoch,
  };
}

function partitionsOf(
  topics: readonly { topicName: string; partitions: readonly number[] }[],
): TopicPartition[] {
  return topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition })));
}

function decodeMember<T>(groupId: string, memberId: string, what: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const why = error.message.replace(/ \(at byte \d+\)$/, '');
    throw new DecodeError(`group ${groupId}, member ${memberId}: ${what}: ${why}`, error.offset, {
      cause: error,
    });
  }
}
