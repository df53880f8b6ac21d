/**
 * `kafe perf produce|consume`: the numbers of Kafka's `kafka-producer-perf-test.sh` and
 * `kafka-consumer-perf-test.sh`, in their formats, with kafe underneath. Never run in the test
 * suite at size (the suite checks small runs only); see the note for side-by-side runs.
 */
import type { ProducerRecord } from '../../producer/record.js';
import { CallLatencies } from '../call-latencies.js';
import { UsageError } from '../cli-errors.js';
import type { Command } from '../command.js';
import { integerOption, stringOption } from '../option-values.js';

const MB = 1024 * 1024;

/**
 * Java's window line: `N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max
 * latency`, for the records of `latencies` (values of `size` bytes) acknowledged in `ms`.
 */
function windowLine(latencies: CallLatencies, size: number, ms: number): string {
  const { records, sum, max } = latencies;
  const seconds = Math.max(ms, 1) / 1000;
  return `${records} records sent, ${(records / seconds).toFixed(1)} records/sec (${((records * size) / MB / seconds).toFixed(2)} MB/sec), ${(sum / Math.max(records, 1)).toFixed(1)} ms avg latency, ${max.toFixed(1)} ms max latency`;
}

const produce: Command = {
  words: ['perf', 'produce'],
  summary: "produce records as fast as allowed and print kafka-producer-perf-test's numbers",
  arguments: 'TOPIC',
  positionals: { min: 1, max: 1 },
  description:
    'Sends --records records of --record-size bytes (one random payload of A-Z, as the Java tool) in batches of\n' +
    "--batch records, up to --in-flight batches at a time. Each record's latency is its batch's: from the\n" +
    'sendBatch call to its acknowledgement. Prints a line every 5 s and the totals with percentiles.',
  options: {
    records: { type: 'string', short: 'n', value: 'N', description: 'how many records (required)' },
    'record-size': { type: 'string', short: 's', value: 'BYTES', description: 'value size (default 100)' },
    throughput: { type: 'string', value: 'N', description: 'at most N records/sec (default: no limit)' },
    acks: { type: 'string', short: 'a', value: 'ACKS', description: 'all (default), 1 or 0' },
    compression: {
      type: 'string',
      short: 'z',
      value: 'CODEC',
      description: 'none (default), gzip, snappy, lz4, zstd',
    },
    batch: {
      type: 'string',
      value: 'N',
      description:
        'records per sendBatch call (default 1000, fewer for records over 1 KiB: about 1 MiB per call)',
    },
    'in-flight': {
      type: 'string',
      value: 'N',
      description: 'sendBatch calls awaiting acknowledgement at once (default 32)',
    },
  },
  examples: [
    'kafe perf produce bench -n 1000000 -s 100',
    'kafe perf produce bench -n 100000 --throughput 20000 --acks 1 -z lz4',
  ],
  async run({ values, positionals, io, output, kafka, timeoutMs }) {
    const topic = positionals[0]!;
    const records = integerOption(values, 'records', { min: 1 });
    if (records === undefined) throw new UsageError('perf produce: give --records N');
    const size = integerOption(values, 'record-size', { min: 0 }) ?? 100;
    const throughput = integerOption(values, 'throughput', { min: 1 });
    // About 1 MiB per call for large records: 1,000 records of 1 MB in one call would be 1 GB,
    // far over the producer's bufferMemory.
    const batch =
      integerOption(values, 'batch', { min: 1 }) ??
      Math.max(1, Math.min(1000, Math.floor(MB / Math.max(size, 1))));
    // 32 calls: faster than 8 in every round measured (1,000,000 records of 100 B: 0.62-0.73 s
    // against 0.71-1.47 s; eight left the producer idle between acknowledgements), while a
    // window of 16 MiB (167 calls) cost more CPU (records outliving young-generation
    // collections) and saved no time.
    const inFlight = integerOption(values, 'in-flight', { min: 1 }) ?? 32;
    const acks = stringOption(values, 'acks') ?? 'all';
    if (!['all', '1', '0'].includes(acks))
      throw new UsageError(`--acks expects all, 1 or 0, got ${JSON.stringify(acks)}`);
    const compression = (stringOption(values, 'compression') ?? 'none') as 'none';
    const client = kafka();
    (await client.admin().describeTopics([topic])).get(topic);
    const producer = client.producer({
      acks: acks === 'all' ? 'all' : (Number(acks) as 0 | 1),
      idempotent: acks === 'all',
      compression,
      allowAutoTopicCreation: false,
      deliveryTimeoutMs: Math.max(timeoutMs, 30_000),
    });
    const payload = Buffer.alloc(size);
    for (let i = 0; i < size; i++) payload[i] = 65 + Math.floor(Math.random() * 26);
    const record: ProducerRecord = { topic, value: payload };
    const latencies = new CallLatencies();
    const started = performance.now();
    let window = { start: started, latencies: new CallLatencies() };
    let sent = 0;
    const pending = new Set<Promise<void>>();
    const report = setInterval(() => {
      const now = performance.now();
      if (!output.json) io.stdout.write(`${windowLine(window.latencies, size, now - window.start)}.\n`);
      window = { start: now, latencies: new CallLatencies() };
    }, 5000);
    try {
      while (sent < records && !io.signal.aborted) {
        const n = Math.min(batch, records - sent);
        if (throughput !== undefined) {
          // Pace to the target rate, as the Java tool's ThroughputThrottler does.
          const due = started + ((sent + n) / throughput) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        // One record object for the whole call: the producer copies what it needs at the call.
        const chunk: ProducerRecord[] = new Array<ProducerRecord>(n).fill(record);
        const at = performance.now();
        const p = producer.sendBatch(chunk).then(() => {
          const latency = performance.now() - at;
          latencies.add(latency, n);
          window.latencies.add(latency, n);
        });
        sent += n;
        const tracked = p.finally(() => pending.delete(tracked));
        pending.add(tracked);
        // The first call waits for its answer, as the Java tool's first send blocks on metadata:
        // records sent before the producer knows the topic wait in its queue for metadata, and
        // thousands of them going that way first had V8 optimize for it and deoptimize after.
        if (pending.size >= inFlight || sent === n) await Promise.race(pending);
      }
      await Promise.all(pending);
    } finally {
      clearInterval(report);
    }
    const elapsed = performance.now() - started;
    const done = latencies.records;
    const [p50Ms = 0, p95Ms = 0, p99Ms = 0, p999Ms = 0] = latencies.percentiles([0.5, 0.95, 0.99, 0.999]);
    const totals = {
      records: done,
      recordsPerSec: done / (elapsed / 1000),
      mbPerSec: (done * size) / MB / (elapsed / 1000),
      avgLatencyMs: done === 0 ? 0 : latencies.sum / done,
      maxLatencyMs: latencies.max,
      p50Ms,
      p95Ms,
      p99Ms,
      p999Ms,
    };
    if (output.json) return output.document(totals);
    output.lines([
      `${windowLine(latencies, size, elapsed)}, ${Math.round(totals.p50Ms)} ms 50th, ${Math.round(totals.p95Ms)} ms 95th, ${Math.round(totals.p99Ms)} ms 99th, ${Math.round(totals.p999Ms)} ms 99.9th.`,
    ]);
  },
};

const consume: Command = {
  words: ['perf', 'consume'],
  summary: "consume records as fast as possible and print kafka-consumer-perf-test's numbers",
  arguments: 'TOPIC',
  positionals: { min: 1, max: 1 },
  description:
    'Reads every partition from the start (no group) until --messages records or, without it, the end of\n' +
    "the log. Prints the Java tool's columns; kafe has no rebalance here, so rebalance.time.ms is 0 and the\n" +
    'fetch numbers equal the totals.',
  options: {
    messages: {
      type: 'string',
      short: 'n',
      value: 'N',
      description: 'stop after N records (default: at the end of the log)',
    },
  },
  examples: ['kafe perf consume bench -n 1000000'],
  async run({ values, positionals, io, output, kafka }) {
    const topic = positionals[0]!;
    const messages = integerOption(values, 'messages', { min: 1 });
    const client = kafka();
    const admin = client.admin();
    const partitions = (await admin.describeTopics([topic]))
      .get(topic)
      .partitions.map((p) => ({ topic, partition: p.partition }));
    const ends = (
      await admin.listOffsets(partitions.map((p) => ({ ...p, spec: 'latest' as const })))
    ).throwIfFailed();
    const target =
      messages ??
      Number(partitions.reduce((sum, p) => sum + (ends.get(`${topic}/${p.partition}`).offset ?? 0n), 0n));
    const consumer = client.consumer({ autoCommit: false });
    consumer.assign(partitions.map((p) => ({ ...p, offset: 0n })));
    const stop = new AbortController();
    const onInterrupt = () => stop.abort();
    io.signal.addEventListener('abort', onInterrupt, { once: true });
    const startMs = Date.now();
    const started = performance.now();
    let count = 0;
    let bytes = 0;
    try {
      if (target > 0)
        reading: for await (const batch of consumer.batches({ signal: stop.signal }))
          for (const b of batch.batches)
            for (const r of b.records) {
              bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
              if (++count === target) break reading;
            }
    } finally {
      io.signal.removeEventListener('abort', onInterrupt);
      await consumer.close();
    }
    const seconds = Math.max(performance.now() - started, 1) / 1000;
    const mb = bytes / MB;
    const fmt = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    const row = {
      'start.time': fmt(startMs),
      'end.time': fmt(Date.now()),
      'data.consumed.in.MB': mb.toFixed(4),
      'MB.sec': (mb / seconds).toFixed(4),
      'data.consumed.in.nMsg': count,
      'nMsg.sec': (count / seconds).toFixed(4),
      'rebalance.time.ms': 0,
      'fetch.time.ms': Math.round(seconds * 1000),
      'fetch.MB.sec': (mb / seconds).toFixed(4),
      'fetch.nMsg.sec': (count / seconds).toFixed(4),
    };
    if (output.json) return output.document(row);
    output.lines([Object.keys(row).join(', '), Object.values(row).join(', ')]);
  },
};

/** The perf commands. */
export const perfCommands: readonly Command[] = [produce, consume];
