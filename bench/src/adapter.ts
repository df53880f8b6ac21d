/**
 * The contract between the bench runner and one client. Each client gets one small file per
 * role in `bench/clients/` (`<client>-producer.ts`, `<client>-consumer.ts`) whose default export
 * builds an adapter; the driver in `child.ts` does the timing, pacing and CPU accounting, so an
 * adapter only translates "send these values" / "give me every value" into the client's
 * idiomatic fast path.
 */

/** Codecs the cases use; `none` is no compression. */
export type Compression = 'none' | 'lz4' | 'zstd';

/** How a producer adapter must be configured. */
export interface ProducerConfig {
  /** `host:port` bootstrap brokers. */
  brokers: string[];
  /** The first of `topics`. */
  topic: string;
  /** The topics a call's values spread over, value `i` to `topics[i % topics.length]`. */
  topics: string[];
  /** `1` (leader only) or `all` (every in-sync replica). */
  acks: 1 | 'all';
  compression: Compression;
  /**
   * Idempotent delivery: on at acks=all for every client that offers it (like with like: kafe
   * and Java are idempotent there by default), off at acks=1 (idempotence needs acks=all).
   */
  idempotent: boolean;
  /** Throughput settings of the client's own documentation (`tuning.ts`), else its defaults. */
  tuned: boolean;
}

/** One producer, connected and ready to send. */
export interface ProducerAdapter {
  /**
   * Sends `values` (no key, no headers) with the client's batch API in one call and resolves
   * when every one of them is acknowledged by the broker; rejects on any error.
   */
  send(values: readonly Buffer[]): Promise<void>;
  /** Flushes and disconnects. */
  close(): Promise<void>;
}

/** Builds and connects a producer. */
export type CreateProducer = (config: ProducerConfig) => Promise<ProducerAdapter>;

/** How a consumer adapter must be configured. */
export interface ConsumerConfig {
  brokers: string[];
  /** The first of `topics`. */
  topic: string;
  /** Every topic the consumer subscribes to. */
  topics: string[];
  /** A fresh group id: the consumer starts at the earliest offset of every partition. */
  groupId: string;
  /** Throughput settings of the client's own documentation (`tuning.ts`), else its defaults. */
  tuned: boolean;
}

/** Called for every record value, in partition order, as the client hands them out. */
export type OnValue = (value: Uint8Array) => void;

/** One consumer. */
export interface ConsumerAdapter {
  /** Joins the group and calls `onValue` for every record until `close()`. Resolves once started. */
  start(onValue: OnValue): Promise<void>;
  /** Stops consuming and disconnects (without waiting for a rebalance where the client allows). */
  close(): Promise<void>;
}

/** Builds a consumer (not yet started). */
export type CreateConsumer = (config: ConsumerConfig) => Promise<ConsumerAdapter>;
