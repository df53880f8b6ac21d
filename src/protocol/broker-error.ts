/**
 * Broker error codes as errors. The generated codecs return error codes as plain numbers (a
 * broker error is data, not a decoding failure); the layers above turn a non-zero code into a
 * {@link BrokerError} with {@link errorForCode} when they decide it is a failure. What is
 * retriable or invalidates metadata comes from the generated table (`messages/error-codes.ts`,
 * mirroring org.apache.kafka.common.protocol.Errors), in one place.
 */
import { KafeError, type KafeErrorOptions } from './errors.js';
import { type ErrorCodeInfo, errorCodeInfo } from './messages/error-codes.js';

/** An error code returned by a broker, e.g. `NOT_LEADER_OR_FOLLOWER` (6). */
export class BrokerError extends KafeError {
  /** The int16 error code from the response. */
  readonly errorCode: number;
  /** Whether cached metadata (leaders, coordinators) should be refreshed before retrying. */
  readonly invalidatesMetadata: boolean;

  /**
   * @param errorCode the code from the response; unknown codes keep their number and are named
   *   `UNKNOWN_SERVER_ERROR`, as Java's `Errors.forCode` does.
   * @param message the broker's own error message if the response carried one, else the default.
   */
  constructor(errorCode: number, message?: string | null, options: Omit<KafeErrorOptions, 'retriable'> = {}) {
    const info: ErrorCodeInfo | undefined = errorCodeInfo(errorCode);
    const name = info?.name ?? 'UNKNOWN_SERVER_ERROR';
    const text = message ?? (info === undefined ? `Unknown broker error code ${errorCode}` : info.message);
    super(name, `${name} (${errorCode}): ${text}`, { ...options, retriable: info?.retriable ?? false });
    this.errorCode = errorCode;
    this.invalidatesMetadata = info?.invalidatesMetadata ?? false;
  }
}

/**
 * The error for a response's error code, or `undefined` for 0 (`NONE`).
 * @param message the response's error message field, when it has one.
 */
export function errorForCode(code: number, message?: string | null): BrokerError | undefined {
  return code === 0 ? undefined : new BrokerError(code, message);
}
