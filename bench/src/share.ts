/**
 * `npm run bench -- share [--records N] [--bootstrap h:p]`: share-group consumption (KIP-932),
 * records/s with 1 and 4 members, kafe (one process per member) beside Java's
 * `ShareConsumerPerformance` (`kafka-share-consumer-perf-test.sh`, `--threads` members in one
 * JVM). Each run reads a fresh topic of 1 KB records through a fresh share group set to
 * `share.auto.offset.reset=earliest`; the clock runs from the first record any member got to the
 * last. Prints a table; results are not written to bench/results (this case is young).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { NodeRuntime } from '../../harness/node-runtime.js';
import { Kafka } from '../../src/index.js';
import { runJava } from './processes.js';
import { benchDir } from './setup.js';
import { type Brokers, brokersFor, toolClass } from './target.js';

interface Row {
  client: 'kafe' | 'java';
  members: number;
  records: number;
  seconds: number;
}

async function freshTopic(
  brokers: Brokers,
  records: number,
  tag: string,
): Promise<{ topic: string; groupId: string }> {
  const kafka = new Kafka({ brokers: brokers.bootstrap, clientId: 'bench-share-setup' });
  try {
    const topic = `bench-share-${tag}-${Date.now().toString(36)}`;
    const groupId = `${topic}-group`;
    (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
    await kafka.admin().alterShareGroupConfigs(groupId, { 'share.auto.offset.reset': 'earliest' });
    const producer = kafka.producer({ lingerMs: 5 });
    const value = Buffer.alloc(1024, 7);
    for (let sent = 0; sent < records; sent += 10_000)
      await producer.sendBatch(
        Array.from({ length: Math.min(10_000, records - sent) }, () => ({ topic, value })),
      );
    await producer.close();
    return { topic, groupId };
  } finally {
    await kafka.close();
  }
}

/**
 * Members in child processes. The clock runs from the first record any member got until the
 * share-partition lag of every partition is 0 (read from the admin client, as the members do not
 * know what the others read); then their stdin closes and they print their counts.
 */
async function kafeRun(node: NodeRuntime, brokers: Brokers, members: number, records: number): Promise<Row> {
  const { topic, groupId } = await freshTopic(brokers, records, `kafe${members}`);
  const script = join(benchDir, 'clients', 'kafe-share-member.ts');
  let firstAt = 0;
  const outputs = Array.from({ length: members }, () => {
    const child = spawn(node.path, ['--import', 'tsx', script, brokers.bootstrap.join(','), topic, groupId], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (firstAt === 0 && d.includes('first')) firstAt = performance.now();
      out += d;
    });
    return { child, done: new Promise<string>((resolve) => child.once('close', () => resolve(out))) };
  });
  const kafka = new Kafka({ brokers: brokers.bootstrap, clientId: 'bench-share-watch' });
  let lastAt = 0;
  try {
    for (;;) {
      const rows = await kafka
        .admin()
        .listShareGroupOffsets(groupId)
        .catch(() => []);
      lastAt = performance.now();
      if (firstAt > 0 && rows.length === 3 && rows.every((r) => r.lag === 0n)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await kafka.close();
  }
  for (const o of outputs) o.child.stdin?.end();
  const counts = await Promise.all(
    outputs.map(async (o) => Number((await o.done).trim().split('\n').at(-1))),
  );
  const total = counts.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return { client: 'kafe', members, records: total, seconds: (lastAt - firstAt) / 1000 };
}

async function javaRun(brokers: Brokers, members: number, records: number): Promise<Row> {
  const { topic, groupId } = await freshTopic(brokers, records, `java${members}`);
  const args = ['--bootstrap-server', brokers.bootstrap.join(','), '--topic', topic, '--group', groupId];
  args.push('--num-records', String(records), '--threads', String(members), '--timeout', '120000');
  const run = await runJava(brokers.toolArgs(toolClass('share-consumer-perf'), args), 300_000);
  const lines = run.stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.startsWith('start.time'));
  const names = (lines[header] ?? '').split(',').map((c) => c.trim());
  const cols = (lines[header + 1] ?? '').split(',').map((c) => c.trim());
  const col = (name: string) => Number(cols[names.indexOf(name)]);
  if (run.exitCode !== 0 || header < 0)
    throw new Error(`ShareConsumerPerformance failed: ${(run.stderr || run.stdout).slice(-400)}`);
  return {
    client: 'java',
    members,
    records: col('data.consumed.in.nMsg'),
    seconds: col('fetch.time.ms') / 1000,
  };
}

/** Runs the share case and prints records/s per client and member count. */
export async function runShareBench(options: {
  node: NodeRuntime;
  records: number;
  bootstrap?: string;
}): Promise<void> {
  const brokers = await brokersFor(1, options.bootstrap ? { bootstrap: options.bootstrap } : {});
  const rows: Row[] = [];
  try {
    for (const members of [1, 4]) {
      rows.push(await kafeRun(options.node, brokers, members, options.records));
      rows.push(await javaRun(brokers, members, options.records));
    }
  } finally {
    await brokers.stop();
  }
  console.log('| client | members | records | s | records/s |');
  console.log('| ------ | ------- | ------- | - | --------- |');
  for (const r of rows)
    console.log(
      `| ${r.client} | ${r.members} | ${r.records} | ${r.seconds.toFixed(2)} | ${Math.round(r.records / r.seconds)} |`,
    );
}
