/**
 * Runs an async function's calls one after the other, whatever the caller's concurrency: a
 * transactional producer has one transaction open at a time (KIP-98), and the bench's driver
 * keeps several calls in flight, so the transactional adapters queue theirs (as Java's tool
 * runs its transactions one after the other).
 */
export function oneAtATime<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (...args) => {
    const run = tail.then(() => fn(...args));
    // The next call waits for this one whether it succeeds or fails; the caller sees the failure.
    tail = run.catch(() => {});
    return run;
  };
}
