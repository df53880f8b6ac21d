/**
 * kcat (formerly kafkacat), librdkafka's command-line producer and consumer, for the tests that
 * compare the `kafe` CLI with it. Provided the way bench/src/setup.ts provides librdkafka: found
 * on PATH, else installed with Debian's `apt-get install kcat` when this is Debian and we are
 * root; on any other machine it is absent and {@link kcatMissingReason} says why (the kcat tests
 * skip, as test/expected-skips.ts accepts only there).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type ProcessRun, runProcess } from './process-run.js';

/** The kcat executable on PATH (`kcat`, or the older name `kafkacat`), if any. */
export function kcatOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of ['kcat', 'kafkacat']) {
      const file = join(dir, name);
      if (dir !== '' && existsSync(file)) return file;
    }
  return undefined;
}

/** Why kcat cannot be had on this machine, or undefined when it is on PATH or can be installed. */
export function kcatMissingReason(): string | undefined {
  if (kcatOnPath() !== undefined) return undefined;
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0)
    return 'kcat is not on PATH and this machine has no apt-get to install it';
  if (process.getuid?.() !== 0)
    return 'kcat is not on PATH and installing it needs root (apt-get install kcat)';
  return undefined;
}

let installing: Promise<string | undefined> | undefined;

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    // apt-get prints its progress; a test's output is no place for it.
    const child = spawn(command, args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.once('error', () => resolve(-1));
    child.once('close', (code) => resolve(code ?? -1));
  });
}

async function install(): Promise<string | undefined> {
  if (kcatMissingReason() !== undefined) return undefined;
  // An apt cache that has never been updated does not know the package yet.
  if ((await run('apt-cache', ['show', 'kcat'])) !== 0) await run('apt-get', ['update']);
  await run('apt-get', ['install', '-y', '--no-install-recommends', 'kcat']);
  return kcatOnPath();
}

/**
 * The kcat executable: from PATH, or installed once (per process) with apt-get. Resolves with
 * undefined when it cannot be had; the caller then says why with {@link kcatMissingReason}.
 */
export function ensureKcat(): Promise<string | undefined> {
  const found = kcatOnPath();
  if (found !== undefined) return Promise.resolve(found);
  installing ??= install();
  return installing;
}

/**
 * Runs `kcat args...` with `input` on its standard input; killed (and rejected) after
 * `timeoutMs` (default 60 s), so a kcat that never reaches the end of a partition cannot hang a test.
 */
export function runKcat(
  kcat: string,
  args: readonly string[],
  options: { input?: string; timeoutMs?: number } = {},
): Promise<ProcessRun> {
  return runProcess(kcat, args, options);
}
