/**
 * KafkaJS's producer on kafe's. KafkaJS sets `acks`, `timeout` and `compression` per call,
 * kafe per producer: each combination a call asks for gets a kafe producer of its own (made on
 * first use, all closed by `disconnect()`), so records sent with the same settings share
 * batches. A producer without a `transactionalId` is idempotent when it waits for every
 * replica (`acks: -1`, the default): KafkaJS's default is not, and a retried request may then
 * write a record twice.
 */
import type { Cluster } from '../cluster/cluster.js';
import type { ProducerOptions } from '../producer/options.js';
import { Producer as KafeProducer } from '../producer/producer.js';
import type { ProducerRecord as KafeRecord, ProducerHeader } from '../producer/record.js';
import type { ClientContext, ClientSettings, RetryOptions } from './client-config.js';
import { CompressionTypes } from './enums.js';
import { asKafkaJS, toKafkaJSError } from './error-mapping.js';
import { KafkaJSNonRetriableError } from './errors.js';
import type { InstrumentationEmitter } from './instrumentation.js';
import type { Logger } from './logger.js';
import type { IHeaders, Message, ProducerBatch, ProducerRecord, RecordMetadata } from './message-types.js';
import { type ClientOn, clientOn, networkEvents, RequestEvents } from './network-events.js';
import type { ICustomPartitioner } from './partitioners.js';
import { kafePartitioner } from './producer-partitioner.js';
import { Transaction } from './transaction.js';

/** The options of a producer. */
export interface ProducerConfig {
  createPartitioner?: ICustomPartitioner;
  retry?: RetryOptions;
  metadataMaxAge?: number;
  allowAutoTopicCreation?: boolean;
  idempotent?: boolean;
  transactionalId?: string;
  transactionTimeout?: number;
  maxInFlightRequests?: number;
}

/** The names of a producer's instrumentation events. */
export type ProducerEvents = {
  CONNECT: 'producer.connect';
  DISCONNECT: 'producer.disconnect';
  REQUEST: 'producer.network.request';
  REQUEST_TIMEOUT: 'producer.network.request_timeout';
  REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size';
};

const PRODUCER_EVENTS: ProducerEvents = {
  CONNECT: 'producer.connect',
  DISCONNECT: 'producer.disconnect',
  REQUEST: 'producer.network.request',
  REQUEST_TIMEOUT: 'producer.network.request_timeout',
  REQUEST_QUEUE_SIZE: 'producer.network.request_queue_size',
};

