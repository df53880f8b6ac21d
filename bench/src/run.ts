/**
 * The runner: for each case, each client, several runs, each in a fresh process; medians kept.
 * Producer cases: a throughput run and a paced latency run per repetition. Consumer cases: the
 * topic is filled once by the Java producer, each client drains it in a fresh group; then a
 * paced KafkaJS feeder stamps send times into values for an end-to-end latency run.
 */
import { join } from 'node:path';
import type { NodeRuntime } from '../../harness/node-runtime.js';
import { javaConsumerArgs, parseJavaConsumer } from '../clients/java-consumer.js';
import { javaProducerArgs, parseJavaProducer } from '../clients/java-producer.js';
import { type BenchCase, latencyRate, type RunSizes } from './cases.js';
import { runJava, runProcess } from './processes.js';
import { benchDir } from './setup.js';
import { type Brokers, toolClass } from './target.js';
import type { ChildTask, Measurement, NodeClient, Percentiles } from './task.js';
import { createTopic, deleteTopics } from './topics.js';

/** Every client the bench knows; `java` is Kafka's own perf tools. */
export type ClientName = NodeClient | 'java';

/** The medians of one client on one case, or why it could not run. */
export interface ClientResult {
  client: ClientName;
  throughput?: Measurement;
  latencyMs?: Percentiles;
  runs: Measurement[];
  latencyRuns: Measurement[];
  error?: string;
}

/** One case with every client's result. */
export interface CaseResult {
  case: BenchCase;
  clients: ClientResult[];
}

const PARTITIONS = 3;
/**
 * How long a run may take before it is killed and reported as timed out: a minute of slack plus
 * its records at 1000/s (any client does more), or at the fixed rate of a paced run.
 */
function timeoutFor(task: ChildTask): number {
  const perSecond = task.mode === 'throughput' ? 1000 : task.rate;
  return 60_000 + ((task.records + task.warmup) / perSecond) * 1000;
}
let serial = 0;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Field-wise median of several runs. */
function medianOf(runs: Measurement[]): Measurement {
  const m = (f: (r: Measurement) => number) => median(runs.map(f));
  const result: Measurement = {
    records: m((r) => r.records),
    seconds: m((r) => r.seconds),
    msgPerSec: m((r) => r.msgPerSec),
    mbPerSec: m((r) => r.mbPerSec),
    cpuUsPerRecord: m((r) => r.cpuUsPerRecord),
  };
  if (runs.every((r) => r.latencyMs)) {
    const l = (f: (p: Percentiles) => number) => m((r) => f(r.latencyMs!));
    result.latencyMs = { p50: l((p) => p.p50), p99: l((p) => p.p99), p999: l((p) => p.p999) };
  }
  return result;
}

/** Runs one task in a fresh process of `node` and returns its `RESULT` line. */
async function runChild(node: NodeRuntime, task: ChildTask): Promise<Measurement> {
  const child = join(benchDir, 'src/child.ts');
  const run = await runProcess(node.path, ['--import', 'tsx', child, JSON.stringify(task)], timeoutFor(task));
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (run.code === 0 && line) return JSON.parse(line.slice(7)) as Measurement;
  const lines = run.stderr.split('\n');
  const first =
    lines.find((l) => l.startsWith('ERROR '))?.slice(6) ?? lines.find((l) => /error/i.test(l)) ?? lines[0];
  throw new Error(run.code === null ? 'timed out' : (first ?? `exit ${run.code}`).trim());
}

function baseTask(c: BenchCase, client: NodeClient, brokers: Brokers, sizes: RunSizes): ChildTask {
  const records = sizes.records(c.recordSize);
  return {
    client,
    role: c.role,
    mode: 'throughput',
    brokers: brokers.bootstrap,
    topic: `bench-${process.pid}-${++serial}`,
    recordSize: c.recordSize,
    records,
    warmup: Math.round(records / 10),
    acks: c.acks,
    compression: c.compression,
    batch: 500,
    inFlight: 5,
    rate: sizes.rate,
    groupId: `bench-group-${process.pid}-${serial}`,
  };
}

/** Java's start-up/exit CPU, measured once per role with a 1-record run and subtracted. */
const javaBaseline = new Map<string, number>();

async function javaRun(
  kind: 'producer-perf' | 'consumer-perf',
  brokers: Brokers,
  args: string[],
  task: ChildTask,
) {
  const run = await runJava(brokers.toolArgs(toolClass(kind), args), timeoutFor(task));
  return run;
}

