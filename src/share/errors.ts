/**
 * Errors of the share consumer. Each is a `KafeError` with a stable `code`.
 */
import { UnsupportedVersionError } from '../net/errors.js';
import { KafeError } from '../protocol/errors.js';

/**
 * The broker has no share groups (KIP-932): Kafka before 4.0 has no ShareGroupHeartbeat, and a
 * 4.x cluster answers UNSUPPORTED_VERSION while its `share.version` feature is 0 (production
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