const CODEC_NAMES = { 0: 'none', 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' } as const;

/** A send's settings, as KafkaJS defaults them. */
interface SendSettings {
  acks: -1 | 0 | 1;
  timeout: number;
  compression: CompressionTypes;
}

/** A KafkaJS producer. */
export class Producer {
  /** The names of its instrumentation events. */
  readonly events: ProducerEvents = PRODUCER_EVENTS;
  /** Listens to an instrumentation event; returns the function that stops listening. */
  readonly on: ClientOn<ProducerEvents>;
  private readonly emitter: InstrumentationEmitter;
  private readonly requests: RequestEvents;
  private readonly log: Logger;
  private cluster: Cluster | undefined;
  private connecting: Promise<Cluster> | undefined;
  /** kafe producers by send settings (`acks/timeout/compression`). */
  private readonly producers = new Map<string, KafeProducer>();
  private transactional: KafeProducer | undefined;
  private current: Transaction | undefined;

  constructor(
    private readonly kafka: ClientContext,
    private readonly config: ProducerConfig,
  ) {
    this.log = kafka.logger().namespace('Producer');
    this.emitter = networkEvents(PRODUCER_EVENTS, () => this.log);
    this.requests = new RequestEvents(this.emitter, PRODUCER_EVENTS);
    this.on = clientOn(this.emitter, (type) => this.requests.need(type));
    if (config.transactionalId !== undefined && config.idempotent === false)
      this.log.warn('Transactional producer must be idempotent: ignoring idempotent: false');
  }

  /** Connects to the cluster (the brokers function is called now). */
  async connect(): Promise<void> {
    await this.client();
    this.emitter.emit(PRODUCER_EVENTS.CONNECT, null);
  }

  /** Sends what was accepted, then closes every connection. */
  async disconnect(): Promise<void> {
    const cluster = this.cluster ?? (await this.connecting?.catch(() => undefined));
    const producers = [...this.producers.values(), ...(this.transactional ? [this.transactional] : [])];
    this.cluster = undefined;
    this.connecting = undefined;
    this.requests.close();
    this.producers.clear();
    this.transactional = undefined;
    if (cluster === undefined) return;
    try {
      await Promise.all(producers.map((p) => p.close()));
    } finally {
      await cluster.close();
    }
    this.emitter.emit(PRODUCER_EVENTS.DISCONNECT, null);
  }

  /** Whether records are written exactly once per partition (idempotence, KIP-98). */
  isIdempotent(): boolean {
    return this.config.transactionalId !== undefined || this.config.idempotent !== false;
  }

  /** Sends `record.messages` to `record.topic`: one entry per partition written. */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (record === null || typeof record !== 'object')
      throw new KafkaJSNonRetriableError('Invalid producer record');
    return this.sendBatch({
      topicMessages: [{ topic: record.topic, messages: record.messages }],
      ...(record.acks === undefined ? {} : { acks: record.acks }),
      ...(record.timeout === undefined ? {} : { timeout: record.timeout }),
      ...(record.compression === undefined ? {} : { compression: record.compression }),
    });
  }

  /** Sends records to several topics: one entry per topic-partition written. */
  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    if (this.current?.isActive())
      throw new KafkaJSNonRetriableError('Cannot continue to send messages outside of the transaction');
    return this.sendWith(await this.producerFor(settingsOf(batch)), batch);
  }

  /**
   * Sends `batch` through `producer` and reports, per topic-partition, the first offset it
   * wrote (KafkaJS's `baseOffset`: the records of one call go to a partition in order).
   */
  async sendWith(producer: KafeProducer, batch: ProducerBatch): Promise<RecordMetadata[]> {
    const records = kafeRecords(batch);
    if (records.length === 0) return [];
    const report = await asKafkaJS(producer.sendBatch(records));
    const first = new Map<string, { topic: string; partition: number; offset: number }>();
    // Records mostly come in runs of one topic-partition (sticky keyless records, one topic
    // per call): the entry is looked up again only when the run changes, not per record.
    let entry: { topic: string; partition: number; offset: number } | undefined;
    for (let i = 0; i < records.length; i++) {
      const topic = (records[i] as KafeRecord).topic;
      const partition = report.partitions[i] as number;
      const offset = report.offsets[i] as number;
      if (entry === undefined || entry.topic !== topic || entry.partition !== partition) {
        const key = `${partition}:${topic}`;
        entry = first.get(key);
        if (entry === undefined) {
          entry = { topic, partition, offset };
          first.set(key, entry);
        }
      }
      if (offset < entry.offset) entry.offset = offset;
    }
    // kafe's producer does not report the log start offset or a LogAppendTime: '-1', unknown.
    return [...first.values()].map(({ topic, partition, offset }) => ({
      topicName: topic,
      partition,
      errorCode: 0,
      baseOffset: String(offset),
      logAppendTime: '-1',
      logStartOffset: '-1',
    }));
  }

  /**
   * Begins a transaction (`transactionalId` required): records and offsets sent through it
   * become visible together on `commit()`, or never after `abort()`.
   */
  async transaction(): Promise<Transaction> {
    if (this.config.transactionalId === undefined)
      throw new KafkaJSNonRetriableError('Must provide transactional id for transactional producer');
    if (this.current?.isActive())
      throw new KafkaJSNonRetriableError('There is already an ongoing transaction for this producer');
    const producer = await this.transactionalProducer();
    try {
      producer.beginTransaction();
    } catch (error) {
      throw toKafkaJSError(error);
    }
    this.current = new Transaction(producer, this);
    return this.current;
  }

  /** The producer's logger. */
  logger(): Logger {
    return this.log;
  }

  /** The cluster of this producer, connected by the first `connect()` (or send). */
  private client(): Promise<Cluster> {
    if (this.cluster !== undefined) return Promise.resolve(this.cluster);
    this.connecting ??= this.open();
    return this.connecting;
  }

  private async open(): Promise<Cluster> {
    const settings: ClientSettings = {};
    if (this.config.metadataMaxAge !== undefined) settings.metadataMaxAgeMs = this.config.metadataMaxAge;
    try {
      this.cluster = await this.kafka.connectCluster(settings, (scope) => this.requests.follow(scope));
      return this.cluster;
    } finally {
      this.connecting = undefined;
    }
  }

  /** A kafe producer on this producer's cluster; `toKafkaJSError` of a refused option. */
  private make(cluster: Cluster, options: ProducerOptions): KafeProducer {
    try {
      return new KafeProducer(cluster, options);
    } catch (error) {
      throw toKafkaJSError(error);
    }
  }

  /** The kafe producer for a call's settings. */
  private async producerFor(settings: SendSettings): Promise<KafeProducer> {
    if (this.config.transactionalId !== undefined) return this.transactionalProducer();
    if (this.config.idempotent === true && settings.acks !== -1)
      throw new KafkaJSNonRetriableError(
        "Not requiring ack for all messages invalidates the idempotent producer's EoS guarantees",
      );
    const key = `${settings.acks}/${settings.timeout}/${settings.compression}`;
    const cluster = await this.client();
    let producer = this.producers.get(key);
    if (producer === undefined) {
      producer = this.make(cluster, {
        ...this.commonOptions(cluster),
        acks: settings.acks,
        idempotent: settings.acks === -1 && this.config.idempotent !== false,
        requestTimeoutMs: settings.timeout,
        compression: CODEC_NAMES[settings.compression],
      });
      this.producers.set(key, producer);
    }
    return producer;
  }

  /** The one kafe producer of a transactional producer, its transactions initialised. */
  private async transactionalProducer(): Promise<KafeProducer> {
    if (this.transactional !== undefined) return this.transactional;
    const cluster = await this.client();
    const producer = this.make(cluster, {
      ...this.commonOptions(cluster),
      transactionalId: this.config.transactionalId as string,
      transactionTimeoutMs: this.config.transactionTimeout ?? 60_000,
    });
    await asKafkaJS(producer.initTransactions());
    this.transactional = producer;
    return producer;
  }

  private commonOptions(cluster: Cluster): ProducerOptions {
    const retry = this.config.retry;
    return {
      allowAutoTopicCreation: this.config.allowAutoTopicCreation ?? true,
      partitioner: kafePartitioner(this.config.createPartitioner, cluster),
      ...(this.config.maxInFlightRequests === undefined
        ? {}
        : { maxInFlightPerBroker: Math.min(5, Math.max(1, this.config.maxInFlightRequests)) }),
      ...(retry?.maxRetryTime === undefined ? {} : { deliveryTimeoutMs: retry.maxRetryTime }),
    };
  }

  /** Called by a transaction when it ends. */
  transactionEnded(transaction: Transaction): void {
    if (this.current === transaction) this.current = undefined;
  }
}

