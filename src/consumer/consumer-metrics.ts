/**
 * The consumer's metrics, named and meant as the Java consumer's (`consumer-fetch-manager-metrics`
 * and `consumer-coordinator-metrics`): fetches and their latency, records and bytes handed to
 * the application, lag, commits and their latency, rebalances and their duration. Recorded as
 * fetches complete, chunks are handed out, commits and rebalances finish (nothing per record);
 * `Consumer#metrics()` reads a snapshot.
 */
import { performance } from 'node:perf_hooks';
import type { MetricsSnapshot } from '../net/network-metrics.js';
import { SampledStat } from '../net/sampled-stat.js';

const HOUR_MS = 3_600_000;

/** Counters and windowed stats of one consumer. */
export class ConsumerMetrics {
  /** Fetch round trips (request to applied answer), ms. */
  private readonly fetchLatency = new SampledStat();
  /** Records per chunk handed to the application (rate: records per second). */
  private readonly records = new SampledStat();
  /** Bytes per chunk handed to the application (as fetched: compressed batches compressed). */
  private readonly bytes = new SampledStat();
  /** Bytes the records of each chunk handed out are views into (decompressed). */
  private readonly chunkBytes = new SampledStat();
  /** OffsetCommit round trips (retries included), ms. */
  private readonly commitLatency = new SampledStat();
  /** Rebalance durations (the need to rejoin seen, to the new assignment taken), ms. */
  private readonly rebalanceLatency = new SampledStat();
  private readonly rebalanceTimes: number[] = [];
  private failedRebalances = 0;
  private lastRebalanceAt = 0;
  private rebalanceStartedAt = 0;

  /** Starts timing an operation (a fetch, a commit): pass the result to its `…Done`. */
  start(): number {
    return performance.now();
  }

  /** A fetch started at `startedAt` completed (answer applied, or failed). */
  fetched(startedAt: number): void {
    this.fetchLatency.record(performance.now() - startedAt);
  }

  /**
   * A chunk of `count` records was handed to the application: `bytes` as fetched, `decodedBytes`
   * held by its decoded records.
   */
  consumed(count: number, bytes: number, decodedBytes: number): void {
    this.records.record(count);
    this.bytes.record(bytes);
    this.chunkBytes.record(decodedBytes);
  }

  /** A commit started at `startedAt` succeeded. */
  committed(startedAt: number): void {
    this.commitLatency.record(performance.now() - startedAt);
  }

  /** The member must rejoin: a rebalance begins (the first join counts as one too, as in Java). */
  rebalanceStarted(): void {
    if (this.rebalanceStartedAt === 0) this.rebalanceStartedAt = performance.now();
  }

  /** The member has its new assignment. */
  rebalanceCompleted(): void {
    const now = performance.now();
    this.rebalanceLatency.record(now - (this.rebalanceStartedAt || now));
    this.rebalanceStartedAt = 0;
    this.lastRebalanceAt = Date.now();
    this.rebalanceTimes.push(this.lastRebalanceAt);
  }

  /** A join or sync failed; the member tries again. */
  rebalanceFailed(): void {
    this.failedRebalances++;
  }

  /**
   * The snapshot; `lagMax` is the largest lag of an assigned partition now, `assigned` how many
   * there are, `bufferedBytes` the bytes of fetched records waiting to be handed out.
   */
  snapshot(
    state: { lagMax: number; assigned: number; bufferedBytes: number },
    now = Date.now(),
  ): MetricsSnapshot {
    while (this.rebalanceTimes.length > 0 && this.rebalanceTimes[0]! <= now - HOUR_MS)
      this.rebalanceTimes.shift();
    return {
      'fetch-total': this.fetchLatency.totalCount,
      'fetch-rate': this.fetchLatency.countRate(now),
      'fetch-latency-avg': this.fetchLatency.avg(now),
      'fetch-latency-max': this.fetchLatency.max(now),
      'records-consumed-total': this.records.total,
      'records-consumed-rate': this.records.rate(now),
      'bytes-consumed-total': this.bytes.total,
      'bytes-consumed-rate': this.bytes.rate(now),
      'records-per-request-avg': this.records.avg(now),
      // Not in Java's consumer (its closest is the fetch manager's fetch-size-avg/max): what
      // kafe holds of fetched records, bounded by prefetchBytesPerPartition per partition.
      'prefetch-buffered-bytes': state.bufferedBytes,
      'chunk-decoded-bytes-avg': this.chunkBytes.avg(now),
      'chunk-decoded-bytes-max': this.chunkBytes.max(now),
      'records-lag-max': state.lagMax,
      'assigned-partitions': state.assigned,
      'commit-total': this.commitLatency.totalCount,
      'commit-rate': this.commitLatency.countRate(now),
      'commit-latency-avg': this.commitLatency.avg(now),
      'commit-latency-max': this.commitLatency.max(now),
      'rebalance-total': this.rebalanceLatency.totalCount,
      'rebalance-rate-per-hour': this.rebalanceTimes.length,
      'rebalance-latency-avg': this.rebalanceLatency.avg(now),
      'rebalance-latency-max': this.rebalanceLatency.max(now),
      'rebalance-latency-total': this.rebalanceLatency.total,
      'failed-rebalance-total': this.failedRebalances,
      'last-rebalance-seconds-ago':
        this.lastRebalanceAt === 0 ? Number.NaN : Math.floor((now - this.lastRebalanceAt) / 1000),
    };
  }
}
