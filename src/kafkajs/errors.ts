/**
 * KafkaJS's error classes, with its names, its `retriable` defaults and its fields, so that an
 * application's `catch` (`instanceof KafkaJSProtocolError`, `error.retriable`, `error.type`)
 * works unchanged. They are not {@link KafeError}s (KafkaJS's `code` is the protocol's number,
 * kafe's a name): kafe's own error is their `cause` (`toKafkaJSError`, `error-mapping.ts`).
 */
import type { PartitionMetadata } from './metadata-types.js';

/** Options of {@link KafkaJSError}. */
export interface KafkaJSErrorMetadata {
  retriable?: boolean;
  topic?: string;
  partitionId?: number;
  metadata?: PartitionMetadata;
  /** The error this one reports (KafkaJS 2's `cause`; kafe's own error when mapped). */
  cause?: Error;
}

/** What a message-or-error argument says. */
function messageOf(e: Error | string | { message?: string } | undefined): string {
  if (typeof e === 'string') return e;
  return e?.message ?? '';
}

/** The root of KafkaJS's errors: retriable unless said otherwise. */
export class KafkaJSError extends Error {
  override readonly name: string = 'KafkaJSError';
  /** Whether repeating the operation may succeed. */
  readonly retriable: boolean;
  /** A page that explains the error, when KafkaJS has one. */
  readonly helpUrl?: string;
  /** The error this one reports (kafe's own error for errors kafe raised). */
  override readonly cause?: Error;

  constructor(e: Error | string, metadata: KafkaJSErrorMetadata = {}) {
    super(messageOf(e));
    this.retriable = metadata.retriable ?? true;
    if (metadata.cause !== undefined) this.cause = metadata.cause;
    const help = typeof e === 'object' ? (e as { helpUrl?: string }).helpUrl : undefined;
    if (help !== undefined) this.helpUrl = help;
  }
}

/** An error that repeating the operation does not fix. */
export class KafkaJSNonRetriableError extends KafkaJSError {
  override readonly name: string = 'KafkaJSNonRetriableError';
  constructor(e: Error | string, metadata: { cause?: Error } = {}) {
    super(e, { retriable: false, ...metadata });
  }
}

/** A protocol error object as KafkaJS's error table holds it. */
interface ProtocolErrorInput {
  message?: string;
  type?: string;
  code?: number;
  retriable?: boolean;
}

/** An error code a broker answered, with its name (`type`) and number (`code`). */
export class KafkaJSProtocolError extends KafkaJSError {
  override readonly name: string = 'KafkaJSProtocolError';
  /** The protocol's error code. */
  readonly code: number;
  /** The error code's name, e.g. `UNKNOWN_TOPIC_OR_PARTITION`. */
  readonly type: string;
  constructor(e: Error | string | ProtocolErrorInput, metadata: KafkaJSErrorMetadata = {}) {
    const input = (typeof e === 'object' ? e : {}) as ProtocolErrorInput;
    super(messageOf(e), { ...metadata, retriable: metadata.retriable ?? input.retriable ?? true });
    this.code = input.code ?? -1;
    this.type = input.type ?? 'UNKNOWN';
  }
}

/** OFFSET_OUT_OF_RANGE for one partition. */
export class KafkaJSOffsetOutOfRange extends KafkaJSProtocolError {
  override readonly name: string = 'KafkaJSOffsetOutOfRange';
  readonly topic: string;
  readonly partition: number;
  constructor(e: Error | string | ProtocolErrorInput, metadata: { topic: string; partition: number }) {
    super(e);
    this.topic = metadata?.topic;
    this.partition = metadata?.partition;
  }
}

/** A reassignment a partition refused. */
export class KafkaJSAlterPartitionReassignmentsError extends KafkaJSProtocolError {
  override readonly name: string = 'KafkaJSAlterPartitionReassignmentsError';
  readonly topic?: string;
  readonly partition?: number;
  constructor(e: Error | string | ProtocolErrorInput, topic?: string, partition?: number) {
    super(e);
    if (topic !== undefined) this.topic = topic;
    if (partition !== undefined) this.partition = partition;
  }
}

/** A topic CreateTopics refused. */
export class KafkaJSCreateTopicError extends KafkaJSProtocolError {
  override readonly name: string = 'KafkaJSCreateTopicError';
  readonly topic: string;
  constructor(e: Error | string | ProtocolErrorInput, topicName: string) {
    super(e);
    this.topic = topicName;
  }
}

