/**
 * The errors of the command line and the exit code each failure gives: 2 for a command line
 * that cannot be run as written (as getopt tools and `kubectl` do), 3 when what it names does
 * not exist, 1 for any other failure.
 */
import { ConfigurationError, InvalidArgumentError } from '../cluster/errors.js';
import { KafeError } from '../protocol/errors.js';

/** Exit codes of `kafe`. */
export const exitCodes = { ok: 0, failure: 1, usage: 2, notFound: 3 } as const;

/** A command line that cannot be run as written; its message says what to fix. */
export class UsageError extends KafeError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** What the command names (a topic, a group, a profile) does not exist. */
export class NotFoundError extends KafeError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** Broker error codes that mean the named thing does not exist. */
const notFoundCodes = new Set([
  'NOT_FOUND',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'UNKNOWN_TOPIC_ID',
  'GROUP_ID_NOT_FOUND',
  'TRANSACTIONAL_ID_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
]);

/** The exit code a failure gives. */
export function exitCodeOf(error: unknown): number {
  if (
    error instanceof UsageError ||
    error instanceof ConfigurationError ||
    error instanceof InvalidArgumentError
  )
    return exitCodes.usage;
  if (error instanceof KafeError && notFoundCodes.has(error.code)) return exitCodes.notFound;
  return exitCodes.failure;
}

/**
 * One line saying what failed: the error's message, with the innermost cause when the message
 * alone does not say why (a deadline whose cause was a refused connection).
 */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  let cause = error instanceof Error ? error.cause : undefined;
  let innermost: string | undefined;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    innermost = cause.message;
    cause = cause.cause;
  }
  const text = innermost && !message.includes(innermost) ? `${message} (${innermost})` : message;
  return text.replace(/\s*\n\s*/g, ' ');
}
