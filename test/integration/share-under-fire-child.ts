/**
 * A share consumer in its own process for the under-fire scenario, to be killed with SIGKILL:
 * joins `groupId` on `topic`, accepts every record, and prints `ok <value> <deliveryCount> [error]`
 * for each record whose acknowledgement was answered. Arguments: bootstrap, topic, groupId.
 */
import { Kafka } from '../../src/kafka.js';
import { acceptingMember } from './share-under-fire.js';

const [bootstrap, topic, groupId] = process.argv.slice(2) as [string, string, string];
const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'kafe-share-fire-child' });
const member = acceptingMember(kafka, groupId, topic, (value, deliveryCount, error) =>
  process.stdout.write(`ok ${value} ${deliveryCount}${error === undefined ? '' : ` ${error}`}\n`),
);
await member.run(new AbortController().signal);
