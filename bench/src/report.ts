/**
 * Writes a run's results: the raw JSON and a markdown table with each client's throughput as a
 * ratio to kafe's (or, while kafe has no row, to the fastest Node client's), headed by a
 * description of the machine and of every version involved.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { NodeRuntime } from '../../harness/node-runtime.js';
import type { CaseResult, ClientResult } from './run.js';
import { benchDir } from './setup.js';

/** The machine and the versions of everything measured. */
export interface Environment {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  java: string;
  kafka: string;
  peers: Record<string, string>;
  /** 1-minute load average before the run started: other work on the machine skews every figure. */
  loadAverage: number;
}

function packageVersion(name: string): string {
  try {
    const file = join(benchDir, 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Describes this machine; `kafka` is the broker release the run used, `node` ran the clients. */
export function describeEnvironment(kafka: string, loadAverage: number, node: NodeRuntime): Environment {
  // `java -version` prints to stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' }).stderr || 'java: unknown';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: `v${node.version}`,
    java: java.split('\n')[0] ?? java,
    kafka,
    loadAverage: Math.round(loadAverage * 10) / 10,
    peers: {
      kafkajs: packageVersion('kafkajs'),
      '@platformatic/kafka': packageVersion('@platformatic/kafka'),
      '@confluentinc/kafka-javascript': packageVersion('@confluentinc/kafka-javascript'),
    },
  };
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The reference row of a case: kafe, else the fastest Node client. */
function reference(clients: ClientResult[]): ClientResult | undefined {
  const ok = clients.filter((c) => c.throughput);
  return (
    ok.find((c) => c.client === 'kafe') ??
    ok.filter((c) => c.client !== 'java').sort((a, b) => b.throughput!.msgPerSec - a.throughput!.msgPerSec)[0]
  );
}

/** Renders the markdown report. */
export function markdown(role: string, env: Environment, cases: CaseResult[], note: string): string {
  const hasKafe = cases.some((c) => c.clients.some((r) => r.client === 'kafe' && r.throughput));
  const refName = hasKafe ? 'kafe' : 'fastest Node client';
  const latency = role === 'producer' ? 'send→ack' : 'end-to-end';
  const lines = [
    `## ${role} benchmark on Node ${env.node}`,
    '',
    `Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB; Node ${env.node}; ${env.java}; Kafka ${env.kafka}. ` +
      `Load average before the run: ${env.loadAverage} (near or above ${env.cores}: other work skewed the figures).`,
    `Peers: ${Object.entries(env.peers)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}. ${note}`,
    '',
    `| case | client | msg/s | MB/s | CPU µs/rec | ${latency} p50 ms | p99 ms | p99.9 ms | msg/s vs ${refName} |`,
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const c of cases) {
    const ref = reference(c.clients);
    for (const r of c.clients) {
      if (!r.throughput) {
        lines.push(`| ${c.case.id} | ${r.client} | failed: ${r.error ?? '?'} | | | | | | |`);
        continue;
      }
      const t = r.throughput;
      const ratio = ref?.throughput ? `${fmt(t.msgPerSec / ref.throughput.msgPerSec, 2)}×` : '—';
      const l = r.latencyMs;
      lines.push(
        `| ${c.case.id} | ${r.client} | ${fmt(t.msgPerSec)} | ${fmt(t.mbPerSec, 1)} | ${fmt(t.cpuUsPerRecord, 2)} | ` +
          `${fmt(l?.p50, 2)} | ${fmt(l?.p99, 2)} | ${role === 'producer' ? fmt(l?.p999, 2) : '—'} | ${ratio} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `<stamp>-<role>.json` and `.md` under `bench/results/`; returns the markdown path. */
export async function writeResults(
  role: string,
  env: Environment,
  cases: CaseResult[],
  options: unknown,
  note: string,
) {
  const dir = join(benchDir, 'results');
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = join(dir, `${stamp}-${role}`);
  await writeFile(`${base}.json`, `${JSON.stringify({ role, env, options, cases }, null, 2)}\n`);
  await writeFile(`${base}.md`, markdown(role, env, cases, note));
  return `${base}.md`;
}
