/**
 * Which client an event belongs to. Every `kafe:` diagnostics message carries the
 * {@link ClientScope} of the client that published it (`client`), so a subscriber can tell
 * the events of two clients of one process apart, even when they share a `clientId`, and the
 * log subscriber (`observability/log-subscriber.ts`) writes each event to its own client's
 * logger. One scope per `Kafka` (its producers, admin and consumers share it) or `createKafe`.
 */
import { type LineLevel, type LogFields, type Logger, type LogLevel, levelEnabled } from './logger.js';

/** The client an event belongs to, and where its log lines go. */
export class ClientScope {
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
