/**
 * The cases of a run and how big each run is. `--quick` is a smoke run (fewer cases, one short
 * measured run each); the default is the full matrix of issue 11. Every case runs twice: with
 * each client at its defaults and tuned for throughput as its documentation recommends
 * (`tuning.ts`), the two tables of the report.
 */
import type { Compression } from './adapter.js';
import type { PayloadKind } from './payload.js';

/** Each client at its defaults, or tuned for throughput as its own documentation says. */
export type Tuning = 'defaults' | 'tuned';

/** One row group of the table: a record size, acks, codec and payload, on one or three brokers. */
export interface BenchCase {
  id: string;
  role: 'producer' | 'consumer';
  recordSize: number;
  acks: 1 | 'all';
  compression: Compression;
  /** The values sent (`payload.ts`): compressible text or random bytes. */
  payload: PayloadKind;
  tuning: Tuning;
  /** acks=all runs on the 3-broker cluster (replication 3, `min.insync.replicas` 2). */
  brokers: 1 | 3;
  /** Topics the records spread over (round the list), and partitions of each. */
  topics: number;
  partitions: number;
  /** Producers in the one client process (each its own instance, calls spread over them). */
  producers: number;
}

/** A scaling case's shape (issue 11): many topics and partitions, or many producers. */
export interface CaseShape {
  topics?: number;
  partitions?: number;
  producers?: number;
}

/** How much work each run does. */
export interface RunSizes {
  /** Measured throughput runs per client and case (fresh process each); the median is reported. */
  runs: number;
  /**
   * Latency runs per client and case (in the last rounds, when the brokers are warm; defaults
   * table only). One is enough: its percentiles come from thousands of timed records.
   */
  latencyRuns: number;
  /**
   * Records of a client's pilot run on a case (not reported): its rate sizes the measured runs,
   * so that each lasts {@link RunSizes.seconds} whatever the client's speed.
   */
  pilotRecords(recordSize: number): number;
  /** Seconds a measured throughput run lasts (at the pilot's rate). */
  seconds: number;
  /** Most records a measured run may send (a pilot slowed by the machine must not ask for hours). */
  maxRecords: number;
  /**
   * Most bytes of values a measured run may send or read: a 500-record pilot of 100 KB values
   * that one client read in 0.003 s sized a consumer topic of 175 GB and filled the disk.
   */
  maxBytes: number;
  /** Fixed rate of the latency runs, records/s: well below every client's saturation. */
  rate: number;
  /** Seconds measured in a latency run. */
  latencySeconds: number;
  /** Seconds a consumer's end-to-end run allows for joining its group before measuring. */
  joinSeconds: number;
  /** Records of one warm-up round (Kafka's tools, 100 B), and the most rounds before measuring anyway. */
  warmRecords: number;
  warmRounds: number;
}

