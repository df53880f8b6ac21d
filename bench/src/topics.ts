/**
 * Topic set-up for the cases, through KafkaJS's admin client (already a bench dependency, and
 * far quicker than starting a JVM for Kafka's topics tool on every case).
 */
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

/** Creates `topic` (deleting a leftover of the same name first) and waits for its leaders. */
export async function createTopic(brokers: string[], topic: TopicSpec): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    if ((await admin.listTopics()).includes(topic.name)) {
      await admin.deleteTopics({ topics: [topic.name] });
    }
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
  });
}

/** Deletes topics so a full run does not fill the disk. */
export async function deleteTopics(brokers: string[], names: string[]): Promise<void> {
  await withAdmin(brokers, (admin) => admin.deleteTopics({ topics: names }));
}
