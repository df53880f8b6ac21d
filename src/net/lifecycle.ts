/**
 * The life of every long-lived object of the client, written once: connection, broker pool,
 * cluster, producer and its sender, consumer, fetcher and group memberships each own one
 * {@link Lifecycle} instead of their own `closed` / `closing` / `stopped` flags (undici's
 * `DispatcherBase` plays this part for its dispatchers).
 *
 * - One explicit state: `opening` (I/O before first use; connections only) -> `open` ->
 *   `closing` -> `closed`, or `destroyed` when the object ended on an error instead.
 * - `close` is idempotent: the first call runs the owner's teardown, every call returns the same
 *   promise; after `destroy` it returns that teardown's promise. `destroy` after either is a
 *   no-op: the first ending wins, as a socket error during a requested close changes nothing.
 * - Calls after the end fail with the owner's own error ({@link Lifecycle.check}): a connection's
 *   `ConnectionClosedError`, a client's `ClientClosedError`.
 * - {@link Lifecycle.signal} aborts when the end begins, for the owner's waits to stop on.
 * - Every change of state is published in one place, the `kafe:lifecycle` channel.
 */
import type { ClientScope } from './client-scope.js';
import { channels, type LifecycleState } from './diagnostics.js';

/** Options of a {@link Lifecycle}. */
export interface LifecycleOptions {
  /** What the owner is (`connection`, `cluster`, `producer`, ...), as published. */
  readonly component: string;
  /** Which one it is, when there are several (a connection's `host:port`). */
  readonly name?: string | undefined;
  /** The client the owner belongs to, named by the published messages (and so by log lines). */
  readonly scope?: ClientScope | undefined;
  /** The error of a call after the end. */
  readonly closedError: () => Error;
  /** Starts `opening` (until {@link Lifecycle.opened}) instead of `open`. */
  readonly opening?: boolean;
}

/** One object's state, its single teardown and the errors of late calls. */
export class Lifecycle {
  /** Resolves once the teardown has finished: `undefined` after a close, else the error that destroyed it. */
  readonly ended: Promise<Error | undefined>;

  private current: LifecycleState;
  private ending: Promise<void> | undefined;
  private controller: AbortController | undefined;
  /** Why the end began: the abort reason of {@link signal}. */
  private reason: (() => Error) | undefined;
  private resolveEnded!: (error: Error | undefined) => void;

  constructor(private readonly options: LifecycleOptions) {
    this.current = options.opening === true ? 'opening' : 'open';
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    this.publish(undefined);
  }

  /** The current state. */
  get state(): LifecycleState {
    return this.current;
  }

  /** Whether the end has begun (closing, closed or destroyed): nothing new is taken. */
  get isClosed(): boolean {
    return this.ending !== undefined;
  }

  /** Aborts when the end begins, with the closed error (close) or the destroying error as reason. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.reason !== undefined) this.controller.abort(this.reason());
    }
    return this.controller.signal;
  }

  /** `opening` -> `open`: the owner is ready for use. */
  opened(): void {
    if (this.current !== 'opening') return;
    this.current = 'open';
    this.publish(undefined);
  }

  /** Throws the owner's closed error once the end has begun. */
  check(): void {
    if (this.isClosed) throw this.options.closedError();
  }

  /** A new instance of the owner's closed error, for a late call that rejects rather than throws. */
  closedError(): Error {
    return this.options.closedError();
  }

  /**
   * Begins a requested close: state `closing`, {@link signal} aborted, `teardown` run (at once,
   * synchronously up to its first await), then state `closed`. Later calls, and calls during
   * `teardown`, return the same promise; after {@link destroy}, its teardown's promise.
   */
  close(teardown: () => Promise<void> | void): Promise<void> {
    if (this.ending !== undefined) return this.ending;
    let settle!: (error: unknown) => void;
    this.ending = new Promise((resolve, reject) => {
      settle = (error) => (error === undefined ? resolve() : reject(error));
    });
    this.enter('closing', this.options.closedError, undefined);
    run(teardown).then(
      () => this.finish(undefined, settle),
      (error: unknown) => this.finish(error ?? new Error('teardown failed'), settle),
    );
    return this.ending;
  }

  /**
   * Ends on `error`: state `destroyed`, {@link signal} aborted with it, `teardown` run at once.
   * The returned promise resolves when `teardown` has finished (it never rejects: a teardown
   * failure has nowhere better to go than the error already being reported). A no-op once
   * the end has begun.
   */
  destroy(error: Error, teardown: () => Promise<void> | void): Promise<void> {
    if (this.ending !== undefined) return this.ending;
    let settle!: () => void;
    this.ending = new Promise((resolve) => {
      settle = resolve;
    });
    this.enter('destroyed', () => error, error);
    const done = () => {
      this.resolveEnded(error);
      settle();
    };
    run(teardown).then(done, done);
    return this.ending;
  }

  private finish(error: unknown, settle: (error: unknown) => void): void {
    this.current = 'closed';
    this.publish(undefined);
    this.resolveEnded(undefined);
    settle(error);
  }

  private enter(state: 'closing' | 'destroyed', reason: () => Error, error: Error | undefined): void {
    this.current = state;
    this.reason = reason;
    this.controller?.abort(reason());
    this.publish(error);
  }

  private publish(error: Error | undefined): void {
    if (!channels.lifecycle.hasSubscribers) return;
    channels.lifecycle.publish({
      client: this.options.scope,
      component: this.options.component,
      name: this.options.name,
      state: this.current,
      error,
    });
  }
}

/** Runs `teardown` now; its throw becomes a rejection. */
function run(teardown: () => Promise<void> | void): Promise<void> {
  try {
    return Promise.resolve(teardown());
  } catch (error) {
    return Promise.reject(error);
  }
}
