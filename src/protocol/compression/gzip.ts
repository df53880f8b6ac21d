/**
 * gzip (Kafka codec 1) through node:zlib. Java writes it with `GZIPOutputStream`
 * (`org.apache.kafka.common.compress.GzipCompression`): a single RFC 1952 member.
 * The decompressed-size bound is zlib's own `maxOutputLength`, so an inflating bomb stops
 * inside zlib after `maxBytes` instead of after it has filled memory.
 */
import * as zlib from 'node:zlib';
import type { CompressionCodec, CompressionLevels } from './codec.js';
import { CompressionType, DEFAULT_MAX_DECOMPRESSED_BYTES } from './codec.js';
import { corrupt, tooLarge } from './compression-error.js';
import { resolveLevel } from './levels.js';

/** KIP-390: gzip levels 1-9; Java's default `Deflater.DEFAULT_COMPRESSION` is zlib's 6. */
export const GZIP_LEVELS: CompressionLevels = { min: 1, max: 9, default: 6 };

function options(maxBytes: number): zlib.ZlibOptions {
  // maxOutputLength must be >= 1; an empty result is still checked against maxBytes below.
  return { maxOutputLength: Math.max(1, Math.min(maxBytes, 2 ** 31 - 1)) };
}

function mapError(err: unknown, maxBytes: number): Error {
  if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge('gzip', maxBytes, 0);
  return corrupt('gzip', (err as Error).message ?? String(err), 0, err);
}

function checked(out: Uint8Array, maxBytes: number): Uint8Array {
  if (out.length > maxBytes) throw tooLarge('gzip', maxBytes, 0);
  return out;
}

/** The gzip codec. */
export const gzipCodec: CompressionCodec = {
  type: CompressionType.gzip,
  name: 'gzip',
  levels: GZIP_LEVELS,
  compress(data, level) {
    return zlib.gzipSync(data, { level: resolveLevel('gzip', GZIP_LEVELS, level) });
  },
  decompress(data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) {
    let out: Uint8Array;
    try {
      out = zlib.gunzipSync(data, options(maxBytes));
    } catch (err) {
      throw mapError(err, maxBytes);
    }
    return checked(out, maxBytes);
  },
  async compressAsync(data, level) {
    const opts = { level: resolveLevel('gzip', GZIP_LEVELS, level) };
    return new Promise<Uint8Array>((resolve, reject) => {
      zlib.gzip(data, opts, (err, out) => (err ? reject(err) : resolve(out)));
    });
  },
  decompressAsync(data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) {
    return new Promise((resolve, reject) => {
      zlib.gunzip(data, options(maxBytes), (err, out) => {
        if (err) reject(mapError(err, maxBytes));
        else if (out.length > maxBytes) reject(tooLarge('gzip', maxBytes, 0));
        else resolve(out);
      });
    });
  },
};
