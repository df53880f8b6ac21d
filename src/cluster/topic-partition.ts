/**
 * The one name of a partition across the client: a topic and a partition index. Every layer
 * above `net/` (routing, producer, consumer, admin, the kafe facade) speaks of partitions with
 * this type, and keys its per-partition maps with {@link topicPartitionKey}.
 */

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/**
 * A string that names one partition, for `Map` and `Set` keys. NUL cannot occur in a topic name
 * (Kafka allows only `[a-zA-Z0-9._-]`, `Topic#validate`), so two partitions never share a key.
 */
export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** `list` grouped by `topic`, topics and their items in first-seen order (requests list partitions per topic). */
export function groupByTopic<T extends { readonly topic: string }>(list: readonly T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const x of list) {
    const l = m.get(x.topic);
    if (l === undefined) m.set(x.topic, [x]);
    else l.push(x);
  }
  return [...m];
}
