/**
 * The shape of a case's rounds: which client goes when, how many records a run sends so that it
 * lasts long enough to measure, and when fresh brokers count as warm.
 */

/**
 * The clients in the order they run in round `round` of case number `caseIndex`: rotated by one
 * more place every round and every case, so across rounds each client takes each place in turn
 * and none always follows a case's set-up or another given client.
 */
export function roundOrder<T>(clients: readonly T[], caseIndex: number, round: number): T[] {
  if (clients.length === 0) return [];
  const start = (caseIndex + round) % clients.length;
  return [...clients.slice(start), ...clients.slice(0, start)];
}

/**
 * Records for a run to last `seconds` at the rate a pilot run measured, rounded up to whole
 * calls of `batch` records and kept within [`min`, `max`] (a pilot slowed by the machine must
 * not ask for hours, nor a very fast one for less than the pilot already sent).
 */
export function recordsFor(
  msgPerSec: number,
  seconds: number,
  bounds: { batch: number; min: number; max: number },
): number {
  const wanted = Number.isFinite(msgPerSec) && msgPerSec > 0 ? msgPerSec * seconds : bounds.min;
  const calls = Math.ceil(Math.min(bounds.max, Math.max(bounds.min, wanted)) / bounds.batch);
  return calls * bounds.batch;
}

/**
 * Whether a series of warm-up throughputs has settled: its last `window` samples lie within
 * `tolerance` of their median (max − min). A broker JVM just started is still compiling its
 * produce and fetch paths, so its throughput climbs round after round before it levels off.
 */
export function settled(samples: readonly number[], window = 3, tolerance = 0.1): boolean {
  if (samples.length < window) return false;
  const last = [...samples.slice(-window)].sort((a, b) => a - b);
  const mid = last[last.length >> 1]!;
  return mid > 0 && (last[last.length - 1]! - last[0]!) / mid <= tolerance;
}
