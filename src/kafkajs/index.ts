/**
 * kafe/kafkajs: KafkaJS 2.2.4's API on kafe's engine. An application written for KafkaJS
 * changes `from 'kafkajs'` to `from 'kafe/kafkajs'` and runs on kafe's producer, consumer and
 * admin client; README's "Moving from KafkaJS" lists what differs on purpose.
 */
export { Admin, type AdminConfig, type AdminEvents } from './admin.js';
export type * from './admin-types.js';
export {
  type Assigner,
  AssignerProtocol,
  type Assignment,
  type Cluster,
  type GroupMember,
  type GroupMemberAssignment,
  type GroupState,
  type ISerializer,
  type MemberAssignment,
  type MemberMetadata,
  type PartitionAssigner,
  PartitionAssigners,
} from './assigners.js';
export { Batch } from './batch.js';
export type {
  BrokersFunction,
  ISocketFactory,
  ISocketFactoryArgs,
  KafkaConfig,
  RetryOptions,
} from './client-config.js';
export { CompressionCodecs, type KafkaJSCodec } from './compression.js';
export { Consumer } from './consumer.js';
export type * from './consumer-events.js';
export type * from './consumer-types.js';
export {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  CompressionTypes,
  ConfigResourceTypes,
  ConfigSource,
  logLevel,
  ResourcePatternTypes,
} from './enums.js';
export * from './errors.js';
export type { InstrumentationEvent, RemoveInstrumentationEventListener } from './instrumentation.js';
export { Kafka } from './kafka.js';
export type { LogEntry, Logger, LoggerEntryContent, logCreator } from './logger.js';
export type * from './message-types.js';
export type * from './metadata-types.js';
export type * from './network-events.js';
export {
  type DefaultPartitioner,
  type ICustomPartitioner,
  type LegacyPartitioner,
  type PartitionerArgs,
  Partitioners,
} from './partitioners.js';
export { Producer, type ProducerConfig, type ProducerEvents } from './producer.js';
export type * from './sasl.js';
export { Transaction } from './transaction.js';
