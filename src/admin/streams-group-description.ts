/**
 * What describeStreamsGroups returns, read from StreamsGroupDescribe (KIP-1071, Kafka 4.x; Java:
 * `StreamsGroupDescription`, `StreamsGroupMemberDescription`): the group's epochs, its topology
 * as the coordinator configured it (subtopologies with their source, repartition and changelog
 * topics) and each member's process, endpoint and tasks (active, standby, warm-up).
 */
import type {
  StreamsGroupDescribeResponse,
  StreamsGroupDescribeResponseAssignment,
  StreamsGroupDescribeResponseTopicInfo,
} from '../protocol/messages/streams-group-describe.js';
import type { AclOperationName } from './authorized-operations.js';
import { type GroupState, groupState } from './consumer-group-description.js';

/** Tasks of one subtopology: the partitions of its input each task reads. */
export interface StreamsTasks {
  readonly subtopologyId: string;
  readonly partitions: number[];
}

/** A member's tasks. */
export interface StreamsAssignment {
  readonly activeTasks: StreamsTasks[];
  readonly standbyTasks: StreamsTasks[];
  readonly warmupTasks: StreamsTasks[];
}

/** An internal topic the coordinator creates for a subtopology. */
export interface StreamsInternalTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/** One subtopology of the group's topology. */
export interface StreamsSubtopology {
  readonly subtopologyId: string;
  readonly sourceTopics: string[];
  readonly repartitionSinkTopics: string[];
  readonly stateChangelogTopics: StreamsInternalTopic[];
  readonly repartitionSourceTopics: StreamsInternalTopic[];
}

/** One member of a streams group. */
export interface StreamsGroupMemberDescription {
  readonly memberId: string;
  readonly memberEpoch: number;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly clientId: string;
  readonly host: string;
  readonly topologyEpoch: number;
  /** The Kafka Streams process it belongs to. */
  readonly processId: string;
  /** Where its interactive queries are served, if it told one. */
  readonly userEndpoint: { readonly host: string; readonly port: number } | null;
  readonly clientTags: Readonly<Record<string, string>>;
  readonly assignment: StreamsAssignment;
  readonly targetAssignment: StreamsAssignment;
  /** Whether it speaks the classic protocol (an upgrading application). */
  readonly isClassic: boolean;
}

/** One described streams group. */
export interface StreamsGroupDescription {
  readonly groupId: string;
  readonly state: GroupState;
  readonly groupEpoch: number;
  readonly targetAssignmentEpoch: number;
  /** The topology epoch; -1 before a member has sent one. */
  readonly topologyEpoch: number;
  /** `null` while the topology is not configured (missing or mis-partitioned source topics). */
  readonly subtopologies: StreamsSubtopology[] | null;
  readonly members: StreamsGroupMemberDescription[];
  /** The task assignor of the next assignment (v1+), `null` when not told. */
  readonly assignorName: string | null;
  /** The node id of the group's coordinator. */
  readonly coordinator: number;
  /** What the caller may do with the group, when asked for (`includeAuthorizedOperations`). */
  readonly authorizedOperations?: AclOperationName[];
}

type Described = StreamsGroupDescribeResponse['groups'][number];

/** The description of a streams group from its StreamsGroupDescribe entry (error code 0). */
export function describeStreamsGroup(g: Described, coordinator: number): StreamsGroupDescription {
  return {
    groupId: g.groupId,
    state: groupState(g.groupState),
    groupEpoch: g.groupEpoch,
    targetAssignmentEpoch: g.assignmentEpoch,
    topologyEpoch: g.topology?.epoch ?? -1,
    subtopologies:
      g.topology?.subtopologies?.map((s) => ({
        subtopologyId: s.subtopologyId,
        sourceTopics: [...s.sourceTopics],
        repartitionSinkTopics: [...s.repartitionSinkTopics],
        stateChangelogTopics: s.stateChangelogTopics.map(internalTopic),
        repartitionSourceTopics: s.repartitionSourceTopics.map(internalTopic),
      })) ?? null,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      memberEpoch: m.memberEpoch,
      instanceId: m.instanceId,
      rackId: m.rackId,
      clientId: m.clientId,
      host: m.clientHost,
      topologyEpoch: m.topologyEpoch,
      processId: m.processId,
      userEndpoint: m.userEndpoint === null ? null : { host: m.userEndpoint.host, port: m.userEndpoint.port },
      clientTags: Object.fromEntries(m.clientTags.map((t) => [t.key, t.value])),
      assignment: assignment(m.assignment),
      targetAssignment: assignment(m.targetAssignment),
      isClassic: m.isClassic,
    })),
    assignorName: g.assignorName,
    coordinator,
  };
}

function internalTopic(t: StreamsGroupDescribeResponseTopicInfo): StreamsInternalTopic {
  return {
    name: t.name,
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    configs: Object.fromEntries(t.topicConfigs.map((c) => [c.key, c.value])),
  };
}

function assignment(a: StreamsGroupDescribeResponseAssignment): StreamsAssignment {
  const tasks = (list: StreamsGroupDescribeResponseAssignment['activeTasks']) =>
    list.map((t) => ({ subtopologyId: t.subtopologyId, partitions: [...t.partitions] }));
  return {
    activeTasks: tasks(a.activeTasks),
    standbyTasks: tasks(a.standbyTasks),
    warmupTasks: tasks(a.warmupTasks),
  };
}
