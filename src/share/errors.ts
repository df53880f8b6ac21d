/**
 * Errors of the share consumer. Each is a `KafeError` with a stable `code`.
 */
import { KafeError } from '../protocol/errors.js';

// Below the share layer, so that the admin client's share-group calls throw it too.
export { ShareGroupsUnsupportedError } from '../cluster/errors.js';

/**
 * An acknowledgement was called for a record that cannot take it: in `implicit` mode (Java
 * throws `IllegalStateException` there too), twice for one record, or after the consumer
 * closed.
 */
export class InvalidAcknowledgementError extends KafeError {
  constructor(message: string) {
    super('INVALID_ACKNOWLEDGEMENT', message);
  }
}
