/**
 * Transactions by time, as Java's `ProducerPerformance --transaction-duration-ms` makes them:
 * the calls of the bench's driver go into the open transaction, which is committed once it has
 * been open `durationMs` (at the call that finds it so, or by a timer when no call comes). A
 * call resolves when the transaction holding its records has committed, so the driver's calls
 * in flight fill one transaction together, as Java's sends between two commits do. Comparing
 * transactions of a fixed count with Java's by time measured transaction sizes, not clients: at
 * 100 B, Java's 50 ms transactions held about 6,000 records against the Node clients' 1,000.
 */

/** How a client runs a transaction, for {@link timedTransactions}. */
export interface TransactionSteps<T> {
  /** Opens a transaction. */
  begin(): Promise<T>;
  /**
   * Sends values in it. May return before they are acknowledged (the commit waits for them, as
   * Java's `commitTransaction` flushes); a failure it reports aborts the transaction.
   */
  send(transaction: T, values: readonly Buffer[]): Promise<void>;
  commit(transaction: T): Promise<void>;
  abort(transaction: T): Promise<void>;
}

interface Open<T> {
  readonly transaction: T;
  readonly startedAt: number;
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  timer: unknown;
}

/** A driver's `send` that writes through `steps` in transactions of about `durationMs` each (`clock`: tests). */
export function timedTransactions<T>(
  steps: TransactionSteps<T>,
  durationMs: number,
  clock: { now(): number; setTimeout(f: () => void, ms: number): unknown; clearTimeout(t: unknown): void } = {
    now: () => performance.now(),
    setTimeout: (f, ms) => setTimeout(f, ms),
    clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
  },
): (values: readonly Buffer[]) => Promise<void> {
  let tail: Promise<unknown> = Promise.resolve();
  let open: Open<T> | undefined;
  /** One step at a time: a transactional producer has one transaction (KIP-98). */
  const serial = <R>(step: () => Promise<R>): Promise<R> => {
    const run = tail.then(step);
    tail = run.catch(() => {});
    return run;
  };
  const end = async (t: Open<T>): Promise<void> => {
    if (open === t) open = undefined;
    clock.clearTimeout(t.timer);
    try {
      await steps.commit(t.transaction);
      t.resolve();
    } catch (error) {
      await steps.abort(t.transaction).catch(() => {});
      t.reject(error);
    }
  };
  return async (values) => {
    const joined = await serial(async () => {
      if (open === undefined) {
        const transaction = await steps.begin();
        let resolve!: () => void;
        let reject!: (error: unknown) => void;
        const done = new Promise<void>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        // Every call awaits it; unobserved it would be an unhandled rejection before they do.
        done.catch(() => {});
        const t: Open<T> = {
          transaction,
          startedAt: clock.now(),
          done,
          resolve,
          reject,
          timer: undefined,
        };
        t.timer = clock.setTimeout(
          () => void serial(() => (open === t ? end(t) : Promise.resolve())),
          durationMs,
        );
        open = t;
      }
      const t = open;
      try {
        await steps.send(t.transaction, values);
      } catch (error) {
        if (open === t) open = undefined;
        clock.clearTimeout(t.timer);
        await steps.abort(t.transaction).catch(() => {});
        t.reject(error);
        return t;
      }
      if (clock.now() - t.startedAt >= durationMs) await end(t);
      return t;
    });
    await joined.done;
  };
}

/** How long a transaction stays open, ms: `KAFE_BENCH_TXN_MS`, default 50 (Java's tool's `--transaction-duration-ms` too). */
export function transactionMs(): number {
  return Number(process.env.KAFE_BENCH_TXN_MS ?? 50);
}

/** Records per transaction for the Node clients when `KAFE_BENCH_TXN_RECORDS` is set (Java's tool still commits by time). */
export function transactionRecords(): number | undefined {
  const n = process.env.KAFE_BENCH_TXN_RECORDS;
  return n === undefined ? undefined : Number(n);
}
