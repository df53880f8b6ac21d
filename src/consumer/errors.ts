/**
 * Errors of the consumer. Each is a `KafeError` with a stable `code`; none is retriable: they
 * report something only the application can decide (where to resume, what to read).
 */
import { InvalidArgumentError } from '../cluster/errors.js';
import { KafeError } from '../protocol/errors.js';

/**
 * A partition has no position and `autoOffsetReset` is `none` (Java
 * `NoOffsetForPartitionException`). `seek()` to a position to go on.
 */
export class NoOffsetForPartitionError extends KafeError {
  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {
    super('NO_OFFSET_FOR_PARTITION', `${topic}/${partition}: no position and autoOffsetReset is none`);
  }
}

/**
 * The position of a partition is outside the log (deleted by retention, or never written) and
 * `autoOffsetReset` is `none` (Java `OffsetOutOfRangeException`). `seek()` to go on.
 */
export class OffsetOutOfRangeError extends KafeError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: bigint,
  ) {
    super(
      'OFFSET_OUT_OF_RANGE',
      `${topic}/${partition}: offset ${offset} is out of range and autoOffsetReset is none`,
    );
  }
}

/** An operation named a partition this consumer is not assigned (Java `IllegalStateException`). */
export class UnassignedPartitionError extends InvalidArgumentError {
  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {
    super(`${topic}/${partition} is not assigned to this consumer`);
  }
}
