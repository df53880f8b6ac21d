/**
 * Runs KafkaJS 2.2.4's own spec files (Jest specs, in the reference folder
 * `shared/peers/kafkajs/src/`, never copied into the project) against kafe/kafkajs, on
 * `node:test` with Jest's `expect` and `jest-mock` (test/kafkajs-specs/jest-globals.ts) and
 * kafe/kafkajs in place of KafkaJS's modules and `testHelpers` (test/kafkajs-specs/). Prints
 * each file's counts, then every failure grouped by its reason, then the totals.
 *
 *   tsx scripts/kafkajs-specs.ts [--brokers host:port] [--jobs N] [part-of-a-path...]
 *
 * `--jobs` files run at once (default 4: most of a spec's time is spent waiting for the broker or
 * for a Jest timeout, not computing); each file gets a process of its own, its own topics and groups.
 * Without `--brokers` it starts a one-broker Kafka 4.x with the harness and stops it at the end.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KafkaCluster } from '../harness/cluster.js';
import { kafkajsReference } from '../test/support/kafkajs-reference.js';

const root = join(import.meta.dirname, '..');
/** A spec file's bound: its tests have Jest timeouts of their own, this stops a file that hangs. */
const FILE_TIMEOUT_MS = 300_000;

interface Result {
  file: string;
  name: string;
  suites: string[];
  outcome: 'passed' | 'failed' | 'skipped';
  error?: string;
}

/** The spec files under KafkaJS's `src/`, those whose path contains one of `filters` if given. */
function specFiles(filters: readonly string[]): string[] {
  const sources = join(kafkajsReference(), 'src');
  return readdirSync(sources, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.spec.js'))
    .filter((f) => filters.length === 0 || filters.some((p) => f.includes(p)))
    .sort()
    .map((f) => join(sources, f));
}

/** Runs one spec file in a fresh Node process; its results, or one failure saying why none came. */
function runFile(file: string, brokers: string): Promise<Result[]> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        join(root, 'test/kafkajs-specs/jest-globals.ts'),
        '--test',
        `--test-reporter=${join(root, 'test/kafkajs-specs/reporter.mjs')}`,
        file,
      ],
      {
        cwd: root,
        env: { ...process.env, KAFKAJS_SPEC_BROKERS: brokers },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group: a file that hangs is killed with the process node:test runs it in.
        detached: true,
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, FILE_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      const name = relative(kafkajsReference(), file);
      // A file that fails as a whole (a require at its top) reports "test failed"; why is on stderr.
      const fileError = `${err}\n${out}`
        .split('\n')
        .map((l) => l.replace(/^#\s*/, '').trim())
        .find((l) => /^\w*Error: /.test(l));
      const results = out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => ({ file: name, ...(JSON.parse(l) as Omit<Result, 'file'>) }))
        .map((r) => (r.error === 'test failed' && fileError !== undefined ? { ...r, error: fileError } : r));
      if (timedOut || results.length === 0)
        results.push({
          file: name,
          name: '(file)',
          suites: [],
          outcome: 'failed',
          error: timedOut
            ? `the file did not finish within ${FILE_TIMEOUT_MS / 1000} s`
            : (err.split('\n').find((l) => /Error|error/.test(l)) ?? 'no test ran'),
        });
      done(results);
    });
  });
}

const args = process.argv.slice(2);
/** The value of `--name value` in the arguments (removed from them), if given. */
function option(name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : undefined;
}
const given = option('--brokers');
const jobs = Number(option('--jobs') ?? 4);
let cluster: KafkaCluster | undefined;
try {
  if (given === undefined) cluster = await KafkaCluster.start({ name: 'kafkajs-specs', brokers: 1 });
  const brokers = given ?? (cluster as KafkaCluster).bootstrap;
  const all: Result[] = [];
  const queue = specFiles(args);
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const results = await runFile(file, brokers);
      all.push(...results);
      const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
      console.log(
        `${relative(kafkajsReference(), file)}: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  const failures = all.filter((r) => r.outcome === 'failed');
  const byReason = new Map<string, Result[]>();
  for (const f of failures) byReason.set(f.error ?? '?', [...(byReason.get(f.error ?? '?') ?? []), f]);
  console.log('\nFailures by reason:');
  for (const [reason, list] of [...byReason].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n${list.length} x ${reason}`);
    for (const f of list) console.log(`  - ${f.file}: ${[...f.suites, f.name].join(' > ')}`);
  }
  const count = (o: Result['outcome']) => all.filter((r) => r.outcome === o).length;
  console.log(
    `\n${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped (${all.length} tests)`,
  );
} finally {
  await cluster?.stop();
}
