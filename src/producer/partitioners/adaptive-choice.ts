/**
 * Adaptive partition switching (KIP-794, Java `partitioner.adaptive.partitioning.enable`, on by
 * default): when the sticky partitioner moves on, it picks the next partition with a
 * probability that falls as the load queued for the partition's leader grows, so a slow
 * broker is given less while the others take more. As Java's `BuiltInPartitioner`, the weight
 * of a partition is `maxLoad + 1 - load` (loads in whole batches), drawn through a cumulative
 * table; equal loads mean a uniform choice. A partition whose leader is unavailable (load -1:
 * nothing drained to it for `partitionerAvailabilityTimeoutMs`) is not chosen while another is.
 */

/** Where the adaptive choice learns how loaded a partition's leader is. */
export interface PartitionLoadSource {
  /**
   * Load queued for the leader of `partition` of `topic`, in batches (0: nothing waiting), or
   * -1 when the leader counts as unavailable.
   */
  leaderLoad(topic: string, partition: number): number;
}

/**
 * The partition to switch to among `choices`, weighted by `loads` (same order), with `random`
 * in [0, 1); `undefined` when the loads say nothing (all equal, or all unavailable) and the
 * caller should pick uniformly.
 */
export function adaptiveChoice(
  choices: readonly number[],
  loads: readonly number[],
  random: number,
): number | undefined {
  let max = -1;
  let usable = 0;
  let allEqual = true;
  for (const load of loads) {
    if (load < 0) {
      allEqual = false;
      continue;
    }
    if (usable > 0 && load !== max) allEqual = false;
    if (load > max) max = load;
    usable++;
  }
  if (usable === 0 || allEqual) return undefined;
  // Cumulative weights: a draw in [0, total) falls on the first partition whose running sum exceeds it.
  let total = 0;
  for (const load of loads) if (load >= 0) total += max + 1 - load;
  const target = Math.floor(random * total);
  let sum = 0;
  for (let i = 0; i < choices.length; i++) {
    const load = loads[i] as number;
    if (load < 0) continue;
    sum += max + 1 - load;
    if (target < sum) return choices[i];
  }
  return undefined;
}
