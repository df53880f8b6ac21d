/**
 * Timeouts taken from requests (session, rebalance and fetch wait times) are client input: a
 * negative or enormous one must neither overflow Node's timers (which then fire at once, with a
 * warning) nor wedge the fake, so each is clamped to what a timer can hold.
 */

/** Node's largest timer delay (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` as a timer delay: at least 0, at most {@link MAX_TIMER_MS}, 0 for a non-number. */
export function timerDelay(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_MS) : 0;
}
