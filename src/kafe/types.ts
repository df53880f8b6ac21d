/**
 * Inputs and results of the kafe facade (`src/kafe.ts`): the Erlang kafe's shapes with their
 * names in camelCase. Error codes are snake_case names (`none` when there is no error; see
 * `error-names.ts`). Offsets and timestamps are `bigint` (Kafka's int64), partitions are
 * `partition` in every result.
 */

/** A message value or key: a string (UTF-8 on the wire) or bytes; `null` for none. */
export type KafeValue = string | Uint8Array | null;

/** A message: a value alone, or a key and a value (the seed's `{Key, Value}` tuple, as a pair or an object). */
export type KafeMessage =
  | KafeValue
  | readonly [key: KafeValue, value: KafeValue]
  | { readonly key: KafeValue; readonly value: KafeValue };

/** Options of `produce` (the seed's `timeout`, `required_acks`, `partition`, `key_to_partition`). */
export interface KafeProduceOptions {
  /** Partition to write to. Default 0 (the seed's default), unless `keyToPartition` is given. */
  partition?: number;
  /**
   * Milliseconds the broker may wait for the acknowledgements (ProduceRequest `timeoutMs`), and
   * the deadline of the whole call across retries. Default 5000.
   */
  timeout?: number;
  /**
   * Acknowledgements: -1 all in-sync replicas (default: a deviation from the seed, for
   * durability), 1 the leader only, 0 none (the broker answers nothing: the call resolves once
   * the request is written, with no offset).
   */
  requiredAcks?: -1 | 0 | 1;
  /** Chooses the partition from the key when `partition` is not given (seed `key_to_partition`). */
  keyToPartition?: (topic: string, key: KafeValue) => number;
  /** Create time of the message, ms since the epoch. Default: now. */
  timestamp?: number;
}

/** What `produce` answers: the seed's `#{name, partitions => [...]}`. */
export interface KafeProduceResult {
  readonly name: string;
  readonly partitions: readonly KafeProducePartitionResult[];
}

/** One partition of a {@link KafeProduceResult}. */
export interface KafeProducePartitionResult {
  readonly partition: number;
  /** `none`, or the broker's error for this partition (after retries of retriable ones). */
  readonly errorCode: string;
  /** Offset of the message; absent with `requiredAcks: 0` (the broker sent no answer). */
  readonly offset?: bigint;
  /** Log append time for LogAppendTime topics, -1 for CreateTime topics; absent with `requiredAcks: 0`. */
  readonly timestamp?: bigint;
}

/** Options of `fetch` (seed `partition`, `offset`, `max_bytes`, `min_bytes`, `max_wait_time`). */
export interface KafeFetchOptions {
  /** Partition to read. Default: the partition with the highest log-end offset. */
  partition?: number;
  /** Offset to read from. Default: the last message of the partition (log-end offset - 1). */
  offset?: bigint | number;
  /** Most bytes to return. Default 1 MiB. */
  maxBytes?: number;
  /** Fewest bytes the broker waits for. Default 1. */
  minBytes?: number;
  /** Longest the broker waits for `minBytes`, ms. Default 100. */
  maxWaitTime?: number;
}

/** A fetched message (seed: `#{offset, key, value, crc, attributes, magic_byte, timestamp}`). */
export interface KafeFetchedMessage {
  readonly offset: bigint;
  /** Key bytes (a view into the response), or `null`. */
  readonly key: Buffer | null;
  /** Value bytes (a view into the response), or `null`. */
  readonly value: Buffer | null;
  /** Create or log-append time, ms since the epoch. */
  readonly timestamp: number;
  /** CRC of the message set entry or record batch the message came in. */
  readonly crc: number;
  /** Attributes of the record batch (compression, timestamp type, ...). */
  readonly attributes: number;
  /** Message format: 2 for record batches, 0 or 1 for legacy message sets. */
  readonly magicByte: number;
  /** Record headers (Kafka 0.11+), with values as bytes. */
  readonly headers: readonly { readonly key: string; readonly value: Buffer | null }[];
}

/** What `fetch` answers (seed: `#{topics => [...], throttle_time}`). */
export interface KafeFetchResult {
  readonly throttleTime: number;
  readonly topics: readonly {
    readonly name: string;
    readonly partitions: readonly {
      readonly partition: number;
      readonly errorCode: string;
      readonly highWatermarkOffset: bigint;
      readonly messages: readonly KafeFetchedMessage[];
    }[];
  }[];
}

