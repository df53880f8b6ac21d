/** Helpers of the consumer group integration tests. */
import type { TopicPartition } from '../../src/consumer/consumer.js';

/** Polls `condition` every 50 ms; fails naming `what` after `timeoutMs`. */
export async function until(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const giveUp = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

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
