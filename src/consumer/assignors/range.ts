/**
 * The `range` assignor (Java `RangeAssignor`, without its rack-aware variant): per topic, the
 * members subscribed to it in member order each take a contiguous range; the first
 * `partitions % members` take one more.
 */
import { AssignmentBuilder, type Assignor, compareMembers } from './assignor.js';

/** `range`. */
export const rangeAssignor: Assignor = {
  name: 'range',
  assign(members, partitionCounts) {
    const out = new AssignmentBuilder(members);
    const topics = [...new Set(members.flatMap((m) => m.subscription.topics))].sort();
    for (const topic of topics) {
      const count = partitionCounts.get(topic);
      if (count === undefined) continue;
      const subscribed = members.filter((m) => m.subscription.topics.includes(topic)).sort(compareMembers);
      const per = Math.floor(count / subscribed.length);
      const extra = count % subscribed.length;
      subscribed.forEach((m, i) => {
        const start = per * i + Math.min(i, extra);
        const length = per + (i < extra ? 1 : 0);
        for (let p = start; p < start + length; p++) out.add(m.memberId, topic, p);
      });
    }
    return out.build();
  },
};
