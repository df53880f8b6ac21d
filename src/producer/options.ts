/**
 * Producer options, their defaults and their validation. Names are the Java producer's
 * configuration keys in camelCase; defaults are Java's (3.0+: idempotence on, acks=all; 4.0:
 * `linger.ms` 5) except where noted.
 */
import { ConfigurationError } from '../cluster/errors.js';
import { CompressionType } from '../protocol/compression/codec.js';
import type { PartitionerOption } from './partitioners/index.js';

/** Compression codec names, as Java's `compression.type`. */
export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Options of a producer. Every field is optional. */
export interface ProducerOptions {
  /**
   * Acknowledgements the leader waits for: `'all'` / `-1` (every in-sync replica, default), `1`
   * (the leader only) or `0` (none: the broker sends no answer, results carry offset -1).
   */
  acks?: 'all' | -1 | 0 | 1;
  /**
   * Idempotent delivery (KIP-98, default on as in Java 3.0+): retries never duplicate or reorder
   * records within a partition. Needs `acks: 'all'`; when `acks` is set to 0 or 1 and this is not
   * set, it turns off (as Java does), and setting both is a {@link ConfigurationError}.
   */
  idempotent?: boolean;
  /** Codec for record batches. Default `none`. */
  compression?: CompressionName;
  /** Codec level (KIP-390); the codec's Java default when absent. */
  compressionLevel?: number;
  /** Target size of one partition's batch, bytes (Java `batch.size`). Default 16384. */
  batchSize?: number;
  /** How long a batch that is not full waits for more records, ms (Java `linger.ms`). Default 5. */
  lingerMs?: number;
  /**
   * How big a batch may grow while its partition cannot send (its requests in flight, or a
   * burst larger than `batchSize` sent at once): batches queued behind the partition's head are
   * merged into it up to this size, bytes, so a busy partition sends fewer, bigger requests.
   * Default `maxRequestSize` (librdkafka's `batch.size` default is 1 MB for the same reason);
   * set it to `batchSize` for Java's fixed-size batches. Idle partitions are unaffected: their
   * batches still go at `batchSize` or after `lingerMs`.
   */
  maxBatchSize?: number;
  /**
   * Largest request, bytes (Java `max.request.size`, default 1 MiB); also the largest record.
   * Keep it at or below the brokers' `message.max.bytes` (default 1 MiB + 12).
   */
  maxRequestSize?: number;
  /** Bytes of records the producer holds before `send` waits (Java `buffer.memory`). Default 32 MiB. */
  bufferMemory?: number;
  /**
   * Upper bound on the time from `send` to its result, ms: buffer wait, metadata wait, batching,
   * retries (Java `delivery.timeout.ms`). Default 120000.
   */
  deliveryTimeoutMs?: number;
  /** How long a Produce request may wait for its answer, ms (Java `request.timeout.ms`). Default 30000. */
  requestTimeoutMs?: number;
  /** First retry delay, ms (Java `retry.backoff.ms`). Default 100. */
  retryBackoffMs?: number;
  /** Largest retry delay, ms (Java `retry.backoff.max.ms`). Default 1000. */
  retryBackoffMaxMs?: number;
  /** Produce requests in flight per broker, 1-5 (Java `max.in.flight.requests.per.connection`). Default 5. */
  maxInFlightPerBroker?: number;
  /**
   * How long `send` waits for a topic's metadata before failing with `UnknownTopicError`, ms
   * (Java `max.block.ms`, default 60000). Default 10000: a topic that is still unknown after
   * that is almost always a typo or auto-creation being off.
   */
  metadataMaxWaitMs?: number;
  /** Partitioning strategy for records without `partition`. Default `'default'` (murmur2 keys, sticky otherwise). */
  partitioner?: PartitionerOption;
  /**
   * Whether sending to a topic that does not exist asks the brokers to create it (Metadata's
   * `allowAutoTopicCreation`); they do when their `auto.create.topics.enable` is true (Kafka's
   * default), with the broker's default partitions and replication. Default true, as Java's
   * producer always asks (its consumer's `allow.auto.create.topics` is the same switch; KIP-487
   * proposed it for the producer). Off, or refused by the brokers: records for the topic fail
   * with `UnknownTopicError` after `metadataMaxWaitMs`.
   */
  allowAutoTopicCreation?: boolean;
  /**
   * Adaptive partitioning of keyless records (KIP-794; Java
   * `partitioner.adaptive.partitioning.enable`, default true): when the sticky partition
   * changes, partitions whose leader has fewer batches waiting are likelier, so slow brokers get
   * less. Off: uniform. Applies to the `'default'` and `'sticky'` partitioners.
   */
  adaptivePartitioning?: boolean;
  /**
   * With adaptive partitioning, a leader that had a batch ready but not sent for this long, ms,
   * gets no new keyless records while another can take them (Java
   * `partitioner.availability.timeout.ms`). Default 0: never excluded.
   */
  partitionerAvailabilityTimeoutMs?: number;
}

