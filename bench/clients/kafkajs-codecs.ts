/**
 * KafkaJS ships only gzip; lz4 and zstd are plug-ins a user registers. The usual plug-ins
 * (`kafkajs-lz4`, `@kafkajs/zstd`) compile native code at install, so the bench registers
 * pure-JS lz4 (`lz4js`, frame format as Kafka expects) and WASM libzstd instead — what a
 * KafkaJS user without a compiler would do.
 */
import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import lz4 from 'lz4js';

const require = createRequire(import.meta.url);
const xxh32 = require('lz4js/xxh32.js') as {
  hash(seed: number, src: Uint8Array, index: number, length: number): number;
};
const zstd = require('@bokuweb/zstd-wasm') as {
  init(): Promise<void>;
  compress(buf: Uint8Array, level?: number): Uint8Array;
  decompress(buf: Uint8Array): Uint8Array;
};

/**
 * lz4js leaves the frame's block-independence flag clear, which Kafka refuses ("dependent block
 * stream is unsupported", `KafkaLZ4BlockOutputStream`); its single block per batch (< 4 MiB)
 * is independent anyway, so set the flag and redo the header checksum (LZ4 frame spec, HC).
 */
function lz4Frame(data: Uint8Array): Buffer {
  const frame = Buffer.from(lz4.compress(data));
  frame[4] = frame[4]! | 0x20;
  frame[6] = (xxh32.hash(0, frame, 4, 2) >>> 8) & 0xff;
  return frame;
}

/** What the adapters use of a KafkaJS-shaped module (`kafkajs`, or kafe's `kafe/kafkajs`). */
export type KafkaJSApi = Pick<
  typeof kafkajs,
  'Kafka' | 'CompressionTypes' | 'CompressionCodecs' | 'logLevel'
>;

/**
 * Registers the lz4 and zstd codecs with a KafkaJS-shaped module, as its users do (kafe/kafkajs
 * accepts the registration and keeps its built-in codecs).
 */
export async function registerKafkajsCodecs(api: KafkaJSApi = kafkajs): Promise<void> {
  const { CompressionCodecs, CompressionTypes } = api;
  await zstd.init();
  CompressionCodecs[CompressionTypes.LZ4] = () => ({
    compress: async (encoder: { buffer: Buffer }) => lz4Frame(encoder.buffer),
    decompress: async (buffer: Buffer) => Buffer.from(lz4.decompress(buffer)),
  });
  CompressionCodecs[CompressionTypes.ZSTD] = () => ({
    compress: async (encoder: { buffer: Buffer }) => Buffer.from(zstd.compress(encoder.buffer, 3)),
    decompress: async (buffer: Buffer) => Buffer.from(zstd.decompress(buffer)),
  });
}
