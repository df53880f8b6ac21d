/**
 * What a failure means for a transaction (Java: the `handleResponse` branches of
 * `TransactionManager`'s handlers and `Sender#failBatch`): the coordinator fenced this producer,
 * the producer can never work again, or only the current transaction is lost. Retriable broker
 * errors (`COORDINATOR_LOAD_IN_PROGRESS`, `CONCURRENT_TRANSACTIONS`, `NOT_COORDINATOR`, ...)
 * never get here: `Cluster#send` retries them within the call's deadline, reading the
 * generated error table.
 */
import { ClientClosedError } from '../cluster/errors.js';
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { ProducerFencedError, TransactionAbortedError } from './transaction-errors.js';

/** How a transaction takes a failure. */
export type TransactionFailure =
  /** A newer producer of the transactional id, or the coordinator's timeout abort, bumped the epoch. */
  | 'fenced'
  /** Nothing transactional can work any more (authorization, protocol). */
  | 'fatal'
  /** The transaction must be aborted; the producer goes on after that. */
  | 'abortable'
  /** Not the transaction's failure (the producer is closing, a record of an aborted transaction). */
  | 'none';

/** Epoch fencing (KIP-98; INVALID_PRODUCER_EPOCH is fatal under KIP-890, as PRODUCER_FENCED). */
const FENCED = new Set<number>([errorCodes.PRODUCER_FENCED.code, errorCodes.INVALID_PRODUCER_EPOCH.code]);

/** Codes after which Java's `TransactionManager` goes to FATAL_ERROR. */
const FATAL = new Set<number>([
  errorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code,
  errorCodes.CLUSTER_AUTHORIZATION_FAILED.code,
  errorCodes.INVALID_TXN_STATE.code,
  errorCodes.TRANSACTION_COORDINATOR_FENCED.code,
  errorCodes.INVALID_TRANSACTION_TIMEOUT.code,
  errorCodes.UNSUPPORTED_VERSION.code,
  errorCodes.UNSUPPORTED_FOR_MESSAGE_FORMAT.code,
]);

/**
 * Whether `error` is how a coordinator answers a producer whose transaction it aborted for
 * outliving its timeout: a fencing code, or (KIP-890, an EndTxn after the abort) INVALID_TXN_STATE.
 */
export function mayBeTimeoutAbort(error: unknown): boolean {
  const code = brokerCode(error);
  return code !== undefined && (FENCED.has(code) || code === errorCodes.INVALID_TXN_STATE.code);
}

/** How a transaction takes `error`. */
export function transactionFailure(error: unknown): TransactionFailure {
  if (error instanceof ClientClosedError || error instanceof TransactionAbortedError) return 'none';
  if (error instanceof ProducerFencedError) return 'fenced';
  const code = brokerCode(error);
  if (code !== undefined && FENCED.has(code)) return 'fenced';
  if (code !== undefined && FATAL.has(code)) return 'fatal';
  return 'abortable';
}

/** The broker error code of `error` or of the error it wraps (a deadline's last error), if any. */
function brokerCode(error: unknown): number | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++)
    if (e instanceof BrokerError) return e.errorCode;
  return undefined;
}
