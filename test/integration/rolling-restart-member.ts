/**
 * One member of the rolling-restart group (`rolling-restart.ts`), in its own process as an
 * application would be. Arguments: bootstrap, topic, groupId, sessionTimeoutMs, records per
 * second (0: unpaced). Standard input: `unpace` lifts the pacing, `crawl` slows to 100 records
 * a second, `close` closes the consumer
 * (finish the record in hand, commit, leave) and exits.
 *
 * Standard output, one event a line: `a|r|l <partitions>` (assigned, revoked, lost),
 * `g <generation>` when the member's generation changes, `v <partition> <values>` for processed
 * records (comma-separated), `e <error>` when `run` fails, `closed` after `close()`.
 */
import { createInterface } from 'node:readline';
import type { TopicPartition } from '../../src/cluster/topic-partition.js';
import { Kafka } from '../../src/kafka.js';

const [bootstrap, topic, groupId, session, rate] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
let perSecond = Number(rate);
/** Values processed and not yet printed, per partition: printed 100 at a time or every 20 ms. */
const unprinted = new Map<number, string[]>();
const printValues = (): void => {
  for (const [partition, values] of unprinted)
    if (values.length > 0) process.stdout.write(`v ${partition} ${values.join(',')}\n`);
  unprinted.clear();
};
const printer = setInterval(printValues, 20);
/** Prints an event line, after the values processed before it. */
const out = (line: string): void => {
  printValues();
  process.stdout.write(`${line}\n`);
};
const list = (p: TopicPartition[]) => p.map((x) => x.partition).join(',');

const kafka = new Kafka({
  brokers: bootstrap.split(','),
  clientId: 'kafe-rolling',
  requestTimeoutMs: 10_000,
});
const consumer = kafka.consumer({
  groupId,
  autoOffsetReset: 'earliest',
  autoCommitIntervalMs: 1000,
  sessionTimeoutMs: Number(session),
  heartbeatIntervalMs: Math.floor(Number(session) / 5),
  // Small chunks: a member hands out one chunk of a partition at a time (as Java drains one
  // completed fetch before the next), so with a paced handler the chunk size decides how long
  // a partition waits behind its sibling. 4 KiB is a second or two of paced records, so a
  // longer gap is a real stall, not the schedule.
  maxPartitionBytes: 4096,
});
consumer.subscribe([topic], {
  onAssigned: (p) => out(`a ${list(p)}`),
  onRevoked: (p) => out(`r ${list(p)}`),
  onLost: (p) => out(`l ${list(p)}`),
});
let generation = -1;
const watch = setInterval(() => {
  const g = consumer.groupMember.generationId;
  if (g === generation) return;
  generation = g;
  out(`g ${g}`);
}, 100);

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  if (line === 'unpace') perSecond = 0;
  if (line === 'crawl') perSecond = Math.min(perSecond, 100);
  if (line === 'close')
    void consumer.close().then(async () => {
      clearInterval(watch);
      clearInterval(printer);
      commands.close();
      process.stdin.destroy();
      await kafka.close();
      out('closed');
    });
});

try {
  await consumer.run({
    eachMessage: async (r) => {
      const values = unprinted.get(r.partition) ?? [];
      unprinted.set(r.partition, values);
      values.push(r.value!.toString());
      if (values.length >= 100) printValues();
      // Paced 10 records at a time (timers are too coarse for one).
      if (perSecond > 0 && Number(r.offset % 10n) === 9)
        await new Promise((resolve) => setTimeout(resolve, 10_000 / perSecond));
    },
  });
} catch (error) {
  out(`e ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
}
