/**
 * `kafe/testing`: an in-process fake Kafka cluster for tests, no Docker and no JVM. It speaks the
 * Kafka protocol on loopback, so kafe and any other client can use it; see {@link FakeKafka}.
 */

export type { RecordHeaderInput, RecordInput } from '../protocol/records/write-records.js';
export type { ClusterBehaviour } from './behaviour.js';
export type {
  FakeBrokerInfo,
  FakePartition,
  FakeTopic,
  TopicSpec,
} from './cluster-state.js';
export { FakeKafka } from './fake-kafka.js';
export type { AppendOptions, FakeKafkaOptions } from './fake-kafka-options.js';
export type { ControlHook, FailOptions, FaultHandle, FaultMoment, FaultScope } from './faults.js';
export type { CommittedOffset } from './group-coordinator.js';
export type { FakeRecord } from './log-records.js';
export type { PartitionLog } from './partition-log.js';
export type { FakeReply, FakeRequest } from './request.js';
export type { StoredBatch } from './stored-batch.js';
export type { FakeTransaction, TransactionalOffset } from './transaction-coordinator.js';
