/**
 * The producer: records accumulate per partition into batches (bounded by `batchSize`,
 * `lingerMs`, `maxRequestSize` and `bufferMemory`), a sender ships them to partition leaders with
 * up to 5 requests in flight per broker, idempotent by default (KIP-98, KIP-360). Partitioning
 * matches the Java client's for keys. See producer.ts for the two send paths.
 */

export type { ConsumerGroupMetadata } from '../cluster/group-metadata.js';
export type { DeliveryReport, RecordMetadata } from './delivery-report.js';
export {
  BatchDeliveryError,
  DeliveryTimeoutError,
  InvalidRecordError,
  RecordTooLargeError,
  UnknownTopicError,
} from './errors.js';
export type { CompressionName, ProducerOptions } from './options.js';
// The built-in partitioners are chosen by name (`partitioner: 'sticky'`); their classes take
// internal parameters (a random source, the producer's leader load) and stay inside.
export {
  murmur2,
  murmur2Partition,
  type Partitioner,
  type PartitionerFunction,
  type PartitionerInput,
  type PartitionerOption,
} from './partitioners/index.js';
export { type FlushOptions, Producer, type TransactionScope } from './producer.js';
export type { ProducerHeader, ProducerRecord, RecordData } from './record.js';
export {
  ProducerFencedError,
  TransactionAbortableError,
  TransactionAbortedError,
  TransactionStateError,
  TransactionTimedOutError,
} from './transaction-errors.js';
export type { TransactionCallOptions } from './transaction-manager.js';
export type { TransactionOffset, TransactionProtocol } from './transaction-requests.js';
export type { TransactionStateKind } from './transaction-state.js';