/** Several errors at once (e.g. one per broker). */
export class KafkaJSAggregateError extends Error {
  override readonly name: string = 'KafkaJSAggregateError';
  readonly errors: (Error | string)[];
  constructor(message: Error | string, errors: (Error | string)[]) {
    super(messageOf(message));
    this.errors = errors;
  }
}

/** An operation retried until its retries or time ran out; `cause` is the last error. */
export class KafkaJSNumberOfRetriesExceeded extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSNumberOfRetriesExceeded';
  override readonly stack: string;
  readonly retryCount: number;
  readonly retryTime: number;
  constructor(
    e: Error | string,
    metadata: { retryCount: number; retryTime: number } = { retryCount: 0, retryTime: 0 },
  ) {
    super(e, typeof e === 'string' ? {} : { cause: e });
    this.stack = `${this.name}\n  Caused by: ${typeof e === 'string' ? e : e.stack}`;
    this.retryCount = metadata.retryCount;
    this.retryTime = metadata.retryTime;
  }
}

/** A connection to a broker could not be made or was lost. */
export class KafkaJSConnectionError extends KafkaJSError {
  override readonly name: string = 'KafkaJSConnectionError';
  /** `host:port` of the broker. */
  readonly broker: string;
  /** The socket's error code (`ECONNREFUSED`, ...), when there was one. */
  readonly code?: string;
  constructor(e: Error | string, metadata: { broker?: string; code?: string; cause?: Error } = {}) {
    super(e, metadata.cause === undefined ? {} : { cause: metadata.cause });
    this.broker = metadata.broker ?? '';
    if (metadata.code !== undefined) this.code = metadata.code;
  }
}

/** A connection closed while requests were in flight. */
export class KafkaJSConnectionClosedError extends KafkaJSConnectionError {
  override readonly name: string = 'KafkaJSConnectionClosedError';
  readonly host?: string;
  readonly port?: number;
}

/** A request got no answer within `requestTimeout`. */
export class KafkaJSRequestTimeoutError extends KafkaJSError {
  override readonly name: string = 'KafkaJSRequestTimeoutError';
  readonly broker: string;
  readonly correlationId: number;
  readonly createdAt: number;
  readonly sentAt: number;
  readonly pendingDuration: number;
  constructor(
    e: Error | string,
    metadata: {
      broker: string;
      clientId?: string;
      correlationId: number;
      createdAt: number;
      sentAt: number;
      pendingDuration: number;
      cause?: Error;
    } = { broker: '', correlationId: -1, createdAt: 0, sentAt: 0, pendingDuration: 0 },
  ) {
    super(e, metadata.cause === undefined ? {} : { cause: metadata.cause });
    this.broker = metadata.broker;
    this.correlationId = metadata.correlationId;
    this.createdAt = metadata.createdAt;
    this.sentAt = metadata.sentAt;
    this.pendingDuration = metadata.pendingDuration;
  }
}

/** Metadata was needed before it was loaded. */
export class KafkaJSMetadataNotLoaded extends KafkaJSError {
  override readonly name: string = 'KafkaJSMetadataNotLoaded';
  constructor(e: Error | string = 'Metadata not loaded', metadata: KafkaJSErrorMetadata = {}) {
    super(e, metadata);
  }
}

/** A topic's metadata was needed before it was loaded. */
export class KafkaJSTopicMetadataNotLoaded extends KafkaJSMetadataNotLoaded {
  override readonly name: string = 'KafkaJSTopicMetadataNotLoaded';
  readonly topic: string;
  constructor(e: Error | string = 'Topic metadata not loaded', metadata: { topic: string } = { topic: '' }) {
    super(e);
    this.topic = metadata.topic;
  }
}

/** An assignment named partitions the metadata does not know yet. */
export class KafkaJSStaleTopicMetadataAssignment extends KafkaJSError {
  override readonly name: string = 'KafkaJSStaleTopicMetadataAssignment';
  readonly topic: string;
  readonly unknownPartitions: PartitionMetadata[];
  constructor(
    e: Error | string,
    metadata: { topic: string; unknownPartitions: PartitionMetadata[] } = {
      topic: '',
      unknownPartitions: [],
    },
  ) {
    super(e);
    this.topic = metadata.topic;
    this.unknownPartitions = metadata.unknownPartitions;
  }
}

