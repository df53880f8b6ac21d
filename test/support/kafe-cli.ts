/**
 * Runs the `kafe` command line in tests: {@link runKafe} spawns it as a user would (a child
 * process of `src/cli/main.ts` under tsx), {@link runKafeHere} runs it in this process on
 * in-memory streams, for parsing and output checks without a process per case.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';

const root = resolve(import.meta.dirname, '../..');
const main = join(root, 'src', 'cli', 'main.ts');

/** What a run of `kafe` did. */
export interface KafeRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

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
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: root,
    env: options.env ?? cleanEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  child.stdin.end(options.input ?? '');
  const timeoutMs = options.timeoutMs ?? 90_000;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `kafe ${args.join(' ')} did not exit within ${timeoutMs} ms: ${Buffer.concat(err).toString()}`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        exitCode: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** Runs `kafe args...` in this process on in-memory streams. */
export async function runKafeHere(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {},
): Promise<KafeRun> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.isTTY ?? false });
  const stderr = new PassThrough();
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
