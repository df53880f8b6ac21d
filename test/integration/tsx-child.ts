/**
 * A TypeScript script of the integration tests run in a child process (`node --import tsx`),
 * for scenarios that kill a client with SIGKILL and count what it did.
 *
 * The child reports with {@link childLine}, which appends to a file synchronously: a line is in
 * the file when the call returns, so a SIGKILL a moment later cannot lose it. Not stdout: Node
 * writes to a pipe asynchronously, and what waits in the process's buffer dies with it (a killed
 * share member had acknowledged records whose lines never reached the test). The parent reads
 * the file as it grows and gives each line to `onLine`; `closed` resolves once the child ended
 * and every line it wrote was read.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';

/** The variable naming the child's line file. */
const LINES_ENV = 'KAFE_CHILD_LINES';
let linesFd: number | undefined;

/** In the child: reports one line to the parent, written before this returns. */
export function childLine(line: string): void {
  const path = process.env[LINES_ENV];
  if (path === undefined)
    throw new Error(`childLine: the script was not started by spawnTsxChild (${LINES_ENV} unset)`);
  linesFd ??= openSync(path, 'a');
  writeSync(linesFd, `${line}\n`);
}

/** A running child script. */
export interface TsxChild {
  readonly process: ChildProcess;
  /** Resolves once the child ended and each of its lines went to `onLine`. */
  readonly closed: Promise<void>;
}

/** Starts `script` with `args` (stdout and stderr inherited); each line it reports goes to `onLine`. */
export function spawnTsxChild(
  script: URL,
  args: readonly string[],
  onLine: (line: string) => void,
): TsxChild {
  const dir = mkdtempSync(join(tmpdir(), 'kafe-child-'));
  const path = join(dir, 'lines');
  closeSync(openSync(path, 'w'));
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script), ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, [LINES_ENV]: path },
  });
  const fd = openSync(path, 'r');
  const decoder = new StringDecoder('utf8');
  const chunk = Buffer.alloc(64 * 1024);
  let position = 0;
  let pending = '';
  const read = () => {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, position);
      if (n === 0) return;
      position += n;
      const lines = (pending + decoder.write(chunk.subarray(0, n))).split('\n');
      pending = lines.pop()!;
      for (const line of lines) onLine(line);
    }
  };
  const poll = setInterval(read, 50);
  const closed = new Promise<void>((resolve) => {
    const end = () => {
      clearInterval(poll);
      read();
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
      resolve();
    };
    child.once('close', end);
    child.once('error', end);
  });
  return { process: child, closed };
}
