/**
 * The Java client's `ProducerPerformance` (Kafka's tools jar), run by the parent process
 * rather than through `child.ts`. Its steady-state line (after `--warmup-records`) is used, and
 * its latencies are Java's own per-record callback timings (whole milliseconds). Its values are
 * the case's (`--payload-file`, the same generator as the Node clients'); idempotence is set
 * explicitly (on at acks=all, its default there, off at acks=1), and tuned adds Confluent's
 * throughput advice (`tuning.ts`).
 */

import { javaPayloadFile } from '../src/payload.js';
import type { JavaRun } from '../src/processes.js';
import type { ChildTask, Measurement } from '../src/task.js';
import { transactionMs } from '../src/timed-transactions.js';
import { TUNED_BATCH_BYTES, TUNED_LINGER_MS } from '../src/tuning.js';

/**
 * Transactions of the `java-txn` client: ProducerPerformance commits by time, not by count, after
 * `KAFE_BENCH_TXN_MS` (default 50 ms), as the Node transactional adapters do by default.
 */
export const JAVA_TRANSACTION_MS = transactionMs();

/** ProducerPerformance arguments for a task (paced at `task.rate` when `paced`; transactional when `txn`). */
export function javaProducerArgs(task: ChildTask, paced: boolean, txn = false): string[] {
  const transactions = txn
    ? ['--transactional-id', `${task.topic}-txn`, '--transaction-duration-ms', String(JAVA_TRANSACTION_MS)]
    : [];
  return [
    ...transactions,
    '--bootstrap-server',
    task.brokers.join(','),
    '--topic',
    task.topic,
    '--num-records',
    String(task.warmup + task.records),
    '--warmup-records',
    String(task.warmup),
    '--payload-file',
    javaPayloadFile(task.payload, task.recordSize),
    '--throughput',
    paced ? String(task.rate) : '-1',
    '--command-property',
    `acks=${task.acks}`,
    `compression.type=${task.compression}`,
    `enable.idempotence=${task.acks === 'all'}`,
    ...(task.tuned ? [`batch.size=${TUNED_BATCH_BYTES}`, `linger.ms=${TUNED_LINGER_MS}`] : []),
  ];
}

const SUMMARY =
  /(\d+) steady state records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), [\d.]+ ms avg latency, [\d.]+ ms max latency, (\d+) ms 50th, \d+ ms 95th, (\d+) ms 99th, (\d+) ms 99.9th/;

/** Reads the steady-state summary; CPU is the JVM's minus `baselineCpuUs` (start-up and exit). */
export function parseJavaProducer(run: JavaRun, baselineCpuUs: number): Measurement {
  const m = SUMMARY.exec(run.stdout);
  if (run.exitCode !== 0 || !m)
    throw new Error(`ProducerPerformance failed: ${(run.stderr || run.stdout).slice(-400)}`);
  const records = Number(m[1]);
  const msgPerSec = Number(m[2]);
  return {
    records,
    seconds: records / msgPerSec,
    msgPerSec,
    // ProducerPerformance's "MB" is MiB; report decimal MB like the Node runs.
    mbPerSec: (Number(m[3]) * 1024 * 1024) / 1e6,
    cpuUsPerRecord: Math.max(0, run.cpuUs - baselineCpuUs) / records,
    ...(run.peakRssMB === undefined ? {} : { peakRssMB: run.peakRssMB }),
    latencyMs: { p50: Number(m[4]), p99: Number(m[5]), p999: Number(m[6]) },
  };
}
