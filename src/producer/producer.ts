/**
 * The producer (Java: `KafkaProducer`). Two ways to send:
 *
 * - {@link Producer.send}: one record, one promise with its partition and offset. Convenient;
 *   costs a promise and a result object per record.
 * - {@link Producer.sendBatch}: many records, one promise for all of them, results in typed
 *   arrays ({@link DeliveryReport}). The path for throughput: no promise, closure or result
 *   object per record. Records still join per-partition batches with everything else sent, so
 *   ordering and batching are the same as with `send`.
 *
 * Both accept synchronously: the order of calls is the order records join their partition
 * (also across concurrent async tasks), whatever waits for memory or metadata later.
 * Backpressure: when `bufferMemory` is used up the returned promise settles later (after space
 * frees up); a caller that awaits it is slowed down, one that does not is bounded by
 * `deliveryTimeoutMs`.
 */
import { ClientTelemetry } from '../cluster/client-telemetry.js';
import { ClientClosedError, OperationAbortedError } from '../cluster/errors.js';
import type { ConsumerGroupMetadata } from '../cluster/group-metadata.js';
import { raceAbort } from '../cluster/retry.js';
import type { ClientScope } from '../net/client-scope.js';
import { DEFAULT_CLIENT_SOFTWARE } from '../net/connection.js';
import { Lifecycle } from '../net/lifecycle.js';
import type { MetricsSnapshot } from '../net/network-metrics.js';
import { isTraced } from '../net/tracing.js';
import { loadCodec } from '../protocol/compression/index.js';
import { Accumulator } from './accumulator.js';
import { CompressionRatioEstimator } from './compression-ratio.js';
import { GroupSink, RecordSink } from './delivery.js';
import type { DeliveryReport, RecordMetadata } from './delivery-report.js';
import {
  type ProducerFatalMessage,
  producerFatalChannel,
  producerTracing,
  type SendTraceContext,
} from './diagnostics.js';
import { RecordTooLargeError } from './errors.js';
import { IdempotenceManager } from './idempotence.js';
import { LeaderLoad } from './leader-load.js';
import { type ProducerOptions, type ResolvedProducerOptions, resolveProducerOptions } from './options.js';
import { partitionerFrom } from './partitioners/index.js';
import { EMPTY_BATCH_BYTES } from './producer-batch.js';
import type { ProducerCluster } from './producer-cluster.js';
import { ProducerMetrics } from './producer-metrics.js';
import {
  type NormalizedRecord,
  normalizeRecord,
  type ProducerRecord,
  recordSizeUpperBound,
} from './record.js';
import { Sender } from './sender.js';
import { TransactionStateError } from './transaction-errors.js';
import { type TransactionCallOptions, TransactionManager } from './transaction-manager.js';
import type { TransactionOffset, TransactionProtocol } from './transaction-requests.js';
import type { TransactionStateKind } from './transaction-state.js';

/** Options of {@link Producer.flush} and {@link Producer.close}. */
export interface FlushOptions {
  /** Give up waiting after this many ms. `close` then fails what is left; `flush` rejects. Default: no limit for flush, 30000 for close. */
  timeoutMs?: number;
  /** Stop waiting when aborted (as for `timeoutMs`). */
  signal?: AbortSignal;
}

/** What a {@link Producer.transaction} callback may do inside its transaction. */
export type TransactionScope = Pick<Producer, 'send' | 'sendBatch' | 'sendOffsetsToTransaction'>;

/** Sends records to Kafka. Create it with `kafka.producer(options)`. */
export class Producer {
  /** The options in effect, defaults applied. */
  private readonly options: ResolvedProducerOptions;
  private readonly accumulator: Accumulator;
  private readonly sender: Sender;
  /** The transactional producer's manager (`transactionalId` set). */
  private readonly transactions: TransactionManager | undefined;
  private readonly lifecycle: Lifecycle;
  private readonly scope: ClientScope | undefined;
  private fatal: Error | undefined;
  private readonly producerMetrics = new ProducerMetrics();
  /** KIP-714 metrics push, when enabled. */
  private readonly telemetry: ClientTelemetry | undefined;