/** A topic of `offset`: a name (every partition, latest offset) or per-partition requests (seed `{Topic, [{Partition, Time, MaxNumOffsets}]}`). */
export type KafeOffsetTopic =
  | string
  | {
      readonly name: string;
      readonly partitions: readonly {
        readonly partition: number;
        /** -1 latest (default), -2 earliest, or a timestamp in ms: the first offset at or after it. */
        readonly time?: bigint | number;
      }[];
    };

/** What `offset` answers per topic. */
export interface KafeOffsetResult {
  readonly name: string;
  readonly partitions: readonly {
    readonly partition: number;
    readonly errorCode: string;
    /** The offset found (-1 when none). */
    readonly offset: bigint;
    /** The timestamp of that offset (-1 for latest/earliest). */
    readonly timestamp: bigint;
  }[];
}

/** A partition of an `offsetCommit` v0 or v2 (seed `{Partition, Offset, Metadata}`). */
export interface KafeCommitPartition {
  readonly partition: number;
  /** The next offset to read (Kafka's convention). */
  readonly offset: bigint | number;
  readonly metadata?: string | null;
}

/** A partition of an `offsetCommit` v1 (seed `{Partition, Offset, Timestamp, Metadata}`). */
export interface KafeCommitPartitionV1 extends KafeCommitPartition {
  /** Commit time in ms; -1 lets the broker use its own time. */
  readonly timestamp?: bigint | number;
}

/** Topics of an `offsetCommit` (seed `[{Topic, [Partition...]}]`). */
export type KafeCommitTopics<P extends KafeCommitPartition = KafeCommitPartition> = readonly {
  readonly name: string;
  readonly partitions: readonly P[];
}[];

/** What `offsetCommit` answers per topic. */
export interface KafeOffsetCommitResult {
  readonly name: string;
  readonly partitions: readonly { readonly partition: number; readonly errorCode: string }[];
}

/** A topic of `offsetFetch`: a name (every partition) or a name and partitions. */
export type KafeOffsetFetchTopic = string | { readonly name: string; readonly partitions: readonly number[] };

/** What `offsetFetch` answers per topic (seed `#{name, partitions_offset => [...]}`). */
export interface KafeOffsetFetchResult {
  readonly name: string;
  readonly partitionsOffset: readonly {
    readonly partition: number;
    /** The committed offset (the next to read), -1 when the group has none. */
    readonly offset: bigint;
    readonly metadata: string | null;
    readonly errorCode: string;
  }[];
}

/** What `consumerMetadata` answers (seed: `#{coordinator_id, coordinator_host, coordinator_port, error_code}`). */
export interface KafeConsumerMetadataResult {
  readonly errorCode: string;
  readonly coordinatorId: number;
  readonly coordinatorHost: string;
  readonly coordinatorPort: number;
}

/** What `metadata` answers (seed: `#{brokers => [...], topics => [...]}`). */
export interface KafeMetadataResult {
  readonly brokers: readonly {
    readonly id: number;
    readonly host: string;
    readonly port: number;
    readonly rack: string | null;
  }[];
  readonly topics: readonly {
    readonly name: string;
    readonly errorCode: string;
    readonly partitions: readonly {
      readonly partition: number;
      readonly errorCode: string;
      readonly leader: number;
      readonly replicas: readonly number[];
      readonly isr: readonly number[];
    }[];
  }[];
}

/**
 * One partition of `offsets(topic, group)`, in Kafka's convention: `committed` is the next
 * offset the group will read, `logEnd` the offset the next message will get. Unread messages are
 * `unread.first`..`unread.last` (inclusive), `count` of them; `unread` is null when none are.
 */
export interface KafePartitionOffsets {
  readonly partition: number;
  /** The group's committed offset, or null when it has none (then unread starts at `logStart`). */
  readonly committed: bigint | null;
  /** First offset still in the log. */
  readonly logStart: bigint;
  /** Log-end offset (high watermark): one past the last message. */
  readonly logEnd: bigint;
  readonly unread: { readonly first: bigint; readonly last: bigint } | null;
  readonly count: bigint;
}
