/**
 * `npm test`: typecheck and lint, unit tests, then integration tests against real Kafka.
 *
 *   tsx scripts/test.ts all|unit|integration [--node VERSION|current] [profile...]
 *
 * `all` runs the unit tests on the oldest and on the newest Node kafe is tested on and the
 * integration tests on the newest (harness/node-runtime.ts fetches a version that is not the
 * running one); `unit` and `integration` run on the running Node unless `--node` names one.
 *
 * Integration tests live in `test/integration/<profile>/`; each profile names the cluster its
 * tests need (see {@link profiles}). For each profile that has tests, a cluster is started with
 * the project's harness, the tests run with `KAFE_TEST_CLUSTER` naming it, and the cluster is
 * stopped afterwards, also when tests fail or the run is interrupted. The last line printed is
 * the total, as `N passed, N failed, N skipped`.
 *
 * Before the unit tests, the kafka-clients jars are resolved (fetched once with `mvn`): the
 * protocol tests read Apache's message specs from them, and would otherwise skip on a machine
 * that has not yet run the integration tests. A skipped or todo test that is not on
 * test/expected-skips.ts (or not expected on this machine) fails the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { clusterDir, KafkaCluster, type StartOptions } from '../harness/cluster.js';
import { type NodeRuntime, nodeFor, testedNodeVersions } from '../harness/node-runtime.js';
import { isAlive, runningClusterNames } from '../harness/processes.js';
import { expectedSkips } from '../test/expected-skips.js';
import { CURRENT_RELEASE, LEGACY_RELEASE, resolveJars } from '../test/java-agreement/java-oracle.js';
import { type FailedTest, failedTests } from './tap-failures.js';
import { type SkippedTest, skippedTests, unexpectedSkips } from './tap-skips.js';

/** The clusters integration tests can ask for, by folder name under `test/integration/`. */
const profiles: Record<string, StartOptions> = {
  single: { version: '4', brokers: 1, security: 'plain', logDirs: 2 },
  cluster3: { version: '4', brokers: 3, security: 'plain', racks: true },
  v39: { version: '3.9', brokers: 1, security: 'plain' },
  sasl: { version: '4', brokers: 1, security: 'sasl', authorizer: true },
  ssl: { version: '4', brokers: 1, security: 'ssl' },
};

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

const root = join(import.meta.dirname, '..');

/** Every skipped or todo test of the run, with the phase and the Node version that reported it. */
const skips: (SkippedTest & { readonly label: string; readonly nodeVersion: string })[] = [];
// Failures, repeated after the totals: a CI log cut to its tail still shows why.
const failures: (FailedTest & { readonly label: string; readonly nodeVersion: string })[] = [];

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(root, join(dir, f)))
    .sort();
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.once('error', reject);
    child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Runs node's test runner on `files`, printing the spec report and counting results from TAP. */
async function runNodeTests(
  label: string,
  files: string[],
  env: NodeJS.ProcessEnv,
  concurrency: number,
  node: NodeRuntime,
): Promise<Totals> {
  const dir = await mkdtemp(join(tmpdir(), 'kafe-test-'));
  const tap = join(dir, 'report.tap');
  console.log(`\n=== ${label}: ${files.length} file(s) on Node ${node.version}`);
  const code = await exec(
    node.path,
    [
      '--import',
      'tsx',
      '--test',
      `--test-concurrency=${concurrency}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    env,
  );
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  await rm(dir, { recursive: true, force: true });
  skips.push(...skippedTests(text).map((skip) => ({ ...skip, label, nodeVersion: node.version })));
  failures.push(...failedTests(text).map((f) => ({ ...f, label, nodeVersion: node.version })));
  const count = (key: string) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  const totals = {
    passed: count('pass'),
    failed: count('fail') + count('cancelled'),
    skipped: count('skipped') + count('todo'),
  };
  // A runner that crashed before reporting still fails the run.
  if (code !== 0 && totals.failed === 0) totals.failed = 1;
  return totals;
}

function add(a: Totals, b: Totals): Totals {
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, skipped: a.skipped + b.skipped };
}

async function checks(): Promise<Totals> {
  console.log('=== typecheck and lint');
  const tsc = await exec(process.execPath, [
    join(root, 'node_modules/typescript/bin/tsc'),
    '--noEmit',
    '-p',
    'tsconfig.json',
  ]);
  const lint = await exec(process.execPath, [
    join(root, 'node_modules/@biomejs/biome/bin/biome'),
    'check',
    '.',
  ]);
  return {
    passed: Number(tsc === 0) + Number(lint === 0),
    failed: Number(tsc !== 0) + Number(lint !== 0),
    skipped: 0,
  };
}

let activeCluster: KafkaCluster | null = null;

async function integration(only: string[], node: NodeRuntime): Promise<Totals> {
  let totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  for (const [profile, options] of Object.entries(profiles)) {
    if (only.length > 0 && !only.includes(profile)) continue;
    const files = testFiles(join(root, 'test', 'integration', profile));
    if (files.length === 0) continue;
    // The runner's pid in the name lets several test runs share the machine, and lets a later
    // run recognise (and kill) clusters whose runner died.
    const name = `test-${profile}-${process.pid}`;
    console.log(`\n=== starting Kafka for "${profile}" (${JSON.stringify(options)})`);
    try {
      activeCluster = await KafkaCluster.start({ ...options, name });
    } catch (error) {
      console.error(`could not start the "${profile}" cluster: ${(error as Error).message}`);
      totals = add(totals, { passed: 0, failed: 1, skipped: 0 });
      continue;
    }
    let failed = true;
    try {
      const env = { ...process.env, KAFE_TEST_CLUSTER: name };
      const result = await runNodeTests(`integration/${profile}`, files, env, 1, node);
      failed = result.failed > 0;
      totals = add(totals, result);
    } finally {
      await activeCluster.stop();
      activeCluster = null;
      // Broker logs of a failing profile are kept for the post-mortem.
      if (failed) console.log(`broker logs kept in ${clusterDir(name)}`);
      else await rm(clusterDir(name), { recursive: true, force: true });
    }
  }
  return totals;
}

/**
 * Fetches (once) the kafka-clients jars of both releases kafe generates from: the round-trip,
 * codegen-drift and Java-agreement tests need their specs and serializers.
 */
function resolveProtocolJars(): Totals {
  console.log('=== kafka-clients jars for the protocol tests');
  try {
    for (const release of [CURRENT_RELEASE, LEGACY_RELEASE]) resolveJars(release);
    return { passed: 0, failed: 0, skipped: 0 };
  } catch (error) {
    console.error(`could not resolve the kafka-clients jars: ${(error as Error).message}`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

/** Fails the run once per skipped or todo test not expected by test/expected-skips.ts. */
function checkSkips(): Totals {
  const unexpected = unexpectedSkips(skips, expectedSkips);
  if (unexpected.length > 0) {
    console.error('\nskipped or todo tests not expected by test/expected-skips.ts:');
    for (const skip of unexpected) {
      const where = `${skip.label} on Node ${skip.nodeVersion}`;
      console.error(`  ${where}: ${skip.name} # ${skip.directive} ${skip.reason}`.trimEnd());
    }
  }
  return { passed: 0, failed: unexpected.length, skipped: 0 };
}

