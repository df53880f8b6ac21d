/**
 * The cases of a run and how big each run is. `--quick` is a smoke run of a few minutes (a CI
 * budget); the default is the full matrix of issues 5 and 6, about 25 minutes (producer) and 12 (consumer) on two cores.
 */
import type { Compression } from './adapter.js';

/** One row group of the table: a record size, acks and codec, on one or three brokers. */
export interface BenchCase {
  id: string;
  role: 'producer' | 'consumer';
  recordSize: number;
  acks: 1 | 'all';
  compression: Compression;
  /** acks=all runs on the 3-broker cluster (replication 3, `min.insync.replicas` 2). */
  brokers: 1 | 3;
}

/** How much work each run does. */
export interface RunSizes {
  /** Throughput runs per client and case (fresh process each); the median is reported. */
  runs: number;
  /**
   * Latency runs per client and case (in the last rounds, when the brokers are warm). One is
   * enough: its percentiles come from thousands of timed records, and each costs a fixed
   * number of seconds, which would dominate the run time.
   */
  latencyRuns: number;
  /** Records per throughput run, by record size. */
  records(recordSize: number): number;
  /** Fixed rate of the latency runs, records/s: well below every client's saturation. */
  rate: number;
  /** Seconds measured in a latency run. */
  latencySeconds: number;
  /** Seconds a consumer's end-to-end run allows for joining its group before measuring. */
  joinSeconds: number;
}

const sizeName = (n: number) => (n >= 1024 ? `${n / 1024}KB` : `${n}B`);

function makeCase(role: BenchCase['role'], recordSize: number, acks: 1 | 'all', compression: Compression) {
  const id =
    role === 'producer'
      ? `${sizeName(recordSize)} acks=${acks} ${compression}`
      : `${sizeName(recordSize)} ${compression}`;
  return { id, role, recordSize, acks, compression, brokers: acks === 'all' ? 3 : 1 } as BenchCase;
}

/** The cases for a role; `quick` keeps one case per dimension. */
export function casesFor(role: BenchCase['role'], quick: boolean): BenchCase[] {
  if (role === 'consumer') {
    if (quick) return [makeCase(role, 100, 1, 'none'), makeCase(role, 1024, 1, 'lz4')];
    return [100, 1024].flatMap((size) =>
      (['none', 'lz4', 'zstd'] as const).map((c) => makeCase(role, size, 1, c)),
    );
  }
  if (quick) {
    return [
      makeCase(role, 100, 1, 'none'),
      makeCase(role, 1024, 1, 'none'),
      makeCase(role, 100, 1, 'zstd'),
      makeCase(role, 1024, 'all', 'lz4'),
    ];
  }
  return ([1, 'all'] as const).flatMap((acks) =>
    [100, 1024].flatMap((size) =>
      (['none', 'lz4', 'zstd'] as const).map((c) => makeCase(role, size, acks, c)),
    ),
  );
}

/** Run sizes for `--quick` or the full run. */
export function runSizes(quick: boolean): RunSizes {
  return quick
    ? {
        runs: 1,
        latencyRuns: 1,
        records: (s) => (s >= 1024 ? 30_000 : 100_000),
        rate: 1000,
        latencySeconds: 3,
        joinSeconds: 5,
      }
    : {
        runs: 3,
        latencyRuns: 1,
        records: (s) => (s >= 1024 ? 100_000 : 500_000),
        rate: 2000,
        latencySeconds: 5,
        joinSeconds: 6,
      };
}

/**
 * The fixed rate of a producer latency run. acks=all on three brokers sharing two cores with the
 * client saturates at a lower rate for clients that send one request per record (no linger), and a
 * latency measured past saturation is queueing, not the client: so a quarter of the rate there.
 */
export function latencyRate(acks: 1 | 'all', sizes: RunSizes): number {
  return acks === 'all' ? sizes.rate / 4 : sizes.rate;
}
