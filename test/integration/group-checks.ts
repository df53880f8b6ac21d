/** Helpers of the consumer group integration tests. */
import type { TopicPartition } from '../../src/cluster/topic-partition.js';
import type { ConsumerRecord } from '../../src/consumer/consumer-record.js';
import type { Kafka } from '../../src/kafka.js';
import { uniqueTopic } from './cluster-under-test.js';

/** `topic/partition` names of partitions. */
export const partitionNames = (parts: readonly TopicPartition[]): string[] =>
  parts.map((p) => `${p.topic}/${p.partition}`);

/** Keeps, per member name, the partitions its rebalance listener was told it owns. */
export function ownership(): {
  owned: Map<string, Set<string>>;
  revoked: Map<string, string[]>;
  listener: (name: string) => {
    onAssigned: (p: TopicPartition[]) => void;
    onRevoked: (p: TopicPartition[]) => void;
  };
} {
  const owned = new Map<string, Set<string>>();
  const revoked = new Map<string, string[]>();
  return {
    owned,
    revoked,
    listener: (name) => {
      owned.set(name, new Set());
      revoked.set(name, []);
      return {
        onAssigned: (p) => {
          for (const n of partitionNames(p)) owned.get(name)!.add(n);
        },
        onRevoked: (p) => {
          revoked.get(name)!.push(...partitionNames(p));
          for (const n of partitionNames(p)) owned.get(name)!.delete(n);
        },
      };
    },
  };
}

/** A new topic of `partitions` partitions and a new group id, for one test. */
export async function freshTopicAndGroup(
  kafka: Kafka,
  prefix: string,
  partitions: number,
): Promise<{ topic: string; groupId: string }> {
  const topic = uniqueTopic(prefix);
  (await kafka.admin().createTopics([{ topic, partitions, replicationFactor: 1 }])).throwIfFailed();
  return { topic, groupId: uniqueTopic('g') };
}

/** An `eachMessage` handler counting how often each value was processed (2 ms per record). */
export function countInto(seen: Map<string, number>): (r: ConsumerRecord) => Promise<void> {
  return async (r) => {
    const v = r.value!.toString();
    seen.set(v, (seen.get(v) ?? 0) + 1);
    await new Promise((res) => setTimeout(res, 2));
  };
}
