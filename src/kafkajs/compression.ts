/**
 * KafkaJS's codec registry. KafkaJS ships gzip only and applications register the others
 * (`CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec`); kafe has all four built in, so
 * registrations are accepted and kafe's own codec compresses. The entries here are kafe's
 * codecs in KafkaJS's codec shape, for code that calls them directly.
 */
import { codecFor } from '../protocol/compression/index.js';
import { CompressionTypes } from './enums.js';

/** A codec in KafkaJS's shape: `compress` takes KafkaJS's encoder (its `buffer`). */
export interface KafkaJSCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

/** kafe's codec of `type` in KafkaJS's shape. */
const kafeCodec = (type: number) => (): KafkaJSCodec => {
  const codec = codecFor(type);
  return {
    compress: async (encoder) => Buffer.from(await codec.compressAsync(encoder.buffer)),
    decompress: async (buffer) => Buffer.from(await codec.decompressAsync(buffer)),
  };
};

/** The codecs by compression type; assigning one is allowed and changes nothing (kafe's are used). */
export const CompressionCodecs: {
  [CompressionTypes.GZIP]: () => unknown;
  [CompressionTypes.Snappy]: () => unknown;
  [CompressionTypes.LZ4]: () => unknown;
  [CompressionTypes.ZSTD]: () => unknown;
} = {
  [CompressionTypes.GZIP]: kafeCodec(CompressionTypes.GZIP),
  [CompressionTypes.Snappy]: kafeCodec(CompressionTypes.Snappy),
  [CompressionTypes.LZ4]: kafeCodec(CompressionTypes.LZ4),
  [CompressionTypes.ZSTD]: kafeCodec(CompressionTypes.ZSTD),
};
