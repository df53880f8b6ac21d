/**
 * Producer options, their defaults and their schema (checked when the producer is made, see
 * `cluster/option-schema.ts`). Names are the Java producer's configuration keys in camelCase;
 * defaults are Java's (3.0+: idempotence on, acks=all; 4.0: `linger.ms` 5) except where noted.
 */
import {
  boolean,
  type CrossOptionRule,
  checkOptions,
  either,
  func,
  integer,
  type OptionRule,
  type OptionSchema,
  oneOf,
  string,
} from '../cluster/option-schema.js';
import { CompressionType } from '../protocol/compression/codec.js';
import { codecFor } from '../protocol/compression/index.js';
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
  /**
   * How long a batch that is not full waits for more records, ms (Java `linger.ms`). Unset
   * (the default), a batch goes at once when its partition's leader has no Produce request in
   * flight, and waits up to 5 ms for more only while one is (franz-go's approach): a record sent
   * at a low rate pays no linger, and under load batches fill while requests are out. Set, every
   * batch waits this long, as in Java.
   */
  lingerMs?: number;
  /**
   * How big a batch may grow while its partition cannot send (its requests in flight, or a
   * burst larger than `batchSize` sent at once): a batch is ready at `batchSize` but keeps
   * taking records until it is sent, up to this size, bytes, so a busy partition sends fewer,
   * bigger requests.
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
  /**
   * Bytes the producer's batches may hold before `send` waits (Java `buffer.memory`): each
   * batch is charged its buffer or its records' size bounds, whichever is larger, until it is
   * acknowledged (at most one batch's growth beyond). Default 32 MiB.
   */
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
  /**
   * Makes the producer transactional (KIP-98; Java `transactional.id`): records are sent inside
   * transactions (`initTransactions()`, `beginTransaction()`, `commitTransaction()` /
   * `abortTransaction()`, or `transaction(fn)`) and a newer producer with the same id fences
   * this one. Implies idempotence and acks=all; setting `idempotent: false` or `acks` 0 / 1
   * with it is a {@link ConfigurationError}. Keep it stable across restarts of the same logical
   * producer (e.g. one per input partition or per process slot).
   */
  transactionalId?: string;
  /**
   * How long the coordinator lets a transaction stay open before aborting it, ms (Java
   * `transaction.timeout.ms`, default 60000; the brokers' `transaction.max.timeout.ms` caps it).
   * The producer learns of such an abort as a `ProducerFencedError`.
   */
  transactionTimeoutMs?: number;
}

/** Options with every default applied. */
export interface ResolvedProducerOptions {
  readonly acks: -1 | 0 | 1;
  readonly idempotent: boolean;
  readonly compression: CompressionType;
  readonly compressionLevel: number | undefined;
  readonly batchSize: number;
  readonly lingerMs: number;
  /** Whether a batch lingers when its leader is idle too (`lingerMs` set), or only while a request is in flight (unset). */
  readonly lingerWhenIdle: boolean;
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
  readonly transactionalId: string | null;
  readonly transactionTimeoutMs: number;
}

/** A `Partitioner` object: anything with a `partition` function. */
const partitionerObject: OptionRule = {
  expected: 'an object with a partition function',
  accepts: (v) =>
    v !== null && typeof v === 'object' && typeof (v as { partition?: unknown }).partition === 'function',
};

const COMPRESSION_NAMES = Object.keys(CompressionType) as CompressionName[];

