/**
 * The errors of the cluster layer. Each extends {@link KafeError}, so callers branch on `code`
 * and `retriable`; broker error codes stay {@link BrokerError}s (`protocol/broker-error.ts`)
 * and connection failures stay the `net/` errors, carried as `cause` where they explain why.
 */
import { UnsupportedVersionError } from '../net/errors.js';
import { KafeError, type KafeErrorOptions } from '../protocol/errors.js';

/**
 * Invalid client configuration (a bootstrap entry that is not `host:port`, a negative count, an
 * unknown option, ...), raised when the client is made, before any I/O. The message names the
 * option and what it expects; a secret's value is never in it.
 */
export class ConfigurationError extends KafeError {
  /** The option at fault, as a path for nested ones (`sasl.mechanism`, `brokers[1]`), when one is. */
  readonly option: string | undefined;

  constructor(message: string, options: { readonly option?: string } = {}) {
    super('CONFIGURATION_ERROR', message);
    this.option = options.option;
  }
}

/** An argument of a call is invalid (a topic name that Kafka would refuse, a negative partition, ...). Raised before any I/O. */
export class InvalidArgumentError extends KafeError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** The client (or the part of it that was asked) has been closed; nothing more can be sent through it. */
export class ClientClosedError extends KafeError {
  constructor(what = 'client', cause?: unknown) {
    super('CLIENT_CLOSED', `the ${what} is closed`, cause === undefined ? {} : { cause });
  }
}

/**
 * An operation did not succeed before its deadline (`timeoutMs`), across all its attempts. The
 * last attempt's error is the `cause` (e.g. a `ConnectionError` when every broker is down).
 */
export class DeadlineExceededError extends KafeError {
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(operation: string, timeoutMs: number, attempts: number, cause: unknown) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super(
      'DEADLINE_EXCEEDED',
      `${operation} did not succeed within ${timeoutMs} ms (${attempts} attempt(s))${why}`,
      {
        retriable: true,
        cause,
      },
    );
    this.attempts = attempts;
  }
}

/**
 * The caller's `AbortSignal` fired. Same `code` as `net/`'s `RequestAbortedError` so a caller
 * checks one code whichever layer noticed the abort; `cause` is the signal's reason.
 */
export class OperationAbortedError extends KafeError {
  constructor(operation: string, reason: unknown) {
    super('REQUEST_ABORTED', `${operation} aborted`, { cause: reason });
  }
}

/** What one broker answered to its share of a request split per broker. */
export type BrokerOutcome<R> =
  | { readonly nodeId: number; readonly response: R; readonly error?: undefined }
  | { readonly nodeId: number; readonly response?: undefined; readonly error: KafeError };

/**
 * Some brokers of a request split per broker failed. The answers of the others are not lost:
 * {@link outcomes} lists every broker's response or error (franz-go's sharded requests).
 */
export class PartialFailureError<R = unknown> extends KafeError {
  /** Every broker's outcome, successful ones included. */
  readonly outcomes: readonly BrokerOutcome<R>[];

  constructor(operation: string, outcomes: readonly BrokerOutcome<R>[], options: KafeErrorOptions = {}) {
    const failed = outcomes.filter((o) => o.error !== undefined);
    const detail = failed.map((o) => `node ${o.nodeId}: ${o.error?.message}`).join('; ');
    super(
      'PARTIAL_FAILURE',
      `${operation} failed on ${failed.length} of ${outcomes.length} broker(s): ${detail}`,
      {
        retriable: failed.every((o) => o.error?.retriable),
        cause: options.cause ?? failed[0]?.error,
      },
    );
    this.outcomes = outcomes;
  }

  /** The responses of the brokers that answered. */
  get responses(): R[] {
    return this.outcomes.flatMap((o) => (o.error === undefined ? [o.response] : []));
  }
}

/**
 * A bug in kafe, not in the application: a state machine (a consumer's partition state, a share
 * consumer's membership) was asked for a transition it does not allow. Reported so it is seen,
 * never handled.
 */
export class InternalStateError extends KafeError {
  constructor(message: string) {
    super('INTERNAL_ERROR', message);
  }
}

/**
 * The broker has no share groups (KIP-932): Kafka before 4.0 has no share-group APIs at all, and
 * a 4.x cluster answers UNSUPPORTED_VERSION while its `share.version` feature is 0 (production
 * ready, and on by default, from Kafka 4.2). An `UnsupportedVersionError`, so code that handles
 * those handles this one.
 */
export class ShareGroupsUnsupportedError extends UnsupportedVersionError {
  constructor(api: string, detail: string) {
    super(
      api,
      `share groups (KIP-932) need Kafka 4.2 or later (4.0-4.1 with share.version=1 enabled): ${detail}`,
    );
  }
}
