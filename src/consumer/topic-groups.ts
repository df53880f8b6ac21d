/** Grouping partitions by topic, as requests list them (one entry per topic, partitions inside). */

/** `list` grouped by `topic`, in first-seen order. */
export function groupByTopic<T extends { readonly topic: string }>(list: readonly T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const x of list) {
    const l = m.get(x.topic);
    if (l === undefined) m.set(x.topic, [x]);
    else l.push(x);
  }
  return [...m];
}
