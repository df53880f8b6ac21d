/**
 * `npm start`: the main job. Starts a local single-node Kafka with the project's harness (unless
 * brokers are given), then
 * 1. uses kafe's seed API (`createKafe`) as a program would: metadata, three produces, a fetch,
 *    an offset commit for a group and what that group has not read yet;
 * 2. runs a stream through a consumer group: two consumers join one group (cooperative-sticky),
 *    a producer sends numbered records while they consume, and the demo checks that every record
 *    arrived exactly once, then prints how fast each side went;
 * and stops the broker it started.
 *
 *   npm start [-- --brokers host:port,...] [--records N] [--size BYTES]
 *
 * `KAFE_BROKERS` works as `--brokers`; `KAFE_DEMO_VERSION=3.9` starts Kafka 3.9 instead of 4.x.
 */
import { parseArgs } from 'node:util';
import { KafkaCluster } from '../harness/cluster.js';
import type { Consumer, TopicPartition } from '../src/consumer/index.js';
import { createKafe } from '../src/kafe.js';
import { Kafka } from '../src/kafka.js';
import { recordOffset } from '../src/protocol/records/record-batch.js';

const { values: args } = parseArgs({
  options: {
    brokers: { type: 'string', default: process.env.KAFE_BROKERS },
    records: { type: 'string', default: '200000' },
    size: { type: 'string', default: '100' },
  },
});
const recordCount = Number(args.records);
const recordSize = Number(args.size);
if (
  !Number.isSafeInteger(recordCount) ||
  recordCount < 1 ||
  !Number.isSafeInteger(recordSize) ||
  recordSize < 8
)
  throw new Error('--records must be a positive integer and --size an integer of at least 8');

/** Every wait of the demo ends by this deadline: nothing hangs. */
const deadline = AbortSignal.timeout(180_000);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')} msg/s`;
const partitionsOf = (list: readonly TopicPartition[]) => list.map((p) => p.partition).join(',') || '-';

/** Part 1: the seed API, call by call. */
async function seedApi(brokers: string[], topic: string): Promise<boolean> {
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
    const group = `kafe-demo-seed-${topic}`;
    await kafe.offsetCommit(group, [{ name: topic, partitions: [{ partition: 0, offset: 1 }] }]);
    const [p0] = await kafe.offsets(topic, group);
    console.log(`offsets: ${group} committed ${p0?.committed}, log end ${p0?.logEnd}, ${p0?.count} unread`);
    return read.length === messages.length && p0?.count === 2n;
  } finally {
    await kafe.close();
  }
}

/** A group member that counts what it receives, per partition and offset. */
function member(kafka: Kafka, groupId: string, name: string, seen: Map<string, number>) {
  const consumer: Consumer = kafka.consumer({ groupId, autoOffsetReset: 'earliest' });
  let owned: TopicPartition[] = [];
  const stats = { name, records: 0, first: 0, last: 0 };
  const log = (what: string, list: TopicPartition[]) =>
    console.log(`  ${name}: ${what} ${partitionsOf(list)} -> owns ${partitionsOf(owned)}`);
  return {
    consumer,
    stats,
    owned: () => owned,
    start(topic: string): Promise<void> {
      consumer.subscribe([topic], {
        onAssigned: (list) => {
          owned = [...owned, ...list].sort((a, b) => a.partition - b.partition);
          log('assigned', list);
        },
        onRevoked: (list) => {
          owned = owned.filter((p) => !list.some((r) => r.partition === p.partition));
          log('revoked', list);
        },
        onLost: (list) => {
          owned = owned.filter((p) => !list.some((r) => r.partition === p.partition));
          log('lost', list);
        },
      });
      return (async () => {
        for await (const batch of consumer.batches()) {
          const now = performance.now();
          if (stats.records === 0) stats.first = now;
          stats.last = now;
          for (const b of batch.batches)
            for (const r of b.records) {
              const key = `${batch.partition}:${recordOffset(b, r)}`;
              seen.set(key, (seen.get(key) ?? 0) + 1);
            }
          stats.records += batch.count;
        }
      })();
    },
  };
}

