/**
 * The consumer: `kafka.consumer(options)`, manual assignment, iterators and `run` handlers
 * over a fetcher with per-partition prefetch bounds and incremental fetch sessions (KIP-227).
 */
export type { TopicPartition } from '../cluster/topic-partition.js';
export type { TopicPartitions } from '../protocol/consumer-protocol.js';
export type { Assignor, GroupMember as AssignorMember, LastAssignment } from './assignors/assignor.js';
export type { FramedGroupMember, FramingAssignor } from './assignors/framing-assignor.js';
export {
  Consumer,
  type PartitionAssignment,
  type PartitionLag,
  type RunOptions,
} from './consumer.js';
export { type ConsumerBatch, type ConsumerRecord, consumerRecords } from './consumer-record.js';
export {
  LogTruncationError,
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  UnassignedPartitionError,
} from './errors.js';
export { type OffsetResetMessage, offsetResetChannelName } from './offset-reset.js';
export type { AssignorName, ConsumerOptions, IsolationLevel, OffsetResetPolicy } from './options.js';
export { type TruncationMessage, truncationChannelName } from './position-validation.js';
