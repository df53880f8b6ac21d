/**
 * A consumer in its own process, for tests that kill one (`SIGKILL`): joins `groupId` on
 * `topic` and reports each processed value (`childLine`). Arguments: bootstrap, topic,
 * groupId. Auto-commit every 500 ms.
 */
import { Kafka } from '../../src/kafka.js';
import { childLine } from './tsx-child.js';

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
    childLine(`assigned ${p.map((x) => x.partition).join(',')}`);
  },
});
await consumer.run({
  eachMessage: async (r) => {
    childLine(r.value!.toString());
    await new Promise((res) => setTimeout(res, 2));
  },
});
