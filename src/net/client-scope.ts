/**
 * Which client an event belongs to. Every `kafe:` diagnostics message carries the
 * {@link ClientScope} of the client that published it (`client`), so a subscriber can tell
 * the events of two clients of one process apart, even when they share a `clientId`, and the
 * log subscriber (`observability/log-subscriber.ts`) writes each event to its own client's
 * logger. One scope per `Kafka` (its producers, admin and consumers share it) or `createKafe`.
 */

import { type LineLevel, type LogFields, type Logger, type LogLevel, levelEnabled } from './logger.js';
import { NetworkMetrics } from './network-metrics.js';

/** The client an event belongs to, where its log lines go, and its connections' metrics. */
export class ClientScope {
  /** Connections, requests and bytes of the client's connections. */
  readonly network = new NetworkMetrics();

  /**
   * @param clientId the `client.id` of its requests (`kafe` by default)
   * @param logger where its lines go; none logs nothing
   * @param logLevel the least severe level written
   */
  constructor(
    readonly clientId: string | null,
    private readonly logger: Logger | undefined = undefined,
    readonly logLevel: LogLevel = 'silent',
  ) {}

  /** Whether a line at `level` would be written (check before building its fields). */
  logs(level: LineLevel): boolean {
    return this.logger !== undefined && levelEnabled(this.logLevel, level);
  }

  /**
   * A scope for another client of the same owner: the same `clientId` and logger, metrics of
   * its own (a `Kafka`'s consumers each have their connections, as each Java consumer has).
   */
  child(): ClientScope {
    return new ClientScope(this.clientId, this.logger, this.logLevel);
  }

  /** Writes one line with `clientId` first among its fields; a logger that throws is ignored (logging never fails the client). */
  log(level: LineLevel, message: string, fields: LogFields): void {
    if (this.logger === undefined || !levelEnabled(this.logLevel, level)) return;
    try {
      this.logger[level](message, { clientId: this.clientId, ...fields });
    } catch {
      // A broken logger must not break the event's publisher (diagnostics_channel would rethrow
      // on a later tick as an uncaught exception).
    }
  }
}