  /** @param cluster the cluster to send through (the entry object passes its own). */
  constructor(cluster: ProducerCluster, options: ProducerOptions = {}) {
    this.options = resolveProducerOptions(options);
    this.scope = cluster.scope;
    this.lifecycle = new Lifecycle({
      component: 'producer',
      scope: cluster.scope,
      closedError: () => new ClientClosedError('producer'),
    });
    const load = this.options.adaptivePartitioning
      ? new LeaderLoad(() => this.accumulator.queues, cluster, this.options)
      : undefined;
    const partitioner = partitionerFrom(this.options.partitioner, this.options.batchSize, load);
    const transactionalId = this.options.transactionalId;
    this.transactions =
      transactionalId === null
        ? undefined
        : new TransactionManager(
            cluster,
            {
              transactionalId,
              transactionTimeoutMs: this.options.transactionTimeoutMs,
              deliveryTimeoutMs: this.options.deliveryTimeoutMs,
            },
            {
              flush: (signal) => raceAbort(this.settleAll(), signal, 'flush'),
              failUnsent: (error) => {
                this.accumulator.failPending(error);
                this.sender.failQueued(error);
              },
              wake: () => this.sender.wake(),
              fatal: (error) => this.onFatal(error),
            },
          );
    const idempotence = this.transactions
      ? this.transactions
      : this.options.idempotent
        ? new IdempotenceManager(
            cluster,
            this.options.requestTimeoutMs,
            this.options.retryBackoffMs,
            this.options.retryBackoffMaxMs,
            () => this.sender.wake(),
            (error) => this.onFatal(error),
          )
        : undefined;
    this.accumulator = new Accumulator(
      this.options,
      cluster,
      partitioner,
      {
        batchReady: () => this.sender.wake(),
        batchCreated: (createdAt) => {
          // lingerMs unset: the batch may go at once if its leader is idle (drain.ts decides).
          if (!this.options.lingerWhenIdle) this.sender.wake();
          this.sender.wakeAt(createdAt + this.options.lingerMs);
        },
      },
      new CompressionRatioEstimator(),
    );
    this.sender = new Sender(
      this.options,
      cluster,
      this.accumulator,
      idempotence,
      this.producerMetrics,
      this.transactions,
    );
    this.telemetry =
      cluster.metricsPush === true && cluster.openConnection !== undefined
        ? new ClientTelemetry(
            { openConnection: () => cluster.openConnection?.() },
            {
              kind: 'producer',
              snapshot: () => this.metrics(),
              software: DEFAULT_CLIENT_SOFTWARE,
            },
          )
        : undefined;
    // zstd without native node:zlib support needs its WASM module before the first encode.
    if (this.options.compression !== 0)
      void loadCodec(this.options.compression).catch((error) => this.onFatal(error));
  }

  /**
   * Sends one record. Resolves with its partition and offset once the broker acknowledged it (or
   * once written, with `acks: 0`); rejects with a typed error: `InvalidRecordError`,
   * `RecordTooLargeError`, `UnknownTopicError`, `DeliveryTimeoutError`, a `BrokerError`, or
   * `ClientClosedError` after `close()`.
   */
  send(record: ProducerRecord): Promise<RecordMetadata> {
    if (!isTraced(producerTracing.send)) return this.sendOne(record);
    const context: SendTraceContext = { client: this.scope, records: [record], batch: false };
    return producerTracing.send.tracePromise(() => this.sendOne(context.records[0] ?? record), context);
  }

  private sendOne(record: ProducerRecord): Promise<RecordMetadata> {
    return new Promise((resolve, reject) => {
      const sink = new RecordSink(resolve, reject);
      try {
        this.accept(record, sink, 0, Date.now());
      } catch (error) {
        reject(error);
      }
    });
  }

  /**
   * Sends many records with one promise: the fast path. Resolves with a {@link DeliveryReport}
   * (partition and offset of record `i` at index `i`) when all are acknowledged; if any failed,
   * rejects with a `BatchDeliveryError` listing them, carrying the report of the others (which
   * were delivered: one bad record never costs the others).
   */
  sendBatch(records: readonly ProducerRecord[]): Promise<DeliveryReport> {
    if (!isTraced(producerTracing.send) || !Array.isArray(records)) return this.sendMany(records);
    const context: SendTraceContext = { client: this.scope, records: [...records], batch: true };
    return producerTracing.send.tracePromise(() => this.sendMany(context.records), context);
  }

  private sendMany(records: readonly ProducerRecord[]): Promise<DeliveryReport> {
    return new Promise((resolve, reject) => {
      if (!Array.isArray(records)) {
        reject(new TypeError('sendBatch expects an array of records'));
        return;
      }
      try {
        this.transactions?.checkSend('sendBatch');
      } catch (error) {
        reject(error);
        return;
      }
      const sink = new GroupSink(records.length, resolve, reject);
      const now = Date.now();
      for (let i = 0; i < records.length; i++) {
        try {
          this.accept(records[i] as ProducerRecord, sink, i, now);
        } catch (error) {
          sink.failed(i, error as Error);
        }
      }
    });
  }

