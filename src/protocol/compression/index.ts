/**
 * Compression codecs for record batches and legacy message sets, keyed by Kafka's codec id
 * (attribute bits 0-2): 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. All run on Node 20-26 with
 * no native build: gzip and (where present) zstd through node:zlib, snappy and lz4 in
 * TypeScript (lz4 blocks decoded by a WebAssembly function that kafe writes itself, see
 * `lz4-block-wasm.ts`), zstd on older runtimes through libzstd compiled to WASM.
 *
 * Every decompression takes a bound on its output (default {@link DEFAULT_MAX_DECOMPRESSED_BYTES})
 * and fails with a {@link CompressionError} when exceeded or when the input is corrupt.
 */
import type { CompressionCodec } from './codec.js';
import { CompressionType } from './codec.js';
import { CompressionError, CompressionFailure } from './compression-error.js';
import { gzipCodec } from './gzip.js';
import { lz4Codec } from './lz4.js';
import { snappyCodec } from './snappy.js';
import { loadZstd, zstdCodec, zstdReady } from './zstd.js';

export type { CompressionCodec, CompressionLevels } from './codec.js';
export { CompressionType, DEFAULT_MAX_DECOMPRESSED_BYTES } from './codec.js';
export { CompressionError, CompressionFailure } from './compression-error.js';
export { GZIP_LEVELS, gzipCodec } from './gzip.js';
export { LZ4_LEVELS, lz4Codec } from './lz4.js';
export { snappyCodec } from './snappy.js';
export { loadZstd, ZSTD_LEVELS, zstdCodec, zstdImplementation } from './zstd.js';

const CODECS: readonly (CompressionCodec | undefined)[] = [
  undefined,
  gzipCodec,
  snappyCodec,
  lz4Codec,
  zstdCodec,
];

/**
 * The codec for Kafka codec id `type` (1-4). Throws a {@link CompressionError} (`unavailable`)
 * for an unknown id: ids 5-7 are unassigned, and reading one means the attributes are corrupt
 * or come from a newer Kafka than this client knows.
 */
export function codecFor(type: number): CompressionCodec {
  const codec = CODECS[type];
  if (codec === undefined) {
    throw new CompressionError(
      `codec ${type}`,
      CompressionFailure.unavailable,
      `unknown compression type ${type}`,
      0,
    );
  }
  return codec;
}

/** The name Java uses in `compression.type` for a codec id (`none` for 0). */
export function compressionName(type: CompressionType): string {
  return type === CompressionType.none ? 'none' : codecFor(type).name;
}

/**
 * Prepares codec `type` for synchronous use: a no-op except for zstd on runtimes without native
 * zstd, where it loads the WASM module. Call it before decoding or encoding synchronously.
 */
export async function loadCodec(type: number): Promise<void> {
  if (type === CompressionType.zstd) await loadZstd();
}

/** Whether codec `type` can run synchronously right now (see {@link loadCodec}). */
export function codecReady(type: number): boolean {
  return type !== CompressionType.zstd || zstdReady();
}
