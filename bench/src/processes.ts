/**
 * Child processes of the runner: a fresh Node process per client run, and Kafka's tool classes
 * in their own JVM with their CPU time. Node cannot read a child's rusage, so the JVM runs under
 * `sh`, whose `times` builtin prints the CPU of its finished children (POSIX); the harness's
 * `runKafkaTool` cannot do that, hence {@link runJava}, a small twin of it.
 */
import { spawn } from 'node:child_process';

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
}

/** `0m1.960000s 0m0.140000s` (the children line of `times`) -> microseconds. */
function parseTimes(text: string): number {
  const lines = text.trim().split('\n');
  const children = lines[lines.length - 1] ?? '';
  let total = 0;
  for (const m of children.matchAll(/(\d+)m([\d.]+)s/g)) total += (Number(m[1]) * 60 + Number(m[2])) * 1e6;
  return total;
}

/** Runs `java <args>`; kills it after `timeoutMs`. */
export async function runJava(args: string[], timeoutMs: number): Promise<JavaRun> {
  const script = 'java "$@"; s=$?; echo "::times::" >&2; times >&2; exit $s';
  const run = await runProcess('sh', ['-c', script, 'sh', ...args], timeoutMs);
  const [before, times = ''] = run.stderr.split('::times::');
  return { exitCode: run.code ?? 1, stdout: run.stdout, stderr: before ?? '', cpuUs: parseTimes(times) };
}