  /** Validates, sizes and hands one record to the accumulator; throws for a record refused outright. */
  private accept(record: ProducerRecord, sink: RecordSink | GroupSink, index: number, now: number): void {
    this.lifecycle.check();
    if (this.fatal !== undefined) throw this.fatal;
    this.transactions?.checkSend('send');
    const normalized: NormalizedRecord = normalizeRecord(record, now);
    const size = recordSizeUpperBound(normalized);
    if (size + EMPTY_BATCH_BYTES > this.options.maxRequestSize)
      throw new RecordTooLargeError(size, this.options.maxRequestSize, 'maxRequestSize');
    if (size > this.options.bufferMemory)
      throw new RecordTooLargeError(size, this.options.bufferMemory, 'bufferMemory');
    this.accumulator.append(normalized, record.topic, record.partition, size, sink, index);
  }

  /**
   * A snapshot of the producer's metrics, named and meant as the Java producer's: what it sent
   * (`record-send-total`, `record-send-rate`, `byte-total`, `batch-size-avg`, ...), failed and
   * retried, its Produce latency (`request-latency-avg` / `-max`), `buffer-available-bytes`,
   * and the connection metrics of the cluster it sends through (`connection-count`,
   * `outgoing-byte-rate`, ...; shared with the `Kafka`'s admin and other producers). Rates are
   * per second over the last ~60 s; an average or maximum of nothing is NaN. Cheap: read it
   * every second if you like.
   */
  metrics(): MetricsSnapshot {
    const now = Date.now();
    return {
      ...(this.scope?.network.snapshot(now) ?? {}),
      ...this.producerMetrics.snapshot(
        { total: this.options.bufferMemory, used: this.accumulator.bufferedBytes },
        now,
      ),
    };
  }

  /**
   * Prepares a transactional producer (`transactionalId` set): finds the transaction
   * coordinator, gets the producer id and epoch, fences older producers of the same
   * `transactionalId` and lets the coordinator finish or abort the transaction they left open.
   * Call once, before the first `beginTransaction()`; after a timeout it may be called again.
   */
  initTransactions(options?: TransactionCallOptions): Promise<void> {
    return this.transactional('initTransactions', (t) => t.initTransactions(options));
  }

  /** Opens a transaction: records sent from now on are in it. No I/O; throws in a wrong state. */
  beginTransaction(): void {
    this.lifecycle.check();
    this.requireTransactions('beginTransaction').beginTransaction();
  }

  /**
   * Adds a consumer group's offsets to the open transaction (KIP-447): they are committed with
   * it and discarded if it aborts. `groupMetadata` is `consumer.groupMetadata()`, so that offsets
   * of a member that was fenced by a rebalance are refused.
   */
  sendOffsetsToTransaction(
    offsets: readonly TransactionOffset[],
    groupMetadata: ConsumerGroupMetadata,
    options?: TransactionCallOptions,
  ): Promise<void> {
    return this.transactional('sendOffsetsToTransaction', (t) =>
      t.sendOffsets(offsets, groupMetadata, options),
    );
  }

  /**
   * Commits the open transaction: sends and waits for every record accepted, then ends the
   * transaction. A record that failed rejects the commit with a `TransactionAbortableError`;
   * call `abortTransaction()` then. Out of time, calling it again finishes the same commit.
   */
  commitTransaction(options?: TransactionCallOptions): Promise<void> {
    return this.transactional('commitTransaction', (t) => t.commit(options));
  }

  /**
   * Aborts the open (or failed) transaction: records not yet sent fail with
   * `TransactionAbortedError`, the others are discarded by read_committed consumers.
   */
  abortTransaction(options?: TransactionCallOptions): Promise<void> {
    return this.transactional('abortTransaction', (t) => t.abort(options));
  }

  /**
   * Runs `work` in a transaction: begins one, commits it when `work` resolves (with its value)
   * and aborts it when `work` throws or the commit fails abortably (rethrowing the error). A
   * fencing or other fatal error is rethrown without an abort: the producer is done.
   */
  async transaction<T>(
    work: (scope: TransactionScope) => Promise<T>,
    options?: TransactionCallOptions,
  ): Promise<T> {
    const t = this.requireTransactions('transaction');
    this.beginTransaction();
    try {
      const result = await work(this);
      await t.commit(options);
      return result;
    } catch (error) {
      if (t.state === 'in-transaction' || t.state === 'abortable-error') await t.abort(options);
      throw error;
    }
  }

