/**
 * Memory over a long run (issue 11, point 5):
 *
 *   npx tsx scripts/soak-memory.ts [gigabytes=10] [random|lz4|both=both]
 *
 * Starts its own 3-broker Kafka 4.x cluster (name `soak-memory-<pid>`) and, for each variant,
 * streams `gigabytes` of 1 KB records through one producer and one consumer group member in
 * this process (topic of 6 partitions, RF 1, segments deleted as they age so the disk stays
 * small): `random` values sent uncompressed, `lz4` values that compress about 100× (the case
 * where a consumer used to hold whole decompressed fetches). Every second it appends RSS,
 * heapUsed and arrayBuffers to `soak-memory-<variant>-<pid>.csv` in the OS temp directory, and
 * at the end prints a summary: peak, final and the slope over the second half of each, with the
 * bound the clients set on buffered bytes (producer `bufferMemory` plus, per partition, the
 * consumer's prefetch bound, one fetch beyond it and one decoded chunk). The producer stays at
 * most {@link MAX_AHEAD} records ahead of the consumer, so retention never deletes what the
 * consumer has not read. Exit code 0 when RSS grew less than {@link FLAT_MB} over the second
 * half of every variant (a flat curve), every record came back, no position was reset out of
 * range, and the consumer never went {@link STALL_MS} without a record.
 *
 * Run it as `node --expose-gc --import tsx scripts/soak-memory.ts ...` to sample after a full
 * collection each second: arrayBuffers is then what the clients hold, comparable to the bound.
 */
import { randomFillSync } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from '../src/kafka.js';
import { logLine, withSoakCluster } from './soak-cluster.js';

const VALUE_BYTES = 1024;
const PARTITIONS = 6;
const RECORDS_PER_SEND = 1000;
/** Sends in flight at once: the producer's bufferMemory is what bounds them. */
const SENDS_IN_FLIGHT = 8;
const BUFFER_MEMORY = 32 * 1024 * 1024;
const MiB = 1024 * 1024;
const PREFETCH = MiB;
/**
 * How far the producer may run ahead of the consumer, in records (200 MB of 1 KB values): well
 * inside what the topic retains (6 × 256 MB). A consumer left further behind would find its
 * position deleted by retention and be reset past records it never read (as a first 10 GB run
 * did: 19,163 records skipped, the consumer then waiting for them).
 */
const MAX_AHEAD = 200_000;
/** The run fails when nothing is consumed for this long (a stall), instead of waiting forever. */
const STALL_MS = 60_000;
/** RSS may grow at most this much over the second half of a variant for the curve to count as flat. */
const FLAT_MB = 64;

type Variant = 'random' | 'lz4';
type Column = 'rss' | 'heapUsed' | 'arrayBuffers';
const COLUMNS: readonly Column[] = ['rss', 'heapUsed', 'arrayBuffers'];

interface Sample {
  readonly second: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly arrayBuffers: number;
}

const gigabytes = Number(process.argv[2] ?? 10);
const which = process.argv[3] ?? 'both';
if (!(gigabytes > 0) || !['random', 'lz4', 'both'].includes(which)) {
  console.error('usage: soak-memory.ts [gigabytes=10] [random|lz4|both]');
  process.exit(2);
}
/** `gc` when node runs with `--expose-gc` (see the sampling in {@link stream}). */
const collect = (globalThis as { gc?: () => void }).gc;
const variants: Variant[] = which === 'both' ? ['random', 'lz4'] : [which as Variant];
const records = Math.ceil((gigabytes * 1024 ** 3) / VALUE_BYTES);

/** 64 MiB of random bytes: random values are views into it at varying offsets (no copy per record). */
const randomPool = randomFillSync(Buffer.allocUnsafe(64 * 1024 * 1024));
const compressible = Buffer.alloc(VALUE_BYTES, 'kafe soak memory ');

function value(variant: Variant, i: number): Buffer {
  if (variant === 'lz4') return compressible;
  const at = (i * 4099) % (randomPool.length - VALUE_BYTES);
  return randomPool.subarray(at, at + VALUE_BYTES);
}

