/**
 * The connection-level metrics of one client, named as the Java client's `*-metrics` group
 * (`connection-count`, `request-latency-avg`, `outgoing-byte-rate`, ...): every connection of
 * the client records into its {@link ClientScope}'s instance, a few additions per request.
 */
import { performance } from 'node:perf_hooks';
import { SampledStat } from './sampled-stat.js';

/** A metrics snapshot: Java metric names to values (NaN when nothing was measured yet). */
export type MetricsSnapshot = Record<string, number>;

/** Connections, requests and bytes of one client. */
export class NetworkMetrics {
  private created = 0;
  private closed = 0;
  /** Request latency (written to answered), ms. */
  private readonly latency = new SampledStat();
  /** Bytes written per request, size prefix included. */
  private readonly outgoing = new SampledStat();
  /** Bytes received per response. */
  private readonly incoming = new SampledStat();

  /** A connection became ready. */
  connectionCreated(): void {
    this.created++;
  }

  /** A ready connection ended. */
  connectionClosed(): void {
    this.closed++;
  }

  /** A request of `bytes` was written; returns the time to pass to {@link responseReceived}. */
  requestSent(bytes: number): number {
    this.outgoing.record(bytes);
    return performance.now();
  }

  /** The response to a request written at `sentAt` arrived, `bytes` long. */
  responseReceived(sentAt: number, bytes: number): void {
    this.latency.record(performance.now() - sentAt);
    this.incoming.record(bytes);
  }

  /** The snapshot, in Java's names and meanings (rates per second over the last ~60 s). */
  snapshot(now = Date.now()): MetricsSnapshot {
    return {
      'connection-count': this.created - this.closed,
      'connection-creation-total': this.created,
      'connection-close-total': this.closed,
      'request-total': this.outgoing.totalCount,
      'request-rate': this.outgoing.countRate(now),
      'response-total': this.incoming.totalCount,
      'response-rate': this.incoming.countRate(now),
      'request-latency-avg': this.latency.avg(now),
      'request-latency-max': this.latency.max(now),
      'outgoing-byte-total': this.outgoing.total,
      'outgoing-byte-rate': this.outgoing.rate(now),
      'incoming-byte-total': this.incoming.total,
      'incoming-byte-rate': this.incoming.rate(now),
    };
  }
}
