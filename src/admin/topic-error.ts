/**
 * A topic operation that failed for some topics. It is the {@link BrokerError} of the first
 * failed topic (so `code` is the broker's name, e.g. `TOPIC_ALREADY_EXISTS`, and
 * `instanceof BrokerError` holds) and carries every topic's outcome, successes included, so a
 * batch that partly failed loses nothing (Java: one `KafkaFuture` per topic).
 */
import { BrokerError } from '../protocol/broker-error.js';

/** The outcome of one topic: its value, or the broker's error for it. */
export type TopicOutcome<T> =
  | { readonly topic: string; readonly value: T; readonly error?: undefined }
  | { readonly topic: string; readonly value?: undefined; readonly error: BrokerError };

/** A broker error for one topic, with the outcome of every topic of the call. */
export class TopicError<T = unknown> extends BrokerError {
  /** The topic this error is about. */
  readonly topic: string;
  /** Every topic's outcome, in the order they were given. */
  readonly outcomes: readonly TopicOutcome<T>[];

  constructor(topic: string, error: BrokerError, outcomes: readonly TopicOutcome<T>[]) {
    const failed = outcomes.filter((o) => o.error !== undefined).length;
    const others = failed > 1 ? ` (and ${failed - 1} more failed topic(s), see outcomes)` : '';
    const text = error.message.replace(/^[A-Z_]+ \(-?\d+\): /, '');
    super(error.errorCode, `topic ${topic}: ${text}${others}`, { cause: error });
    this.topic = topic;
    this.outcomes = outcomes;
  }
}

/** Throws a {@link TopicError} for the first failed topic, or returns the values when none failed. */
export function valuesOrThrow<T>(outcomes: readonly TopicOutcome<T>[]): T[] {
  const failed = outcomes.find((o) => o.error !== undefined);
  if (failed?.error !== undefined) throw new TopicError(failed.topic, failed.error, outcomes);
  return outcomes.map((o) => o.value as T);
}