/** Least-squares slope of `y` over `x`, per unit of `x`. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const mb = (bytes: number): number => Math.round((bytes / 1024 ** 2) * 10) / 10;

async function stream(kafka: Kafka, variant: Variant): Promise<{ ok: boolean; summary: object }> {
  const id = `${variant}-${Date.now().toString(36)}`;
  const topic = `soak-memory-${id}`;
  (
    await kafka.admin().createTopics([
      {
        topic,
        partitions: PARTITIONS,
        replicationFactor: 1,
        // Consumed data goes as the run goes: 10 GB must not fill a shared disk.
        configs: { 'segment.bytes': String(64 * 1024 * 1024), 'retention.bytes': String(256 * 1024 * 1024) },
      },
    ])
  ).throwIfFailed();
  const csv = join(tmpdir(), `soak-memory-${variant}-${process.pid}.csv`);
  writeFileSync(csv, `second,${COLUMNS.join(',')}\n`);
  const samples: Sample[] = [];
  const started = Date.now();
  const sample = (): void => {
    // With `node --expose-gc`, a full collection first: arrayBuffers then counts what is held,
    // not garbage waiting for the next collection, and can be set against the bound.
    collect?.();
    const m = process.memoryUsage();
    const s = {
      second: (Date.now() - started) / 1000,
      rss: m.rss,
      heapUsed: m.heapUsed,
      arrayBuffers: m.arrayBuffers,
    };
    samples.push(s);
    appendFileSync(csv, `${s.second},${s.rss},${s.heapUsed},${s.arrayBuffers}\n`);
  };
  sample();
  const timer = setInterval(sample, 1000);

  const producer = kafka.producer({
    compression: variant === 'lz4' ? 'lz4' : 'none',
    bufferMemory: BUFFER_MEMORY,
  });
  const consumer = kafka.consumer({
    groupId: `soak-memory-group-${id}`,
    autoOffsetReset: 'earliest',
    prefetchBytesPerPartition: PREFETCH,
  });
  consumer.subscribe([topic]);
  let consumed = 0;
  let lastLog = Date.now();
  let lastProgress = Date.now();
  const stall = new AbortController();
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > STALL_MS)
      stall.abort(new Error(`nothing consumed for ${STALL_MS / 1000} s`));
  }, 1000);
  const consuming = (async () => {
    for await (const batch of consumer.batches({ signal: stall.signal })) {
      consumed += batch.count;
      lastProgress = Date.now();
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        const last = samples.at(-1)!;
        logLine(
          `${variant}: ${consumed} of ${records} consumed, rss ${mb(last.rss)} MB, arrayBuffers ${mb(last.arrayBuffers)} MB`,
        );
      }
      if (consumed >= records) break;
    }
  })();
  const inFlight = new Set<Promise<unknown>>();
  for (let sent = 0; sent < records; sent += RECORDS_PER_SEND) {
    const n = Math.min(RECORDS_PER_SEND, records - sent);
    const p = producer.sendBatch(
      Array.from({ length: n }, (_, i) => ({ topic, value: value(variant, sent + i) })),
    );
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
    if (inFlight.size >= SENDS_IN_FLIGHT) await Promise.race(inFlight);
    while (sent - consumed > MAX_AHEAD && !stall.signal.aborted) await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(inFlight);
  await producer.close();
  const stalled = await consuming.then(
    () => undefined,
    (error: Error) => error.message,
  );
  clearInterval(watchdog);
  clearInterval(timer);
  sample();
  await consumer.close();

  const half = samples.filter((s) => s.second >= samples.at(-1)!.second / 2);
  const summary: Record<string, unknown> = {
    variant,
    records,
    consumed,
    // Positions reset because retention passed them: records skipped (must be 0).
    outOfRangeResets: consumer.stats.outOfRangeResets,
    ...(stalled !== undefined ? { stalled } : {}),
    seconds: samples.at(-1)!.second,
    csv,
  };
  for (const c of COLUMNS) {
    const perSecond = slope(
      half.map((s) => s.second),
      half.map((s) => s[c]),
    );
    summary[c] = {
      peakMB: mb(Math.max(...samples.map((s) => s[c]))),
      finalMB: mb(samples.at(-1)![c]),
      secondHalfSlopeMBPerMinute: Math.round(((perSecond * 60) / 1024 ** 2) * 100) / 100,
    };
  }
  // What the clients may hold by their bounds: the producer's bufferMemory (its batches are
  // charged their buffers, at most one batch's growth, maxRequestSize, beyond), a quarter of it
  // more for the buffers it keeps for reuse, and the compressed copies of the requests in
  // flight (maxInFlightPerBroker requests of at most maxRequestSize to each of the 3 brokers;
  // uncompressed batches are sent from their own buffers); per partition the prefetch bound,
  // one fetch past it (maxPartitionBytes, default 1 MiB) and one chunk handed out (the prefetch
  // bound plus one batch, decoded); and the 64 MiB pool of random values, allocated in both
  // variants. Sampled without `--expose-gc`, arrayBuffers also counts garbage not yet collected
  // and runs above this.
  summary.sampledAfterFullGc = collect !== undefined;
  summary.boundMB = mb(
    1.25 * BUFFER_MEMORY +
      MiB +
      (variant === 'lz4' ? 3 * 5 * MiB : 0) +
      PARTITIONS * (PREFETCH + 1024 * 1024 + PREFETCH + 1024 * 1024) +
      randomPool.length,
  );
  const rssGrowth =
    slope(
      half.map((s) => s.second),
      half.map((s) => s.rss),
    ) *
    (half.at(-1)!.second - half[0]!.second);
  const ok =
    consumed >= records &&
    stalled === undefined &&
    consumer.stats.outOfRangeResets === 0 &&
    rssGrowth < FLAT_MB * 1024 ** 2;
  return { ok, summary };
}

await withSoakCluster('soak-memory', async (_cluster, kafka) => {
  let ok = true;
  for (const variant of variants) {
    logLine(`${variant}: streaming ${gigabytes} GB (${records} records of ${VALUE_BYTES} B)`);
    const result = await stream(kafka, variant);
    console.log(JSON.stringify(result.summary, null, 2));
    ok &&= result.ok;
  }
  return ok;
});