/** Options with every default applied. */
export interface ResolvedProducerOptions {
  readonly acks: -1 | 0 | 1;
  readonly idempotent: boolean;
  readonly compression: CompressionType;
  readonly compressionLevel: number | undefined;
  readonly batchSize: number;
  readonly lingerMs: number;
  readonly maxBatchSize: number;
  readonly maxRequestSize: number;
  readonly bufferMemory: number;
  readonly deliveryTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  readonly maxInFlightPerBroker: number;
  readonly metadataMaxWaitMs: number;
  readonly partitioner: PartitionerOption | undefined;
  readonly allowAutoTopicCreation: boolean;
  readonly adaptivePartitioning: boolean;
  readonly partitionerAvailabilityTimeoutMs: number;
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = 2 ** 31 - 1,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigurationError(`${name}: expected an integer in [${min}, ${max}], got ${value}`);
  return value;
}

/** Applies defaults and validates; throws {@link ConfigurationError} naming the bad option. */
export function resolveProducerOptions(options: ProducerOptions = {}): ResolvedProducerOptions {
  const acksOption = options.acks ?? 'all';
  if (acksOption !== 'all' && acksOption !== -1 && acksOption !== 0 && acksOption !== 1)
    throw new ConfigurationError(`acks: expected 'all', -1, 0 or 1, got ${String(acksOption)}`);
  const acks = acksOption === 'all' ? -1 : acksOption;
  if (options.idempotent === true && acks !== -1)
    throw new ConfigurationError(`idempotent: needs acks 'all' (got acks ${acks}), as in Java`);
  const idempotent = options.idempotent ?? acks === -1;
  const name = options.compression ?? 'none';
  if (!Object.hasOwn(CompressionType, name))
    throw new ConfigurationError(
      `compression: expected none, gzip, snappy, lz4 or zstd, got ${String(name)}`,
    );
  const maxInFlight = integer('maxInFlightPerBroker', options.maxInFlightPerBroker, 5, 1, 5);
  const deliveryTimeoutMs = integer('deliveryTimeoutMs', options.deliveryTimeoutMs, 120_000, 1);
  const lingerMs = integer('lingerMs', options.lingerMs, 5, 0);
  const requestTimeoutMs = integer('requestTimeoutMs', options.requestTimeoutMs, 30_000, 1);
  const maxRequestSize = integer('maxRequestSize', options.maxRequestSize, 1_048_576, 1024);
  const batchSize = Math.min(integer('batchSize', options.batchSize, 16_384, 1), maxRequestSize);
  return {
    acks,
    idempotent,
    compression: CompressionType[name],
    compressionLevel: options.compressionLevel,
    batchSize,
    lingerMs,
    maxBatchSize: Math.max(
      batchSize,
      Math.min(integer('maxBatchSize', options.maxBatchSize, maxRequestSize, 1), maxRequestSize),
    ),
    maxRequestSize,
    bufferMemory: integer(
      'bufferMemory',
      options.bufferMemory,
      32 * 1024 * 1024,
      1024,
      Number.MAX_SAFE_INTEGER,
    ),
    deliveryTimeoutMs,
    requestTimeoutMs,
    retryBackoffMs: integer('retryBackoffMs', options.retryBackoffMs, 100, 0),
    retryBackoffMaxMs: integer('retryBackoffMaxMs', options.retryBackoffMaxMs, 1000, 0),
    maxInFlightPerBroker: maxInFlight,
    metadataMaxWaitMs: integer('metadataMaxWaitMs', options.metadataMaxWaitMs, 10_000, 0),
    partitioner: options.partitioner,
    allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
    adaptivePartitioning: options.adaptivePartitioning ?? true,
    partitionerAvailabilityTimeoutMs: integer(
      'partitionerAvailabilityTimeoutMs',
      options.partitionerAvailabilityTimeoutMs,
      0,
      0,
    ),
  };
}
