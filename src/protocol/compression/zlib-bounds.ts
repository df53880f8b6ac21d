/**
 * How the node:zlib-backed codecs (gzip, native zstd) bound their output: zlib's own
 * `maxOutputLength` stops inflation inside zlib once the bound is reached, and its errors are
 * mapped to {@link CompressionError}s.
 */
import { CompressionError, corrupt, tooLarge } from './compression-error.js';

/** zlib options that cap the output at `maxBytes` (zlib requires a cap of at least 1). */
export function boundedOutput(maxBytes: number): { maxOutputLength: number } {
  return { maxOutputLength: Math.max(1, Math.min(maxBytes, 2 ** 31 - 1)) };
}

/** Maps an error thrown by zlib while decompressing to a {@link CompressionError}. */
export function zlibDecompressError(codec: string, err: unknown, maxBytes: number): CompressionError {
  if (err instanceof CompressionError) return err;
  if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(codec, maxBytes, 0);
  return corrupt(codec, (err as Error).message ?? String(err), 0, err);
}

/** Returns `out`, or throws when zlib produced more than `maxBytes` (only possible for `maxBytes` 0). */
export function withinBound(codec: string, out: Buffer, maxBytes: number): Buffer {
  if (out.length > maxBytes) throw tooLarge(codec, maxBytes, 0);
  return out;
}
