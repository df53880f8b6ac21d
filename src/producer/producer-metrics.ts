/**
 * The producer's metrics, named and meant as the Java producer's (`producer-metrics` and the
 * totals of `producer-topic-metrics`): what was sent, failed and retried, batch sizes, queue
 * time, Produce latency, buffer memory. The sender records into it as batches settle (a few
 * additions per batch, nothing per record); `Producer#metrics()` reads a snapshot.
 */
import { performance } from 'node:perf_hooks';
import type { MetricsSnapshot } from '../net/network-metrics.js';
import { SampledStat } from '../net/sampled-stat.js';

/** What the metrics need of a batch. */
interface SettledBatch {
  /** Records in it. */
  readonly count: number;
  /** Its size uncompressed, bytes. */
  readonly encodedBytes: number;
  /** The batch as sent (compressed, if it was), when it still has it. */
  readonly encoded: Buffer | undefined;
  /** When its first record was appended (`Date.now()` based). */
  readonly createdAt: number;
}

/** Counters and windowed stats of one producer. */
export class ProducerMetrics {
  /** Records acknowledged per batch (rate: records per second). */
  private readonly sent = new SampledStat();
  private readonly errors = new SampledStat();
  private readonly retries = new SampledStat();
  /** Bytes per acknowledged batch. */
  private readonly batchBytes = new SampledStat();
  /** Time from a batch's first record to its acknowledgement, ms. */
  private readonly queueTime = new SampledStat();
  /** Produce round trips, ms. */
  private readonly latency = new SampledStat();

  /** A batch was acknowledged (or written, with acks 0). */
  delivered(batch: SettledBatch, now = Date.now()): void {
    this.sent.record(batch.count, now);
    this.batchBytes.record(batch.encoded?.length ?? batch.encodedBytes, now);
    this.queueTime.record(now - batch.createdAt, now);
  }

  /** A batch failed for good. */
  failed(batch: SettledBatch): void {
    this.errors.record(batch.count);
  }

  /** A batch goes back to its queue to be sent again. */
  retried(batch: SettledBatch): void {
    this.retries.record(batch.count);
  }

  /** A Produce request is about to be sent: returns the time to pass to {@link produced}. */
  producing(): number {
    return performance.now();
  }

  /** The Produce request sent at `startedAt` was answered (or written, with acks 0). */
  produced(startedAt: number): void {
    this.latency.record(performance.now() - startedAt);
  }

  /** The snapshot; `buffer` is the accumulator's memory bound and what is in use. */
  snapshot(buffer: { total: number; used: number }, now = Date.now()): MetricsSnapshot {
    return {
      'record-send-total': this.sent.total,
      'record-send-rate': this.sent.rate(now),
      'record-error-total': this.errors.total,
      'record-error-rate': this.errors.rate(now),
      'record-retry-total': this.retries.total,
      'record-retry-rate': this.retries.rate(now),
      'byte-total': this.batchBytes.total,
      'byte-rate': this.batchBytes.rate(now),
      'batch-size-avg': this.batchBytes.avg(now),
      'batch-size-max': this.batchBytes.max(now),
      'records-per-batch-avg': this.sent.avg(now),
      'record-queue-time-avg': this.queueTime.avg(now),
      'record-queue-time-max': this.queueTime.max(now),
      'produce-request-total': this.latency.totalCount,
      'produce-request-rate': this.latency.countRate(now),
      'request-latency-avg': this.latency.avg(now),
      'request-latency-max': this.latency.max(now),
      'buffer-total-bytes': buffer.total,
      'buffer-available-bytes': buffer.total - buffer.used,
    };
  }
}
