/**
 * Administration of share groups (KIP-932; Java `Admin#describeShareGroups`,
 * `#listShareGroupOffsets`, `#alterShareGroupOffsets`, `#deleteShareGroupOffsets`,
 * `#deleteShareGroups`, and the group
 * configs `kafka-configs.sh --entity-type groups` sets). Every call answers per resource:
 * `describeShareGroups` through the admin's fan-out (one {@link AdminResults} entry per group),
 * the one-group calls with each partition's (or topic's) error in its own outcome.
 * On a broker without share groups each call rejects with `ShareGroupsUnsupportedError`.
 */
import type { CallOptions, Cluster } from '../cluster/cluster.js';
import { InvalidArgumentError, ShareGroupsUnsupportedError } from '../cluster/errors.js';
import { UnsupportedVersionError } from '../net/errors.js';
import { type BrokerError, errorForCode } from '../protocol/broker-error.js';
import { deleteConsumerGroups } from './consumer-groups.js';
import { answerOf, fanOut } from './fan-out.js';
import type { AdminResults } from './results.js';
import { coordinators } from './routers.js';

/** One member of a share group. */
export interface ShareGroupMember {
  memberId: string;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  rackId: string | null;
  subscribedTopicNames: string[];
  /** The partitions assigned to it (shared with other members). */
  assignment: { topic: string; partition: number }[];
}

/** A share group as ShareGroupDescribe reports it. */
export interface ShareGroupDescription {
  groupId: string;
  /** `Empty`, `Stable`, ... as the coordinator names it (`Dead` for an unknown group). */
  state: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ShareGroupMember[];
}

/** One partition's share-partition start offset (SPSO) and lag, or its error. */
export interface ShareGroupPartitionOffset {
  topic: string;
  partition: number;
  /** The share-partition start offset: records before it are done for the group; -1 when not initialized. */
  startOffset: bigint;
  leaderEpoch: number;
  /** Records from the start offset to the end not yet done (DescribeShareGroupOffsets v1+), -1 when unknown. */
  lag: bigint;
  error: BrokerError | undefined;
}

/** One partition's (or, for deletes, topic's) outcome. */
export interface ShareGroupOffsetOutcome {
  topic: string;
  /** -1 for a whole topic (deleteShareGroupOffsets). */
  partition: number;
  error: BrokerError | undefined;
}

/** What {@link alterShareGroupConfigs} sets: a value, or null to remove it (back to the broker's default). */
export type ShareGroupConfigs = Readonly<
  Partial<
    Record<
      | 'share.auto.offset.reset'
      | 'share.record.lock.duration.ms'
      | 'share.delivery.count.limit'
      | 'share.session.timeout.ms'
      | 'share.heartbeat.interval.ms'
      | 'share.isolation.level'
      | 'share.partition.max.record.locks'
      | 'share.renew.acknowledge.enable'
      | 'errors.deadletterqueue.topic.name',
      string | null
    >
  >
>;

/** Resource type GROUP of the configs APIs (KIP-848's group configs, reused by KIP-932). */
const GROUP_RESOURCE = 32;
const SET = 0;
const DELETE = 1;

/** Rethrows "the broker has no such API" as the share-group error that names the version needed. */
async function shareApi<T>(api: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnsupportedVersionError && !(error instanceof ShareGroupsUnsupportedError))
      throw new ShareGroupsUnsupportedError(api, error.message);
    throw error;
  }
}

/** A response's top-level error when retriable (the cluster layer then asks again), else none. */
function retriableTopLevelError(res: {
  errorCode: number;
  errorMessage: string | null;
}): BrokerError | undefined {
  const e = errorForCode(res.errorCode, res.errorMessage);
  return e?.retriable ? e : undefined;
}

function checkGroupId(groupId: unknown, what: string): string {
  if (typeof groupId !== 'string' || groupId.length === 0)
    throw new InvalidArgumentError(`${what}: expected a non-empty group id, got ${String(groupId)}`);
  return groupId;
}

/** Describes share groups, batched per coordinator (ShareGroupDescribe): each group's description or error. */
export async function describeShareGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: CallOptions = {},
): Promise<AdminResults<string, ShareGroupDescription>> {
  return shareApi('ShareGroupDescribe', () =>
    fanOut(
      cluster,
      groupIds,
      {
        api: 'ShareGroupDescribe',
        kind: 'group',
        nameOf: (groupId) => groupId,
        check: (groupId) =>
          typeof groupId === 'string' && groupId.length > 0 ? undefined : 'expected a non-empty group id',
        router: coordinators('group', (groupId) => groupId),
        request: (keys) => ({ groupIds: [...keys], includeAuthorizedOperations: false }),
        answers: (response) =>
          new Map(
            response.groups.map((g) => [
              g.groupId,
              answerOf<ShareGroupDescription>(g.errorCode, g.errorMessage, () => ({
                groupId: g.groupId,
                state: g.groupState,
                groupEpoch: g.groupEpoch,
                assignmentEpoch: g.assignmentEpoch,
                assignorName: g.assignorName,
                members: g.members.map((m) => ({
                  memberId: m.memberId,
                  memberEpoch: m.memberEpoch,
                  clientId: m.clientId,
                  clientHost: m.clientHost,
                  rackId: m.rackId,
                  subscribedTopicNames: m.subscribedTopicNames,
                  assignment: m.assignment.topicPartitions.flatMap((t) =>
                    t.partitions.map((partition) => ({ topic: t.topicName, partition })),
                  ),
                })),
              })),
            ]),
          ),
      },
      { ...options, operation: 'describeShareGroups' },
    ),
  );
}