/** A call's settings with KafkaJS's defaults (acks -1, timeout 30000, no compression). */
function settingsOf(batch: ProducerBatch): SendSettings {
  const acks = batch.acks ?? -1;
  if (acks !== -1 && acks !== 0 && acks !== 1)
    throw new KafkaJSNonRetriableError(`Invalid acks ${String(acks)}: expected -1, 0 or 1`);
  const compression = batch.compression ?? CompressionTypes.None;
  if (!(compression in CODEC_NAMES))
    throw new KafkaJSNonRetriableError(`Compression codec ${String(compression)} is not implemented`);
  return { acks, timeout: batch.timeout ?? 30_000, compression };
}

/** The kafe records of a KafkaJS batch, checked as KafkaJS checks them. */
export function kafeRecords(batch: ProducerBatch): KafeRecord[] {
  const out: KafeRecord[] = [];
  for (const { topic, messages } of batch.topicMessages ?? []) {
    if (typeof topic !== 'string' || topic === '')
      throw new KafkaJSNonRetriableError(`Invalid topic ${String(topic)}`);
    if (!Array.isArray(messages))
      throw new KafkaJSNonRetriableError(`Invalid messages array [${String(messages)}] for topic "${topic}"`);
    for (const m of messages) out.push(kafeRecord(topic, m));
  }
  return out;
}

function kafeRecord(topic: string, m: Message): KafeRecord {
  if (m === null || typeof m !== 'object' || m.value === undefined)
    throw new KafkaJSNonRetriableError(
      `Invalid message without value for topic "${topic}": ${JSON.stringify(m)}`,
    );
  const record: { -readonly [K in keyof KafeRecord]: KafeRecord[K] } = { topic, value: m.value };
  if (m.key !== undefined) record.key = m.key;
  if (m.partition !== undefined && m.partition !== null) record.partition = m.partition;
  if (m.timestamp !== undefined && m.timestamp !== null) record.timestamp = Number(m.timestamp);
  if (m.headers !== undefined) record.headers = headerList(m.headers);
  return record;
}

/** KafkaJS's headers (an array value repeats its key) as kafe's header list. */
function headerList(headers: IHeaders): ProducerHeader[] {
  const list: ProducerHeader[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) list.push({ key, value: v });
  }
  return list;
}
