/**
 * Runs a command to its end with its output collected: the way the harness and the tests run
 * the tools they compare with (kcat, the spawned `kafe`). The run is bounded: a child still
 * running after `timeoutMs` is killed and the promise rejects, saying what it printed on stderr.
 */
import { spawn } from 'node:child_process';

/** What a finished run did. */
export interface ProcessRun {
  /** The exit code; 128 when a signal ended it. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runProcess}. */
export interface ProcessRunOptions {
  /** Written to its standard input, which is then closed. */
  readonly input?: string | Buffer;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Killed (and rejected) after this long; default 60 s. */
  readonly timeoutMs?: number;
}

/** A started process: write to its `stdin` while it runs; `done` settles as {@link runProcess} does. */
export interface StartedProcess {
  readonly stdin: NodeJS.WritableStream;
  /** Sends it a signal (`SIGINT`: Ctrl-C). */
  kill(signal: NodeJS.Signals): void;
  readonly done: Promise<ProcessRun>;
}

/**
 * Spawns `command args...` with its standard input left open for the caller to write and end
 * (a `tail -f` feeding it); `done` resolves when it has exited and closed its output, or
 * rejects after `timeoutMs` (default 60 s), the child killed.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: Omit<ProcessRunOptions, 'input'> = {},
): StartedProcess {
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  // A child that exits without reading its input must not fail the run with EPIPE.
  child.stdin.on('error', () => {});
  const timeoutMs = options.timeoutMs ?? 60_000;
  const name = [command, ...args].join(' ');
  const done = new Promise<ProcessRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not exit within ${timeoutMs} ms: ${Buffer.concat(err).toString()}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
  return { stdin: child.stdin, kill: (signal) => child.kill(signal), done };
}

/** Spawns `command args...` with `input` on its standard input and resolves when it has exited. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessRunOptions = {},
): Promise<ProcessRun> {
  const { input, ...rest } = options;
  const started = startProcess(command, args, rest);
  started.stdin.end(input ?? '');
  return started.done;
}
