/**
 * A TypeScript script of the integration tests run in a child process (`node --import tsx`),
 * for scenarios that kill a client with SIGKILL: each whole line it prints goes to `onLine`.
 * Wait for the child's 'close' event, not 'exit', before counting its lines: at 'exit' what it
 * printed last may still be in the pipe (Node's child_process docs).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts `script` with `args`; stderr is inherited, stdout is read line by line. */
export function spawnTsxChild(
  script: URL,
  args: readonly string[],
  onLine: (line: string) => void,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  child.stdout?.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  return child;
}
