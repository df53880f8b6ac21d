/**
 * One kafe share consumer process of `npm run bench -- share` (spawned by `bench/src/share.ts`;
 * named `-member` so that the consumer bench does not take it for an adapter): joins share group
 * `groupId` on `topic`, accepts every record (implicit mode), prints `first` at its first record
 * and, when the parent closes its stdin (the group read everything), its record count.
 * Arguments: bootstrap, topic, groupId.
 */
import { Kafka } from '../../src/index.js';

const [bootstrap, topic, groupId] = process.argv.slice(2) as [string, string, string];
const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'bench-kafe-share' });
const consumer = kafka.shareConsumer({ groupId });
consumer.subscribe([topic]);
let count = 0;
const stop = new AbortController();
process.stdin.on('end', () => stop.abort()).resume();
await consumer.run({
  signal: stop.signal,
  eachRecord: () => {
    if (count++ === 0) process.stdout.write('first\n');
  },
});
await consumer.close();
await kafka.close();
process.stdout.write(`${count}\n`);