/** The schema of {@link ProducerOptions}. */
export const producerOptionSchema: OptionSchema<ProducerOptions> = {
  acks: oneOf(['all', -1, 0, 1]),
  idempotent: boolean,
  compression: oneOf(COMPRESSION_NAMES),
  // zstd's levels reach down to -131072 (KIP-390); the codec's own range is a cross rule.
  compressionLevel: integer(-131072, 22),
  batchSize: integer(1),
  lingerMs: integer(0),
  maxBatchSize: integer(1),
  maxRequestSize: integer(1024),
  bufferMemory: integer(1024, Number.MAX_SAFE_INTEGER),
  deliveryTimeoutMs: integer(1),
  requestTimeoutMs: integer(1),
  retryBackoffMs: integer(0),
  retryBackoffMaxMs: integer(0),
  maxInFlightPerBroker: integer(1, 5),
  metadataMaxWaitMs: integer(0),
  partitioner: either(oneOf(['default', 'round-robin', 'sticky']), func, partitionerObject),
  allowAutoTopicCreation: boolean,
  adaptivePartitioning: boolean,
  partitionerAvailabilityTimeoutMs: integer(0),
  transactionalId: string(),
  transactionTimeoutMs: integer(1, 0x7fffffff),
};

/** Rules between producer options, as Java's `ProducerConfig` checks them. */
const producerCrossRules: readonly CrossOptionRule<ProducerOptions>[] = [
  {
    option: 'idempotent',
    problem: (o) =>
      o.transactionalId !== undefined && o.idempotent === false
        ? 'a transactional producer (transactionalId set) is idempotent; remove idempotent: false'
        : undefined,
  },
  {
    option: 'acks',
    problem: (o) =>
      o.transactionalId !== undefined && o.acks !== undefined && o.acks !== 'all' && o.acks !== -1
        ? `a transactional producer (transactionalId set) needs acks 'all' (got acks ${o.acks})`
        : undefined,
  },
  {
    option: 'idempotent',
    problem: (o) =>
      o.idempotent === true && o.acks !== undefined && o.acks !== 'all' && o.acks !== -1
        ? `needs acks 'all' (got acks ${o.acks}), as in Java; leave idempotent unset to turn it off with acks ${o.acks}`
        : undefined,
  },
  {
    option: 'compressionLevel',
    problem: (o) => {
      if (o.compressionLevel === undefined) return undefined;
      const name = o.compression ?? 'none';
      const levels = name === 'none' ? undefined : codecFor(CompressionType[name]).levels;
      if (levels === undefined) return `compression '${name}' has no levels`;
      return o.compressionLevel < levels.min || o.compressionLevel > levels.max
        ? `${o.compression} takes levels ${levels.min} to ${levels.max}, got ${o.compressionLevel}`
        : undefined;
    },
  },
];

/** Applies defaults after checking (a {@link ConfigurationError} names the bad option). */
export function resolveProducerOptions(options: ProducerOptions = {}): ResolvedProducerOptions {
  checkOptions(options, producerOptionSchema, producerCrossRules);
  const acks = options.acks === undefined || options.acks === 'all' ? -1 : options.acks;
  const maxRequestSize = options.maxRequestSize ?? 1_048_576;
  const batchSize = Math.min(options.batchSize ?? 16_384, maxRequestSize);
  return {
    acks,
    idempotent: options.idempotent ?? acks === -1,
    compression: CompressionType[options.compression ?? 'none'],
    compressionLevel: options.compressionLevel,
    batchSize,
    lingerMs: options.lingerMs ?? 5,
    lingerWhenIdle: options.lingerMs !== undefined,
    maxBatchSize: Math.max(batchSize, Math.min(options.maxBatchSize ?? maxRequestSize, maxRequestSize)),
    maxRequestSize,
    bufferMemory: options.bufferMemory ?? 32 * 1024 * 1024,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 120_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    retryBackoffMs: options.retryBackoffMs ?? 100,
    retryBackoffMaxMs: options.retryBackoffMaxMs ?? 1000,
    maxInFlightPerBroker: options.maxInFlightPerBroker ?? 5,
    metadataMaxWaitMs: options.metadataMaxWaitMs ?? 10_000,
    partitioner: options.partitioner,
    allowAutoTopicCreation: options.allowAutoTopicCreation ?? true,
    adaptivePartitioning: options.adaptivePartitioning ?? true,
    partitionerAvailabilityTimeoutMs: options.partitionerAvailabilityTimeoutMs ?? 0,
    transactionalId: options.transactionalId ?? null,
    transactionTimeoutMs: options.transactionTimeoutMs ?? 60_000,
  };
}
