/**
 * Micro-benchmark of the record hot paths (not a test: timings vary with the machine).
 *
 *   npm run bench:micro            (or: tsx bench/protocol-micro.ts [--quick])
 *
 * Encode and decode cost per record for batches of 1000 records of 100 B and 1 KiB values,
 * uncompressed and with each codec, LZ4 frame decoding by each block decoder, and CRC-32C
 * throughput. Each figure is the median of
 * several timed rounds after a warm-up, so JIT tiers and GC noise mostly drop out.
 */
import {
  CompressionType,
  compressionName,
  loadCodec,
  zstdImplementation,
} from '../src/protocol/compression/index.js';
import { lz4CompressFrame, lz4DecompressFrame } from '../src/protocol/compression/lz4.js';
import { crc32c } from '../src/protocol/crc32c.js';
import { decodeRecordBatches, encodeRecordBatch, type RecordInput } from '../src/protocol/records/index.js';
import { payloads } from './src/payload.js';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 7;
const BATCH = 1000;

/** Median time in ms of `fn` over ROUNDS rounds of `iterations` calls, after one warm-up round. */
function time(iterations: number, fn: () => void): number {
  const rounds: number[] = [];
  for (let r = -1; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn();
    if (r >= 0) rounds.push((performance.now() - t0) / iterations);
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] as number;
}

/** Semi-compressible text: JSON-ish values like real payloads, not zeros and not noise. */
function payload(size: number, seed: number): Buffer {
  let s = '';
  let i = seed;
  while (s.length < size) {
    s += `{"id":${i},"user":"user-${i % 977}","score":${(i * 7919) % 10007},"tags":["a","b${i % 13}"]},`;
    i++;
  }
  return Buffer.from(s.slice(0, size));
}

function records(valueSize: number): RecordInput[] {
  const now = 1_700_000_000_000;
  return Array.from({ length: BATCH }, (_, i) => ({
    key: Buffer.from(`key-${i}`),
    value: payload(valueSize, i),
    timestamp: now + i,
  }));
}

const fmt = (n: number, digits = 3) => n.toFixed(digits).padStart(8);

await loadCodec(CompressionType.zstd);
console.log(
  `node ${process.version}, zstd: ${zstdImplementation}, ${BATCH} records per batch, median of ${ROUNDS} rounds`,
);
console.log('');
console.log('value   codec    batch bytes   encode µs/rec   decode µs/rec');
const CODECS = [
  CompressionType.none,
  CompressionType.gzip,
  CompressionType.snappy,
  CompressionType.lz4,
  CompressionType.zstd,
];
for (const size of [100, 1024]) {
  const input = records(size);
  for (const compression of CODECS) {
    const bytes = encodeRecordBatch(input, { compression });
    const iterations = compression === CompressionType.none ? (quick ? 50 : 200) : quick ? 3 : 10;
    const enc = time(iterations, () => encodeRecordBatch(input, { compression }));
    const dec = time(iterations, () => decodeRecordBatches(bytes));
    console.log(
      `${String(size).padStart(5)} B  ${compressionName(compression).padEnd(7)} ${String(bytes.length).padStart(11)}   ${fmt((enc * 1000) / BATCH)}        ${fmt((dec * 1000) / BATCH)}`,
    );
  }
}

console.log('');
for (const size of [1024, 1 << 20]) {
  const data = payload(size, 1);
  const iterations = Math.max(3, Math.floor((quick ? 2e7 : 1e8) / size));
  const ms = time(iterations, () => crc32c(data));
  console.log(`crc32c ${String(size).padStart(8)} B: ${fmt(size / 1e6 / (ms / 1000), 0)} MB/s`);
}

console.log('');
// 16 KiB frames (a producer batch's worth) of the bench's values, as the consumer decodes them.
for (const kind of ['text', 'random'] as const) {
  const frame = lz4CompressFrame(Buffer.concat(payloads(kind, 100)).subarray(0, 16_384));
  for (const decoder of ['wasm', 'typescript'] as const) {
    const ms = time(quick ? 2000 : 10_000, () => lz4DecompressFrame(frame, undefined, decoder));
    console.log(
      `lz4 decode ${kind.padEnd(6)} 16 KiB (${decoder.padEnd(10)}): ${fmt(16_384 / 1e6 / (ms / 1000), 0)} MB/s`,
    );
  }
}
