/**
 * Child processes of the runner: a fresh Node process per client run, and Kafka's tool classes
 * in their own JVM with their CPU time. Node cannot read a child's rusage, so the JVM runs under
 * `sh`, whose `times` builtin prints the CPU of its finished children (POSIX); the harness's
 * `runKafkaTool` cannot do that, hence {@link runJava}, a small twin of it. The JVM's peak RSS
 * comes from GNU `time -f %M` (also its rusage) when /usr/bin/time is there.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeRuntime } from '../../harness/node-runtime.js';
import { benchDir } from './setup.js';
import type { ChildTask, Measurement } from './task.js';

/** What a process printed and how it ended (`code` null when killed at its time limit). */
export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command args`, collecting its output; SIGKILL after `timeoutMs`. */
export function runProcess(command: string, args: string[], timeoutMs: number): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A JVM run: its output, exit code and CPU (user + system). */
export interface JavaRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  cpuUs: number;
  /** Peak resident set size, MB (absent without GNU time). */
  peakRssMB?: number;
}

/** `0m1.960000s 0m0.140000s` (the children line of `times`) -> microseconds. */
function parseTimes(text: string): number {
  const lines = text.trim().split('\n');
  const children = lines[lines.length - 1] ?? '';
  let total = 0;
  for (const m of children.matchAll(/(\d+)m([\d.]+)s/g)) total += (Number(m[1]) * 60 + Number(m[2])) * 1e6;
  return total;
}

const gnuTime = '/usr/bin/time';

/** Runs `java <args>`; kills it after `timeoutMs`. */
export async function runJava(args: string[], timeoutMs: number): Promise<JavaRun> {
  const java = existsSync(gnuTime) ? `${gnuTime} -f "::rss::%M" java` : 'java';
  const script = `${java} "$@"; s=$?; echo "::times::" >&2; times >&2; exit $s`;
  const run = await runProcess('sh', ['-c', script, 'sh', ...args], timeoutMs);
  const [before = '', times = ''] = run.stderr.split('::times::');
  const rss = /::rss::(\d+)/.exec(before);
  return {
    exitCode: run.code ?? 1,
    stdout: run.stdout,
    stderr: before.replace(/::rss::\d+\n?/, ''),
    cpuUs: parseTimes(times),
    // %M is in KiB.
    ...(rss ? { peakRssMB: (Number(rss[1]) * 1024) / 1e6 } : {}),
  };
}

/**
 * How long a run may take before it is killed and reported as timed out: a minute of slack plus
 * its records at 1000/s (any client does more), or at the fixed rate of a paced run.
 */
export function timeoutFor(task: ChildTask): number {
  const perSecond = task.mode === 'throughput' ? 1000 : task.rate;
  return 60_000 + ((task.records + task.warmup) / perSecond) * 1000;
}

/** Runs one task in a fresh process of `node` (`child.ts`) and returns its `RESULT` line. */
export async function runChild(node: NodeRuntime, task: ChildTask): Promise<Measurement> {
  const child = join(benchDir, 'src/child.ts');
  const run = await runProcess(node.path, ['--import', 'tsx', child, JSON.stringify(task)], timeoutFor(task));
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (run.code === 0 && line) return JSON.parse(line.slice(7)) as Measurement;
  const lines = run.stderr.split('\n');
  const first =
    lines.find((l) => l.startsWith('ERROR '))?.slice(6) ?? lines.find((l) => /error/i.test(l)) ?? lines[0];
  throw new Error(run.code === null ? 'timed out' : (first ?? `exit ${run.code}`).trim());
}
