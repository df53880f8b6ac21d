/**
 * One run of one client on one case, each in a fresh process: a producer's throughput run on a
 * fresh topic (and, when asked, its paced latency run), a consumer's drain of the case's filled
 * topic in a fresh group (and, when asked, an end-to-end run fed by a paced KafkaJS producer).
 * Java runs Kafka's perf tools in a JVM; Node clients run `child.ts` on the chosen Node.
 */
import type { NodeRuntime } from '../../harness/node-runtime.js';
import { javaConsumerArgs, parseJavaConsumer } from '../clients/java-consumer.js';
import { javaProducerArgs, parseJavaProducer } from '../clients/java-producer.js';
import { type BenchCase, batchFor, latencyRate, type RunSizes } from './cases.js';
import { runChild, runJava, timeoutFor } from './processes.js';
import { type Brokers, toolClass } from './target.js';
import type { ChildTask, Measurement, NodeClient } from './task.js';
import { createTopic, deleteTopics } from './topics.js';

/** Every client the bench knows; `java` is Kafka's own perf tools. */
export type ClientName = NodeClient | 'java';

/** What every run of a case shares: its brokers, sizes and the Node that runs the clients. */
export interface RunContext {
  brokers: Brokers;
  sizes: RunSizes;
  node: NodeRuntime;
}

const PARTITIONS = 3;
let serial = 0;

/** The task of a throughput run of `records` on a fresh topic name. */
export function baseTask(c: BenchCase, client: NodeClient, ctx: RunContext, records: number): ChildTask {
  return {
    client,
    role: c.role,
    mode: 'throughput',
    brokers: ctx.brokers.bootstrap,
    topic: `bench-${process.pid}-${++serial}`,
    recordSize: c.recordSize,
    records,
    warmup: Math.round(records / 10),
    acks: c.acks,
    compression: c.compression,
    payload: c.payload,
    tuned: c.tuning === 'tuned',
    batch: batchFor(c.recordSize),
    inFlight: 5,
    rate: ctx.sizes.rate,
    groupId: `bench-group-${process.pid}-${serial}`,
  };
}

const newTopic = (c: BenchCase, ctx: RunContext, name: string) =>
  createTopic(ctx.brokers.bootstrap, { name, partitions: PARTITIONS, replicationFactor: c.brokers });

type JavaTool = 'producer-perf' | 'consumer-perf';

function javaRun(tool: JavaTool, ctx: RunContext, args: string[], task: ChildTask) {
  return runJava(ctx.brokers.toolArgs(toolClass(tool), args), timeoutFor(task));
}

/** Java's start-up/exit CPU, measured once per tool and cluster with a 1-record run and subtracted. */
const javaBaseline = new Map<string, number>();

async function javaBaselineCpu(tool: JavaTool, ctx: RunContext, task: ChildTask) {
  const key = `${tool} ${ctx.brokers.bootstrap.join(',')}`;
  if (!javaBaseline.has(key)) {
    const one = { ...task, records: 1, warmup: 0, groupId: `${task.groupId}-baseline` };
    const args = tool === 'producer-perf' ? javaProducerArgs(one, false) : javaConsumerArgs(one);
    javaBaseline.set(key, (await javaRun(tool, ctx, args, one)).cpuUs);
  }
  return javaBaseline.get(key)!;
}

/** A client's runs in one round: a throughput run and, in the last rounds, a latency run. */
export interface RoundRuns {
  run: Measurement;
  latency?: Measurement;
}