/** 1KB is 1024 B (the classic cases); the scaling cases' 100KB and 1MB are decimal. */
function sizeName(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}MB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}KB`;
  if (n >= 1000 && n % 1000 === 0) return `${n / 1000}KB`;
  return `${n}B`;
}

/** Compressed cases send compressible text (a codec's point); uncompressed ones random bytes. */
const defaultPayload = (compression: Compression): PayloadKind =>
  compression === 'none' ? 'random' : 'text';

/** Builds a case; its id names what it measures (tuning is the table, not the id). */
export function makeCase(
  role: BenchCase['role'],
  recordSize: number,
  acks: 1 | 'all',
  compression: Compression,
  tuning: Tuning,
  payload: PayloadKind = defaultPayload(compression),
  shape: CaseShape = {},
): BenchCase {
  const { topics = 1, partitions = 3, producers = 1 } = shape;
  const what = role === 'producer' ? `acks=${acks} ${compression}` : compression;
  const spread = topics > 1 ? ` ${topics} topics×${partitions}p` : '';
  const many = producers > 1 ? ` ${producers} producers` : '';
  const id = `${sizeName(recordSize)} ${what} ${payload}${spread}${many}`;
  const brokers = acks === 'all' ? 3 : 1;
  return { id, role, recordSize, acks, compression, payload, tuning, brokers, topics, partitions, producers };
}

/**
 * The scaling cases (defaults table only): 1,000 partitions over 10 topics, 100 KB and 1 MB
 * records, and (producer) 10 producers in one process; CPU per record and peak RSS tell most.
 */
export function scalingCases(role: BenchCase['role'], payload?: PayloadKind): BenchCase[] {
  const one = (size: number, shape: CaseShape = {}) =>
    makeCase(role, size, 1, 'none', 'defaults', payload, shape);
  const cases = [one(1024, { topics: 10, partitions: 100 }), one(100_000), one(1_000_000)];
  return role === 'producer' ? [...cases, one(100, { producers: 10 })] : cases;
}

/** What a case list is built from. */
export interface CaseChoice {
  quick: boolean;
  /** Only these tunings (default both). */
  tunings?: readonly Tuning[];
  /** Every case sends this payload instead of its default. */
  payload?: PayloadKind;
}

/**
 * The cases for a role, defaults first, then the scaling cases; `quick` keeps one case per
 * dimension of the classic matrix (and every scaling case: filter them with `--cases`).
 */
export function casesFor(role: BenchCase['role'], choice: CaseChoice): BenchCase[] {
  const shapes: [number, 1 | 'all', Compression][] =
    role === 'consumer'
      ? choice.quick
        ? [
            [100, 1, 'none'],
            [1024, 1, 'lz4'],
          ]
        : [100, 1024].flatMap((size) =>
            (['none', 'lz4', 'zstd'] as const).map((c) => [size, 1, c] as [number, 1, Compression]),
          )
      : choice.quick
        ? [
            [100, 1, 'none'],
            [1024, 1, 'none'],
            [100, 1, 'zstd'],
            [1024, 'all', 'lz4'],
          ]
        : ([1, 'all'] as const).flatMap((acks) =>
            [100, 1024].flatMap((size) =>
              (['none', 'lz4', 'zstd'] as const).map(
                (c) => [size, acks, c] as [number, 1 | 'all', Compression],
              ),
            ),
          );
  const tunings = choice.tunings ?? ['defaults', 'tuned'];
  const scaling = tunings.includes('defaults') ? scalingCases(role, choice.payload) : [];
  return [
    ...tunings.flatMap((tuning) =>
      shapes.map(([size, acks, compression]) =>
        makeCase(role, size, acks, compression, tuning, choice.payload),
      ),
    ),
    ...scaling,
  ];
}

/**
 * The transactional produce cases (`npm run bench -- txn`, issue 12): acks=all on three brokers,
 * defaults table only; the clients are `kafe-txn`, `kafkajs-txn` and `java-txn`.
 */
export function txnCases(quick: boolean, payload?: PayloadKind): BenchCase[] {
  const one = (size: number, compression: Compression) =>
    makeCase('producer', size, 'all', compression, 'defaults', payload);
  return quick ? [one(1024, 'none')] : [one(100, 'none'), one(1024, 'none'), one(1024, 'lz4')];
}

/** Run sizes for `--quick` or the full run. */
export function runSizes(quick: boolean): RunSizes {
  const pilot = (quick: boolean) => (s: number) => {
    const bytes = quick ? 5_000_000 : 50_000_000;
    return Math.max(100, Math.min(quick ? 50_000 : 500_000, Math.round(bytes / s)));
  };
  return quick
    ? {
        runs: 1,
        latencyRuns: 1,
        pilotRecords: pilot(true),
        seconds: 2,
        maxRecords: 5_000_000,
        maxBytes: 500_000_000,
        rate: 1000,
        latencySeconds: 3,
        joinSeconds: 5,
        warmRecords: 100_000,
        warmRounds: 4,
      }
    : {
        runs: 3,
        latencyRuns: 1,
        pilotRecords: pilot(false),
        seconds: 6,
        maxRecords: 30_000_000,
        maxBytes: 3_000_000_000,
        rate: 2000,
        latencySeconds: 5,
        joinSeconds: 6,
        warmRecords: 500_000,
        warmRounds: 10,
      };
}

/**
 * Whether a case has latency runs: the defaults table's, except the large-record cases (at the
 * fixed rate, 1 MB records would be a gigabyte a second, far past saturation: those cases are
 * about throughput, CPU and memory).
 */
export function hasLatencyRuns(c: BenchCase): boolean {
  return c.tuning === 'defaults' && c.recordSize < 100_000;
}

/**
 * The fixed rate of a producer latency run. acks=all on three brokers sharing two cores with the
 * client saturates at a lower rate for clients that send one request per record (no linger), and a
 * latency measured past saturation is queueing, not the client: so a quarter of the rate there.
 */
export function latencyRate(acks: 1 | 'all', sizes: RunSizes): number {
  return acks === 'all' ? sizes.rate / 4 : sizes.rate;
}

/**
 * Values per `send` call of a throughput run: 500 for small records, fewer for large ones (at
 * most ~1 MB per call), so a 1 MB case does not hold half a gigabyte per call in flight.
 */
export function batchFor(recordSize: number): number {
  return Math.max(1, Math.min(500, Math.floor(2 ** 20 / recordSize)));
}
