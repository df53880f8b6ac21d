/**
 * "Exactly-once under fire" (issue 12): an input topic (6 partitions, RF 3,
 * `min.insync.replicas=2`) is filled with numbered records; a pipeline of two processes
 * (`exactly-once-member.ts`, `runExactlyOnce` with one transactional id each) copies every
 * record to an output topic, transactionally with the group's offsets. While it runs: kill -9
 * the broker coordinating member 0's transactions and restart it, kill -9 the leader of an input
 * partition and restart it, kill -9 member 0's process twice and start it again with the same
 * transactional id. The pipeline is paced (and crawls past 60% until the faults are over) so
 * that it is still working through all of that; it runs at full speed afterwards.
 *
 * What is checked: a `read_committed` reader finds every input record exactly once in the
 * output, and the group's committed offsets are at the end of the input. Shared by the cluster3
 * test (small) and `scripts/soak-exactly-once.ts` (1,000,000 records).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KafkaCluster } from '../../harness/cluster.js';
import { findCoordinators } from '../../src/cluster/coordinators.js';
import { topicPartitionKey } from '../../src/cluster/topic-partition.js';
import { fetchCommittedOffsets } from '../../src/consumer/committed-offsets.js';
import { consumerRecords } from '../../src/consumer/consumer-record.js';
import type { Kafka } from '../../src/kafka.js';
import { errorForCode } from '../../src/protocol/broker-error.js';

/** Options of {@link exactlyOnceUnderFire}. */
export interface ExactlyOnceUnderFireOptions {
  readonly records: number;
  /** Default 6. */
  readonly partitions?: number;
  /** Records per second per member while the faults happen. */
  readonly pacedPerSecond: number;
  /** How long to wait for the pipeline to finish once the faults are over, ms. Default 180000. */
  readonly drainTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** What happened. */
export interface ExactlyOnceUnderFireResult {
  readonly records: number;
  readonly ms: number;
  /** The faults, in order, with how many records had been committed when each began. */
  readonly faults: { readonly what: string; readonly committedBefore: number }[];
  /** Input records committed (by either member, counting repeats) when the last fault was over. */
  readonly committedAfterFaults: number;
  /** Input records missing from the read_committed output. */
  readonly missing: number;
  /** Output records beyond the first of the same input record. */
  readonly duplicates: number;
  /** Output records that match no input record. */
  readonly foreign: number;
  /** Partitions whose committed offset is not the end of the input. */
  readonly offsetsNotAtEnd: number;
  /** Members that printed `closed`. */
  readonly cleanExits: number;
  readonly problems: string[];
}

/** Runs the experiment on `cluster` (3 brokers) through `kafka` (admin, filling, reading back). */
export async function exactlyOnceUnderFire(
  cluster: KafkaCluster,
  kafka: Kafka,
  options: ExactlyOnceUnderFireOptions,
): Promise<ExactlyOnceUnderFireResult> {
  const { records } = options;
  const partitions = options.partitions ?? 6;
  const log = options.log ?? (() => {});
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const input = `eos-in-${id}`;
  const output = `eos-out-${id}`;
  const groupId = `eos-group-${id}`;
  const configs = { 'min.insync.replicas': '2' };
  (
    await kafka.admin().createTopics([
      { topic: input, partitions, replicationFactor: 3, configs },
      { topic: output, partitions, replicationFactor: 3, configs },
    ])
  ).throwIfFailed();
  await fill(kafka, input, records, partitions);
  log(`filled ${input} with ${records} records`);

  const started = Date.now();
  let committed = 0;
  const problems: string[] = [];
  const start = (m: number) =>
    startMember(
      cluster,
      [input, output, groupId, `eos-${id}-${m}`, String(options.pacedPerSecond)],
      (line) => {
        if (line.startsWith('c ')) committed += Number(line.slice(2));
        else {
          log(`member ${m}: ${line}`);
          if (line.startsWith('e ')) problems.push(`member ${m}: ${line.slice(2)}`);
        }
      },
    );
  const members = [start(0), start(1)];
  const faults: { what: string; committedBefore: number }[] = [];
  const fault = async (what: string, act: () => Promise<void>) => {
    faults.push({ what, committedBefore: committed });
    log(`${what} (${committed} committed)`);
    await act();
  };
  const after = async (share: number) =>
    waitFor(`${Math.round(share * 100)}% committed`, 120_000, () => committed >= records * share);
  let committedAfterFaults = 0;
  // Faults slower than the pace planned for (broker restarts on a loaded machine) must still
  // find records left: past 60% the members crawl until the faults are over.
  const crawl = setInterval(() => {
    if (committed < records * 0.6) return;
    for (const m of members) m.child.stdin.write('crawl\n');
    clearInterval(crawl);
  }, 200);
  try {
    await after(0.05);
    const coordinator = await transactionCoordinatorOf(kafka, `eos-${id}-0`);
    await fault(`kill -9 broker ${coordinator} (transaction coordinator of member 0)`, async () => {
      await cluster.killBroker(coordinator);
      await after(committedShare(committed, records) + 0.03);
      await cluster.restartBroker(coordinator);
    });
    const leader = await leaderOf(kafka, input, 0);
    await fault(`kill -9 broker ${leader} (leader of ${input}-0)`, async () => {
      await cluster.killBroker(leader);
      await after(committedShare(committed, records) + 0.03);
      await cluster.restartBroker(leader);
    });
    for (const round of [1, 2]) {
      await after(committedShare(committed, records) + 0.03);
      await fault(`kill -9 member 0 (round ${round}), started again with its transactional id`, async () => {
        members[0]?.child.kill('SIGKILL');
        await members[0]?.exited(30_000);
        members[0] = start(0);
        // A restarted member starts paced, or crawling if the others crawl.
        if (committed >= records * 0.6) members[0].child.stdin.write('crawl\n');
      });
    }
    committedAfterFaults = committed;
    clearInterval(crawl);
    for (const m of members) m.child.stdin.write('unpace\n');
    log(`faults over (${committed} committed); running at full speed`);
    await waitFor('the group committed the end of the input', options.drainTimeoutMs ?? 180_000, async () =>
      atEnd(kafka, groupId, input, partitions),
    ).catch((error: Error) => problems.push(error.message));
  } finally {
    clearInterval(crawl);
    for (const m of members) m.child.stdin.write('close\n');
    await Promise.all(members.map((m) => m.exited(60_000)));
    for (const node of cluster.status()) if (!node.running) await cluster.restartBroker(node.id);
  }
  const ms = Date.now() - started;
  const check = await readBack(kafka, output, partitions, records);
  const notAtEnd = await offsetsNotAtEnd(kafka, groupId, input, partitions);
  log(`checked: ${JSON.stringify(check)}, ${notAtEnd} partition(s) not at the end`);
  return {
    records,
    ms,
    faults,
    committedAfterFaults,
    ...check,
    offsetsNotAtEnd: notAtEnd,
    cleanExits: members.filter((m) => m.closedCleanly()).length,
    problems,
  };
}

const committedShare = (committed: number, records: number) => Math.min(0.9, committed / records);

/** Writes `records` numbered records, record n to partition n % partitions. */
async function fill(kafka: Kafka, topic: string, records: number, partitions: number): Promise<void> {
  // Small batches: a fetch hands out at least one whole batch, and the pacing (and the faults'
  // timing against it) works per handed-out chunk.
  const producer = kafka.producer({ batchSize: 1024, maxBatchSize: 1024 });
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < records; i += 1000) {
    const batch = [];
    for (let n = i; n < Math.min(records, i + 1000); n++)
      batch.push({ topic, partition: n % partitions, value: String(n) });
    inFlight.push(producer.sendBatch(batch));
    if (inFlight.length >= 20) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.close();
}

async function transactionCoordinatorOf(kafka: Kafka, transactionalId: string): Promise<number> {
  const lookup = await findCoordinators(await kafka.cluster.anyConnection(), 'transaction', [
    transactionalId,
  ]);
  const found = lookup.get(transactionalId);
  if (found === undefined || found instanceof Error) throw found ?? new Error('no coordinator');
  return found.nodeId;
}

async function leaderOf(kafka: Kafka, topic: string, partition: number): Promise<number> {
  await kafka.cluster.refreshTopics([topic]);
  const leader = kafka.cluster.metadata.topic(topic)?.partitions[partition]?.leaderId;
  if (leader === undefined || leader < 0) throw new Error(`${topic}-${partition} has no leader`);
  return leader;
}

/** How many partitions' committed offsets differ from the end of the input. */
async function offsetsNotAtEnd(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: number,
): Promise<number> {
  const list = Array.from({ length: partitions }, (_, partition) => ({ topic, partition }));
  const committed = await fetchCommittedOffsets(kafka.cluster, groupId, list);
  const ends = await endOffsets(kafka, topic, partitions);
  return list.filter(
    (p) => committed.get(topicPartitionKey(topic, p.partition))?.offset !== ends[p.partition],
  ).length;
}

async function atEnd(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partitions: number,
): Promise<true | undefined> {
  return (await offsetsNotAtEnd(kafka, groupId, topic, partitions)) === 0 ? true : undefined;
}

/** The log end of each partition (ListOffsets latest, read_uncommitted). */
async function endOffsets(kafka: Kafka, topic: string, partitions: number): Promise<bigint[]> {
  return Promise.all(
    Array.from({ length: partitions }, async (_, partition) => {
      const response = await kafka.cluster.send(
        'ListOffsets',
        {
          replicaId: -1,
          topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp: -1n }] }],
        },
        {
          to: { topic, partition },
          errorOf: (r) => errorForCode(r.topics[0]?.partitions[0]?.errorCode ?? 0),
        },
      );
      return response.topics[0]?.partitions[0]?.offset ?? -1n;
    }),
  );
}

