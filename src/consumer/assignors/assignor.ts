/**
 * Client-side partition assignors of the classic group protocol (Java
 * `ConsumerPartitionAssignor`): the group leader runs the assignor every member supports,
 * chosen by protocol name in JoinGroup, and sends each member its partitions in SyncGroup.
 */
import type { Subscription, TopicPartitions } from '../consumer-protocol.js';

/** A member of the group as the leader sees it in the JoinGroup response. */
export interface GroupMember {
  readonly memberId: string;
  /** Static membership id (KIP-345), null for a dynamic member. */
  readonly groupInstanceId: string | null;
  readonly subscription: Subscription;
}

/** A partition assignor. */
export interface Assignor {
  /** Protocol name, as Java's (`range`, `roundrobin`, ...). */
  readonly name: string;
  /** Partitions per member id; `partitionCounts` gives each subscribed topic's partition count (topics missing there are skipped). */
  assign(
    members: readonly GroupMember[],
    partitionCounts: ReadonlyMap<string, number>,
  ): Map<string, TopicPartitions[]>;
}

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
