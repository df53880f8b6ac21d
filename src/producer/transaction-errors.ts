/**
 * The transactional producer's errors (Java: `ProducerFencedException`,
 * `TransactionAbortedException`, the `IllegalStateException`s of `TransactionManager` and the
 * `KafkaException` wrapping an abortable error). Each is a {@link KafeError}; the broker's own
 * refusal, when there is one, is the `cause`.
 */
import { KafeError, type KafeErrorOptions } from '../protocol/errors.js';

/**
 * A transactional call made in a state that does not allow it (commit without begin, a send
 * outside a transaction, begin twice, anything before `initTransactions()`), raised before any
 * I/O: nothing was sent and nothing is lost. Not retriable: the caller's sequence is wrong.
 */
export class TransactionStateError extends KafeError {
  /** The call refused, e.g. `commitTransaction`. */
  readonly operation: string;
  /** The transaction's state when it was refused, e.g. `ready`. */
  readonly state: string;

  constructor(operation: string, state: string, why: string) {
    super('TRANSACTION_STATE', `${operation}: ${why} (transaction state: ${state})`);
    this.operation = operation;
    this.state = state;
  }
}

/**
 * Another producer with the same `transactionalId` initialized after this one (KIP-98 zombie
 * fencing), or the coordinator bumped this producer's epoch when it aborted a transaction left
 * open past `transactionTimeoutMs`. Fatal: the producer refuses everything after it; close it
 * (and make a new one if this process is still the rightful owner). `cause`: the broker's
 * `PRODUCER_FENCED` or `INVALID_PRODUCER_EPOCH`.
 */
export class ProducerFencedError extends KafeError {
  constructor(
    transactionalId: string,
    options: KafeErrorOptions = {},
    code = 'PRODUCER_FENCED',
    message = `producer of transactionalId "${transactionalId}" was fenced: a newer producer with the same transactionalId initialized, or the coordinator aborted a transaction that outlived transactionTimeoutMs`,
  ) {
    super(code, message, { cause: options.cause });
  }
}

/**
 * The coordinator aborted the transaction because it stayed open longer than
 * `transactionTimeoutMs`, and fenced the epoch it was written under: the commit (or the call
 * that found out) failed with a fencing answer or, under KIP-890, `INVALID_TXN_STATE` (`cause`)
 * after the transaction had been open that long. A kind of {@link ProducerFencedError}: the
 * producer is done; make a new one (its `initTransactions()` takes the transactional id back).
 */
export class TransactionTimedOutError extends ProducerFencedError {
  constructor(transactionalId: string, timeoutMs: number, openForMs: number, options: KafeErrorOptions = {}) {
    super(
      transactionalId,
      options,
      'TRANSACTION_TIMED_OUT',
      `the transaction of transactionalId "${transactionalId}" was open ${openForMs} ms, longer than transactionTimeoutMs (${timeoutMs} ms): the coordinator aborted it and fenced this producer`,
    );
  }
}

/**
 * The current transaction cannot commit: one of its sends or requests failed (`cause`), so
 * `abortTransaction()` must be called before the next `beginTransaction()` (Java's abortable
 * error). Raised by `commitTransaction()`, `sendOffsetsToTransaction()` and by sends made after
 * the failure.
 */
export class TransactionAbortableError extends KafeError {
  constructor(message: string, options: KafeErrorOptions = {}) {
    super('TRANSACTION_ABORTABLE', message, { cause: options.cause });
  }
}

/**
 * A record of a transaction that was aborted before the record reached a broker (Java:
 * `TransactionAbortedException`): it was never written. `cause`: why the transaction failed,
 * if it failed.
 */
export class TransactionAbortedError extends KafeError {
  constructor(message: string, options: KafeErrorOptions = {}) {
    super('TRANSACTION_ABORTED', message, { cause: options.cause });
  }
}
