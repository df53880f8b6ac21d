/**
 * A share consumer in its own process for the under-fire scenario, to be killed with SIGKILL:
 * joins `groupId` on `topic`, accepts every record, and reports (`childLine`) `seen <value> <where>` when it takes
 * a record and `ok <value> <deliveryCount> [error]` when its acknowledgement was answered,
 * `undelivered <topic/partition/offset> 0 [error]` for an outcome of an offset it was not given,
 * `failed <code>: <message>` when its run failed. Arguments: bootstrap, topic, groupId.
 */
import { Kafka } from '../../src/kafka.js';
import { acceptingMember } from './share-under-fire.js';
import { childLine } from './tsx-child.js';

const [bootstrap, topic, groupId] = process.argv.slice(2) as [string, string, string];
const kafka = new Kafka({ brokers: bootstrap.split(','), clientId: 'kafe-share-fire-child' });
const member = acceptingMember(
  kafka,
  groupId,
  topic,
  (value, deliveryCount, error) =>
    childLine(`ok ${value} ${deliveryCount}${error === undefined ? '' : ` ${error}`}`),
  (value, where) => childLine(`seen ${value} ${where}`),
  (where, error) => childLine(`undelivered ${where} 0${error === undefined ? '' : ` ${error}`}`),
);
try {
  await member.run(new AbortController().signal);
} catch (error) {
  const e = error as Error & { code?: string };
  childLine(`failed ${e.code}: ${e.message.replaceAll('\n', ' ')}`);
  process.exitCode = 1;
}
