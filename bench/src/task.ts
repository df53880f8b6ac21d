/**
 * What the runner asks one fresh client process to do, and what it reports back. Both sides
 * import these types; the task travels as JSON in argv and the result as one `RESULT {...}`
 * line on stdout.
 */
import type { Compression } from './adapter.js';
import type { PayloadKind } from './payload.js';

/** The Node clients with adapters in `bench/clients/`. */
export type NodeClient =
  | 'kafe'
  | 'kafe-send'
  | 'kafe-kafkajs'
  | 'kafe-txn'
  | 'kafkajs'
  | 'kafkajs-txn'
  | 'platformatic'
  | 'confluent';

/**
 * - `throughput`: send (or consume) `records` as fast as the client goes;
 * - `latency`: send one record per call at `rate` records/s and time each send to its ack;
 * - `feed`: like `latency` but every value carries its send time, for a consumer's latency run;
 * - `e2e`: consume a feed and time each record from its send time to its arrival.
 */
export type TaskMode = 'throughput' | 'latency' | 'feed' | 'e2e';

/** One client process's work. */
export interface ChildTask {
  client: NodeClient;
  role: 'producer' | 'consumer';
  mode: TaskMode;
  brokers: string[];
  /** The topic, or with `topics` > 1 the stem of `<topic>-0` ... (see {@link topicNames}). */
  topic: string;
  topics: number;
  /** Producer instances in the process (calls spread over them). */
  producers: number;
  recordSize: number;
  /** Records measured (after `warmup` more for producers). */
  records: number;
  warmup: number;
  acks: 1 | 'all';
  compression: Compression;
  /** The values (`payload.ts`), the same in every client's process. */
  payload: PayloadKind;
  /** The client's documented throughput settings (`tuning.ts`), else its defaults. */
  tuned: boolean;
  /** Records per `send` call in throughput mode. */
  batch: number;
  /** `send` calls awaited concurrently in throughput mode. */
  inFlight: number;
  /** Records per second in the paced modes. */
  rate: number;
  /**
   * A consumer's throughput run ends after this many seconds from its first record even short of
   * `records`, and reports what it read: a pilot that overstated a client's rate (one that
   * delivered a prefetched burst in 0.1 s, then ran at a tenth of that) cost a two-minute run.
   */
  maxSeconds: number;
  groupId: string;
}

/** Latency percentiles in milliseconds. */
export interface Percentiles {
  p50: number;
  p99: number;
  p999: number;
}

/** What one run measured. */
export interface Measurement {
  records: number;
  seconds: number;
  msgPerSec: number;
  mbPerSec: number;
  /** Client CPU (user + system) per record, in microseconds. */
  cpuUsPerRecord: number;
  /** The client process's peak resident set size, MB (decimal). */
  peakRssMB?: number;
  latencyMs?: Percentiles;
}

/** Percentiles of `samples` (milliseconds), nearest-rank. */
export function percentiles(samples: Float64Array): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), p999: at(0.999) };
}

/** Builds a measurement from a count, bytes, a wall time and a CPU time. */
export function measurement(records: number, bytes: number, ms: number, cpuUs: number): Measurement {
  const seconds = ms / 1000;
  return {
    records,
    seconds,
    msgPerSec: records / seconds,
    mbPerSec: bytes / seconds / 1e6,
    cpuUsPerRecord: cpuUs / records,
    // maxRSS is in KiB (getrusage's ru_maxrss).
    peakRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6,
  };
}

/** The topics of a task: `topic` alone, or `<topic>-0` ... `<topic>-<topics - 1>`. */
export function topicNames(task: Pick<ChildTask, 'topic' | 'topics'>): string[] {
  return task.topics <= 1
    ? [task.topic]
    : Array.from({ length: task.topics }, (_, i) => `${task.topic}-${i}`);
}