/** The outcome of deleting one group. */
export interface DeleteGroupsResult {
  groupId: string;
  errorCode?: number;
  error?: KafkaJSProtocolError;
}

/** Some groups could not be deleted; `groups` has every group's outcome. */
export class KafkaJSDeleteGroupsError extends KafkaJSError {
  override readonly name: string = 'KafkaJSDeleteGroupsError';
  readonly groups: DeleteGroupsResult[];
  constructor(e: Error | string, groups: DeleteGroupsResult[] = []) {
    super(e);
    this.groups = groups;
  }
}

/** The partitions whose records could not be deleted, each with its error. */
export interface KafkaJSDeleteTopicRecordsErrorTopic {
  topic: string;
  partitions: { partition: number; offset: string; error: KafkaJSError }[];
}

/** Records of some partitions could not be deleted; retriable when every partition's error is. */
export class KafkaJSDeleteTopicRecordsError extends KafkaJSError {
  override readonly name: string = 'KafkaJSDeleteTopicRecordsError';
  readonly topic: string;
  readonly partitions: KafkaJSDeleteTopicRecordsErrorTopic['partitions'];
  constructor(metadata: KafkaJSDeleteTopicRecordsErrorTopic) {
    super('Error while deleting records', {
      retriable: metadata.partitions.every(({ error }) => error.retriable === true),
    });
    this.topic = metadata.topic;
    this.partitions = metadata.partitions;
  }
}

/** The brokers do not support an API the call needs. */
export class KafkaJSServerDoesNotSupportApiKey extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSServerDoesNotSupportApiKey';
  readonly apiKey: number;
  readonly apiName: string;
  constructor(
    e: Error | string,
    metadata: { apiKey: number; apiName: string } = { apiKey: -1, apiName: '' },
  ) {
    super(e);
    this.apiKey = metadata.apiKey;
    this.apiName = metadata.apiName;
  }
}

/** No broker with the wanted node id is known. */
export class KafkaJSBrokerNotFound extends KafkaJSError {
  override readonly name: string = 'KafkaJSBrokerNotFound';
}

/** No broker could be reached. */
export class KafkaJSNoBrokerAvailableError extends KafkaJSError {
  override readonly name: string = 'KafkaJSNoBrokerAvailableError';
}

/** A response ended inside a message. */
export class KafkaJSPartialMessageError extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSPartialMessageError';
}

/** SASL authentication failed. */
export class KafkaJSSASLAuthenticationError extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSSASLAuthenticationError';
}

/** The group's coordinator could not be found. */
export class KafkaJSGroupCoordinatorNotFound extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSGroupCoordinatorNotFound';
}

/** A feature KafkaJS does not have. */
export class KafkaJSNotImplemented extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSNotImplemented';
}

/** An operation did not finish in time. */
export class KafkaJSTimeout extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSTimeout';
}

/** A lock was not acquired in time. */
export class KafkaJSLockTimeout extends KafkaJSTimeout {
  override readonly name: string = 'KafkaJSLockTimeout';
}

/** A message set of a magic byte that cannot be read. */
export class KafkaJSUnsupportedMagicByteInMessageSet extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSUnsupportedMagicByteInMessageSet';
}

/** The client's state broke an invariant: a bug. */
export class KafkaJSInvariantViolation extends KafkaJSNonRetriableError {
  override readonly name: string = 'KafkaJSInvariantViolation';
}

/** MEMBER_ID_REQUIRED (KIP-394): JoinGroup again with the member id it carries. */
export class KafkaJSMemberIdRequired extends KafkaJSProtocolError {
  override readonly name: string = 'KafkaJSMemberIdRequired';
  readonly memberId: string;
  constructor(e: Error | string | ProtocolErrorInput, metadata: { memberId: string } = { memberId: '' }) {
    super(e);
    this.memberId = metadata?.memberId;
  }
}

/** A varint that does not fit (KafkaJS names it `KafkaJSNonRetriableError`). */
export class KafkaJSInvalidVarIntError extends KafkaJSNonRetriableError {}

/** A long that does not fit (KafkaJS names it `KafkaJSNonRetriableError`). */
export class KafkaJSInvalidLongError extends KafkaJSNonRetriableError {}

/** KafkaJS's fetcher stopping for a rebalance (a plain `Error`, as in KafkaJS). */
export class KafkaJSFetcherRebalanceError extends Error {}