async function javaBaselineCpu(kind: 'producer-perf' | 'consumer-perf', brokers: Brokers, task: ChildTask) {
  const key = `${kind} ${brokers.bootstrap.join(',')}`;
  if (!javaBaseline.has(key)) {
    const one = { ...task, records: 1, warmup: 0, groupId: `${task.groupId}-baseline` };
    const args = kind === 'producer-perf' ? javaProducerArgs(one, false) : javaConsumerArgs(one);
    javaBaseline.set(key, (await javaRun(kind, brokers, args, one)).cpuUs);
  }
  return javaBaseline.get(key)!;
}

/** One round of a producer client on a case: a throughput run, and a latency run in the last rounds (brokers warm by then). */
async function producerRound(
  c: BenchCase,
  client: ClientName,
  brokers: Brokers,
  sizes: RunSizes,
  node: NodeRuntime,
  r: number,
) {
  const task = baseTask(c, client === 'java' ? 'kafkajs' : client, brokers, sizes);
  await createTopic(brokers.bootstrap, {
    name: task.topic,
    partitions: PARTITIONS,
    replicationFactor: c.brokers,
  });
  const paced: ChildTask = {
    ...task,
    mode: 'latency',
    rate: latencyRate(c.acks, sizes),
    records: latencyRate(c.acks, sizes) * sizes.latencySeconds,
    warmup: latencyRate(c.acks, sizes),
  };
  const runs: Measurement[] = [];
  const latencyRuns: Measurement[] = [];
  try {
    if (client === 'java') {
      const base = await javaBaselineCpu('producer-perf', brokers, task);
      runs.push(
        parseJavaProducer(await javaRun('producer-perf', brokers, javaProducerArgs(task, false), task), base),
      );
      if (r >= sizes.runs - sizes.latencyRuns)
        latencyRuns.push(
          parseJavaProducer(
            await javaRun('producer-perf', brokers, javaProducerArgs(paced, true), paced),
            base,
          ),
        );
    } else {
      runs.push(await runChild(node, task));
      if (r >= sizes.runs - sizes.latencyRuns) latencyRuns.push(await runChild(node, paced));
    }
  } finally {
    await deleteTopics(brokers.bootstrap, [task.topic]).catch(() => {});
  }
  return { runs, latencyRuns };
}

/** Fills a topic for the consumer cases with Kafka's producer (fast, and the same for everyone). */
async function fillTopic(c: BenchCase, brokers: Brokers, sizes: RunSizes): Promise<ChildTask> {
  const task = baseTask(c, 'kafkajs', brokers, sizes);
  await createTopic(brokers.bootstrap, {
    name: task.topic,
    partitions: PARTITIONS,
    replicationFactor: c.brokers,
  });
  const fill = await javaRun('producer-perf', brokers, javaProducerArgs({ ...task, warmup: 0 }, false), task);
  if (fill.exitCode !== 0) throw new Error(`filling ${task.topic} failed: ${fill.stderr.slice(-300)}`);
  return task;
}

/** One round of a consumer client on a case: a throughput run, and an end-to-end run in the last rounds (brokers warm by then). */
async function consumerRound(
  c: BenchCase,
  client: ClientName,
  brokers: Brokers,
  sizes: RunSizes,
  node: NodeRuntime,
  filled: ChildTask,
  r: number,
) {
  const runs: Measurement[] = [];
  const latencyRuns: Measurement[] = [];
  {
    const task = {
      ...filled,
      client: client === 'java' ? 'kafkajs' : client,
      groupId: `${filled.groupId}-${++serial}`,
    } as ChildTask;
    if (client === 'java') {
      const base = await javaBaselineCpu('consumer-perf', brokers, task);
      runs.push(
        parseJavaConsumer(await javaRun('consumer-perf', brokers, javaConsumerArgs(task), task), base),
      );
      return { runs, latencyRuns };
    }
    runs.push(await runChild(node, task));
    if (r < sizes.runs - sizes.latencyRuns) return { runs, latencyRuns };
    // End-to-end: a fresh topic, this client consuming, a paced KafkaJS feeder stamping send times.
    const e2e = baseTask(c, task.client, brokers, sizes);
    await createTopic(brokers.bootstrap, {
      name: e2e.topic,
      partitions: PARTITIONS,
      replicationFactor: c.brokers,
    });
    const total = sizes.rate * (sizes.joinSeconds + sizes.latencySeconds);
    try {
      const consumer = runChild(node, { ...e2e, mode: 'e2e', records: total });
      const feeder = runChild(node, {
        ...e2e,
        client: 'kafkajs',
        role: 'producer',
        mode: 'feed',
        records: total,
        warmup: 0,
      });
      const [measured] = await Promise.all([consumer, feeder]);
      latencyRuns.push(measured);
    } finally {
      await deleteTopics(brokers.bootstrap, [e2e.topic]).catch(() => {});
    }
  }
  return { runs, latencyRuns };
}

