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
  constructor(transactionalId: string, options: KafeErrorOptions = {}) {
    super(
      'PRODUCER_FENCED',
      `producer of transactionalId "${transactionalId}" was fenced: a newer producer with the same transactionalId initialized, or the coordinator aborted a transaction that outlived transactionTimeoutMs`,
      { cause: options.cause },
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
