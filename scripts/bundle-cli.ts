/**
 * Bundles the command line into `dist/cli/` (package.json `bin`: `dist/cli/kafe.js`), run by
 * `npm run build` after `tsc` and by `scripts/pack-check.ts`.
 *
 * Why a bundle: loading kafe's modules one by one was most of every command's start (about
 * 0.14 s of `kafe --version` on Node 26, nearly all of it the ES module loader resolving,
 * reading and linking 440 files; Node's compile cache saves the compiling, not the loading).
 *
 * - `kafe.js` is the entry alone: it enables the compile cache before the rest loads, so the
 *   rest is split into a chunk loaded by its dynamic import (`splitting`).
 * - Dependencies stay outside (`packages: 'external'`): `@bokuweb/zstd-wasm` finds its `.wasm`
 *   file beside its own module, and kafe resolves it from wherever the package is installed.
 * - The library's entry points (`dist/src/`) are unchanged: applications import those.
 *
 *   tsx scripts/bundle-cli.ts [OUTDIR]        default: dist/cli
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');

/** Writes the bundled command line into `outdir` (emptied first). */
export async function bundleCli(outdir: string = join(root, 'dist', 'cli')): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { kafe: join(root, 'src', 'cli', 'main.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'kafe-[hash]',
    logLevel: 'warning',
  });
}

if (process.argv[1] === import.meta.filename) await bundleCli(process.argv[2]);
