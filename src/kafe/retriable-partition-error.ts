/**
 * Per-partition error codes that the facade retries instead of reporting: the request is sent
 * again (after a metadata refresh or a coordinator lookup, as the error says) until the call's
 * deadline. Non-retriable codes are returned in the result under their seed name.
 */
import { BrokerError } from '../protocol/broker-error.js';
import { errorCodeInfo } from '../protocol/messages/error-codes.js';

/** The first retriable code of `codes` as a {@link BrokerError} naming `what`, else undefined. */
export function retriablePartitionError(codes: Iterable<number>, what: string): BrokerError | undefined {
  for (const code of codes) {
    if (code !== 0 && errorCodeInfo(code)?.retriable === true)
      return new BrokerError(code, `${what}: ${errorCodeInfo(code)?.message}`);
  }
  return undefined;
}
