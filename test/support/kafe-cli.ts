/**
 * Runs the `kafe` command line in tests: {@link runKafe} spawns it as a user would (a child
 * process of `src/cli/main.ts` under tsx), {@link runKafeHere} runs it in this process on
 * in-memory streams, for parsing and output checks without a process per case.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { type ProcessRun, runProcess, type StartedProcess, startProcess } from '../../harness/process-run.js';
import { runCli } from '../../src/cli/run-cli.js';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'src', 'cli', 'main.ts');

/** What a run of `kafe` did. */
export type KafeRun = ProcessRun;

/** An environment without the caller's KAFE_* settings and with an empty config folder. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('KAFE_') && !k.endsWith('COLOR')) env[k] = v;
  env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), 'kafe-cli-config-'));
  return { ...env, ...extra };
}

/**
 * Spawns `kafe args...` and resolves when it exits. `input` is written to its stdin (which is
 * then closed); `timeoutMs` bounds the run (the child is killed and the promise rejects).
 */
export function runKafe(
  args: readonly string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<KafeRun> {
  return runProcess(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: root,
    env: options.env ?? cleanEnv(),
    timeoutMs: options.timeoutMs ?? 90_000,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}

/** Spawns `kafe args...` with its stdin open for the test to write and end (a `tail -f` pipe). */
export function startKafe(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): StartedProcess {
  return startProcess(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: root,
    env: options.env ?? cleanEnv(),
    timeoutMs: options.timeoutMs ?? 90_000,
  });
}

/** Runs `kafe args...` in this process on in-memory streams. */
export async function runKafeHere(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; stderrIsTTY?: boolean } = {},
): Promise<KafeRun> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.isTTY ?? false });
  const stderr = Object.assign(new PassThrough(), { isTTY: options.stderrIsTTY ?? false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const exitCode = await runCli(args, {
    stdout,
    stderr,
    stdin: Readable.from([Buffer.from(options.input ?? '')]),
    env: options.env ?? cleanEnv(),
    signal: new AbortController().signal,
  });
  return {
    exitCode,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}
