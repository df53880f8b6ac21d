/**
 * Waiting in a test for something another part of the system does, without a fixed sleep: the
 * test goes on as soon as the condition holds, and fails (naming what it waited for) when it
 * does not hold within a bound, or when `signal` aborts, so a regression cannot hang the suite.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link until}. */
export interface UntilOptions {
  /** Give up after this long. Default 10 s, enough for an in-process fake; real brokers need more. */
  readonly timeoutMs?: number;
  /** Stops waiting (rejecting with the signal's reason). */
  readonly signal?: AbortSignal;
}

/**
 * The bound for waiting on real brokers (integration tests): a group step there can take a
 * session timeout (45 s by default) and a rebalance delay on a busy machine.
 */
export const brokerWait: UntilOptions = { timeoutMs: 60_000 };

/** How often the condition is checked: often enough for a fake answering in microseconds. */
const POLL_MS = 5;

/**
 * Resolves once `condition()` holds (it may ask a broker: an async condition is awaited each
 * turn); rejects naming `what` after the timeout or on abort.
 */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  options: UntilOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const giveUp = Date.now() + timeoutMs;
  while (!(await condition())) {
    options.signal?.throwIfAborted();
    if (Date.now() > giveUp) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    // The timer rejects with an AbortError; the signal's own reason says more.
    await sleep(POLL_MS, undefined, { signal: options.signal }).catch((error: unknown) => {
      options.signal?.throwIfAborted();
      throw error;
    });
  }
}