/**
 * Deletes share groups without members, with their offsets and share-partition state
 * (DeleteGroups, as Java's `DeleteShareGroupsHandler` sends): each group's outcome
 * (NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND).
 */
export function deleteShareGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: CallOptions = {},
): Promise<AdminResults<string, void>> {
  return deleteConsumerGroups(cluster, groupIds, options, 'deleteShareGroups');
}

/**
 * The start offset and lag of each partition of `topics` (all the group's partitions when
 * absent) for share group `groupId` (DescribeShareGroupOffsets).
 */
export async function listShareGroupOffsets(
  cluster: Cluster,
  groupId: string,
  topics: readonly { topic: string; partitions: readonly number[] }[] | null = null,
  options: CallOptions = {},
): Promise<ShareGroupPartitionOffset[]> {
  checkGroupId(groupId, 'groupId');
  return shareApi('DescribeShareGroupOffsets', async () => {
    const r = await cluster.send(
      'DescribeShareGroupOffsets',
      {
        groups: [
          {
            groupId,
            topics:
              topics === null
                ? null
                : topics.map((t) => ({ topicName: t.topic, partitions: [...t.partitions] })),
          },
        ],
      },
      {
        to: { group: groupId },
        ...options,
        errorOf: (res) => {
          const e = errorForCode(res.groups[0]?.errorCode ?? 0, res.groups[0]?.errorMessage);
          return e?.retriable ? e : undefined;
        },
      },
    );
    const g = r.groups[0];
    const groupError = errorForCode(g?.errorCode ?? 0, g?.errorMessage);
    if (groupError !== undefined) throw groupError;
    return (g?.topics ?? []).flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.topicName,
        partition: p.partitionIndex,
        startOffset: p.startOffset,
        leaderEpoch: p.leaderEpoch,
        lag: p.lag,
        error: errorForCode(p.errorCode, p.errorMessage),
      })),
    );
  });
}

/**
 * Moves the start offset of partitions of share group `groupId` (AlterShareGroupOffsets; the
 * group must have no members, as with `kafka-share-groups.sh --reset-offsets`).
 */
export async function alterShareGroupOffsets(
  cluster: Cluster,
  groupId: string,
  offsets: readonly { topic: string; partition: number; startOffset: bigint }[],
  options: CallOptions = {},
): Promise<ShareGroupOffsetOutcome[]> {
  checkGroupId(groupId, 'groupId');
  const byTopic = new Map<string, { partitionIndex: number; startOffset: bigint }[]>();
  for (const o of offsets) {
    const list = byTopic.get(o.topic) ?? [];
    list.push({ partitionIndex: o.partition, startOffset: o.startOffset });
    byTopic.set(o.topic, list);
  }
  return shareApi('AlterShareGroupOffsets', async () => {
    const r = await cluster.send(
      'AlterShareGroupOffsets',
      { groupId, topics: [...byTopic].map(([topicName, partitions]) => ({ topicName, partitions })) },
      {
        to: { group: groupId },
        ...options,
        errorOf: retriableTopLevelError,
      },
    );
    const top = errorForCode(r.errorCode, r.errorMessage);
    if (top !== undefined) throw top;
    return r.responses.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.topicName,
        partition: p.partitionIndex,
        error: errorForCode(p.errorCode, p.errorMessage),
      })),
    );
  });
}

/** Deletes share group `groupId`'s state for whole topics (DeleteShareGroupOffsets; the group must have no members). */
export async function deleteShareGroupOffsets(
  cluster: Cluster,
  groupId: string,
  topics: readonly string[],
  options: CallOptions = {},
): Promise<ShareGroupOffsetOutcome[]> {
  checkGroupId(groupId, 'groupId');
  return shareApi('DeleteShareGroupOffsets', async () => {
    const r = await cluster.send(
      'DeleteShareGroupOffsets',
      { groupId, topics: topics.map((topicName) => ({ topicName })) },
      {
        to: { group: groupId },
        ...options,
        errorOf: retriableTopLevelError,
      },
    );
    const top = errorForCode(r.errorCode, r.errorMessage);
    if (top !== undefined) throw top;
    return r.responses.map((t) => ({
      topic: t.topicName,
      partition: -1,
      error: errorForCode(t.errorCode, t.errorMessage),
    }));
  });
}

/**
 * Sets (or, with null, removes) group configs of share group `groupId`
 * (IncrementalAlterConfigs on a GROUP resource, as `kafka-configs.sh --entity-type groups`
 * does): `share.auto.offset.reset` (`latest` by default: set `earliest` for a group that must
 * read what was written before it first fetched), `share.record.lock.duration.ms`,
 * `share.delivery.count.limit`, ... Rejects with the broker's error.
 */
export async function alterShareGroupConfigs(
  cluster: Cluster,
  groupId: string,
  configs: ShareGroupConfigs,
  options: CallOptions = {},
): Promise<void> {
  checkGroupId(groupId, 'groupId');
  // Any broker takes it and forwards it to the controller (KIP-590).
  await cluster.refreshMetadata(null, options);
  const nodeId = [...cluster.metadata.brokers.keys()][0];
  if (nodeId === undefined) throw new InvalidArgumentError('no broker is known');
  const r = await cluster.send(
    'IncrementalAlterConfigs',
    {
      validateOnly: false,
      resources: [
        {
          resourceType: GROUP_RESOURCE,
          resourceName: groupId,
          configs: Object.entries(configs).map(([name, value]) => ({
            name,
            configOperation: value === null ? DELETE : SET,
            value: value ?? null,
          })),
        },
      ],
    },
    { to: { nodeId }, ...options },
  );
  const res = r.responses[0];
  const error = errorForCode(res?.errorCode ?? 0, res?.errorMessage);
  if (error !== undefined) throw error;
}
