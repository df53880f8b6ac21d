/**
 * A share consumer in its own process, for tests that kill one (`SIGKILL`) while it holds
 * records: joins `groupId` on `topic` in explicit mode, acknowledges nothing, reports the value
 * of each record it acquired (`childLine`), and waits to be killed. Arguments: bootstrap,
 * topic, groupId.
 */
import { Kafka } from '../../src/kafka.js';
import { childLine } from './tsx-child.js';

const [bootstrap, topic, groupId] = process.argv.slice(2) as [string, string, string];
const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'kafe-share-child' });
const consumer = kafka.shareConsumer({ groupId, shareAcknowledgementMode: 'explicit', maxPollRecords: 5 });
consumer.subscribe([topic]);
for await (const r of consumer.records()) childLine(`${r.value?.toString()}`);
