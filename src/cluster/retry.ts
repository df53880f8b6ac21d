/**
 * The retry policy: exponential backoff with jitter, bounded by a deadline and an
 * `AbortSignal` (Java: `retry.backoff.ms` / `retry.backoff.max.ms`, KIP-580, with the
 * operation bounded like `default.api.timeout.ms`). Whether an error is worth retrying is the
 * error's own `retriable` flag: for broker errors that flag comes from the generated error table
 * (`protocol/messages/error-codes.ts`), for connection errors from `net/`; no list of codes here.
 */
import type { ClientScope } from '../net/client-scope.js';
import { KafeError } from '../protocol/errors.js';
import { clusterChannels, type GiveUpMessage, type RetryMessage } from './diagnostics.js';
import { DeadlineExceededError, OperationAbortedError } from './errors.js';

/** Backoff settings. */
export interface BackoffOptions {
  /** First delay. Default 100 ms (Java `retry.backoff.ms`). */
  initialBackoffMs?: number;
  /** Largest delay. Default 1000 ms (Java `retry.backoff.max.ms`). */
  maxBackoffMs?: number;
}

/** Settings of one retried operation. */
export interface RetryOptions extends BackoffOptions {
  /** Name used in errors, e.g. `Metadata`. */
  operation: string;
  /** Total time allowed across attempts and backoffs. */
  timeoutMs: number;
  /** Aborting stops at once with {@link OperationAbortedError}. */
  signal?: AbortSignal | undefined;
  /** Whether to try again after `error`; by default `error.retriable` for a {@link KafeError}. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /**
   * Called before each backoff (refresh metadata, forget a coordinator, ...), with a signal
   * that fires on abort or at the deadline.
   */
  onRetry?: (error: unknown, attempt: number, signal: AbortSignal) => void | Promise<void>;
  /** Source of randomness for the jitter (tests). */
  random?: () => number;
  /** The client of the operation, named by the `kafe:cluster:retry` and `give-up` messages. */
  client?: ClientScope | undefined;
}

/** What one attempt may use: its number (1-based), the time left and a signal that fires on abort or at the deadline. */
export interface Attempt {
  readonly attempt: number;
  /** Milliseconds left before the deadline (use as the request timeout). */
  readonly remainingMs: number;
  readonly signal: AbortSignal | undefined;
}

const JITTER = 0.2;

/**
 * Delay before retry number `attempt` (1 = first retry): `initial * 2^(attempt-1)`, capped at
 * `max`, times a random factor in [0.8, 1.2] so that clients do not retry in lockstep (Java
 * `ExponentialBackoff` with jitter 0.2).
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialBackoffMs ?? 100;
  const max = Math.max(initial, options.maxBackoffMs ?? 1000);
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(base * (1 - JITTER + 2 * JITTER * random())));
}

/** Whether an error says that repeating the operation may succeed. */
export function isRetriable(error: unknown): boolean {
  return error instanceof KafeError && error.retriable;
}

/**
 * Runs `fn` until it succeeds, an error is not retriable, the deadline passes or the signal
 * aborts. A non-retriable error is rethrown as it is; running out of time gives a
 * {@link DeadlineExceededError} whose `cause` is the last error; an abort gives an
 * {@link OperationAbortedError}.
 */
export async function retry<T>(fn: (attempt: Attempt) => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const shouldRetry = options.shouldRetry ?? isRetriable;
  const { signal } = options;
  let last: unknown;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw new OperationAbortedError(options.operation, signal.reason);
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) throw gaveUp(options, attempt - 1, last);
    // The attempt's signal also fires at the deadline, so no wait inside it (a connect, a
    // response) outlives the operation.
    const timeout = deadlineSignal(remainingMs);
    const attemptSignal = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
    try {
      return await fn({ attempt, remainingMs, signal: attemptSignal });
    } catch (error) {
      if (signal?.aborted) throw new OperationAbortedError(options.operation, signal.reason);
      if (timeout.signal.aborted || Date.now() >= deadline) {
        // Cut short by the deadline, the attempt's own error is only "aborted": the previous
        // attempt's error says more about why nothing succeeded.
        const cause = timeout.signal.aborted && last !== undefined ? last : error;
        throw gaveUp(options, attempt, cause);
      }
      if (!shouldRetry(error, attempt)) throw error;
      last = error;
    } finally {
      timeout.clear();
    }
    const delay = backoffDelay(attempt, options, options.random);
    if (clusterChannels.retry.hasSubscribers) {
      const code = last instanceof KafeError ? last.code : 'UNKNOWN_ERROR';
      clusterChannels.retry.publish({
        client: options.client,
        operation: options.operation,
        attempt,
        code,
        delayMs: delay,
      } satisfies RetryMessage);
    }
    if (Date.now() + delay >= deadline) throw gaveUp(options, attempt, last);
    if (options.onRetry !== undefined) {
      const timeout = deadlineSignal(Math.max(1, deadline - Date.now()));
      try {
        await options.onRetry(
          last,
          attempt,
          signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]),
        );
      } catch (error) {
        // A failed preparation (say, a metadata refresh while every broker is down) is the new
        // reason to wait, unless it is final.
        if (signal?.aborted) throw new OperationAbortedError(options.operation, signal.reason);
        if (timeout.signal.aborted || Date.now() >= deadline) throw gaveUp(options, attempt, last);
        if (!shouldRetry(error, attempt)) throw error;
        last = error;
      } finally {
        timeout.clear();
      }
    }
    await sleep(delay, signal, options.operation);
  }
}

/** The error of an operation out of time, published on `kafe:cluster:give-up` (retries that exhaust). */
function gaveUp(options: RetryOptions, attempts: number, cause: unknown): DeadlineExceededError {
  if (clusterChannels.giveUp.hasSubscribers) {
    clusterChannels.giveUp.publish({
      client: options.client,
      operation: options.operation,
      attempts,
      timeoutMs: options.timeoutMs,
      error: cause instanceof Error ? cause : undefined,
    } satisfies GiveUpMessage);
  }
  return new DeadlineExceededError(options.operation, options.timeoutMs, attempts, cause);
}

/** Waits `ms`, or rejects with {@link OperationAbortedError} as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, operation: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new OperationAbortedError(operation, signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OperationAbortedError(operation, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `promise`, or an {@link OperationAbortedError} as soon as `signal` aborts (the work behind
 * `promise` goes on for whoever else waits on it; a late rejection is swallowed).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new OperationAbortedError(operation, signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new OperationAbortedError(operation, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A signal that fires after `ms`. Unlike `AbortSignal.timeout` its timer is not unref'd: an
 * operation waiting for its deadline keeps the process alive until it settles, so a caller's
 * `await` always ends (with the deadline error) instead of the process exiting under it.
 */
function deadlineSignal(ms: number): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`deadline of ${ms} ms passed`)), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