/**
 * Warms fresh brokers up before the first measured client: a broker JVM just started is still
 * compiling its produce and fetch paths, which would charge the first client in the list. Kafka's
 * own tools push `records` 100 B records through and read them back.
 */
export async function warmBrokers(count: 1 | 3, brokers: Brokers, sizes: RunSizes): Promise<void> {
  const c: BenchCase = {
    id: 'warm-up',
    role: 'consumer',
    recordSize: 100,
    acks: count === 3 ? 'all' : 1,
    compression: 'none',
    brokers: count,
  };
  const task = await fillTopic(c, brokers, sizes);
  await javaRun('consumer-perf', brokers, javaConsumerArgs(task), task);
  await deleteTopics(brokers.bootstrap, [task.topic]).catch(() => {});
}

/** A case none of whose clients could run. */
export function failedCase(c: BenchCase, clients: ClientName[], error: string): CaseResult {
  console.log(`bench: ${c.role} ${c.id}: ${error}`);
  return { case: c, clients: clients.map((client) => ({ client, runs: [], latencyRuns: [], error })) };
}

/**
 * Runs every client on one case; a client that fails gets its error in the result. The order
 * starts at client `rotate` (mod n), so no client is always first after a case's set-up; the
 * results keep the order of `clients`.
 */
export async function runCase(
  c: BenchCase,
  clients: ClientName[],
  brokers: Brokers,
  sizes: RunSizes,
  node: NodeRuntime,
  rotate = 0,
) {
  const results: ClientResult[] = [];
  let filled: ChildTask | undefined;
  try {
    if (c.role === 'consumer') filled = await fillTopic(c, brokers, sizes);
  } catch (error) {
    return failedCase(c, clients, `set-up: ${(error as Error).message}`);
  }
  const start = rotate % clients.length;
  const order = [...clients.slice(start), ...clients.slice(0, start)];
  const collected = new Map<ClientName, { runs: Measurement[]; latencyRuns: Measurement[]; error?: string }>(
    order.map((client) => [client, { runs: [], latencyRuns: [] }]),
  );
  // Rounds outside, clients inside: a broker that is still warming up, or a slow moment of the
  // machine, touches every client's runs alike instead of all runs of the one that came first.
  for (let r = 0; r < sizes.runs; r++) {
    for (const client of order) {
      const mine = collected.get(client)!;
      if (mine.error !== undefined) continue;
      process.stdout.write(`bench: ${c.role} ${c.id} ${client} run ${r + 1}/${sizes.runs} ... `);
      try {
        const round =
          c.role === 'producer'
            ? await producerRound(c, client, brokers, sizes, node, r)
            : await consumerRound(c, client, brokers, sizes, node, filled!, r);
        mine.runs.push(...round.runs);
        mine.latencyRuns.push(...round.latencyRuns);
        console.log(`${Math.round(round.runs[0]?.msgPerSec ?? 0)} msg/s`);
      } catch (error) {
        mine.error = (error as Error).message;
        console.log(`failed: ${mine.error}`);
      }
    }
  }
  for (const [client, { runs, latencyRuns, error }] of collected) {
    if (error !== undefined || runs.length === 0) {
      results.push({ client, runs: [], latencyRuns: [], error: error ?? 'no run' });
      continue;
    }
    const throughput = medianOf(runs);
    const latencyMs = latencyRuns.length ? medianOf(latencyRuns).latencyMs : undefined;
    results.push({ client, throughput, ...(latencyMs ? { latencyMs } : {}), runs, latencyRuns });
  }
  if (filled) await deleteTopics(brokers.bootstrap, [filled.topic]).catch(() => {});
  results.sort((a, b) => clients.indexOf(a.client) - clients.indexOf(b.client));
  return { case: c, clients: results } satisfies CaseResult;
}
