/**
 * A share consumer in its own process for the under-fire scenario, to be killed with SIGKILL:
 * joins `groupId` on `topic`, accepts every record, and prints `seen <value> <where>` when it takes
 * a record and `ok <value> <deliveryCount> [error]` when its acknowledgement was answered. Arguments: bootstrap, topic, groupId.
 */
import { Kafka } from '../../src/kafka.js';
import { acceptingMember } from './share-under-fire.js';

const [bootstrap, topic, groupId] = process.argv.slice(2) as [string, string, string];
const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'kafe-share-fire-child' });
const member = acceptingMember(
  kafka,
  groupId,
  topic,
  (value, deliveryCount, error) =>
    process.stdout.write(`ok ${value} ${deliveryCount}${error === undefined ? '' : ` ${error}`}\n`),
  (value, where) => process.stdout.write(`seen ${value} ${where}\n`),
);
await member.run(new AbortController().signal);
