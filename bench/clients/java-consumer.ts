/**
 * The Java client's `ConsumerPerformance` (Kafka's tools jar), run by the parent process. Its
 * `fetch.*` columns exclude the group join, as the Node runs' clocks start at the first record.
 * It has no latency mode, so the Java row has no end-to-end latency. Tuned: `fetch.min.bytes`
 * (`tuning.ts`).
 */
import type { JavaRun } from '../src/processes.js';
import type { ChildTask, Measurement } from '../src/task.js';
import { TUNED_FETCH_MIN_BYTES } from '../src/tuning.js';

/** ConsumerPerformance arguments for a task. */
export function javaConsumerArgs(task: ChildTask): string[] {
  return [
    '--bootstrap-server',
    task.brokers.join(','),
    // Several topics: ConsumerPerformance subscribes by pattern (`--include`).
    ...(task.topics > 1 ? ['--include', `^${task.topic}-\\d+$`] : ['--topic', task.topic]),
    '--num-records',
    String(task.records),
    '--group',
    task.groupId,
    '--timeout',
    '60000',
    ...(task.tuned ? ['--command-property', `fetch.min.bytes=${TUNED_FETCH_MIN_BYTES}`] : []),
  ];
}

/** Reads the CSV line; CPU is the JVM's minus `baselineCpuUs` (start-up, join and exit). */
export function parseJavaConsumer(run: JavaRun, baselineCpuUs: number): Measurement {
  const lines = run.stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.startsWith('start.time'));
  const cols = (lines[header + 1] ?? '').split(',').map((c) => c.trim());
  const names = (lines[header] ?? '').split(',').map((c) => c.trim());
  const col = (name: string) => Number(cols[names.indexOf(name)]);
  const records = col('data.consumed.in.nMsg');
  if (run.exitCode !== 0 || header < 0 || !(records > 0)) {
    throw new Error(`ConsumerPerformance failed: ${(run.stderr || run.stdout).slice(-400)}`);
  }
  const seconds = col('fetch.time.ms') / 1000;
  return {
    records,
    seconds,
    msgPerSec: records / seconds,
    mbPerSec: (col('data.consumed.in.MB') * 1024 * 1024) / 1e6 / seconds,
    cpuUsPerRecord: Math.max(0, run.cpuUs - baselineCpuUs) / records,
    ...(run.peakRssMB === undefined ? {} : { peakRssMB: run.peakRssMB }),
  };
}
