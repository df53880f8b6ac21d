/**
 * One client in one fresh process: `node --import tsx bench/src/child.ts '<ChildTask JSON>'`.
 * Loads `bench/clients/<client>-<role>.ts`, does the task, prints `RESULT <Measurement JSON>`
 * and exits. CPU is `process.cpuUsage()` over the measured window only, so module loading,
 * connecting and warm-up are not charged to the client.
 */
import type { CreateConsumer, CreateProducer, ProducerAdapter } from './adapter.js';
import { payloads } from './payload.js';
import { type ChildTask, type Measurement, measurement, percentiles, topicNames } from './task.js';

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
/** Wall clock in ms with sub-ms precision, comparable across processes on one machine. */
const wallMs = () => performance.timeOrigin + performance.now();

/**
 * The case's values cut into calls of `batch` (the list read round as a ring, so every call is
 * full and every value is sent as often as the others).
 */
function callsOf(values: readonly Buffer[], batch: number): Buffer[][] {
  const calls = Math.max(1, Math.round(values.length / batch));
  return Array.from({ length: calls }, (_, c) =>
    Array.from({ length: batch }, (_, i) => values[(c * batch + i) % values.length]!),
  );
}

/**
 * Sends `count` records as calls of `calls[i]`, round the list, `inFlight` calls at a time (at
 * least one per producer; lane `k` sends through producer `k` mod their number).
 */
async function pump(producers: ProducerAdapter[], calls: Buffer[][], count: number, inFlight: number) {
  let left = count;
  let next = 0;
  const lane = async (k: number) => {
    const producer = producers[k % producers.length]!;
    while (left > 0) {
      const values = calls[next++ % calls.length]!;
      const n = Math.min(values.length, left);
      left -= n;
      await producer.send(n === values.length ? values : values.slice(0, n));
    }
  };
  await Promise.all(Array.from({ length: Math.max(inFlight, producers.length) }, (_, k) => lane(k)));
}

async function produceThroughput(task: ChildTask, producers: ProducerAdapter[]): Promise<Measurement> {
  const calls = callsOf(payloads(task.payload, task.recordSize), task.batch);
  await pump(producers, calls, task.warmup, task.inFlight);
  const cpu0 = cpuUs();
  const t0 = performance.now();
  await pump(producers, calls, task.records, task.inFlight);
  return measurement(task.records, task.records * task.recordSize, performance.now() - t0, cpuUs() - cpu0);
}

/**
 * One record per `send` at `rate`/s; latency is from the send call to its acknowledgement (as
 * Java's ProducerPerformance times its callbacks). With `stamp`, each value starts with its
 * send time (float64 ms) and sequence number (uint32), for the consumer's end-to-end run.
 */
async function producePaced(
  task: ChildTask,
  producer: ProducerAdapter,
  stamp: boolean,
): Promise<Measurement> {
  const total = task.warmup + task.records;
  const latencies = new Float64Array(task.records);
  const values = payloads(task.payload, task.recordSize);
  const cpu0 = cpuUs();
  const start = performance.now();
  let next = 0;
  let acked = 0;
  await new Promise<void>((resolve, reject) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * task.rate) / 1000) + 1);
      for (; next < due; next++) {
        const i = next;
        let value = values[i % values.length]!;
        if (stamp) {
          value = Buffer.from(value);
          value.writeDoubleLE(wallMs(), 0);
          value.writeUInt32LE(i, 8);
        }
        const t = performance.now();
        producer.send([value]).then(() => {
          if (i >= task.warmup) latencies[i - task.warmup] = performance.now() - t;
          if (++acked === total) resolve();
        }, reject);
      }
      if (next < total) setTimeout(tick, 1);
    };
    tick();
  });
  const result = measurement(total, total * task.recordSize, performance.now() - start, cpuUs() - cpu0);
  return { ...result, latencyMs: percentiles(latencies) };
}

/**
 * Consumes until `records` values arrived (or, in a throughput run, `maxSeconds` passed); the
 * clock starts at the first one (after the join).
 */
async function consume(task: ChildTask, create: CreateConsumer): Promise<Measurement> {
  const consumer = await create({
    brokers: task.brokers,
    topic: topicNames(task)[0]!,
    topics: topicNames(task),
    groupId: task.groupId,
    tuned: task.tuned,
  });
  let count = 0;
  let bytes = 0;
  let t0 = 0;
  let cpu0 = 0;
  let firstWall = 0;
  const latencies: number[] = [];
  const e2e = task.mode === 'e2e';
  const done = new Promise<void>((resolve) => {
    void consumer.start((value) => {
      if (count === 0) {
        t0 = performance.now();
        cpu0 = cpuUs();
        firstWall = wallMs();
        if (!e2e) setTimeout(resolve, task.maxSeconds * 1000).unref();
      }
      bytes += value.byteLength;
      if (e2e) {
        const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
        const sent = view.getFloat64(0, true);
        // Records sent before this consumer was fetching steadily measure the join, not the client.
        if (sent > firstWall + 1000) latencies.push(wallMs() - sent);
      }
      if (++count === task.records) resolve();
    });
  });
  await done;
  const result = measurement(count, bytes, performance.now() - t0, cpuUs() - cpu0);
  await consumer.close();
  return e2e ? { ...result, latencyMs: percentiles(Float64Array.from(latencies)) } : result;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ChildTask;
  const module = (await import(`../clients/${task.client}-${task.role}.js`)) as {
    default: CreateProducer | CreateConsumer;
  };
  let result: Measurement;
  if (task.role === 'consumer') {
    result = await consume(task, module.default as CreateConsumer);
  } else {
    const config = {
      brokers: task.brokers,
      topic: topicNames(task)[0]!,
      topics: topicNames(task),
      acks: task.acks,
      compression: task.compression,
      idempotent: task.acks === 'all',
      tuned: task.tuned,
    };
    const create = module.default as CreateProducer;
    const producers: ProducerAdapter[] = [];
    for (let i = 0; i < Math.max(1, task.producers); i++) producers.push(await create(config));
    result =
      task.mode === 'throughput'
        ? await produceThroughput(task, producers)
        : await producePaced(task, producers[0]!, task.mode === 'feed');
    for (const producer of producers) await producer.close();
  }
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  // Some clients keep timers or native threads alive after close; the result is out, so go.
  process.exit(0);
}

/** The innermost reason: clients wrap the one that matters in `AggregateError`s and `cause`s. */
function rootMessage(error: unknown): string {
  const e = error as { message?: string; errors?: unknown[]; cause?: unknown };
  if (Array.isArray(e?.errors) && e.errors.length > 0) return rootMessage(e.errors[0]);
  if (e?.cause !== undefined) return rootMessage(e.cause);
  return e?.message ?? String(error);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\nERROR ${rootMessage(error)}\n`);
  process.exit(1);
});
