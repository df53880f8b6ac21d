/**
 * KafkaJS's logging: a `logCreator(level)` makes the function each log entry goes to, the
 * `Logger` handed out by `kafka.logger()` (and the clients' `logger()`) writes entries at or
 * below its level, with a namespace. kafe's own log lines (connections, rebalances, retries) go
 * to the same function under the `kafe` namespace, so an application's log setup sees them.
 */
import type { Logger as KafeLogger, LogLevel as KafeLogLevel } from '../net/logger.js';
import { logLevel } from './enums.js';

/** What a log entry carries besides its level. */
export interface LoggerEntryContent {
  readonly timestamp: string;
  readonly message: string;
  // biome-ignore lint/suspicious/noExplicitAny: KafkaJS's type: extra fields of any kind.
  [key: string]: any;
}

/** One log entry, as a `logCreator`'s function receives it. */
export interface LogEntry {
  namespace: string;
  level: logLevel;
  label: string;
  log: LoggerEntryContent;
}

/** Makes the function log entries go to, given the client's level. */
export type logCreator = (logLevel: logLevel) => (entry: LogEntry) => void;

/** A KafkaJS logger. */
export type Logger = {
  info: (message: string, extra?: object) => void;
  error: (message: string, extra?: object) => void;
  warn: (message: string, extra?: object) => void;
  debug: (message: string, extra?: object) => void;
  namespace: (namespace: string, logLevel?: logLevel) => Logger;
  setLogLevel: (logLevel: logLevel) => void;
};

const LABELS: Record<logLevel, string> = { 0: 'NOTHING', 1: 'ERROR', 2: 'WARN', 4: 'INFO', 5: 'DEBUG' };

/** KafkaJS's default: one JSON line per entry on the console (`console.error` for errors). */
export const consoleLogCreator: logCreator = () => (entry) => {
  const line = JSON.stringify({ level: entry.label, ...entry.log, logger: 'kafkajs' });
  if (entry.level === logLevel.ERROR) console.error(line);
  else if (entry.level === logLevel.WARN) console.warn(line);
  else console.info(line);
};

/**
 * A {@link Logger} writing to `write` the entries at or below its level. The level is shared by
 * the namespaced loggers made from it (`setLogLevel` on any changes them all), as KafkaJS's.
 */
export function createLogger(write: (entry: LogEntry) => void, initial: logLevel): Logger {
  const state = { level: initial };
  const make = (namespace: string, own?: logLevel): Logger => {
    const log = (level: logLevel) => (message: string, extra?: object) => {
      if (level > (own ?? state.level)) return;
      write({
        namespace,
        level,
        label: LABELS[level],
        log: { timestamp: new Date().toISOString(), message, ...extra },
      });
    };
    return {
      error: log(logLevel.ERROR),
      warn: log(logLevel.WARN),
      info: log(logLevel.INFO),
      debug: log(logLevel.DEBUG),
      namespace: (name, level) => make(name, level),
      setLogLevel: (level) => {
        state.level = level;
      },
    };
  };
  return make('');
}

/** kafe's level for a KafkaJS level (kafe filters before the line is made). */
export function kafeLogLevel(level: logLevel): KafeLogLevel {
  if (level === logLevel.NOTHING) return 'silent';
  if (level === logLevel.ERROR) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

/** kafe's logger interface over a KafkaJS logger: kafe's lines under the `kafe` namespace. */
export function kafeLogger(logger: Logger): KafeLogger {
  const kafe = logger.namespace('kafe');
  return {
    debug: (message, fields) => kafe.debug(message, fields),
    info: (message, fields) => kafe.info(message, fields),
    warn: (message, fields) => kafe.warn(message, fields),
    error: (message, fields) => kafe.error(message, fields),
  };
}
