/**
 * kafe's errors as KafkaJS's: what an application written for KafkaJS catches. Each mapped
 * error keeps kafe's own as its `cause`, so nothing kafe knew is lost (the broker, the last
 * attempt's error, the error code's name).
 */
import { FailedResourcesError, ResourceError } from '../admin/results.js';
import { DeadlineExceededError } from '../cluster/errors.js';
import {
  AuthenticationError,
  ConnectionError,
  RequestTimeoutError,
  UnsupportedVersionError,
} from '../net/errors.js';
import { BatchDeliveryError, UnknownTopicError } from '../producer/errors.js';
import { BrokerError } from '../protocol/broker-error.js';
import { KafeError } from '../protocol/errors.js';
import { apiKeys } from '../protocol/messages/index.js';
import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
  KafkaJSServerDoesNotSupportApiKey,
} from './errors.js';
import { protocolErrorInfo } from './protocol-errors.js';

/** UNKNOWN_TOPIC_OR_PARTITION's code (kafe's producer names it without a number). */
const UNKNOWN_TOPIC_OR_PARTITION = 3;

/**
 * The KafkaJS error for `error`: a kafe error becomes the KafkaJS class for the same situation
 * (a broker's error code: `KafkaJSProtocolError` with `type` and `code`; retries that ran out:
 * `KafkaJSNumberOfRetriesExceeded` around the last error; ...), anything else is returned as it
 * is (a KafkaJS error already, or an application's own error from a handler).
 */
export function toKafkaJSError(error: unknown): Error {
  if (!(error instanceof KafeError)) return error instanceof Error ? error : new KafkaJSError(String(error));
  // One resource's failure of an admin call: the broker's error it carries.
  if (
    (error instanceof ResourceError || error instanceof FailedResourcesError) &&
    error.cause instanceof Error
  )
    return toKafkaJSError(error.cause);
  // KafkaJS rejects a send with one error: the first record's that failed.
  if (error instanceof BatchDeliveryError && error.failures[0] !== undefined)
    return toKafkaJSError(error.failures[0].error);
  // KafkaJS's name and message for the code; the broker's own message stays in kafe's error.
  if (error instanceof BrokerError)
    return new KafkaJSProtocolError(
      { ...protocolErrorInfo(error.errorCode), retriable: error.retriable },
      { cause: error },
    );
  if (error instanceof UnknownTopicError)
    return new KafkaJSProtocolError(
      { ...protocolErrorInfo(UNKNOWN_TOPIC_OR_PARTITION), retriable: false },
      { cause: error },
    );
  if (error instanceof DeadlineExceededError) {
    const last = error.cause === undefined ? error : toKafkaJSError(error.cause);
    return new KafkaJSNumberOfRetriesExceeded(last, { retryCount: error.attempts, retryTime: 0 });
  }
  if (error instanceof ConnectionError)
    return new KafkaJSConnectionError(error.message, {
      broker: error.broker,
      code: error.code,
      cause: error,
    });
  if (error instanceof RequestTimeoutError)
    return new KafkaJSRequestTimeoutError(error.message, {
      broker: error.message.split(': ')[0] ?? '',
      correlationId: -1,
      createdAt: 0,
      sentAt: 0,
      pendingDuration: 0,
      cause: error,
    });
  if (error instanceof AuthenticationError)
    return new KafkaJSSASLAuthenticationError(error.message, { cause: error });
  if (error instanceof UnsupportedVersionError) {
    const apiKey = (apiKeys as Record<string, { key: number }>)[error.api]?.key ?? -1;
    return new KafkaJSServerDoesNotSupportApiKey(error.message, { apiKey, apiName: error.api });
  }
  if (!error.retriable) return new KafkaJSNonRetriableError(error.message, { cause: error });
  return new KafkaJSError(error.message, { retriable: true, cause: error });
}

/** `promise`, rejecting with {@link toKafkaJSError} of what it rejects with. */
export function asKafkaJS<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    throw toKafkaJSError(error);
  });
}
