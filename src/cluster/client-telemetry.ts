/**
 * KIP-714 client telemetry: when the brokers have a client-metrics subscription matching this
 * client, push the subscribed metrics to them, as Java's `ClientTelemetryReporter` does.
 *
 * 1. GetTelemetrySubscriptions (client instance id zero the first time: the broker assigns one)
 *    says which metrics (name prefixes; one empty prefix: all), how often, how large at most and
 *    with which compression.
 * 2. Every `pushIntervalMs` (the first after a random 0.5-1.5 of it, so clients spread out):
 *    PushTelemetry with the matching metrics as OTLP `MetricsData` (`protocol/otlp-metrics.ts`),
 *    compressed with the first accepted type kafe has (as record batches compress). Names are
 *    the Java client's under `org.apache.kafka.<producer|consumer>.` with dots (KIP-714's
 *    naming: `record-send-rate` -> `org.apache.kafka.producer.record.send.rate`).
 * 3. An error asking for it (UNKNOWN_SUBSCRIPTION_ID, a changed subscription) gets the
 *    subscription again; a broker without KIP-714 (no GetTelemetrySubscriptions in ApiVersions)
 *    ends it quietly; `close()` sends a last push with `terminating` set.
 *
 * Off with the `enableMetricsPush: false` option (Java `enable.metrics.push`). Timers are
 * unref'd: telemetry never keeps a process alive.
 */

import type { Connection } from '../net/connection.js';
import { UnsupportedVersionError } from '../net/errors.js';
import type { MetricsSnapshot } from '../net/network-metrics.js';
import { codecFor } from '../protocol/compression/index.js';
import { ZERO_UUID } from '../protocol/message-codec.js';
import { errorCodes } from '../protocol/messages/error-codes.js';
import { encodeMetricsData, type OtlpMetric } from '../protocol/otlp-metrics.js';

/** What a {@link ClientTelemetry} pushes for. */
export interface ClientTelemetryOptions {
  /** `producer` or `consumer`: the metric name prefix `org.apache.kafka.<kind>.`. */
  readonly kind: 'producer' | 'consumer';
  /** The client's metrics now. */
  readonly snapshot: () => MetricsSnapshot;
  /** The client software, as announced in ApiVersions (KIP-511). */
  readonly software: { readonly name: string; readonly version: string };
}

/**
 * What telemetry needs of the cluster layer: a connection the client already has open
 * (telemetry never opens one: a client that talks to no broker pushes nothing).
 */
export interface TelemetryTransport {
  openConnection(): Connection | undefined;
}

interface Subscription {
  readonly id: number;
  readonly prefixes: readonly string[];
  readonly intervalMs: number;
  readonly maxBytes: number;
  readonly compressionType: number;
}

/**
 * Compression kafe uses among those a broker accepts, in its order of preference: gzip, lz4,
 * snappy (synchronous everywhere; zstd is left out: on Node without zlib's zstd it needs its
 * WebAssembly module loaded first).
 */
const PREFERRED = [1, 3, 2];
/** When the broker has no subscription (or failed): ask again after this long. */
const RETRY_MS = 30_000;
/** While the client has no open connection: look again after this long. */
const IDLE_MS = 1000;

/** One client's KIP-714 metrics push. */
export class ClientTelemetry {
  private instanceId = ZERO_UUID;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly startedAt = Date.now();
  /** Pushes sent and answered without error (tests, diagnostics). */
  pushes = 0;

  constructor(
    private readonly cluster: TelemetryTransport,
    private readonly options: ClientTelemetryOptions,
  ) {
    this.schedule(0, () => this.subscribe());
  }

