/**
 * Proves the published package runs its command line without this repository's tooling: builds
 * `src/` (and bundles the command line, `scripts/bundle-cli.ts`) into a staging folder beside a copy of package.json, `npm pack`s it, installs the
 * tarball into an empty project (so only the package's own dependencies are there: no tsx, no
 * TypeScript) and runs `npx kafe ...` there.
 *
 *   tsx scripts/pack-check.ts [kafe arguments...]     default: --help
 *
 * `test/integration/single/cli-package.test.ts` runs it against the profile's broker.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli } from './bundle-cli.js';

const root = join(import.meta.dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A project with the packed kafe installed, and how to run its `kafe`. */
export interface InstalledPackage {
  /** The project folder (its node_modules holds kafe and kafe's dependencies only). */
  readonly dir: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
}

/** Builds, packs and installs kafe into a fresh project; returns where. */
export async function packAndInstall(): Promise<InstalledPackage> {
  const work = mkdtempSync(join(tmpdir(), 'kafe-pack-'));
  const staging = join(work, 'package');
  mkdirSync(staging);
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '-p',
      join(root, 'tsconfig.build.json'),
      '--outDir',
      join(staging, 'dist'),
    ],
    { stdio: 'pipe' },
  );
  await bundleCli(join(staging, 'dist', 'cli'));
  for (const file of ['package.json', 'README.md', 'LICENSE'])
    copyFileSync(join(root, file), join(staging, file));
  execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: staging, stdio: 'pipe' });
  const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  const dir = join(work, 'app');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'kafe-pack-check', private: true, type: 'module' }),
  );
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: dir,
    stdio: 'pipe',
  });
  return { dir, tarball };
}

/** Runs `npx kafe args...` in the installed project; resolves with its exit code and output. */
export function runInstalledKafe(
  installed: InstalledPackage,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { exitCode: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync('npx', ['--no-install', 'kafe', ...args], {
      cwd: installed.dir,
      env,
      stdio: 'pipe',
      encoding: 'utf8',
    });
    return { exitCode: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number | null; stdout: string; stderr: string };
    return { exitCode: e.status ?? -1, stdout: e.stdout, stderr: e.stderr };
  }
}

if (process.argv[1] === import.meta.filename) {
  const installed = await packAndInstall();
  const run = runInstalledKafe(installed, process.argv.length > 2 ? process.argv.slice(2) : ['--help']);
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  console.error(`(kafe from ${installed.tarball}, installed in ${installed.dir})`);
  process.exitCode = run.exitCode;
}
