/**
 * The `range` assignor (Java `RangeAssignor`): per topic, the members subscribed to it in member
 * order each take a contiguous range; the first `partitions % members` take one more.
 *
 * Rack-aware (KIP-881, Java 3.5+): when {@link useRackAware} holds for some topic, a first pass
 * gives each member, in member order and within its quota, the partitions with a replica in its
 * rack — topics with the same subscribers and partition count (co-partitioned) together, so
 * partition `i` of each goes to one member, as Java does for joins — then the plain range pass
 * places the rest. The quota is the same as without racks: balance comes before locality.
 */
import {
  AssignmentBuilder,
  type Assignor,
  compareMembers,
  type GroupMember,
  type PartitionRacks,
  rackOf,
  racksOf,
  useRackAware,
} from './assignor.js';

/** What is left to assign of one topic (Java `RangeAssignor.TopicAssignmentState`). */
class TopicState {
  readonly unassigned: Set<number>;
  readonly assigned = new Map<string, number>();
  readonly perMember: number;
  extra: number;
  readonly racks: ReadonlySet<string>[];
  readonly needsRacks: boolean;

  constructor(
    readonly topic: string,
    count: number,
    readonly members: readonly GroupMember[],
    racks: PartitionRacks | undefined,
  ) {
    this.unassigned = new Set(Array.from({ length: count }, (_, p) => p));
    this.perMember = Math.floor(count / members.length);
    this.extra = count % members.length;
    this.racks = Array.from({ length: count }, (_, p) => racksOf(racks, topic, p));
    const memberRacks = new Set(members.map(rackOf).filter((r) => r !== null));
    this.needsRacks = useRackAware(memberRacks, this.racks);
  }

  /** Java `racksMatch`: a member without a rack matches every partition. */
  racksMatch(m: GroupMember, partition: number): boolean {
    const rack = rackOf(m);
    return rack === null || this.racks[partition]!.has(rack);
  }

  maxAssignable(m: GroupMember): number {
    const have = this.assigned.get(m.memberId) ?? 0;
    return Math.max(0, this.perMember + (this.extra > 0 ? 1 : 0) - have);
  }

  take(m: GroupMember, partitions: readonly number[], out: AssignmentBuilder): void {
    const have = (this.assigned.get(m.memberId) ?? 0) + partitions.length;
    this.assigned.set(m.memberId, have);
    if (have > this.perMember) this.extra--;
    for (const p of partitions) {
      this.unassigned.delete(p);
      out.add(m.memberId, this.topic, p);
    }
  }

  /** Java `assignRanges`: each member in order takes the first assignable partitions up to its quota. */
  assignRanges(out: AssignmentBuilder, mayAssign: (m: GroupMember, p: number) => boolean): void {
    for (const m of this.members) {
      if (this.unassigned.size === 0) return;
      const take = [...this.unassigned].filter((p) => mayAssign(m, p)).slice(0, this.maxAssignable(m));
      if (take.length > 0) this.take(m, take, out);
    }
  }
}

/** Java `assignCoPartitionedWithRackMatching`: partition `i` of every topic to the first member matching all of them. */
function assignCoPartitioned(states: readonly TopicState[], out: AssignmentBuilder): void {
  const remaining = [...states[0]!.members];
  const count = states[0]!.racks.length;
  for (let p = 0; p < count && remaining.length > 0; p++) {
    const i = remaining.findIndex((m) => states.every((t) => t.racksMatch(m, p) && t.maxAssignable(m) > 0));
    if (i < 0) continue;
    const m = remaining[i]!;
    for (const t of states) t.take(m, [p], out);
    if (states.every((t) => t.maxAssignable(m) === 0)) remaining.splice(i, 1);
  }
}

/** `range`. */
export const rangeAssignor: Assignor = {
  name: 'range',
  assign(members, partitionCounts, racks) {
    const out = new AssignmentBuilder(members);
    const states: TopicState[] = [];
    for (const topic of [...new Set(members.flatMap((m) => m.subscription.topics))].sort()) {
      const count = partitionCounts.get(topic);
      if (count === undefined || count === 0) continue;
      const subscribed = members.filter((m) => m.subscription.topics.includes(topic)).sort(compareMembers);
      states.push(new TopicState(topic, count, subscribed, racks));
    }
    const rackAware = states.some((s) => s.needsRacks);
    if (rackAware) {
      const groups = new Map<string, TopicState[]>();
      for (const s of states) {
        const k = `${s.racks.length}\u0000${s.members.map((m) => m.memberId).join('\u0000')}`;
        groups.set(k, [...(groups.get(k) ?? []), s]);
      }
      for (const group of groups.values()) {
        if (group.length > 1) assignCoPartitioned(group, out);
        else if (group[0]!.needsRacks) group[0]!.assignRanges(out, (m, p) => group[0]!.racksMatch(m, p));
      }
    }
    for (const s of states) s.assignRanges(out, () => true);
    const result = out.build();
    if (rackAware)
      for (const parts of result.values())
        for (const t of parts) (t.partitions as number[]).sort((a, b) => a - b);
    return result;
  },
};
