/**
 * Installs the bench's own dependencies (the peers) when `bench/node_modules` is missing.
 * @confluentinc/kafka-javascript compiles its bundled librdkafka at install; with
 * `CKJS_LINKING=dynamic` that build links the system's compression and TLS libraries, whose
 * headers come from Debian's `librdkafka-dev` (and `libzstd-dev`/`liblz4-dev`, or librdkafka is
 * built without zstd). npm 11 runs the install script only because `allowScripts` in
 * `bench/package.json` names that package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Runs `npm ci` in `bench/` (after the system packages) unless the peers are already there. */
export function ensureBenchDeps(): void {
  if (installed()) return;
  ensureSystemPackages();
  console.log('bench: installing peers (npm ci in bench/, builds librdkafka: a few minutes, once)');
  const ok = run('npm', ['ci', '--prefix', benchDir, '--no-audit', '--no-fund'], {
    ...process.env,
    CKJS_LINKING: 'dynamic',
  });
  if (!ok || !installed()) throw new Error('bench: installing the peers in bench/ failed (see above)');
}
