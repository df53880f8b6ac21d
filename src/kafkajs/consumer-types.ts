/** The option and payload types of a KafkaJS consumer. */
import type { PartitionAssigner } from './assigners.js';
import type { Batch } from './batch.js';
import type { RetryOptions } from './client-config.js';
import type { KafkaMessage } from './message-types.js';
import type { Offsets, TopicOffsets } from './metadata-types.js';

/** The options of a consumer. */
export interface ConsumerConfig {
  groupId: string;
  partitionAssigners?: PartitionAssigner[];
  metadataMaxAge?: number;
  /** Session timeout, ms (default 30000). */
  sessionTimeout?: number;
  /** How long the group waits for members to rejoin, ms (default 60000). */
  rebalanceTimeout?: number;
  /** Heartbeat interval, ms (default 3000). */
  heartbeatInterval?: number;
  maxBytesPerPartition?: number;
  minBytes?: number;
  maxBytes?: number;
  maxWaitTimeInMs?: number;
  retry?: RetryOptions & { restartOnFailure?: (err: Error) => Promise<boolean> };
  allowAutoTopicCreation?: boolean;
  maxInFlightRequests?: number;
  /** Read records of aborted and open transactions too (default false: read_committed). */
  readUncommitted?: boolean;
  rackId?: string;
}

/** Offsets per topic. */
export interface OffsetsByTopicPartition {
  topics: TopicOffsets[];
}

/** What `eachMessage` receives. */
export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaMessage;
  heartbeat(): Promise<void>;
  pause(): () => void;
}

/** What `eachBatch` receives. */
export interface EachBatchPayload {
  batch: Batch;
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  pause(): () => void;
  commitOffsetsIfNecessary(offsets?: Offsets): Promise<void>;
  uncommittedOffsets(): OffsetsByTopicPartition;
  isRunning(): boolean;
  isStale(): boolean;
}

/** KafkaJS's alias kept for @types/kafkajs users. */
export type ConsumerEachMessagePayload = EachMessagePayload;
/** KafkaJS's alias kept for @types/kafkajs users. */
export type ConsumerEachBatchPayload = EachBatchPayload;

/** A batch handler. */
export type EachBatchHandler = (payload: EachBatchPayload) => Promise<void>;
/** A message handler. */
export type EachMessageHandler = (payload: EachMessagePayload) => Promise<void>;

/** The options of `consumer.run`. */
export type ConsumerRunConfig = {
  autoCommit?: boolean;
  autoCommitInterval?: number | null;
  autoCommitThreshold?: number | null;
  eachBatchAutoResolve?: boolean;
  partitionsConsumedConcurrently?: number;
  eachBatch?: EachBatchHandler;
  eachMessage?: EachMessageHandler;
};

/** @deprecated KafkaJS's: use {@link ConsumerSubscribeTopics}. */
export type ConsumerSubscribeTopic = { topic: string | RegExp; fromBeginning?: boolean };
/** What to subscribe to: names or patterns (matched against the topics that exist now). */
export type ConsumerSubscribeTopics = { topics: (string | RegExp)[]; fromBeginning?: boolean };

/** A member of a group, as `describeGroup` shows it. */
export type MemberDescription = {
  clientHost: string;
  clientId: string;
  memberId: string;
  memberAssignment: Buffer;
  memberMetadata: Buffer;
};

/** A classic group's state. */
export type ConsumerGroupState =
  | 'Unknown'
  | 'PreparingRebalance'
  | 'CompletingRebalance'
  | 'Stable'
  | 'Dead'
  | 'Empty';

/** A group, as `describeGroup` and `admin.describeGroups` show it. */
export type GroupDescription = {
  groupId: string;
  members: MemberDescription[];
  protocol: string;
  protocolType: string;
  state: ConsumerGroupState;
};

/** Several groups' descriptions. */
export type GroupDescriptions = { groups: GroupDescription[] };
