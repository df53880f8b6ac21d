/**
 * Client-side partition assignors of the classic group protocol (Java
 * `ConsumerPartitionAssignor`): the group leader runs the assignor every member supports,
 * chosen by protocol name in JoinGroup, and sends each member its partitions in SyncGroup.
 */
import type { Subscription, TopicPartitions } from '../../protocol/consumer-protocol.js';

/** A member of the group as the leader sees it in the JoinGroup response. */
export interface GroupMember {
  readonly memberId: string;
  /** Static membership id (KIP-345), null for a dynamic member. */
  readonly groupInstanceId: string | null;
  readonly subscription: Subscription;
}

/**
 * Racks of the replicas of each partition (KIP-881), by topic then partition index; a partition
 * missing here, or an empty list, has no rack information.
 */
export type PartitionRacks = ReadonlyMap<string, readonly (readonly string[])[]>;

/** A partition assignor. */
export interface Assignor {
  /** Protocol name, as Java's (`range`, `roundrobin`, ...). */
  readonly name: string;
  /**
   * Partitions per member id; `partitionCounts` gives each subscribed topic's partition count
   * (topics missing there are skipped); `racks`, when given, lets a rack-aware assignor
   * (KIP-881) prefer partitions with a replica in the member's rack.
   */
  assign(
    members: readonly GroupMember[],
    partitionCounts: ReadonlyMap<string, number>,
    racks?: PartitionRacks,
  ): Map<string, TopicPartitions[]>;
  /**
   * User data this member puts in its subscription (Java `subscriptionUserData`), from its
   * last assignment (null before the first); absent: none.
   */
  subscriptionUserData?(last: LastAssignment | null): Uint8Array | null;
}

/** A member's last assignment and the generation it came with. */
export interface LastAssignment {
  readonly partitions: readonly TopicPartitions[];
  readonly generation: number;
}

/**
 * Java's `AbstractPartitionAssignor#useRackAwareAssignment` (KIP-881): rack matching is worth
 * doing only when some member has a rack, some replica is in one of those racks, and not every
 * partition has replicas in the same set of racks (otherwise every choice is equally local).
 */
export function useRackAware(
  memberRacks: ReadonlySet<string>,
  partitionRacks: readonly ReadonlySet<string>[],
): boolean {
  const all = new Set(partitionRacks.flatMap((r) => [...r]));
  if (memberRacks.size === 0 || ![...memberRacks].some((r) => all.has(r))) return false;
  return partitionRacks.some((r) => r.size !== all.size);
}

/** A member's rack from its subscription (KIP-881), null when absent or empty as Java treats it. */
export const rackOf = (m: GroupMember): string | null =>
  m.subscription.rackId === null || m.subscription.rackId === '' ? null : m.subscription.rackId;

/** The racks of one partition's replicas, empty when unknown. */
export const racksOf = (
  racks: PartitionRacks | undefined,
  topic: string,
  partition: number,
): ReadonlySet<string> => new Set(racks?.get(topic)?.[partition] ?? []);

/**
 * Java's member order (`AbstractPartitionAssignor.MemberInfo#compareTo`): by group instance id
 * when both members have one, else by member id.
 */
export function compareMembers(a: GroupMember, b: GroupMember): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null)
    return a.groupInstanceId < b.groupInstanceId ? -1 : a.groupInstanceId > b.groupInstanceId ? 1 : 0;
  return a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;
}

/** Collects `(topic, partition)` pairs per member into the assignment shape, topics in first-seen order. */
export class AssignmentBuilder {
  private readonly byMember = new Map<string, Map<string, number[]>>();

  constructor(members: readonly GroupMember[]) {
    for (const m of members) this.byMember.set(m.memberId, new Map());
  }

  add(memberId: string, topic: string, partition: number): void {
    const topics = this.byMember.get(memberId)!;
    const list = topics.get(topic);
    if (list === undefined) topics.set(topic, [partition]);
    else list.push(partition);
  }

  build(): Map<string, TopicPartitions[]> {
    const out = new Map<string, TopicPartitions[]>();
    for (const [member, topics] of this.byMember)
      out.set(
        member,
        [...topics].map(([topic, partitions]) => ({ topic, partitions })),
      );
    return out;
  }
}
