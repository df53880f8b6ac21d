/**
 * The state of a transactional producer's transaction, as one value of a union changed only
 * through {@link TransactionStateMachine}'s methods (Java: `TransactionManager.State` and
 * `isTransitionValid`):
 *
 * ```text
 *  uninitialized --initTransactions--> initializing --InitProducerId--> ready
 *        ^--------(deadline passed)---------'                            |  ^
 *                                                     beginTransaction   |  | EndTxn answered
 *                                                                        v  |
 *          abortable-error <--(a send or request failed)-- in-transaction --+--> committing
 *                 |                                            |                   |
 *                 +--------------abortTransaction--------------+----> aborting <---' (failed)
 *   any state --(fenced, not authorized, ...)--> fatal-error (for good)
 * ```
 *
 * `committing` and `aborting` stay put when their call runs out of time, so that calling it
 * again finishes the same ending (Java's cached `TransactionalRequestResult`).
 */
import { KafeError } from '../protocol/errors.js';
import { TransactionAbortableError, TransactionStateError } from './transaction-errors.js';

/** Where a transactional producer stands. */
export type TransactionState =
  | { readonly kind: 'uninitialized' }
  | { readonly kind: 'initializing' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'in-transaction' }
  | { readonly kind: 'committing' }
  | { readonly kind: 'aborting' }
  /** The transaction can only be aborted; `error` is why. */
  | { readonly kind: 'abortable-error'; readonly error: Error }
  /** Nothing transactional works any more; `error` is why. */
  | { readonly kind: 'fatal-error'; readonly error: Error };

/** A state's name. */
export type TransactionStateKind = TransactionState['kind'];

/** The states each state may be entered from (Java's `isTransitionValid`; fatal-error: from any). */
const enteredFrom: Readonly<
  Record<Exclude<TransactionStateKind, 'fatal-error'>, readonly TransactionStateKind[]>
> = {
  uninitialized: ['initializing'],
  initializing: ['uninitialized', 'initializing'],
  ready: ['initializing', 'committing', 'aborting'],
  'in-transaction': ['ready'],
  committing: ['in-transaction', 'committing'],
  aborting: ['in-transaction', 'abortable-error', 'aborting'],
  'abortable-error': ['in-transaction', 'committing', 'abortable-error'],
};

/** The transaction's state and its transitions. */
export class TransactionStateMachine {
  private current: TransactionState = { kind: 'uninitialized' };

  /** The current state. */
  get state(): TransactionState {
    return this.current;
  }

  /** The current state's name. */
  get kind(): TransactionStateKind {
    return this.current.kind;
  }

  /**
   * Throws, before any I/O, unless the state is one of `allowed`: the stored error in the
   * fatal state, a {@link TransactionAbortableError} in the abortable one (unless allowed), a
   * {@link TransactionStateError} naming `operation` otherwise.
   */
  require(operation: string, allowed: readonly TransactionStateKind[], why: string): void {
    const s = this.current;
    if (allowed.includes(s.kind)) return;
    if (s.kind === 'fatal-error') throw s.error;
    if (s.kind === 'abortable-error')
      throw new TransactionAbortableError(
        `${operation}: the transaction failed and must be aborted (abortTransaction()): ${s.error.message}`,
        { cause: s.error },
      );
    throw new TransactionStateError(operation, s.kind, why);
  }

  /** initTransactions() started (or retried). */
  initializing(): void {
    this.enter({ kind: 'initializing' });
  }

  /** initTransactions() ran out of time before the coordinator answered: it may be called again. */
  uninitialized(): void {
    this.enter({ kind: 'uninitialized' });
  }

  /** A producer id and epoch are in place and no transaction is open. */
  ready(): void {
    this.enter({ kind: 'ready' });
  }

  /** beginTransaction(). */
  begin(): void {
    this.enter({ kind: 'in-transaction' });
  }

  /** commitTransaction() started. */
  committing(): void {
    this.enter({ kind: 'committing' });
  }

  /** abortTransaction() started. */
  aborting(): void {
    this.enter({ kind: 'aborting' });
  }

  /**
   * Something of the open transaction failed. Ignored while aborting (the abort ends it anyway,
   * Java's `transitionToAbortableError`) and outside a transaction; the first error is kept.
   */
  abortableError(error: Error): void {
    const k = this.current.kind;
    if (k === 'in-transaction' || k === 'committing') this.current = { kind: 'abortable-error', error };
  }

  /** The producer can do nothing transactional any more. The first fatal error is kept. */
  fatalError(error: Error): void {
    if (this.current.kind !== 'fatal-error') this.current = { kind: 'fatal-error', error };
  }

  private enter(next: Exclude<TransactionState, { kind: 'fatal-error' | 'abortable-error' }>): void {
    const from = this.current.kind;
    if (!enteredFrom[next.kind].includes(from))
      throw new KafeError(
        'INTERNAL_STATE',
        `transaction state ${from} -> ${next.kind} is not a valid transition (a kafe bug)`,
      );
    this.current = next;
  }
}