  /** Stops; if subscribed, one last push with `terminating` set (bounded by `timeoutMs`). */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.subscription === undefined || this.subscription.prefixes.length === 0) return;
    await this.push(true, AbortSignal.timeout(timeoutMs)).catch(() => undefined);
  }

  private schedule(ms: number, step: () => Promise<void>): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      step().catch(() => this.schedule(RETRY_MS, () => this.subscribe()));
    }, ms);
    this.timer.unref();
  }

  private async subscribe(): Promise<void> {
    if (this.stopped) return;
    const connection = this.cluster.openConnection();
    if (connection === undefined) {
      this.schedule(IDLE_MS, () => this.subscribe());
      return;
    }
    try {
      connection.versionFor('GetTelemetrySubscriptions');
    } catch (error) {
      if (error instanceof UnsupportedVersionError) return; // no KIP-714 on this cluster: never push
      throw error;
    }
    const r = await connection.send('GetTelemetrySubscriptions', { clientInstanceId: this.instanceId });
    if (r.errorCode !== 0) throw new Error(`GetTelemetrySubscriptions error ${r.errorCode}`);
    if (r.clientInstanceId !== ZERO_UUID) this.instanceId = r.clientInstanceId;
    const compressionType = PREFERRED.find((t) => r.acceptedCompressionTypes.includes(t)) ?? 0;
    this.subscription = {
      id: r.subscriptionId,
      prefixes: r.requestedMetrics,
      intervalMs: r.pushIntervalMs,
      maxBytes: r.telemetryMaxBytes,
      compressionType,
    };
    if (r.requestedMetrics.length === 0) {
      // Nothing subscribed: look again after the interval, a subscription may be added.
      this.schedule(r.pushIntervalMs > 0 ? r.pushIntervalMs : RETRY_MS, () => this.subscribe());
      return;
    }
    this.schedule(Math.round(r.pushIntervalMs * (0.5 + Math.random())), () => this.pushAndSchedule());
  }

  private async pushAndSchedule(): Promise<void> {
    const again = await this.push(false, undefined);
    if (again) this.schedule(this.subscription?.intervalMs ?? RETRY_MS, () => this.pushAndSchedule());
    else this.schedule(0, () => this.subscribe());
  }

  /** One push; resolves false when the subscription must be fetched again. */
  private async push(terminating: boolean, signal: AbortSignal | undefined): Promise<boolean> {
    const sub = this.subscription;
    if (sub === undefined) return false;
    const now = Date.now();
    const prefix = `org.apache.kafka.${this.options.kind}.`;
    const metrics: OtlpMetric[] = [];
    for (const [name, value] of Object.entries(this.options.snapshot())) {
      if (Number.isNaN(value)) continue;
      const full = prefix + name.replaceAll('-', '.');
      if (sub.prefixes.some((p) => full.startsWith(p)))
        metrics.push({ name: full, value, sum: name.endsWith('-total') });
    }
    const raw = encodeMetricsData({
      resource: {
        client_software_name: this.options.software.name,
        client_software_version: this.options.software.version,
      },
      scope: { name: 'kafe', version: this.options.software.version },
      startTimeMs: this.startedAt,
      timeMs: now,
      metrics,
    });
    const compressed = sub.compressionType === 0 ? raw : codecFor(sub.compressionType).compress(raw);
    const payload = compressed.length < raw.length ? compressed : raw;
    const compressionType = payload === raw ? 0 : sub.compressionType;
    if (sub.maxBytes > 0 && payload.length > sub.maxBytes) return true; // too large: skip this one
    const connection = this.cluster.openConnection();
    if (connection === undefined) return true; // nothing open now: the next interval
    const r = await connection.send(
      'PushTelemetry',
      {
        clientInstanceId: this.instanceId,
        subscriptionId: sub.id,
        terminating,
        compressionType,
        metrics: payload,
      },
      signal === undefined ? {} : { signal },
    );
    if (r.errorCode === 0) {
      this.pushes++;
      return true;
    }
    if (
      r.errorCode === errorCodes.UNKNOWN_SUBSCRIPTION_ID.code ||
      r.errorCode === errorCodes.UNSUPPORTED_COMPRESSION_TYPE.code
    )
      return false;
    return (
      r.errorCode === errorCodes.TELEMETRY_TOO_LARGE.code ||
      r.errorCode === errorCodes.THROTTLING_QUOTA_EXCEEDED.code
    );
  }
}
