/**
 * Topic set-up for the cases, through KafkaJS's admin client (already a bench dependency, and
 * far quicker than starting a JVM for Kafka's topics tool on every case).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs, { type Admin } from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

/** A topic a case writes to or reads from. */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** 1 on a single node; 3 (with `min.insync.replicas` 2) on the 3-broker cluster. */
  replicationFactor: number;
}

async function withAdmin<T>(brokers: string[], fn: (admin: Admin) => Promise<T>) {
  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates `topics` in one request (deleting leftovers of the same names first) and waits, polling
 * once a second for at most a minute, until every partition has a leader that answers ListOffsets:
 * a cluster that has just started, or a loaded one creating 1,000 partitions, can answer "does not
 * host this topic-partition" or "not the leader" for a while after the topics exist.
 */
export async function createTopics(brokers: string[], topics: readonly TopicSpec[]): Promise<void> {
  const names = topics.map((t) => t.name);
  await withAdmin(brokers, async (admin) => {
    const leftovers = (await admin.listTopics()).filter((name) => names.includes(name));
    if (leftovers.length > 0) await admin.deleteTopics({ topics: leftovers });
    // KafkaJS's own wait for leaders gives up after a few seconds; the loop below waits longer.
    await admin.createTopics({
      waitForLeaders: false,
      timeout: 60_000,
      topics: topics.map((topic) => ({
        topic: topic.name,
        numPartitions: topic.partitions,
        replicationFactor: topic.replicationFactor,
        ...(topic.replicationFactor >= 3
          ? { configEntries: [{ name: 'min.insync.replicas', value: '2' }] }
          : {}),
      })),
    });
    let why = '';
    for (let attempt = 1; attempt <= 60; attempt++) {
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: names });
        const led = metadata.topics.every((t) => {
          const spec = topics.find((x) => x.name === t.name);
          return t.partitions.length === spec?.partitions && t.partitions.every((p) => p.leader >= 0);
        });
        if (led && metadata.topics.length === topics.length) {
          // A leader named in the metadata may not serve yet (a loaded broker still creating
          // 1,000 partitions' logs answers NOT_LEADER_OR_FOLLOWER): ListOffsets succeeds only
          // once every partition is served.
          for (const name of names) await admin.fetchTopicOffsets(name);
          return;
        }
        why = 'not every partition has a leader yet';
      } catch (error) {
        why = (error as Error).message;
      }
      await sleep(1000);
    }
    throw new Error(`${names.join(', ')}: ${why} after a minute`);
  });
}

/** Creates one topic (see {@link createTopics}). */
export function createTopic(brokers: string[], topic: TopicSpec): Promise<void> {
  return createTopics(brokers, [topic]);
}

/** Deletes topics so a full run does not fill the disk. */
export async function deleteTopics(brokers: string[], names: string[]): Promise<void> {
  await withAdmin(brokers, (admin) => admin.deleteTopics({ topics: names }));
}

/** Bytes written to every partition per priming round: above the brokers' `index.interval.bytes` (4096). */
const PRIME_BYTES = 5 * 1024;

/**
 * Writes two batches of {@link PRIME_BYTES} to every partition of `topics` (KafkaJS, acks=1,
 * explicit partitions), so that each partition's log and the first pages of its offset and time
 * indexes exist before a client is timed: a broker appends an index entry only once more than
 * `index.interval.bytes` were written since the last, so the second round writes the first
 * entries. On this VM those first index writes cost about 4 ms per partition file (8.6 s for
 * 1,000 partitions); the first client on fresh partitions paid them inside its run (kafe, whose
 * 16 KiB batches append an index entry in nearly every request, fell to 3,000 msg/s for 98 s;
 * librdkafka to 53,000), which measured the partitions' creation, not the clients.
 */
export async function primeTopics(brokers: string[], topics: readonly TopicSpec[]): Promise<void> {
  const producer = new Kafka({ clientId: 'bench-prime', brokers, logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    const value = Buffer.alloc(1024);
    const perPartition = Math.ceil(PRIME_BYTES / value.length);
    for (let round = 0; round < 2; round++)
      await producer.sendBatch({
        acks: 1,
        timeout: 120_000,
        topicMessages: topics.map((t) => ({
          topic: t.name,
          messages: Array.from({ length: t.partitions * perPartition }, (_, i) => ({
            partition: i % t.partitions,
            value,
          })),
        })),
      });
  } finally {
    await producer.disconnect();
  }
}
