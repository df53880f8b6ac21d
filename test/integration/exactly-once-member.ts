/**
 * One process of the exactly-once pipeline under fire (`exactly-once-under-fire.ts`), as an
 * application would run it. Arguments: bootstrap, input topic, output topic, groupId,
 * transactionalId, records per second (0: unpaced). Each input record `n` becomes output record
 * `n` on the same partition.
 * Standard output, one line per event: `c <records>` after each committed transaction, `e
 * <error>` if the loop fails, `closed` once it stopped. Standard input: `close` stops the loop
 * (its open transaction aborted) and exits; `unpace` lifts the pacing, `crawl` slows to 20
 * records a second.
 */
import { createInterface } from 'node:readline';
import { Kafka } from '../../src/kafka.js';
import { runExactlyOnce } from '../../src/pipeline/exactly-once.js';

const [bootstrap, input, output, groupId, transactionalId, rate] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
let perSecond = Number(rate);
const kafka = new Kafka({
  brokers: bootstrap.split(','),
  clientId: transactionalId,
  requestTimeoutMs: 10_000,
});
const stop = new AbortController();
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'close') stop.abort();
  if (line === 'unpace') perSecond = 0;
  if (line === 'crawl') perSecond = Math.min(perSecond, 20);
});
try {
  await runExactlyOnce(kafka, {
    groupId,
    transactionalId,
    topics: [input],
    // Small chunks: one transaction per chunk, and pacing that is smooth.
    consumer: {
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 2_000,
      maxPartitionBytes: 4096,
    },
    producer: { lingerMs: 0 },
    transform: async (records, where) => {
      if (perSecond > 0) await new Promise((r) => setTimeout(r, (records.length / perSecond) * 1000));
      return records.map((r) => ({
        topic: output,
        partition: where.partition,
        key: r.value,
        value: r.value,
      }));
    },
    onCommit: (c) => process.stdout.write(`c ${c.consumed}\n`),
    signal: stop.signal,
  });
} catch (error) {
  process.stdout.write(`e ${error instanceof Error ? `${error.name} ${error.message}` : String(error)}\n`);
}
await kafka.close();
process.stdout.write('closed\n');
process.exit(0);
