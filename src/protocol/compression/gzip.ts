/**
 * gzip (Kafka codec 1) through node:zlib. Java writes it with `GZIPOutputStream`
 * (`org.apache.kafka.common.compress.GzipCompression`): a single RFC 1952 member.
 * The decompressed-size bound is zlib's own `maxOutputLength`, so an inflating bomb stops
 * inside zlib after `maxBytes` instead of after it has filled memory.
 */
import * as zlib from 'node:zlib';
import type { CompressionCodec, CompressionLevels } from './codec.js';
import { CompressionType, DEFAULT_MAX_DECOMPRESSED_BYTES } from './codec.js';
import { resolveLevel } from './levels.js';
import { boundedOutput, withinBound, zlibDecompressError } from './zlib-bounds.js';

/** KIP-390: gzip levels 1-9; Java's default `Deflater.DEFAULT_COMPRESSION` is zlib's 6. */
export const GZIP_LEVELS: CompressionLevels = { min: 1, max: 9, default: 6 };

/** The gzip codec. */
export const gzipCodec: CompressionCodec = {
  type: CompressionType.gzip,
  name: 'gzip',
  levels: GZIP_LEVELS,
  compress(data, level) {
    return zlib.gzipSync(data, { level: resolveLevel('gzip', GZIP_LEVELS, level) });
  },
  decompress(data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) {
    try {
      return withinBound('gzip', zlib.gunzipSync(data, boundedOutput(maxBytes)), maxBytes);
    } catch (err) {
      throw zlibDecompressError('gzip', err, maxBytes);
    }
  },
  async compressAsync(data, level) {
    const opts = { level: resolveLevel('gzip', GZIP_LEVELS, level) };
    return new Promise<Uint8Array>((resolve, reject) => {
      zlib.gzip(data, opts, (err, out) => (err ? reject(err) : resolve(out)));
    });
  },
  async decompressAsync(data, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES) {
    const out = await new Promise<Buffer>((resolve, reject) => {
      zlib.gunzip(data, boundedOutput(maxBytes), (err, res) =>
        err ? reject(zlibDecompressError('gzip', err, maxBytes)) : resolve(res),
      );
    });
    return withinBound('gzip', out, maxBytes);
  },
};
