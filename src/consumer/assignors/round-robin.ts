/**
 * The `roundrobin` assignor (Java `RoundRobinAssignor`): every partition of every subscribed
 * topic, sorted by topic then partition, dealt in turn to the members in member order, skipping
 * members not subscribed to the partition's topic.
 */
import { AssignmentBuilder, type Assignor, compareMembers } from './assignor.js';

/** `roundrobin`. */
export const roundRobinAssignor: Assignor = {
  name: 'roundrobin',
  assign(members, partitionCounts) {
    const out = new AssignmentBuilder(members);
    const sorted = [...members].sort(compareMembers);
    const topics = [...new Set(members.flatMap((m) => m.subscription.topics))].sort();
    let next = 0;
    for (const topic of topics) {
      const count = partitionCounts.get(topic);
      if (count === undefined) continue;
      for (let p = 0; p < count; p++) {
        // Java's CircularIterator: advance until a member subscribed to this topic.
        for (let tries = 0; tries < sorted.length; tries++) {
          const m = sorted[next % sorted.length]!;
          next = (next + 1) % sorted.length;
          if (m.subscription.topics.includes(topic)) {
            out.add(m.memberId, topic, p);
            break;
          }
        }
      }
    }
    return out.build();
  },
};