/** Resolves when `check` holds, polling; rejects at the demo's deadline. */
async function until(what: string, check: () => boolean): Promise<void> {
  while (!check()) {
    if (deadline.aborted) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Part 2: a stream of records through a group of two consumers. */
async function stream(brokers: string[], topic: string): Promise<boolean> {
  const kafka = new Kafka({ brokers, clientId: 'kafe-demo' });
  const seen = new Map<string, number>();
  const groupId = `kafe-demo-group-${topic}`;
  const members = [member(kafka, groupId, 'consumer-1', seen), member(kafka, groupId, 'consumer-2', seen)];
  try {
    console.log(`group ${groupId}: consumer-1 joins, then consumer-2 (cooperative-sticky rebalance)`);
    const loops = [members[0]!.start(topic)];
    await until('consumer-1 to own the partitions', () => members[0]!.owned().length === 6);
    loops.push(members[1]!.start(topic));
    await until('the rebalance to settle', () => members.every((m) => m.owned().length === 3));

    console.log(
      `producing ${recordCount.toLocaleString('en')} records of ${recordSize} B (acks=all, idempotent)...`,
    );
    const producer = kafka.producer();
    const value = Buffer.alloc(recordSize, 'k'.charCodeAt(0));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const chunk = 1000;
    const inFlight: Promise<unknown>[] = [];
    for (let i = 0; i < recordCount; i += chunk) {
      const n = Math.min(chunk, recordCount - i);
      inFlight.push(producer.sendBatch(Array.from({ length: n }, () => ({ topic, value }))));
      if (inFlight.length >= 8) await inFlight.shift();
    }
    await Promise.all(inFlight);
    const produced = performance.now() - started;
    console.log(
      `produced ${recordCount.toLocaleString('en')} records in ${seconds(produced)}: ${rate(recordCount, produced)}, ${((recordCount * recordSize) / produced / 1000).toFixed(1)} MB/s`,
    );
    await until('the group to consume every record', () => seen.size >= recordCount);
    const consumed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    for (const m of members) {
      const { records, first, last } = m.stats;
      console.log(
        `  ${m.stats.name}: ${records.toLocaleString('en')} records from partitions ${partitionsOf(m.owned())}, ${rate(records, Math.max(1, last - first))} while reading`,
      );
    }
    const duplicates = [...seen.values()].filter((n) => n > 1).length;
    console.log(
      `consumed ${seen.size.toLocaleString('en')} distinct records, ${duplicates} twice, end to end in ${seconds(consumed)} (${rate(recordCount, consumed)}); client CPU ${((used.user + used.system) / (2 * recordCount)).toFixed(2)} µs per record sent or received`,
    );
    for (const m of members) await m.consumer.commit();
    const lag = members.flatMap((m) => m.consumer.lag());
    console.log(`committed; lag after the run: ${lag.map((l) => `p${l.partition}=${l.lag}`).join(' ')}`);
    await Promise.all(members.map((m) => m.consumer.close()));
    await Promise.all(loops);
    return seen.size === recordCount && duplicates === 0;
  } finally {
    await kafka.close();
  }
}

const startedAt = Date.now();
let cluster: KafkaCluster | undefined;
let ok = false;
try {
  let brokers: string[];
  if (args.brokers) {
    brokers = args.brokers.split(',');
    console.log(`Using the brokers given: ${brokers.join(',')}`);
  } else {
    console.log('Starting a local Apache Kafka (KRaft, 1 node) with the kafe harness...');
    cluster = await KafkaCluster.start({
      name: 'demo',
      version: process.env.KAFE_DEMO_VERSION ?? '4',
      brokers: 1,
    });
    brokers = cluster.bootstrap.split(',');
    console.log(`Kafka ${cluster.info.version} is up at ${brokers} (${seconds(Date.now() - startedAt)})`);
  }
  const topic = `kafe-demo-${Date.now().toString(36)}`;
  const admin = new Kafka({ brokers });
  (
    await admin.admin().createTopics([
      { topic, partitions: 3 },
      { topic: `${topic}-stream`, partitions: 6 },
    ])
  ).throwIfFailed();
  await admin.close();
  console.log(
    `Created topics ${topic} (3 partitions) and ${topic}-stream (6)\n\n1. The seed API (createKafe)`,
  );
  const seedOk = await seedApi(brokers, topic);
  console.log('\n2. A stream through a consumer group (Kafka#producer, Kafka#consumer)');
  const streamOk = await stream(brokers, `${topic}-stream`);
  ok = seedOk && streamOk;
  console.log(`\n${ok ? 'Done' : 'FAILED'} in ${seconds(Date.now() - startedAt)}.`);
} catch (error) {
  console.error(`demo failed: ${(error as Error).stack}`);
} finally {
  if (cluster !== undefined) {
    await cluster.stop();
    console.log('Kafka stopped.');
  }
}
process.exitCode = ok ? 0 : 1;
