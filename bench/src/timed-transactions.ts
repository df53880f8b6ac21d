/**
 * Transactions by time, as Java's `ProducerPerformance --transaction-duration-ms` makes them:
 * the driver's calls send into the open transaction, a call resolves when its records are
 * acknowledged (what Java's tool counts, its send callbacks), and the transaction is committed
 * once it has been open `durationMs`: by the first call that finds it so (before sending its
 * own records, into the next transaction) or by a timer when no call comes. Comparing
 * transactions of a fixed count with Java's by time measured transaction sizes, not clients: at
 * 100 B, Java's 50 ms transactions held about 6,000 records against the Node clients' 1,000.
 */

/** How a client runs a transaction, for {@link timedTransactions}. */
export interface TransactionSteps<T> {
  /** Opens a transaction. */
  begin(): Promise<T>;
  /** Starts sending values in it; resolves when they are acknowledged. */
  send(transaction: T, values: readonly Buffer[]): Promise<unknown>;
  commit(transaction: T): Promise<void>;
  abort(transaction: T): Promise<void>;
}

/** What {@link timedTransactions} gives an adapter. */
export interface TimedTransactions {
  /** Sends `values` in the open transaction; resolves when they are acknowledged. */
  send(values: readonly Buffer[]): Promise<void>;
  /** Commits the open transaction, if any (the adapter's close). */
  flush(): Promise<void>;
}

/** The clock and timers (tests give their own). */
export interface TransactionClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const realClock: TransactionClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

interface Open<T> {
  readonly transaction: T;
  readonly startedAt: number;
  /** Acknowledgements of the sends in it (failures caught into `failed`). */
  readonly sends: Promise<void>[];
  failed: boolean;
  timer: unknown;
}

/** Sends through `steps` in transactions of about `durationMs` each. */
export function timedTransactions<T>(
  steps: TransactionSteps<T>,
  durationMs: number,
  clock: TransactionClock = realClock,
): TimedTransactions {
  let tail: Promise<unknown> = Promise.resolve();
  let open: Open<T> | undefined;
  /** One step at a time: a transactional producer has one transaction (KIP-98). */
  const serial = <R>(step: () => Promise<R>): Promise<R> => {
    const run = tail.then(step);
    tail = run.catch(() => {});
    return run;
  };
  /** Commits `t` once its sends are acknowledged; aborts it when one failed or the commit does. */
  const end = async (t: Open<T>): Promise<void> => {
    if (open === t) open = undefined;
    clock.clearTimeout(t.timer);
    await Promise.all(t.sends);
    if (!t.failed) {
      try {
        await steps.commit(t.transaction);
        return;
      } catch {
        // The transaction is abortable: abort below.
      }
    }
    await steps.abort(t.transaction).catch(() => {});
  };
  const begin = async (): Promise<Open<T>> => {
    const transaction = await steps.begin();
    const t: Open<T> = { transaction, startedAt: clock.now(), sends: [], failed: false, timer: undefined };
    t.timer = clock.setTimeout(
      () => void serial(() => (open === t ? end(t) : Promise.resolve())),
      durationMs,
    );
    return t;
  };
  return {
    async send(values) {
      const acked = await serial(async () => {
        if (open !== undefined && clock.now() - open.startedAt >= durationMs) await end(open);
        open ??= await begin();
        const t = open;
        const sent = steps.send(t.transaction, values);
        t.sends.push(
          sent.then(
            () => {},
            () => {
              t.failed = true;
            },
          ),
        );
        return { sent };
      });
      await acked.sent;
    },
    flush: () => serial(() => (open === undefined ? Promise.resolve() : end(open))),
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
