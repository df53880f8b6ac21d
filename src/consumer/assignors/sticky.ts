/**
 * The `sticky` assignor (KIP-54, KIP-341; Java `StickyAssignor`): the sticky assignment of
 * `sticky-core.ts` under the EAGER protocol — every member gives up all its partitions before
 * joining, so a partition can move straight from one member to another in one rebalance.
 *
 * Having revoked everything, an eager member's `ownedPartitions` is empty; what it owned before
 * travels in the subscription's user data instead, as Java's `StickyAssignor` writes it
 * ("StickyAssignorUserData" v1, no version prefix): `previous_assignment: [topic: STRING,
 * partitions: [INT32]]`, `generation: INT32`. v0 (before KIP-341) has no generation; a claim
 * without one counts as generation -1, so any claim with a generation beats it.
 */

import { topicPartitionKey } from '../../cluster/topic-partition.js';
import type { TopicPartitions } from '../../protocol/consumer-protocol.js';
import { Reader } from '../../protocol/primitives/reader.js';
import { Writer } from '../../protocol/primitives/writer.js';
import { AssignmentBuilder, type Assignor, type GroupMember } from './assignor.js';
import { type OwnedClaim, stickyPlan } from './sticky-core.js';

/** Encodes Java's `StickyAssignorUserData` v1: the member's previous assignment and its generation. */
export function encodeStickyUserData(partitions: readonly TopicPartitions[], generation: number): Buffer {
  const w = new Writer(64);
  w.writeArrayLength(partitions.length);
  for (const t of partitions) {
    w.writeString(t.topic);
    w.writeArrayLength(t.partitions.length);
    for (const p of t.partitions) w.writeInt32(p);
  }
  w.writeInt32(generation);
  return w.finish();
}

/**
 * Decodes `StickyAssignorUserData` v1, or v0 (no generation: -1). Unreadable bytes count as
 * no previous assignment, as Java's leader logs and goes on rather than failing the group.
 */
export function decodeStickyUserData(data: Uint8Array | null): OwnedClaim {
  if (data === null || data.length === 0) return { partitions: [], generation: -1 };
  try {
    const r = new Reader(data);
    const partitions: TopicPartitions[] = [];
    const topics = r.readArrayLength(6);
    for (let i = 0; i < topics; i++) {
      const topic = r.readString();
      const n = r.readArrayLength(4);
      const list: number[] = [];
      for (let j = 0; j < n; j++) list.push(r.readInt32());
      partitions.push({ topic, partitions: list });
    }
    return { partitions, generation: r.remaining >= 4 ? r.readInt32() : -1 };
  } catch {
    return { partitions: [], generation: -1 };
  }
}

const claimOf = (m: GroupMember): OwnedClaim => decodeStickyUserData(m.subscription.userData);

/** `sticky` (eager). */
export const stickyAssignor: Assignor = {
  name: 'sticky',
  // Java sends no user data before the first assignment.
  subscriptionUserData: (last) =>
    last === null ? null : encodeStickyUserData(last.partitions, last.generation),
  assign(members, partitionCounts, racks) {
    const { all, target, sorted } = stickyPlan(members, partitionCounts, claimOf, racks);
    const out = new AssignmentBuilder(sorted);
    for (const p of all) {
      const to = target.get(topicPartitionKey(p.topic, p.partition));
      if (to !== undefined) out.add(to, p.topic, p.partition);
    }
    return out.build();
  },
};
