/**
 * KafkaJS's error table: what a `KafkaJSProtocolError` says for a broker's error code. KafkaJS
 * keeps Kafka's older names for four codes Kafka renamed since (KIP-392 `NOT_LEADER_OR_FOLLOWER`,
 * the coordinator errors generalised beyond groups) and Kafka's default messages without their
 * final period, some in an older wording; it ignores the broker's own error message. An
 * application compares `type` and `message` with these, so they are KafkaJS's; kafe's error,
 * with the broker's message, stays the `cause`. Codes newer than KafkaJS's table keep kafe's
 * name and message.
 */
import { errorCodeInfo } from '../protocol/messages/error-codes.js';

/** KafkaJS's names where Kafka's differ now. */
const KAFKAJS_TYPES: ReadonlyMap<number, string> = new Map([
  [-1, 'UNKNOWN'],
  [6, 'NOT_LEADER_FOR_PARTITION'],
  [14, 'GROUP_LOAD_IN_PROGRESS'],
  [15, 'GROUP_COORDINATOR_NOT_AVAILABLE'],
  [16, 'NOT_COORDINATOR_FOR_GROUP'],
]);

/** KafkaJS's messages where they are not Kafka's default one less its final period. */
const KAFKAJS_MESSAGES: ReadonlyMap<number, string> = new Map([
  [2, 'This message has failed its CRC checksum, exceeds the valid size, or is otherwise corrupt'],
  [6, 'This server is not the leader for that topic-partition'],
  [9, 'The replica is not available for the requested topic-partition'],
  [14, "The coordinator is loading and hence can't process requests for this group"],
  [15, 'The group coordinator is not available'],
  [16, 'This is not the correct coordinator for this group'],
  [23, "The group member's supported protocols are incompatible with those of existing members"],
  [24, 'The configured groupId is invalid'],
  [29, 'Not authorized to access topics: [Topic authorization failed]'],
  [30, 'Not authorized to access group: Group authorization failed'],
  [37, 'Number of partitions is invalid'],
  [38, 'Replication-factor is invalid'],
  [
    47,
    "Producer attempted an operation with an old epoch. Either there is a newer producer with the same transactionalId, or the producer's transaction has been expired by the broker",
  ],
  [
    50,
    'The transaction timeout is larger than the maximum value allowed by the broker (as configured by max.transaction.timeout.ms)',
  ],
  [69, 'The group id was not found'],
  [
    81,
    'The consumer group has reached its max size. It already has the configured maximum number of members',
  ],
  [
    82,
    'The broker rejected this static consumer since another consumer with the same group instance id has registered with a different member id',
  ],
  [87, 'This record has failed the validation on broker and hence be rejected'],
]);

/** The highest error code KafkaJS 2.2.4 knows. */
const KAFKAJS_LAST_CODE = 88;

/** What a `KafkaJSProtocolError` carries for a broker's error code. */
export interface ProtocolErrorInfo {
  /** The code's name as KafkaJS spells it. */
  readonly type: string;
  readonly code: number;
  readonly retriable: boolean;
  /** KafkaJS's message for the code. */
  readonly message: string;
}

/** KafkaJS's `type`, `message` and `retriable` for an error code. */
export function protocolErrorInfo(code: number): ProtocolErrorInfo {
  const info = errorCodeInfo(code);
  if (info === undefined)
    return {
      type: 'KAFKAJS_UNKNOWN_ERROR_CODE',
      code,
      retriable: false,
      message: `Unknown error code ${code}`,
    };
  const known = code <= KAFKAJS_LAST_CODE;
  return {
    type: (known ? KAFKAJS_TYPES.get(code) : undefined) ?? info.name,
    code,
    retriable: info.retriable,
    message: (known ? KAFKAJS_MESSAGES.get(code) : undefined) ?? info.message.replace(/\.$/, ''),
  };
}
