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
    ok.find((c) => c.client === 'kafe' || c.client === 'kafe-txn') ??
    ok
      .filter((c) => !c.client.startsWith('java'))
      .sort((a, b) => b.throughput!.msgPerSec - a.throughput!.msgPerSec)[0]
  );
}

const TABLES = [
  ['defaults', 'each client at its defaults'],
  [
    'tuned',
    "each client tuned for throughput as its own documentation recommends (bench/README.md, 'Tuning')",
  ],
] as const;

/** `median (min–max)`, with ⚠ when the runs spread more than 10 % of the median. */
function msgPerSecCell(r: ClientResult): string {
  const s = r.msgPerSec;
  if (!s) return fmt(r.throughput?.msgPerSec);
  if (r.runs.length < 2) return fmt(s.median);
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)}${s.flagged ? ` ⚠ ${fmt(s.relative * 100)} %` : ''})`;
}

function table(role: string, cases: CaseResult[], refName: string, withLatency: boolean): string[] {
  const latency = role === 'consumer' ? 'end-to-end' : 'send→ack';
  const lines = [
    `| case | client | msg/s median (min–max) | MB/s | shortest run s | CPU µs/rec | peak RSS MB |${withLatency ? ` ${latency} p50 ms | p99 ms | p99.9 ms |` : ''} msg/s vs ${refName} |`,
    `|---|---|--:|--:|--:|--:|--:|${withLatency ? '--:|--:|--:|' : ''}--:|`,
  ];
  for (const c of cases) {
    const ref = reference(c.clients);
    for (const r of c.clients) {
      if (!r.throughput) {
        lines.push(
          `| ${c.case.id} | ${r.client} | failed: ${r.error ?? '?'} |${' |'.repeat(withLatency ? 8 : 5)}`,
        );
        continue;
      }
      const t = r.throughput;
      const ratio = ref?.throughput ? `${fmt(t.msgPerSec / ref.throughput.msgPerSec, 2)}×` : '—';
      const l = r.latencyMs;
      const latencyCells = withLatency
        ? ` ${fmt(l?.p50, 2)} | ${fmt(l?.p99, 2)} | ${role === 'consumer' ? '—' : fmt(l?.p999, 2)} |`
        : '';
      lines.push(
        `| ${c.case.id} | ${r.client} | ${msgPerSecCell(r)} | ${fmt(t.mbPerSec, 1)} | ${fmt(Math.min(...r.runs.map((m) => m.seconds)), 1)} | ` +
          `${fmt(t.cpuUsPerRecord, 2)} | ${fmt(t.peakRssMB)} |${latencyCells} ${ratio} |`,
      );
    }
  }
  return lines;
}

/** Renders the markdown report: one table per tuning that ran. */
export function markdown(role: string, env: Environment, cases: CaseResult[], note: string): string {
  const hasKafe = cases.some((c) =>
    c.clients.some((r) => (r.client === 'kafe' || r.client === 'kafe-txn') && r.throughput),
  );
  const refName = hasKafe ? 'kafe' : 'fastest Node client';
  const lines = [
    `## ${role} benchmark on Node ${env.node}`,
    '',
    `Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB} GiB; Node ${env.node}; ${env.java}; Kafka ${env.kafka}. ` +
      `Load average before the run: ${env.loadAverage} (near or above ${env.cores}: other work skewed the figures).`,
    `Peers: ${Object.entries(env.peers)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}. ${note}`,
  ];
  for (const [tuning, title] of TABLES) {
    const mine = cases.filter((c) => c.case.tuning === tuning);
    if (mine.length === 0) continue;
    // Latency columns where latency was measured (not in the tuned table, nor for `txn`).
    const withLatency = mine.some((c) => c.clients.some((r) => r.latencyMs));
    lines.push('', `### ${role}, ${title}`, '', ...table(role, mine, refName, withLatency));
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
  stamp: string = new Date().toISOString().replace(/[:.]/g, '-'),
) {
  const dir = join(benchDir, 'results');
  await mkdir(dir, { recursive: true });
  const base = join(dir, `${stamp}-${role}`);
  await writeFile(`${base}.json`, `${JSON.stringify({ role, env, options, cases }, null, 2)}\n`);
  await writeFile(`${base}.md`, markdown(role, env, cases, note));
  return `${base}.md`;
}
