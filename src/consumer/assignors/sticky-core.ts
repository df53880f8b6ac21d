/**
 * The assignment shared by the `sticky` (eager) and `cooperative-sticky` assignors, in a simpler
 * form than Java's `AbstractStickyAssignor`: balanced (member counts differ by at most one
 * among members with the same subscription), sticky (a member keeps what it owned, up to its
 * share). The two differ only in where a member's previous partitions come from and in what
 * happens to a partition that moves (see each assignor).
 *
 * Rack-aware (KIP-881) when {@link useRackAware} holds over the whole group: a member keeps
 * first the owned partitions with a replica in its rack, the free partitions go first to
 * members of a matching rack with room, and only then, balance first, to anyone — a previous
 * owner before others. Balance comes before locality, as in Java.
 */
import { topicPartitionKey } from '../../cluster/topic-partition.js';
import type { TopicPartitions } from '../../protocol/consumer-protocol.js';
import {
  compareMembers,
  type GroupMember,
  type PartitionRacks,
  rackOf,
  racksOf,
  useRackAware,
} from './assignor.js';

/** What one member owned before this rebalance, and in which generation. */
export interface OwnedClaim {
  readonly partitions: readonly TopicPartitions[];
  /** Generation of the claim, -1 when unknown. */
  readonly generation: number;
}

/** The outcome: the new owner of each partition, and its previous owner. */
export interface StickyPlan {
  /** Every partition of the subscribed topics, sorted by topic then partition. */
  readonly all: readonly { topic: string; partition: number }[];
  /** New owner (member id) by {@link topicPartitionKey}. */
  readonly target: ReadonlyMap<string, string>;
  /** Previous owner (member id) by {@link topicPartitionKey}; the claim of the highest generation wins. */
  readonly owner: ReadonlyMap<string, string>;
  /** Members in Java's member order. */
  readonly sorted: readonly GroupMember[];
}

/** Runs the sticky assignment; `claimOf` says what each member owned. */
export function stickyPlan(
  members: readonly GroupMember[],
  partitionCounts: ReadonlyMap<string, number>,
  claimOf: (m: GroupMember) => OwnedClaim,
  racks?: PartitionRacks,
): StickyPlan {
  const sorted = [...members].sort(compareMembers);
  const all: { topic: string; partition: number }[] = [];
  for (const topic of [...new Set(members.flatMap((m) => m.subscription.topics))].sort()) {
    const count = partitionCounts.get(topic);
    if (count !== undefined) for (let p = 0; p < count; p++) all.push({ topic, partition: p });
  }
  const owner = new Map<string, { memberId: string; generation: number }>();
  for (const m of sorted) {
    const claim = claimOf(m);
    for (const t of claim.partitions)
      for (const p of t.partitions) {
        const k = topicPartitionKey(t.topic, p);
        const prev = owner.get(k);
        if (prev === undefined || claim.generation > prev.generation)
          owner.set(k, { memberId: m.memberId, generation: claim.generation });
      }
  }
  const partitionRacks = new Map(
    all.map((p) => [topicPartitionKey(p.topic, p.partition), racksOf(racks, p.topic, p.partition)]),
  );
  const rackAware = useRackAware(new Set(sorted.map(rackOf).filter((r) => r !== null)), [
    ...partitionRacks.values(),
  ]);
  const racksMatch = (m: GroupMember, k: string) => {
    const rack = rackOf(m);
    return !rackAware || rack === null || partitionRacks.get(k)!.has(rack);
  };
  const eligible = (m: GroupMember, topic: string) => m.subscription.topics.includes(topic);
  const quotas = new Quotas(sorted, all, eligible);
  const target = new Map<string, string>();
  const give = (m: GroupMember, k: string) => {
    quotas.add(m);
    target.set(k, m.memberId);
  };
  // 1. Sticky: each member keeps what it owns (rack-matching first), up to its share.
  for (const matching of rackAware ? [true, false] : [true])
    for (const m of sorted)
      for (const p of all) {
        const k = topicPartitionKey(p.topic, p.partition);
        if (target.has(k) || owner.get(k)?.memberId !== m.memberId || !eligible(m, p.topic)) continue;
        if (matching === racksMatch(m, k) && quotas.room(m)) give(m, k);
      }
  // 2. Locality (KIP-881): free partitions to the least loaded member of a matching rack with room.
  // 3. Balance: the rest to the least loaded eligible member.
  for (const pass of rackAware ? ['rack', 'any'] : ['any'])
    for (const p of all) {
      const k = topicPartitionKey(p.topic, p.partition);
      if (target.has(k)) continue;
      const candidates = sorted.filter(
        (m) =>
          eligible(m, p.topic) &&
          (pass === 'any' || (rackOf(m) !== null && racksMatch(m, k) && quotas.room(m))),
      );
      const best = quotas.leastLoaded(candidates);
      if (best !== undefined) give(best, k);
    }
  return {
    all,
    target,
    owner: new Map([...owner].map(([k, v]) => [k, v.memberId])),
    sorted,
  };
}

/**
 * Shares per member: members with the same subscription split its partitions into `min` or
 * `min + 1` each, and only `total % members` of them may hold `min + 1` (Java's
 * `minQuota` / `maxQuota` / `expectedNumMembersWithOverMinQuotaPartitions`).
 */
class Quotas {
  private readonly counts = new Map<string, number>();
  private readonly min = new Map<string, number>();
  private readonly extras = new Map<string, number>();
  private readonly keyOf = (m: GroupMember) => [...m.subscription.topics].sort().join('\u0000');

  constructor(
    members: readonly GroupMember[],
    all: readonly { topic: string }[],
    eligible: (m: GroupMember, topic: string) => boolean,
  ) {
    for (const m of members) {
      this.counts.set(m.memberId, 0);
      const share = all.filter((p) => eligible(m, p.topic)).length;
      const sharing = members.filter((o) => o.subscription.topics.some((t) => eligible(m, t))).length;
      this.min.set(m.memberId, Math.floor(share / Math.max(1, sharing)));
      this.extras.set(this.keyOf(m), share % Math.max(1, sharing));
    }
  }

  room(m: GroupMember): boolean {
    const n = this.counts.get(m.memberId)!;
    const min = this.min.get(m.memberId)!;
    return n < min || (n === min && this.extras.get(this.keyOf(m))! > 0);
  }

  add(m: GroupMember): void {
    const n = this.counts.get(m.memberId)! + 1;
    this.counts.set(m.memberId, n);
    if (n === this.min.get(m.memberId)! + 1)
      this.extras.set(this.keyOf(m), this.extras.get(this.keyOf(m))! - 1);
  }

  leastLoaded(members: readonly GroupMember[]): GroupMember | undefined {
    let best: GroupMember | undefined;
    for (const m of members)
      if (best === undefined || this.counts.get(m.memberId)! < this.counts.get(best.memberId)!) best = m;
    return best;
  }
}
