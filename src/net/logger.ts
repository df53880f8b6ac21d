/**
 * The logger kafe writes to: any object with `debug`, `info`, `warn` and `error` taking a
 * message and an object of structured fields. pino's and winston's loggers and `console` fit
 * as they are (pino takes the fields first: `pinoLogger` in the README adapts it in one line).
 * kafe logs one line per meaningful event (connections, metadata changes, rebalances, fencing,
 * truncation, throttling, authentication, retries that give up), never one per record.
 */

/** Levels, most verbose first; `silent` logs nothing. */
export const logLevels = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/** A level of {@link logLevels}. */
export type LogLevel = (typeof logLevels)[number];

/** Structured fields of one line: `clientId`, `broker`, `topic`, `partition`, `group`, `memberId`, `generation`, `error`, ... */
export type LogFields = Record<string, unknown>;

/** What kafe logs to. */
export interface Logger {
  debug(message: string, fields: LogFields): void;
  info(message: string, fields: LogFields): void;
  warn(message: string, fields: LogFields): void;
  error(message: string, fields: LogFields): void;
}

/** The level of one line (every level but `silent`). */
export type LineLevel = Exclude<LogLevel, 'silent'>;

/** Whether a line at `line` passes a logger set to `threshold`. */
export function levelEnabled(threshold: LogLevel, line: LineLevel): boolean {
  return logLevels.indexOf(line) >= logLevels.indexOf(threshold);
}

/**
 * The default logger: one line per event on stderr, `kafe <level>: <message> <fields as JSON>`.
 * kafe uses it at level `warn` unless given a `logger` or a `logLevel`.
 */
export const stderrLogger: Logger = {
  debug: (message, fields) => writeLine('debug', message, fields),
  info: (message, fields) => writeLine('info', message, fields),
  warn: (message, fields) => writeLine('warn', message, fields),
  error: (message, fields) => writeLine('error', message, fields),
};

function writeLine(level: LineLevel, message: string, fields: LogFields): void {
  process.stderr.write(`kafe ${level}: ${message} ${JSON.stringify(fields, jsonValue)}\n`);
}

/** bigint offsets as strings, errors as their message (JSON.stringify throws on the first and prints `{}` for the second). */
function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return value.message;
  return value;
}
