/**
 * A logger for tests: keeps every line kafe writes (level, message, fields) to be searched, and
 * prints every line as one string so a test can check that no secret appears anywhere.
 */
import type { LogFields, Logger } from '../../src/net/logger.js';

/** One line as kafe wrote it. */
export interface CapturedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: LogFields;
}

/** A {@link Logger} that keeps its lines. */
export class CapturedLog implements Logger {
  readonly lines: CapturedLine[] = [];
  debug(message: string, fields: LogFields): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields: LogFields): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: LogFields): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: LogFields): void {
    this.lines.push({ level: 'error', message, fields });
  }

  /** The lines with `message`. */
  find(message: string): CapturedLine[] {
    return this.lines.filter((l) => l.message === message);
  }

  /** Every line as text (`level message {fields}`), bigints as strings. */
  text(): string {
    return this.lines
      .map(
        (l) =>
          `${l.level} ${l.message} ${JSON.stringify(l.fields, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
      )
      .join('\n');
  }
}
