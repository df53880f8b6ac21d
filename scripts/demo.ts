/**
 * `npm start`: the main job. Starts a local single-node Kafka with the project's harness, then
 * uses kafe's API (`createKafe`) as a program would: metadata, produce three messages, fetch
 * them back, commit an offset for a group and show what that group has not read yet; then stops
 * the broker. The topic is created with kafe's admin client (`Kafka#admin`).
 */
import { KafkaCluster } from '../harness/cluster.js';
import { createKafe } from '../src/kafe.js';
import { Kafka } from '../src/kafka.js';

const started = Date.now();
console.log('Starting a local Apache Kafka (KRaft, 1 node) with the kafe harness...');
const cluster = await KafkaCluster.start({
  name: 'demo',
  version: process.env.KAFE_DEMO_VERSION ?? '4',
  brokers: 1,
});
let failed = false;
try {
  const brokers = cluster.bootstrap.split(',');
  console.log(
    `Kafka ${cluster.info.version} is up at ${brokers} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  const topic = `kafe-demo-${Date.now().toString(36)}`;
  const kafka = new Kafka({ brokers });
  await kafka.admin().createTopics([{ topic, partitions: 3 }]);
  await kafka.close();
  console.log(`Created topic ${topic} with 3 partitions`);

  const kafe = createKafe({ brokers, clientId: 'kafe-demo' });
  try {
    const { brokers: known, topics } = await kafe.metadata([topic]);
    console.log(
      `metadata: ${known.length} broker(s), ${topic} has ${topics[0]?.partitions.length} partitions`,
    );

    const messages = ['hello', ['greeting', 'from'], { key: 'k', value: 'kafe' }] as const;
    for (const message of messages) {
      const { partitions } = await kafe.produce(topic, message); // partition 0, acks all, 5 s
      console.log(
        `produce ${JSON.stringify(message)} -> partition ${partitions[0]?.partition} offset ${partitions[0]?.offset} (${partitions[0]?.errorCode})`,
      );
    }

    const fetched = await kafe.fetch(topic, { partition: 0, offset: 0 });
    const read = fetched.topics[0]?.partitions[0]?.messages ?? [];
    console.log(`fetch: ${read.map((m) => `${m.offset}:${m.key ?? ''}=${m.value}`).join(', ')}`);

    const group = 'kafe-demo-group';
    await kafe.offsetCommit(group, [{ name: topic, partitions: [{ partition: 0, offset: 1 }] }]);
    const [p0] = await kafe.offsets(topic, group);
    console.log(`offsets: ${group} committed ${p0?.committed}, log end ${p0?.logEnd}, ${p0?.count} unread`);
    failed = read.length !== messages.length || p0?.count !== 2n;
  } finally {
    await kafe.close();
  }
} catch (error) {
  failed = true;
  console.error(`demo failed: ${(error as Error).message}`);
} finally {
  await cluster.stop();
  console.log('Kafka stopped.');
}
process.exitCode = failed ? 1 : 0;