/** Reads the whole output read_committed and compares it with 0 .. records-1. */
async function readBack(
  kafka: Kafka,
  topic: string,
  partitions: number,
  records: number,
): Promise<{ missing: number; duplicates: number; foreign: number }> {
  const consumer = kafka.consumer({ isolationLevel: 'read_committed' });
  const seen = new Uint8Array(records);
  let duplicates = 0;
  let foreign = 0;
  // Every output partition ends with a transaction marker: read until each position reaches
  // the log end (positions move past markers and aborted data without handing anything out).
  const ends = await endOffsets(kafka, topic, partitions);
  const caughtUp = new AbortController();
  const poll = setInterval(() => {
    const behind = ends.some((end, partition) => (consumer.position({ topic, partition }) ?? -1n) < end);
    if (!behind) caughtUp.abort();
  }, 250);
  try {
    consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition, offset: 0n })));
    for await (const batch of consumer.batches({ signal: caughtUp.signal }))
      for (const r of consumerRecords(batch)) {
        const n = Number(r.value?.toString());
        if (!Number.isInteger(n) || n < 0 || n >= records) foreign++;
        else if (seen[n] === 1) duplicates++;
        else seen[n] = 1;
      }
  } finally {
    clearInterval(poll);
    await consumer.close();
  }
  return { missing: seen.reduce((sum, v) => sum + (v === 0 ? 1 : 0), 0), duplicates, foreign };
}

interface Member {
  readonly child: ChildProcessWithoutNullStreams;
  exited(timeoutMs: number): Promise<void>;
  closedCleanly(): boolean;
}

function startMember(cluster: KafkaCluster, args: string[], onLine: (line: string) => void): Member {
  const script = fileURLToPath(new URL('./exactly-once-member.ts', import.meta.url));
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    script,
    cluster.bootstrapFor('plaintext'),
    ...args,
  ]);
  let closed = false;
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === 'closed') closed = true;
      onLine(line);
    }
  });
  child.stderr.on('data', () => {});
  // 'close', not 'exit': at 'exit' its last lines ("closed") may still be in the pipe.
  const exit = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    closedCleanly: () => closed,
    exited: (timeoutMs) =>
      Promise.race([
        exit,
        new Promise<void>((resolve) =>
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, timeoutMs).unref(),
        ),
      ]),
  };
}

/** Polls `done` every 250 ms until it holds, or fails after `timeoutMs`. */
async function waitFor(
  what: string,
  timeoutMs: number,
  done: () => boolean | Promise<true | undefined>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
