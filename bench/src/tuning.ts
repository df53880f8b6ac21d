/**
 * The throughput settings of the `tuned` table, as each client's own documentation recommends
 * (bench/README.md cites each). Java's and librdkafka's come from Confluent's "Optimize Confluent
 * Cloud Clients for Throughput" (docs.confluent.io/cloud/current/client-apps/optimizing/throughput.html):
 * producer `batch.size` 100000–200000 and `linger.ms` 10–100, consumer `fetch.min.bytes` about
 * 100000; acks and compression stay the case's. kafe names Java's options in camelCase and
 * documents no advice of its own, so it takes Java's.
 */

/** Producer batch size, bytes (Java `batch.size`, kafe `batchSize`): the top of the 100000–200000 range. */
export const TUNED_BATCH_BYTES = 200_000;

/** Producer linger, ms (Java and librdkafka `linger.ms`, kafe `lingerMs`): within the 10–100 range. */
export const TUNED_LINGER_MS = 20;

/** Consumer `fetch.min.bytes` (kafe and KafkaJS `minBytes`, platformatic `minBytes`). */
export const TUNED_FETCH_MIN_BYTES = 100_000;

/**
 * KafkaJS's consumer: partitions handed to `eachBatch` concurrently (its docs, "Partition-aware
 * concurrency": raising it "can improve performance"); one per partition of the bench's topics.
 */
export const TUNED_KAFKAJS_CONCURRENCY = 3;

/**
 * Whether `client`'s tuned producer lingers (`linger.ms`/`lingerMs` set above): kafe's own API
 * and librdkafka. KafkaJS, kafe's KafkaJS API and platformatic send each call at once.
 */
export function lingersWhenTuned(client: string): boolean {
  return client === 'kafe' || client === 'kafe-send' || client === 'confluent';
}