/** A producer's throughput run of `records` (and a paced latency run when `withLatency`). */
export async function producerRound(
  c: BenchCase,
  client: ClientName,
  ctx: RunContext,
  records: number,
  withLatency: boolean,
): Promise<RoundRuns> {
  const task = baseTask(c, client === 'java' ? 'kafkajs' : client, ctx, records);
  await newTopic(c, ctx, task.topic);
  const rate = latencyRate(c.acks, ctx.sizes);
  const paced: ChildTask = {
    ...task,
    mode: 'latency',
    rate,
    records: rate * ctx.sizes.latencySeconds,
    warmup: rate,
  };
  try {
    if (client === 'java') {
      const base = await javaBaselineCpu('producer-perf', ctx, task);
      const run = parseJavaProducer(
        await javaRun('producer-perf', ctx, javaProducerArgs(task, false), task),
        base,
      );
      if (!withLatency) return { run };
      const latency = parseJavaProducer(
        await javaRun('producer-perf', ctx, javaProducerArgs(paced, true), paced),
        base,
      );
      return { run, latency };
    }
    const run = await runChild(ctx.node, task);
    return withLatency ? { run, latency: await runChild(ctx.node, paced) } : { run };
  } finally {
    await deleteTopics(ctx.brokers.bootstrap, [task.topic]).catch(() => {});
  }
}

/**
 * Fills a consumer case's topic with Kafka's producer (fast, and the same for everyone), or
 * appends `records` more to `into`'s topic.
 */
export async function fillTopic(
  c: BenchCase,
  ctx: RunContext,
  records: number,
  into?: ChildTask,
): Promise<ChildTask> {
  const task = into ? { ...into, records } : baseTask(c, 'kafkajs', ctx, records);
  if (!into) await newTopic(c, ctx, task.topic);
  // Kafka's producer at its defaults, whatever the case's tuning: the topic is the same for all.
  const fill = { ...task, warmup: 0, tuned: false };
  const run = await javaRun('producer-perf', ctx, javaProducerArgs(fill, false), fill);
  if (run.exitCode !== 0) throw new Error(`filling ${task.topic} failed: ${run.stderr.slice(-300)}`);
  return task;
}

/** A consumer's drain of `records` of the filled topic in a fresh group (and an end-to-end run when `withLatency`). */
export async function consumerRound(
  c: BenchCase,
  client: ClientName,
  ctx: RunContext,
  filled: ChildTask,
  records: number,
  withLatency: boolean,
): Promise<RoundRuns> {
  const task = {
    ...filled,
    records,
    tuned: c.tuning === 'tuned',
    client: client === 'java' ? 'kafkajs' : client,
    groupId: `${filled.groupId}-${++serial}`,
  } as ChildTask;
  if (client === 'java') {
    const base = await javaBaselineCpu('consumer-perf', ctx, task);
    return {
      run: parseJavaConsumer(await javaRun('consumer-perf', ctx, javaConsumerArgs(task), task), base),
    };
  }
  const run = await runChild(ctx.node, task);
  if (!withLatency) return { run };
  // End-to-end: a fresh topic, this client consuming, a paced KafkaJS feeder stamping send times.
  const e2e = baseTask(c, task.client, ctx, 0);
  await newTopic(c, ctx, e2e.topic);
  const total = ctx.sizes.rate * (ctx.sizes.joinSeconds + ctx.sizes.latencySeconds);
  try {
    const consumer = runChild(ctx.node, { ...e2e, mode: 'e2e', records: total });
    const feeder = runChild(ctx.node, {
      ...e2e,
      client: 'kafkajs',
      role: 'producer',
      mode: 'feed',
      records: total,
      warmup: 0,
    });
    const [latency] = await Promise.all([consumer, feeder]);
    return { run, latency };
  } finally {
    await deleteTopics(ctx.brokers.bootstrap, [e2e.topic]).catch(() => {});
  }
}

/** Kafka's producer tool sends `task` (its warm-up records first); CPU is not counted. */
export async function javaProduce(ctx: RunContext, task: ChildTask): Promise<Measurement> {
  return parseJavaProducer(await javaRun('producer-perf', ctx, javaProducerArgs(task, false), task), 0);
}

/** Kafka's consumer tool reads `task.records` of its topic in a fresh group. */
export async function javaDrain(ctx: RunContext, task: ChildTask): Promise<void> {
  await javaRun('consumer-perf', ctx, javaConsumerArgs(task), task);
}
