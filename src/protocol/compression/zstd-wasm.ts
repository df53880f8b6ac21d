/**
 * zstd through the `@bokuweb/zstd-wasm` package: libzstd compiled to WebAssembly and shipped
 * inside the npm package (no install script, no native build, no download), for Node versions
 * whose node:zlib has no zstd (before 22.15 / 23.8). Loaded lazily on first use, once.
 *
 * Only the raw libzstd exports are used (`ZSTD_compress`, `ZSTD_decompress`), with an output
 * buffer sized from {@link zstdDecompressedBound}: the package's own `decompress` trusts the
 * frame's declared size and would allocate whatever a hostile frame announces.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { CompressionError, CompressionFailure, corrupt, tooLarge } from './compression-error.js';
import { zstdDecompressedBound } from './zstd-frame.js';

interface ZstdModule {
  _malloc(n: number): number;
  _free(p: number): void;
  _ZSTD_compress(dst: number, cap: number, src: number, n: number, level: number): number;
  _ZSTD_compressBound(n: number): number;
  _ZSTD_decompress(dst: number, cap: number, src: number, n: number): number;
  _ZSTD_isError(code: number): number;
  HEAPU8: Uint8Array;
}

/** libzstd's `ZSTD_error_dstSize_tooSmall`. */
const DST_SIZE_TOO_SMALL = 70;

let wasm: ZstdModule | undefined;
let loading: Promise<ZstdModule> | undefined;

/** Loads the WASM module (once); resolves when the synchronous functions below can run. */
export function loadZstdWasm(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@bokuweb/zstd-wasm');
    const pkg = require(main) as { init(): Promise<void> };
    await pkg.init();
    // The package's export map only exposes its entry point; its Module lives beside it.
    wasm = (require(path.join(path.dirname(main), 'module.js')) as { Module: ZstdModule }).Module;
    return wasm;
  })();
  return loading.then(() => undefined);
}

/** Whether {@link loadZstdWasm} has completed. */
export function zstdWasmLoaded(): boolean {
  return wasm !== undefined;
}

function module(): ZstdModule {
  if (wasm === undefined) {
    throw new CompressionError(
      'zstd',
      CompressionFailure.unavailable,
      'the zstd WASM module is not loaded yet (await loadCodec first)',
      0,
    );
  }
  return wasm;
}

function alloc(m: ZstdModule, n: number): number {
  const p = m._malloc(Math.max(1, n));
  if (p === 0)
    throw new CompressionError(
      'zstd',
      CompressionFailure.tooLarge,
      `cannot allocate ${n} bytes in the WASM heap`,
      0,
    );
  return p;
}

/** One-shot compression with libzstd at `level` (writes the content size in the frame header). */
export function zstdWasmCompress(data: Uint8Array, level: number): Uint8Array {
  const m = module();
  const cap = m._ZSTD_compressBound(data.length);
  const src = alloc(m, data.length);
  let dst = 0;
  try {
    dst = alloc(m, cap);
    m.HEAPU8.set(data, src);
    const n = m._ZSTD_compress(dst, cap, src, data.length, level);
    if (m._ZSTD_isError(n)) throw new Error(`ZSTD_compress failed with code ${-(n | 0)}`);
    return Buffer.from(m.HEAPU8.subarray(dst, dst + (n >>> 0)));
  } finally {
    m._free(src);
    if (dst !== 0) m._free(dst);
  }
}

/** Decompresses all frames in `data`, refusing output above `maxBytes`. */
export function zstdWasmDecompress(data: Uint8Array, maxBytes: number): Uint8Array {
  const m = module();
  const bound = zstdDecompressedBound(data);
  const cap = Math.min(bound, maxBytes);
  const src = alloc(m, data.length);
  let dst = 0;
  try {
    dst = alloc(m, cap);
    m.HEAPU8.set(data, src);
    const n = m._ZSTD_decompress(dst, cap, src, data.length);
    if (m._ZSTD_isError(n)) {
      const code = -(n | 0);
      if (code === DST_SIZE_TOO_SMALL && cap === maxBytes && bound > maxBytes)
        throw tooLarge('zstd', maxBytes, 0);
      throw corrupt('zstd', `ZSTD_decompress failed with error ${code}`, 0);
    }
    return Buffer.from(m.HEAPU8.subarray(dst, dst + (n >>> 0)));
  } finally {
    m._free(src);
    if (dst !== 0) m._free(dst);
  }
}
