/**
 * The `cooperative-sticky` assignor (KIP-429; Java `CooperativeStickyAssignor`), in a simpler
 * form than Java's `AbstractStickyAssignor`: balanced (member counts differ by at most one
 * among members with the same subscription), sticky (a member keeps what it owns up to its
 * share), and cooperative: a partition moving from one member to another is left out of this
 * round's assignment, so its owner revokes it first and the follow-up rebalance hands it over.
 * A partition never goes from one owner straight to another.
 *
 * Owned partitions come from each member's subscription (`ownedPartitions`, `generationId`);
 * when two members claim one partition, the claim of the higher generation wins. The member's
 * generation also goes in `userData` (int32), as Java writes it for older leaders.
 */
import type { TopicPartitions } from '../consumer-protocol.js';
import { AssignmentBuilder, type Assignor, compareMembers, type GroupMember } from './assignor.js';

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** The int32 generation Java's `CooperativeStickyAssignor` puts in the subscription's user data. */
export function cooperativeUserData(generationId: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(generationId);
  return b;
}

function generationOf(m: GroupMember): number {
  const s = m.subscription;
  if (s.generationId >= 0) return s.generationId;
  const u = s.userData;
  return u !== null && u.length >= 4 ? Buffer.from(u).readInt32BE(0) : -1;
}

/** `cooperative-sticky`. */
export const cooperativeStickyAssignor: Assignor = {
  name: 'cooperative-sticky',
  assign(members, partitionCounts) {
    const sorted = [...members].sort(compareMembers);
    const all: { topic: string; partition: number }[] = [];
    for (const topic of [...new Set(members.flatMap((m) => m.subscription.topics))].sort()) {
      const count = partitionCounts.get(topic);
      if (count !== undefined) for (let p = 0; p < count; p++) all.push({ topic, partition: p });
    }
    // Current owner of each partition: the claim with the highest generation.
    const owner = new Map<string, { memberId: string; generation: number }>();
    for (const m of sorted) {
      const generation = generationOf(m);
      for (const t of m.subscription.ownedPartitions)
        for (const p of t.partitions) {
          const k = key(t.topic, p);
          const prev = owner.get(k);
          if (prev === undefined || generation > prev.generation)
            owner.set(k, { memberId: m.memberId, generation });
        }
    }
    const eligible = (m: GroupMember, topic: string) => m.subscription.topics.includes(topic);
    const counts = new Map<string, string[]>(sorted.map((m) => [m.memberId, []]));
    const quota = (m: GroupMember) => {
      const share = all.filter((p) => eligible(m, p.topic)).length;
      const sharing = sorted.filter((o) =>
        o.subscription.topics.some((t) => m.subscription.topics.includes(t)),
      ).length;
      return Math.ceil(share / Math.max(1, sharing));
    };
    const target = new Map<string, string>();
    // 1. Sticky: each member keeps what it owns, up to its (ceiling) share.
    for (const m of sorted) {
      const max = quota(m);
      for (const p of all) {
        const k = key(p.topic, p.partition);
        if (owner.get(k)?.memberId !== m.memberId || !eligible(m, p.topic)) continue;
        if (counts.get(m.memberId)!.length >= max) break;
        counts.get(m.memberId)!.push(k);
        target.set(k, m.memberId);
      }
    }
    // 2. Balance: every other partition goes to the least loaded eligible member.
    for (const p of all) {
      const k = key(p.topic, p.partition);
      if (target.has(k)) continue;
      let best: GroupMember | undefined;
      for (const m of sorted)
        if (
          eligible(m, p.topic) &&
          (best === undefined || counts.get(m.memberId)!.length < counts.get(best.memberId)!.length)
        )
          best = m;
      if (best === undefined) continue;
      counts.get(best.memberId)!.push(k);
      target.set(k, best.memberId);
    }
    // 3. Cooperative: a partition still owned by another member is withheld this round.
    const out = new AssignmentBuilder(sorted);
    for (const p of all) {
      const k = key(p.topic, p.partition);
      const to = target.get(k);
      if (to === undefined) continue;
      const from = owner.get(k)?.memberId;
      if (from !== undefined && from !== to && members.some((m) => m.memberId === from)) continue;
      out.add(to, p.topic, p.partition);
    }
    return out.build() as Map<string, TopicPartitions[]>;
  },
};