/** Kills clusters left by test runs that no longer exist (e.g. killed with SIGKILL). */
async function killOrphanedTestClusters(): Promise<void> {
  for (const name of runningClusterNames()) {
    const owner = /^test-[a-z0-9]+-(\d+)$/.exec(name)?.[1];
    if (owner !== undefined && !isAlive(Number(owner))) {
      console.log(`killing cluster ${name} left by an earlier test run`);
      await KafkaCluster.killLeftovers(name);
      await rm(clusterDir(name), { recursive: true, force: true });
    }
  }
}

/** Splits `--node VERSION|current` off the arguments: the Node to run on, if one was named. */
function nodeArgument(args: string[]): { version: string | undefined; rest: string[] } {
  const at = args.indexOf('--node');
  if (at === -1) return { version: undefined, rest: args };
  const version = args[at + 1];
  if (version === undefined) throw new Error('--node needs a version (e.g. 26.12.1) or "current"');
  return { version, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

async function main(): Promise<number> {
  const [mode = 'all', ...args] = process.argv.slice(2);
  if (!['all', 'unit', 'integration'].includes(mode)) {
    console.error('usage: tsx scripts/test.ts all|unit|integration [--node VERSION|current] [profile...]');
    return 2;
  }
  const { version, rest: only } = nodeArgument(args);
  const unitFiles = testFiles(join(root, 'test', 'unit'));
  let totals: Totals = { passed: 0, failed: 0, skipped: 0 };
  if (mode === 'all') {
    totals = add(totals, await checks());
    totals = add(totals, resolveProtocolJars());
    // The unit tests on both ends of the supported range: the paths that differ by Node version
    // (zstd through node:zlib or WebAssembly) each run somewhere.
    const { oldest, newest } = testedNodeVersions;
    for (const v of version === undefined ? [oldest, newest] : [version]) {
      totals = add(totals, await runNodeTests('unit', unitFiles, process.env, 2, await nodeFor(v)));
    }
    await killOrphanedTestClusters();
    totals = add(totals, await integration(only, await nodeFor(version ?? newest)));
  } else if (mode === 'unit') {
    totals = add(totals, resolveProtocolJars());
    totals = add(
      totals,
      await runNodeTests('unit', unitFiles, process.env, 2, await nodeFor(version ?? 'current')),
    );
  } else {
    await killOrphanedTestClusters();
    totals = add(totals, await integration(only, await nodeFor(version ?? 'current')));
  }
  totals = add(totals, checkSkips());
  for (const f of failures) {
    console.log(`\n=== failed (${f.label}, Node ${f.nodeVersion}): ${f.name}`);
    for (const line of f.details) console.log(`  ${line}`);
  }
  console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    const stopping = activeCluster ? activeCluster.stop() : Promise.resolve();
    void stopping.finally(() => process.exit(130));
  });
}

process.exitCode = await main();
