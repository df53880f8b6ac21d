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

/**
 * The log of a partition was truncated below what this consumer had already read (an unclean
 * leader election, KIP-320): records it read are gone from the log, and others may be written
 * at the same offsets. Raised instead of moving the position when `autoOffsetReset` is `none`
 * (Java `LogTruncationException`). The partition stays stopped until a `seek()`; `endOffset` is
 * where the new leader's log stops agreeing with what was read (the first offset to read again).
 */
export class LogTruncationError extends KafeError {
  constructor(
    readonly topic: string,
    readonly partition: number,
    /** The offset the consumer had read up to (exclusive). */
    readonly offset: bigint,
    /** First offset that diverges, from the leader; undefined when the leader no longer knows the epoch. */
    readonly endOffset: bigint | undefined,
    /** Leader epoch of the last record read (-1 when unknown). */
    readonly leaderEpoch: number,
  ) {
    super(
      'LOG_TRUNCATION',
      endOffset === undefined
        ? `${topic}/${partition}: the log was truncated below offset ${offset} (leader epoch ${leaderEpoch} is unknown to the leader) and autoOffsetReset is none`
        : `${topic}/${partition}: the log was truncated to offset ${endOffset}, below offset ${offset} already read (leader epoch ${leaderEpoch}), and autoOffsetReset is none`,
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

// A state transition a state machine does not allow: one error for every layer, in cluster/.
export { InternalStateError } from '../cluster/errors.js';
