/**
 * Finding and ending the JVMs the harness started. Each broker JVM carries a marker system
 * property `-Dkafe.cluster=<name>` so leftovers of a crashed run can be found in `/proc` even
 * when the state file is gone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The JVM option that marks a broker of the named cluster. */
export function clusterMarker(name: string): string {
  return `-Dkafe.cluster=${name}`;
}

/** Whether a process with this pid exists (and is not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Pids of harness JVMs, of one cluster (`name`) or of any (`null`). */
export function findHarnessJvms(name: string | null): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const marked =
      name === null ? args.some((a) => a.startsWith('-Dkafe.cluster=')) : args.includes(clusterMarker(name));
    if (marked && isAlive(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}

/**
 * Sends `signal`, then waits up to `graceMs` for the process to exit, and kills it with SIGKILL
 * if it has not: a broker stuck in shutdown must not outlive `stop`.
 */
export async function endProcess(
  pid: number,
  signal: 'SIGTERM' | 'SIGKILL',
  graceMs = 30_000,
): Promise<void> {
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await sleep(100);
  }
}

/**
 * Names of the clusters whose harness JVMs are running, read from their markers: lets a test
 * run find clusters that an earlier, killed run left behind.
 */
export function runningClusterNames(): string[] {
  const names = new Set<string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const marker = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .find((a) => a.startsWith('-Dkafe.cluster='));
      if (marker && isAlive(Number(entry))) names.add(marker.slice('-Dkafe.cluster='.length));
    } catch {
      // The process ended while we looked.
    }
  }
  return [...names];
}
