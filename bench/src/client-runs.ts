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
import { type ChildTask, type Measurement, type NodeClient, topicNames } from './task.js';
import { createTopics, deleteTopics, primeTopics, type TopicSpec } from './topics.js';
import { lingersWhenTuned } from './tuning.js';

/**
 * Every client the bench knows; `java` is Kafka's own perf tools, `java-txn` its producer tool
 * with transactions (`--transactional-id`, `--transaction-duration-ms`).
 */
export type ClientName = NodeClient | 'java' | 'java-txn';

/** Whether a client is one of Kafka's perf tools (a JVM, not `child.ts`). */
export const isJava = (client: ClientName): client is 'java' | 'java-txn' => client.startsWith('java');

/** What every run of a case shares: its brokers, sizes and the Node that runs the clients. */
export interface RunContext {
  brokers: Brokers;
  sizes: RunSizes;
  node: NodeRuntime;
}

let serial = 0;

/** The task of a throughput run of `records` on a fresh topic name. */
export function baseTask(c: BenchCase, client: NodeClient, ctx: RunContext, records: number): ChildTask {
  return {
    client,
    role: c.role,
    mode: 'throughput',
    brokers: ctx.brokers.bootstrap,
    topic: `bench-${process.pid}-${++serial}`,
    topics: c.topics,
    producers: c.producers,
    recordSize: c.recordSize,
    records,
    warmup: Math.round(records / 10),
    acks: c.acks,
    compression: c.compression,
    payload: c.payload,
    tuned: c.tuning === 'tuned',
    batch: batchFor(c.recordSize),
    // A transactional call resolves on its acknowledgement, and acks=all on three brokers takes
    // tens of milliseconds: five calls in flight capped a 50 ms transaction at 2,500 records,
    // while Java's tool sends on until its 32 MB buffer is full (about 6,000 records of 100 B
    // per transaction here). 64 calls hold up to 32 MB of 1 KB records, as Java's buffer does.
    // A client tuned to linger 20 ms holds a batch that is not full that long, so five calls
    // (2,500 records) capped it at 2,500 / 20 ms = 125,000 msg/s (kafe and librdkafka with lz4
    // or zstd, whose 100 B batches compress far below `batch.size`), while Java's tool fills its
    // 32 MB buffer: such clients get Java's window. Clients that send each call at once (no
    // linger) keep five: more calls in flight only means more requests for them (platformatic
    // fell from 668,761 to about 350,000 msg/s at 100 B with 64).
    inFlight: client.endsWith('-txn') || (c.tuning === 'tuned' && lingersWhenTuned(client)) ? 64 : 5,
    rate: ctx.sizes.rate,
    maxSeconds: ctx.sizes.seconds * 4,
    groupId: `bench-group-${process.pid}-${serial}`,
  };
}

/** A task's topics, `c.partitions` each. */
function topicSpecs(c: BenchCase, task: ChildTask): TopicSpec[] {
  return topicNames(task).map((name) => ({ name, partitions: c.partitions, replicationFactor: c.brokers }));
}

/** Creates a task's topics. */
async function newTopics(c: BenchCase, ctx: RunContext, task: ChildTask): Promise<void> {
  await createTopics(ctx.brokers.bootstrap, topicSpecs(c, task));
}

/** Deletes a task's topics (so a full run does not fill the disk); a failure is not the run's. */
export async function dropTopics(ctx: RunContext, task: ChildTask): Promise<void> {
  await deleteTopics(ctx.brokers.bootstrap, topicNames(task)).catch(() => {});
}

/**
 * Kafka's ProducerPerformance writes one topic from one producer: a case of several topics or
 * producers has no Java row (said in the table rather than measured unlike the others).
 */
function javaCanProduce(c: BenchCase): void {
  if (c.topics > 1 || c.producers > 1)
    throw new Error('ProducerPerformance writes one topic from one producer');
}

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
  /** Topics made for the whole case (`caseTopics`), written to instead of fresh ones. */
  shared?: string,
): Promise<RoundRuns> {
  if (isJava(client)) javaCanProduce(c);
  const fresh = baseTask(c, isJava(client) ? 'kafkajs' : client, ctx, records);
  const task = shared === undefined ? fresh : { ...fresh, topic: shared };
  if (shared === undefined) await newTopics(c, ctx, task);
  const rate = latencyRate(c.acks, ctx.sizes);
  const paced: ChildTask = {
    ...task,
    mode: 'latency',
    rate,
    records: rate * ctx.sizes.latencySeconds,
    warmup: rate,
  };
  try {
    if (isJava(client)) {
      const base = await javaBaselineCpu('producer-perf', ctx, task);
      const txn = client === 'java-txn';
      const run = parseJavaProducer(
        await javaRun('producer-perf', ctx, javaProducerArgs(task, false, txn), task),
        base,
      );
      if (!withLatency) return { run };
      const latency = parseJavaProducer(
        await javaRun('producer-perf', ctx, javaProducerArgs(paced, true, txn), paced),
        base,
      );
      return { run, latency };
    }
    const run = await runChild(ctx.node, task);
    return withLatency ? { run, latency: await runChild(ctx.node, paced) } : { run };
  } finally {
    if (shared === undefined) await dropTopics(ctx, task);
  }
}

/**
 * The topics of a producer case of several topics (1,000 partitions), made once for the whole
 * case and primed (`primeTopics`): every client then writes to partitions that exist on disk,
 * as a producer in service does, instead of paying their first index writes inside its run.
 * Returns the stem every round of the case writes to; drop them with `dropTopics` at the end.
 */
export async function caseTopics(c: BenchCase, ctx: RunContext): Promise<ChildTask> {
  const task = baseTask(c, 'kafkajs', ctx, 0);
  await newTopics(c, ctx, task);
  await primeTopics(ctx.brokers.bootstrap, topicSpecs(c, task));
  return task;
}

/**
 * Fills a consumer case's topics with Kafka's producer (fast, and the same for everyone), or
 * appends `records` more to `into`'s topics (spread evenly over them, one JVM per topic).
 */
export async function fillTopic(
  c: BenchCase,
  ctx: RunContext,
  records: number,
  into?: ChildTask,
): Promise<ChildTask> {
  const task = into ? { ...into, records } : baseTask(c, 'kafkajs', ctx, records);
  if (!into) await newTopics(c, ctx, task);
  const names = topicNames(task);
  for (const topic of names) {
    // Kafka's producer at its defaults, whatever the case's tuning: the topic is the same for all.
    const fill = {
      ...task,
      topic,
      topics: 1,
      records: Math.ceil(records / names.length),
      warmup: 0,
      tuned: false,
    };
    const run = await javaRun('producer-perf', ctx, javaProducerArgs(fill, false), fill);
    if (run.exitCode !== 0) throw new Error(`filling ${topic} failed: ${run.stderr.slice(-300)}`);
  }
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
    client: isJava(client) ? 'kafkajs' : client,
    groupId: `${filled.groupId}-${++serial}`,
  } as ChildTask;
  if (isJava(client)) {
    const base = await javaBaselineCpu('consumer-perf', ctx, task);
    return {
      run: parseJavaConsumer(await javaRun('consumer-perf', ctx, javaConsumerArgs(task), task), base),
    };
  }
  const run = await runChild(ctx.node, task);
  if (!withLatency) return { run };
  // End-to-end: a fresh topic, this client consuming, a paced KafkaJS feeder stamping send times.
  const e2e = baseTask(c, task.client, ctx, 0);
  await newTopics(c, ctx, e2e);
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
    await dropTopics(ctx, e2e);
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
