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
 * Creates `topic` (deleting a leftover of the same name first) and waits until every partition
 * has a leader. A cluster that has just started can still answer "does not host this
 * topic-partition" for a moment, so the whole step is retried a few times.
 */
export async function createTopic(brokers: string[], topic: TopicSpec): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(brokers, async (admin) => {
        if ((await admin.listTopics()).includes(topic.name))
          await admin.deleteTopics({ topics: [topic.name] });
        const configEntries =
          topic.replicationFactor >= 3 ? [{ name: 'min.insync.replicas', value: '2' }] : undefined;
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: topic.name,
              numPartitions: topic.partitions,
              replicationFactor: topic.replicationFactor,
              ...(configEntries ? { configEntries } : {}),
            },
          ],
        });
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic.name] });
        const partitions = topics[0]?.partitions ?? [];
        if (partitions.length !== topic.partitions || partitions.some((p) => p.leader < 0))
          throw new Error(`${topic.name}: not every partition has a leader yet`);
      });
      return;
    } catch (error) {
      if (attempt >= 8) throw error;
      await sleep(1000 * attempt);
    }
  }
}

/** Deletes topics so a full run does not fill the disk. */
export async function deleteTopics(brokers: string[], names: string[]): Promise<void> {
  await withAdmin(brokers, (admin) => admin.deleteTopics({ topics: names }));
}