  /** The transaction's state (`uninitialized`, `ready`, `in-transaction`, ...); undefined without `transactionalId`. */
  get transactionState(): TransactionStateKind | undefined {
    return this.transactions?.state;
  }

  /**
   * The transaction protocol in use once `initTransactions()` answered: 2 where the brokers
   * finalized `transaction.version` 2+ (KIP-890, Kafka 4.0+), else 1; undefined without `transactionalId`.
   */
  get transactionProtocol(): TransactionProtocol | undefined {
    return this.transactions?.protocol;
  }

  private requireTransactions(operation: string): TransactionManager {
    if (this.transactions === undefined)
      throw new TransactionStateError(operation, 'none', 'the producer has no transactionalId');
    return this.transactions;
  }

  private async transactional(
    operation: string,
    call: (t: TransactionManager) => Promise<void>,
  ): Promise<void> {
    this.lifecycle.check();
    await call(this.requireTransactions(operation));
  }

  /**
   * Sends everything accepted so far without waiting for `lingerMs`, and resolves when all of
   * it is settled (delivered or failed; failures are reported to their own promises). Rejects
   * with `OperationAbortedError` on abort or timeout; nothing is cancelled then.
   */
  async flush(options: FlushOptions = {}): Promise<void> {
    await bounded('flush', options, () => this.settleAll());
  }

  private async settleAll(): Promise<void> {
    this.sender.flushing++;
    try {
      this.sender.wake();
      await this.accumulator.pendingDrained();
      const batches = this.accumulator.queues.flatMap((q) => [...q.inFlight, ...q.batches]);
      this.sender.wake();
      await Promise.all(batches.map((b) => b.whenDone()));
    } finally {
      this.sender.flushing--;
    }
  }

  /**
   * Stops accepting records, sends what was accepted and waits for it, at most `timeoutMs`
   * (default 30000) or until `signal` aborts; whatever is still unsettled then fails with
   * `ClientClosedError`. Later calls return the same promise. Does not close the cluster.
   */
  close(options: FlushOptions = {}): Promise<void> {
    return this.lifecycle.close(() => this.doClose(options));
  }

  private async doClose(options: FlushOptions): Promise<void> {
    // An open transaction is aborted, as Java's Sender does at shutdown: its records will never commit.
    if (this.transactions?.hasOpenTransaction === true && this.fatal === undefined)
      await this.transactions
        .abort({ timeoutMs: options.timeoutMs ?? 30_000, signal: options.signal })
        .catch(() => {});
    try {
      await bounded('close', { timeoutMs: options.timeoutMs ?? 30_000, signal: options.signal }, () =>
        this.settleAll(),
      );
    } catch {
      // Timed out or aborted: what is left fails below.
    }
    const error = new ClientClosedError('producer');
    this.accumulator.failPending(error);
    this.sender.abortAll(error);
    await this.telemetry?.close();
    await this.sender.close();
    await this.transactions?.close();
  }

  /** The producer can no longer work (InitProducerId refused, a codec failed to load). */
  private onFatal(error: Error): void {
    if (this.lifecycle.isClosed && error instanceof ClientClosedError) return;
    this.fatal = error;
    if (producerFatalChannel.hasSubscribers)
      producerFatalChannel.publish({ client: this.scope, error } satisfies ProducerFatalMessage);
    this.accumulator.failPending(error);
    this.sender.abortAll(error);
  }
}

/** Runs `work`, rejecting with OperationAbortedError when the timeout passes or the signal aborts first. */
async function bounded(operation: string, options: FlushOptions, work: () => Promise<void>): Promise<void> {
  const { timeoutMs, signal } = options;
  if (signal?.aborted) throw new OperationAbortedError(operation, signal.reason);
  if (timeoutMs === undefined && signal === undefined) return work();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (timeoutMs !== undefined)
      timer = setTimeout(
        () => reject(new OperationAbortedError(operation, `timeout of ${timeoutMs} ms`)),
        timeoutMs,
      );
    if (signal !== undefined) {
      onAbort = () => reject(new OperationAbortedError(operation, signal.reason));
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    await Promise.race([work(), stop]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
