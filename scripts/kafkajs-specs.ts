/**
 * Runs KafkaJS 2.2.4's own spec files (Jest specs, in the reference folder
 * `shared/peers/kafkajs/src/`, never copied into the project) against kafe/kafkajs, on
 * `node:test` with Jest's `expect` and `jest-mock` (test/kafkajs-specs/jest-globals.ts) and
 * kafe/kafkajs in place of KafkaJS's modules and `testHelpers` (test/kafkajs-specs/). Prints
 * each file's counts, then the failures: those `kafkajs-specs-known.ts` explains (grouped by its
 * reason) and those it does not (with their errors), then the totals. Exits 1 when a failure is
 * unexplained, and names the listed failures that passed (the list is to be trimmed then).
 *
 *   tsx scripts/kafkajs-specs.ts [--brokers host:port] [--jobs N] [part-of-a-path...]
 *
 * `--jobs` files run at once (default 4: most of a spec's time is spent waiting for the broker or
 * for a Jest timeout, not computing); each file gets a process of its own, its own topics and groups,
 * and is ended once its tests are (`--test-force-exit`, as Jest ends its workers: a spec that
 * leaves a client open does not hold its file up).
 * Without `--brokers` it starts a one-broker Kafka 4.x with the harness and stops it at the end.
 * `FULL_ERRORS=1` prints each failure's whole error message instead of its first line.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { KafkaCluster } from '../harness/cluster.js';
import { kafkajsReference } from '../test/support/kafkajs-reference.js';
import { type KnownFailure, knownFailures, REASONS } from './kafkajs-specs-known.js';

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
        '--test-force-exit',
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
  report(all);
} finally {
  await cluster?.stop();
}

/** A result's full name: its suites and its own, as `kafkajs-specs-known.ts` names tests. */
function fullName(r: Result): string {
  return [...r.suites, r.name].join(' > ');
}

/** The entry that explains a failure: for its test, or for its whole file. */
function explanation(r: Result): KnownFailure | undefined {
  return knownFailures.find((k) => k.file === r.file && (k.test === undefined || k.test === fullName(r)));
}

/** Prints the failures, explained (by reason) and not, the listed tests that passed, the totals. */
function report(all: Result[]): void {
  const failures = all.filter((r) => r.outcome === 'failed');
  const unexplained = failures.filter((r) => explanation(r) === undefined);
  for (const reason of Object.keys(REASONS) as (keyof typeof REASONS)[]) {
    const list = failures.filter((r) => explanation(r)?.reason === reason);
    if (list.length === 0) continue;
    console.log(`\n${list.length} failing, ${REASONS[reason]}:`);
    for (const f of list) console.log(`  - ${f.file}: ${fullName(f)}\n      ${explanation(f)?.why}`);
  }
  if (unexplained.length > 0) {
    console.log(`\n${unexplained.length} failing, NOT EXPLAINED by scripts/kafkajs-specs-known.ts:`);
    for (const f of unexplained) console.log(`  - ${f.file}: ${fullName(f)}\n      ${f.error ?? '?'}`);
  }
  const listedPassing = all.filter(
    (r) => r.outcome === 'passed' && explanation(r)?.test !== undefined && explanation(r)?.reason !== 'flaky',
  );
  if (listedPassing.length > 0) {
    console.log('\nListed as failing but passed (remove them from the list):');
    for (const r of listedPassing) console.log(`  - ${r.file}: ${fullName(r)}`);
  }
  const count = (o: Result['outcome']) => all.filter((r) => r.outcome === o).length;
  console.log(
    `\n${count('passed')} passed, ${count('failed')} failed (${failures.length - unexplained.length} explained, ${unexplained.length} not), ${count('skipped')} skipped (${all.length} tests)`,
  );
  if (unexplained.length > 0) process.exitCode = 1;
}
