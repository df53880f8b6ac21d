/**
 * The `cooperative-sticky` assignor (KIP-429; Java `CooperativeStickyAssignor`): the sticky
 * assignment of `sticky-core.ts`, made cooperative: a partition moving from one member to
 * another is left out of this round's assignment, so its owner revokes it first and the
 * follow-up rebalance hands it over. A partition never goes from one owner straight to another.
 *
 * Owned partitions come from each member's subscription (`ownedPartitions`, `generationId`);
 * when two members claim one partition, the claim of the higher generation wins. The member's
 * generation also goes in `userData` (int32), as Java writes it for older leaders.
 */
import { topicPartitionKey } from '../../cluster/topic-partition.js';
import type { TopicPartitions } from '../../protocol/consumer-protocol.js';
import { AssignmentBuilder, type Assignor, type GroupMember } from './assignor.js';
import { type OwnedClaim, stickyPlan } from './sticky-core.js';

/** The int32 generation Java's `CooperativeStickyAssignor` puts in the subscription's user data. */
export function cooperativeUserData(generationId: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(generationId);
  return b;
}

function claimOf(m: GroupMember): OwnedClaim {
  const s = m.subscription;
  const u = s.userData;
  const generation =
    s.generationId >= 0 ? s.generationId : u !== null && u.length >= 4 ? Buffer.from(u).readInt32BE(0) : -1;
  return { partitions: s.ownedPartitions, generation };
}

/** `cooperative-sticky`. */
export const cooperativeStickyAssignor: Assignor = {
  name: 'cooperative-sticky',
  subscriptionUserData: (last) => cooperativeUserData(last?.generation ?? -1),
  assign(members, partitionCounts, racks) {
    const { all, target, owner, sorted } = stickyPlan(members, partitionCounts, claimOf, racks);
    // Cooperative: a partition still owned by another member is withheld this round.
    const out = new AssignmentBuilder(sorted);
    for (const p of all) {
      const k = topicPartitionKey(p.topic, p.partition);
      const to = target.get(k);
      if (to === undefined) continue;
      const from = owner.get(k);
      if (from !== undefined && from !== to && members.some((m) => m.memberId === from)) continue;
      out.add(to, p.topic, p.partition);
    }
    return out.build() as Map<string, TopicPartitions[]>;
  },
};
