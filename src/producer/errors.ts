/**
 * The producer's own errors. Each extends {@link KafeError} so callers branch on `code` and
 * `retriable`. Broker refusals stay {@link BrokerError}s (e.g. `INVALID_RECORD`; a record
 * too large for the broker is a {@link RecordTooLargeError}), closed producers give the
 * cluster layer's `ClientClosedError`.
 */
import { KafeError, type KafeErrorOptions } from '../protocol/errors.js';
import type { DeliveryReport } from './delivery-report.js';

/**
 * A record that cannot be sent as given: a value or key that is neither bytes, a string nor
 * null, a header that is not one, a partition or timestamp that is not an integer, no topic.
 * Raised for that record only; records accepted before it are not affected.
 */
export class InvalidRecordError extends KafeError {
  constructor(message: string) {
    super('INVALID_RECORD', message);
  }
}

/**
 * A record larger than the producer may send (`maxRequestSize`, Java `max.request.size`) or
 * than its whole buffer (`bufferMemory`), raised before the record is accepted; or a record
 * the broker refused alone in its batch as too large (MESSAGE_TOO_LARGE: over the topic's
 * `max.message.bytes`; RECORD_LIST_TOO_LARGE: over its `segment.bytes`), with the broker's
 * error as `cause` (Java: `RecordTooLargeException`). Batches of several records the broker
 * finds too large are split and sent again, never failed whole.
 */
export class RecordTooLargeError extends KafeError {
  /** Estimated size of the record in a batch, bytes. */
  readonly size: number;
  /** The limit it exceeds, bytes; -1 when the broker refused it without telling its limit. */
  readonly limit: number;

  constructor(size: number, limit: number, what: string, options: KafeErrorOptions = {}) {
    super(
      'RECORD_TOO_LARGE',
      `a record of about ${size} bytes exceeds ${what}${limit >= 0 ? ` (${limit} bytes)` : ''}`,
      { cause: options.cause },
    );
    this.size = size;
    this.limit = limit;
  }
}

/**
 * A record was not acknowledged within `deliveryTimeoutMs` (Java `delivery.timeout.ms`): it
 * waited too long for buffer space, for its topic's metadata, or for a broker to accept it
 * across retries. `cause` is the last error seen, if any. Retriable: sending it again may work.
 */
export class DeliveryTimeoutError extends KafeError {
  constructor(message: string, options: KafeErrorOptions = {}) {
    super('DELIVERY_TIMEOUT', message, { retriable: true, cause: options.cause });
  }
}

/**
 * The topic does not exist (and the broker does not create topics on demand), or has no such
 * partition, as far as metadata could tell within the wait allowed.
 */
export class UnknownTopicError extends KafeError {
  /** The topic. */
  readonly topic: string;

  constructor(topic: string, message = `topic "${topic}" does not exist`, options: KafeErrorOptions = {}) {
    super('UNKNOWN_TOPIC_OR_PARTITION', message, { retriable: false, cause: options.cause });
    this.topic = topic;
  }
}

/**
 * Some records of a {@link Producer.sendBatch} call failed. The others were delivered: their
 * partitions and offsets are in {@link report}; {@link failures} says which ones failed and why.
 */
export class BatchDeliveryError extends KafeError {
  /** The failed records: index in the input and error. */
  readonly failures: readonly { readonly index: number; readonly error: Error }[];
  /** Partitions and offsets of every record; offsets of the failed ones are -1. */
  readonly report: DeliveryReport;

  constructor(
    failures: readonly { readonly index: number; readonly error: Error }[],
    report: DeliveryReport,
  ) {
    const first = failures[0];
    super(
      'BATCH_DELIVERY_FAILED',
      `${failures.length} of ${report.count} record(s) failed; first: record ${first?.index}: ${first?.error.message}`,
      {
        retriable: failures.every((f) => f.error instanceof KafeError && f.error.retriable),
        cause: first?.error,
      },
    );
    this.failures = failures;
    this.report = report;
  }
}
