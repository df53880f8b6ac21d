/**
 * zstd (Kafka codec 4, KIP-110). Uses node:zlib's native zstd where the runtime has it
 * (Node >= 22.15 and >= 23.8) and otherwise libzstd compiled to WebAssembly (`zstd-wasm.ts`),
 * which must be loaded once with {@link loadZstd} (or any `*Async` method) before the
 * synchronous methods work. Both write and read standard zstd frames, so either side decodes
 * what the other wrote, and both read what Java's zstd-jni `ZstdOutputStream` writes (frames
 * without a content size).
 */
import * as zlib from 'node:zlib';
import type { CompressionCodec, CompressionLevels } from './codec.js';
import { CompressionType, DEFAULT_MAX_DECOMPRESSED_BYTES } from './codec.js';
import { resolveLevel } from './levels.js';
import { boundedOutput, withinBound, zlibDecompressError } from './zlib-bounds.js';
import { zstdDecompressedBound } from './zstd-frame.js';
import { loadZstdWasm, zstdWasmCompress, zstdWasmDecompress, zstdWasmLoaded } from './zstd-wasm.js';

/** KIP-390: zstd levels from libzstd's minimum (-131072) to 22; Java's default is 3. */
export const ZSTD_LEVELS: CompressionLevels = { min: -131072, max: 22, default: 3 };

type ZstdSync = (data: Uint8Array, options: object) => Buffer;
type ZstdAsync = (data: Uint8Array, options: object, cb: (err: Error | null, out: Buffer) => void) => void;

interface NativeZstd {
  compressSync: ZstdSync;
  decompressSync: ZstdSync;
  compress: ZstdAsync;
  decompress: ZstdAsync;
  levelParam: number;
}

function findNative(): NativeZstd | undefined {
  const z = zlib as unknown as Record<string, unknown>;
  const constants = zlib.constants as unknown as Record<string, number | undefined>;
  const levelParam = constants.ZSTD_c_compressionLevel;
  if (
    typeof z.zstdCompressSync !== 'function' ||
    typeof z.zstdDecompressSync !== 'function' ||
    levelParam === undefined
  )
    return undefined;
  return {
    compressSync: z.zstdCompressSync as ZstdSync,
    decompressSync: z.zstdDecompressSync as ZstdSync,
    compress: z.zstdCompress as ZstdAsync,
    decompress: z.zstdDecompress as ZstdAsync,
    levelParam,
  };
}

const native = findNative();

/** Which implementation this runtime uses: `native` (node:zlib) or `wasm`. */
export const zstdImplementation: 'native' | 'wasm' = native === undefined ? 'wasm' : 'native';

/** Makes the zstd codec usable synchronously (loads the WASM fallback if needed). */
export async function loadZstd(): Promise<void> {
  if (native === undefined) await loadZstdWasm();
}

/** Whether the synchronous zstd methods can run now. */
export function zstdReady(): boolean {
  return native !== undefined || zstdWasmLoaded();
}

function decompressNative(n: NativeZstd, data: Uint8Array, maxBytes: number): Uint8Array {
  // The frame walk rejects garbage and declared oversize before zlib allocates anything.
  if (zstdDecompressedBound(data) === 0) return Buffer.alloc(0);
  return withinBound('zstd', n.decompressSync(data, boundedOutput(maxBytes)), maxBytes);
}

/** The zstd codec. */
export const zstdCodec: CompressionCodec = {
  type: CompressionType.zstd,
  name: 'zstd',
  levels: ZSTD_LEVELS,
  compress(data, level) {
    const l = resolveLevel('zstd', ZSTD_LEVELS, level);
    if (native === undefined) return zstdWasmCompress(data, l);
    return native.compressSync(data, { params: { [native.levelParam]: l } });
  },
  decompress(data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) {
    if (native === undefined) return zstdWasmDecompress(data, maxBytes);
    try {
      return decompressNative(native, data, maxBytes);
    } catch (err) {
      throw zlibDecompressError('zstd', err, maxBytes);
    }
  },
  async compressAsync(data, level) {
    const l = resolveLevel('zstd', ZSTD_LEVELS, level);
    if (native === undefined) {
      await loadZstdWasm();
      return zstdWasmCompress(data, l);
    }
    const n = native;
    return new Promise<Uint8Array>((resolve, reject) => {
      n.compress(data, { params: { [n.levelParam]: l } }, (err, out) => (err ? reject(err) : resolve(out)));
    });
  },
  async decompressAsync(data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) {
    if (native === undefined) {
      await loadZstdWasm();
      return zstdWasmDecompress(data, maxBytes);
    }
    const n = native;
    if (zstdDecompressedBound(data) === 0) return Buffer.alloc(0);
    const out = await new Promise<Buffer>((resolve, reject) => {
      n.decompress(data, boundedOutput(maxBytes), (err, res) =>
        err ? reject(zlibDecompressError('zstd', err, maxBytes)) : resolve(res),
      );
    });
    return withinBound('zstd', out, maxBytes);
  },
};
