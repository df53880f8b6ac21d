/**
 * The producer: records accumulate per partition into batches (bounded by `batchSize`,
 * `lingerMs`, `maxRequestSize` and `bufferMemory`), a sender ships them to partition leaders with
 * up to 5 requests in flight per broker, idempotent by default (KIP-98, KIP-360). Partitioning
 * matches the Java client's for keys. See producer.ts for the two send paths.
 */
export type { DeliveryReport } from './delivery.js';
export {
  BatchDeliveryError,
  DeliveryTimeoutError,
  InvalidRecordError,
  RecordTooLargeError,
  UnknownTopicError,
} from './errors.js';
export type { CompressionName, ProducerOptions, ResolvedProducerOptions } from './options.js';
export * from './partitioners/index.js';
export { type FlushOptions, Producer } from './producer.js';
export type { ProducerCluster } from './producer-cluster.js';
export type { ProducerHeader, ProducerRecord, RecordData, RecordMetadata } from './record.js';
