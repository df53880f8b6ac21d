/**
 * Installs the bench's own dependencies (the peers) when `bench/node_modules` is missing.
 * @confluentinc/kafka-javascript compiles its bundled librdkafka at install; with
 * `CKJS_LINKING=dynamic` that build links the system's compression and TLS libraries, whose
 * headers come from Debian's `librdkafka-dev` (and `libzstd-dev`/`liblz4-dev`, or librdkafka is
 * built without zstd). npm 11 runs the install script only because `allowScripts` in
 * `bench/package.json` names that package. The add-on is built for the Node that runs the clients
 * (`--node`), with that Node's headers from its npm package (node-gyp would otherwise fetch them
 * from nodejs.org), and rebuilt when a run names a Node it does not load on.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NodeRuntime, nodeHeadersDir } from '../../harness/node-runtime.js';

/** The `bench/` folder. */
export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));

const systemPackages = ['librdkafka-dev', 'libzstd-dev', 'liblz4-dev'];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync(command, args, { stdio: 'inherit', env }).status === 0;
}

/** apt-get installs the headers librdkafka's build needs, when this is Debian and we are root. */
function ensureSystemPackages(): void {
  const missing = systemPackages.filter(
    (p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0,
  );
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.warn(
      `bench: please install ${missing.join(' ')} (needed to build @confluentinc/kafka-javascript)`,
    );
    return;
  }
  const known = spawnSync('apt-cache', ['show', 'librdkafka-dev'], { stdio: 'ignore' }).status === 0;
  if (!known) run('apt-get', ['update']);
  if (!run('apt-get', ['install', '-y', ...missing])) console.warn('bench: apt-get install failed');
}

/** Whether every peer is installed, the native one built. */
function installed(): boolean {
  const modules = join(benchDir, 'node_modules');
  return (
    existsSync(join(modules, 'kafkajs/package.json')) &&
    existsSync(join(modules, '@platformatic/kafka/package.json')) &&
    existsSync(join(modules, '@confluentinc/kafka-javascript/build/Release/confluent-kafka-javascript.node'))
  );
}

/** Whether the native peer loads on `node` (an add-on is built for one Node ABI). */
function nativePeerLoads(node: NodeRuntime): boolean {
  const probe = "require('@confluentinc/kafka-javascript')";
  return spawnSync(node.path, ['-e', probe], { cwd: benchDir, stdio: 'ignore' }).status === 0;
}

/**
 * Runs `npm ci` in `bench/` (after the system packages) unless the peers are already there, and
 * rebuilds the native peer when it does not load on `node`. npm runs under `node` (first on the
 * PATH), so the install scripts and node-gyp build for it.
 */
export async function ensureBenchDeps(node: NodeRuntime): Promise<void> {
  const ready = installed();
  if (ready && nativePeerLoads(node)) return;
  const env = {
    ...process.env,
    PATH: `${dirname(node.path)}:${process.env.PATH ?? ''}`,
    CKJS_LINKING: 'dynamic',
    npm_config_nodedir: await nodeHeadersDir(node.version),
  };
  ensureSystemPackages();
  let ok: boolean;
  if (ready) {
    console.log(`bench: rebuilding @confluentinc/kafka-javascript for Node ${node.version} (a few minutes)`);
    ok = run('npm', ['rebuild', '--prefix', benchDir, '@confluentinc/kafka-javascript'], env);
  } else {
    console.log('bench: installing peers (npm ci in bench/, builds librdkafka: a few minutes, once)');
    ok = run('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund'], env);
  }
  if (!ok || !installed() || !nativePeerLoads(node))
    throw new Error(`bench: installing the peers in bench/ for Node ${node.version} failed (see above)`);
}
