/**
 * What kafe's always-on observability costs (issue 14): a producer sends `records` 100-byte
 * records (acks=1) and a consumer group reads them back, on a real broker, under V8's CPU
 * profiler; each sampled function's own time is charged to the file it is defined in, and the
 * files that make up the observability layer (metrics and their sampled stats, loggers,
 * diagnostics and tracing channels, KIP-714 telemetry) are summed against the process's busy
 * CPU. That is what metrics on, the default logger and unsubscribed channels take from a
 * throughput run; `scripts/otel-cost.ts` measures what OpenTelemetry adds per record when on.
 *
 *   npx tsx scripts/observability-cost.ts [records=500000] [--bootstrap host:port]
 *
 * Without `--bootstrap` it starts (and stops) its own single-node Kafka 4.x with the harness.
 * A ratio of CPU samples, so a busy machine slows it down without moving the share much.
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { KafkaCluster } from '../harness/cluster.js';
import { Kafka } from '../src/kafka.js';

/** The observability layer's files (src/...): their functions' own time is its cost. */
const observabilityFiles = [
  /\/src\/net\/(network-metrics|sampled-stat|logger|diagnostics|tracing)\.ts$/,
  /\/src\/(producer|consumer|cluster|share)\/diagnostics\.ts$/,
  /\/src\/(producer\/producer|consumer\/consumer)-metrics\.ts$/,
  /\/src\/cluster\/client-telemetry\.ts$/,
  /\/src\/protocol\/otlp-metrics\.ts$/,
  /\/src\/observability\//,
];

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { bootstrap: { type: 'string' } },
});
const records = Number(positionals[0] ?? 500_000);
const cluster =
  values.bootstrap === undefined
    ? await KafkaCluster.start({ name: `observability-cost-${process.pid}`, version: '4' })
    : undefined;
const brokers = (values.bootstrap ?? cluster!.bootstrapFor('plaintext')).split(',');

try {
  const kafka = new Kafka({ brokers, clientId: 'kafe-observability-cost' });
  const topic = `observability-cost-${Date.now().toString(36)}`;
  (await kafka.admin().createTopics([{ topic, partitions: 3, replicationFactor: 1 }])).throwIfFailed();
  const value = Buffer.alloc(100, 'x');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const cpuBefore = process.cpuUsage();

  const producer = kafka.producer({ acks: 1 });
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < records; i += 500) {
    inFlight.push(
      producer.sendBatch(Array.from({ length: Math.min(500, records - i) }, () => ({ topic, value }))),
    );
    if (inFlight.length >= 5) await inFlight.shift();
  }
  await Promise.all(inFlight);
  await producer.close();

  const consumer = kafka.consumer({ groupId: `${topic}-g`, autoOffsetReset: 'earliest' });
  consumer.subscribe([topic]);
  let consumed = 0;
  let resolve = () => {};
  const allRead = new Promise<void>((r) => {
    resolve = r;
  });
  const running = consumer.run({
    eachMessage: () => {
      if (++consumed === records) resolve();
    },
  });
  await allRead;
  await consumer.close();
  await running;

  const cpu = process.cpuUsage(cpuBefore);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  await kafka.close();

  let busy = 0;
  let observability = 0;
  const byFile = new Map<string, number>();
  for (const node of profile.nodes as ProfileNode[]) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || ['(idle)', '(program)'].includes(node.callFrame.functionName)) continue;
    busy += hits;
    const { url } = node.callFrame;
    if (observabilityFiles.some((f) => f.test(url))) {
      observability += hits;
      const file = url.slice(url.indexOf('/src/') + 1);
      byFile.set(file, (byFile.get(file) ?? 0) + hits);
    }
  }
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`${records} records produced and consumed (100 B, acks=1, 3 partitions)`);
  console.log(
    `process CPU ${cpuMs.toFixed(0)} ms, ${((cpuMs * 1000) / records / 2).toFixed(2)} µs per record per side`,
  );
  console.log(
    `observability's own time: ${((observability / busy) * 100).toFixed(2)} % of the busy samples (${observability} of ${busy})`,
  );
  for (const [file, hits] of [...byFile].sort((a, b) => b[1] - a[1]))
    console.log(`  ${file.padEnd(40)} ${((hits / busy) * 100).toFixed(2)} %`);
} finally {
  await cluster?.stop();
}
