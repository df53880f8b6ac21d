/**
 * Waiting until metadata shows a topic change (created topics with a leader for every
 * partition, deleted topics unknown, added partitions). Kafka's own tools return as soon as the
 * controller accepted the change, which makes an immediate produce or describe fail with
 * UNKNOWN_TOPIC_OR_PARTITION on a broker that has not applied it yet; kafe's calls wait by
 * default.
 */
import type { Cluster } from '../cluster/cluster.js';
import { DeadlineExceededError } from '../cluster/errors.js';
import { retry } from '../cluster/retry.js';
import { KafeError } from '../protocol/errors.js';
import type { MetadataResponse } from '../protocol/messages/metadata.js';

/** A topic of a Metadata response. */
export type MetadataTopic = MetadataResponse['topics'][number];

/** Retriable marker while a metadata change has not reached the broker asked yet. */
class NotYetVisibleError extends KafeError {
  constructor(what: string, topics: readonly string[]) {
    const shown = topics.slice(0, 5).join(', ') + (topics.length > 5 ? `, ... (${topics.length})` : '');
    super('METADATA_NOT_YET_VISIBLE', `topics not yet ${what} in metadata: ${shown}`, { retriable: true });
  }
}

/**
 * Polls Metadata for `names` until `ready` accepts each of them, or the deadline passes. Resolves
 * with the topics accepted and, per topic still not accepted at the deadline, the error saying so
 * (DEADLINE_EXCEEDED). Rejects only when aborted.
 */
export async function waitForTopics(
  cluster: Cluster,
  what: string,
  names: readonly string[],
  options: { timeoutMs: number; signal?: AbortSignal | undefined },
  ready: (t: MetadataTopic) => boolean,
): Promise<{ found: Map<string, MetadataTopic>; late: Map<string, KafeError> }> {
  const found = new Map<string, MetadataTopic>();
  const late = new Map<string, KafeError>();
  if (names.length === 0) return { found, late };
  try {
    await retry(
      async (attempt) => {
        const missing = names.filter((n) => !found.has(n));
        const response = await cluster.send(
          'Metadata',
          { topics: missing.map((name) => ({ name })), allowAutoTopicCreation: false },
          { signal: attempt.signal, timeoutMs: attempt.remainingMs },
        );
        for (const t of response.topics) if (t.name !== null && ready(t)) found.set(t.name, t);
        const still = names.filter((n) => !found.has(n));
        if (still.length > 0) throw new NotYetVisibleError(what, still);
      },
      {
        operation: `waiting for topics to be ${what}`,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        initialBackoffMs: 50,
        maxBackoffMs: 500,
      },
    );
  } catch (error) {
    if (!(error instanceof DeadlineExceededError)) throw error;
    for (const n of names) if (!found.has(n)) late.set(n, error);
  }
  return { found, late };
}
