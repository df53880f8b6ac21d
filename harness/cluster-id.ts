/**
 * The id `kafka-storage format -t <id>` stamps on every node of a new cluster.
 *
 * Kafka's own `Uuid.randomUuid()` (clients, `org.apache.kafka.common.Uuid`) draws again while
 * the id is the zero UUID, the metadata topic's id (`AAAAAAAAAAAAAAAAAAAAAQ`), or its base64
 * form starts with `-`: such an id, given on a command line, is read as an option
 * (`argument --cluster-id/-t: expected one argument`). With 16 random bytes one id in 64 starts
 * with `-`, so the harness follows the same rule.
 */
import { randomBytes } from 'node:crypto';

/** The two ids Kafka reserves: the zero UUID and the metadata topic's id (`Uuid.METADATA_TOPIC_ID`). */
const reserved = new Set(['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAQ']);

/** Whether `id` can be a cluster id on a command line and is not one Kafka reserves. */
export function isUsableClusterId(id: string): boolean {
  return !id.startsWith('-') && !reserved.has(id);
}

/**
 * A new cluster id: 16 random bytes in URL-safe base64 without padding, the shape of
 * `kafka-storage random-uuid`, drawn again until {@link isUsableClusterId}. `random` supplies the
 * bytes (tests pass crafted ones).
 */
export function kafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (isUsableClusterId(id)) return id;
  }
}
