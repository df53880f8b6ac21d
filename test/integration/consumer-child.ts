/**
 * A consumer in its own process, for tests that kill one (`SIGKILL`): joins `groupId` on
 * `topic` and prints each processed value on its own line. Arguments: bootstrap, topic,
 * groupId. Auto-commit every 500 ms.
 */
import { Kafka } from '../../src/kafka.js';

const [bootstrap, topic, groupId] = process.argv.slice(2) as [string, string, string];
const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'kafe-child' });
const consumer = kafka.consumer({
  groupId,
  autoOffsetReset: 'earliest',
  autoCommitIntervalMs: 500,
  sessionTimeoutMs: 6000,
  heartbeatIntervalMs: 500,
});
consumer.subscribe([topic], {
  onAssigned: (p) => {
    process.stdout.write(`assigned ${p.map((x) => x.partition).join(',')}\n`);
  },
});
await consumer.run({
  eachMessage: async (r) => {
    process.stdout.write(`${r.value!.toString()}\n`);
    await new Promise((res) => setTimeout(res, 2));
  },
});
